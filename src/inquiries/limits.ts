import type { Db } from '../db/database.ts';
import { hashToken } from '../accounts/secrets.ts';

/**
 * How many inquiries one client address, and one sender address, may send per hour. Counted in
 * the database (hashed keys) so every app instance shares the count.
 */
export const INQUIRY_WINDOW_MS = 60 * 60 * 1000;
export const INQUIRY_LIMIT = 5;

const keysOf = (who: { address: string; email: string }) => [hashToken(`address:${who.address}`), hashToken(`email:${who.email.trim().toLowerCase()}`)];

/** Seconds until another inquiry is allowed, or 0. */
export async function inquiryWait(db: Db, who: { address: string; email: string }, now: Date): Promise<number> {
  const since = new Date(now.getTime() - INQUIRY_WINDOW_MS).toISOString();
  let wait = 0;
  for (const key of keysOf(who)) {
    // The limit-th newest in the window: once it leaves the window, one more is allowed.
    const row = await db
      .selectFrom('inquiry_attempts')
      .select('created_at')
      .where('key', '=', key)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .offset(INQUIRY_LIMIT - 1)
      .limit(1)
      .executeTakeFirst();
    if (row) wait = Math.max(wait, Math.ceil((Date.parse(row.created_at) + INQUIRY_WINDOW_MS - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordInquiryAttempt(db: Db, who: { address: string; email: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.insertInto('inquiry_attempts').values(keysOf(who).map((key) => ({ key, created_at: at }))).execute();
  await db.deleteFrom('inquiry_attempts').where('created_at', '<', new Date(now.getTime() - 24 * INQUIRY_WINDOW_MS).toISOString()).execute();
}
