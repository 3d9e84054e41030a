import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config, DkimKey } from '../config.ts';

/** One mail. Every mail has a plain text part; `html` is an optional alternative. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Where replies go (an inquiry's sender, or the member answering them); never shown in a page. */
  replyTo?: string;
  /** Extra headers, e.g. the digest's List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/** How the app sends mail; passed in through AppDeps so tests read what was sent. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Set when mail is written to files instead of sent: the folder holding them. */
  readonly folder: string | null;
}

/** What a captured mail file may be called; anything else is never read (see /dev/mail/:file). */
export const MAIL_FILE_PATTERN = /^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}\.eml$/;

let sequence = 0;

/** A name that sorts in sending order: UTC time to the millisecond, then a per-process counter. */
function mailFileName(at: Date): string {
  sequence = (sequence + 1) % 1_000_000;
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${String(sequence).padStart(6, '0')}-${crypto.randomBytes(4).toString('hex')}.eml`;
}

/**
 * Writes each mail as an .eml file (exactly what would go over SMTP) into `folder`: for
 * development, tests, and a site that has no mail server yet.
 */
export function fileMailer(folder: string, from: string, dkim: DkimKey | null = null): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    folder,
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail, ...(dkim ? { dkim } : {}) });
      await fs.mkdir(folder, { recursive: true });
      // Written under a temporary name first, so a reader never sees half a mail.
      const name = mailFileName(new Date());
      const tmp = path.join(folder, `.${name}.tmp`);
      await fs.writeFile(tmp, info.message as Buffer);
      await fs.rename(tmp, path.join(folder, name));
    },
  };
}

export function smtpMailer(url: string, from: string, dkim: DkimKey | null = null): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    folder: null,
    async send(mail) {
      await transport.sendMail({ from, ...mail, ...(dkim ? { dkim } : {}) });
    },
  };
}

/** SMTP when SMTP_URL is set, otherwise .eml files in `<DATA_DIR>/mail`; DKIM-signed when configured. */
export function createMailer(config: Config): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom, config.dkim) : fileMailer(config.mailDir, config.mailFrom, config.dkim);
}
