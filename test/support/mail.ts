import fs from 'node:fs/promises';
import path from 'node:path';
import { linksIn, readEml, type ReadMail } from '../../src/mail/eml.ts';
import { MAIL_FILE_PATTERN } from '../../src/mail/mailer.ts';

export interface CapturedMail extends ReadMail {
  file: string;
  /** Every http(s) link in the text part, in order. */
  links: string[];
}

/** The mails in a test server's mail folder, oldest first (the file names sort in sending order). */
export async function readMails(folder: string): Promise<CapturedMail[]> {
  const files = (await fs.readdir(folder).catch(() => [] as string[])).filter((f) => MAIL_FILE_PATTERN.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = readEml(await fs.readFile(path.join(folder, file), 'utf8'));
      return { ...mail, file, links: linksIn(mail.text) };
    }),
  );
}

/** The path and query of the one link in `mail` that starts with `prefix` (e.g. '/verify'), for a test server. */
export function linkPath(mail: CapturedMail, prefix: string): string {
  const found = mail.links.map((l) => new URL(l)).find((u) => u.pathname === prefix);
  if (!found) throw new Error(`No ${prefix} link in the mail "${mail.subject}": ${mail.links.join(', ') || 'no links'}`);
  return found.pathname + found.search;
}
