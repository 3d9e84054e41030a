import type { Db } from '../db/database.ts';
import { normaliseEmail } from './users.ts';
import { hashToken } from '../lib/tokens.ts';

/** Notice mails that anyone can make the site send to an address, and how often each may go. */
export const NOTICE_EVERY_MS = {
  // "Someone tried to create an account with your address": otherwise a way to flood a mailbox.
  account_exists: 60 * 60 * 1000,
} as const;

export type Notice = keyof typeof NOTICE_EVERY_MS;

/**
 * True when `notice` may go to `email` now, and records that it goes. One conditional upsert, so
 * of several requests (on several instances) at once only one gets true.
 */
export async function claimNotice(db: Db, notice: Notice, email: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const due = new Date(now.getTime() - NOTICE_EVERY_MS[notice]).toISOString();
  const claimed = await db
    .insertInto('account_notices')
    .values({ key: hashToken(`${notice}:${normaliseEmail(email)}`), sent_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ sent_at: at }).where('account_notices.sent_at', '<=', due))
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}
