import type { Db } from '../db/database.ts';
import { hashToken } from '../accounts/secrets.ts';

/**
 * How often one client address, and one email address, may ask for the digest: each request
 * mails a confirmation link, so without a limit the form could flood someone's inbox. Counted in
 * the database so every app instance shares the count. The attempts go in inquiry_attempts, a log
 * of hashed keys and times that the contact form keeps the same way; the 'digest-' prefix keeps
 * the two counts apart, and its 24-hour clean-up covers both.
 */
export const SUBSCRIBE_WINDOW_MS = 60 * 60 * 1000;
export const SUBSCRIBE_LIMITS = { address: 10, email: 3 } as const;

const keysOf = (who: { address: string; email: string }) =>
  [
    { key: hashToken(`digest-address:${who.address}`), limit: SUBSCRIBE_LIMITS.address },
    { key: hashToken(`digest-email:${who.email.trim().toLowerCase()}`), limit: SUBSCRIBE_LIMITS.email },
  ] as const;

/** Seconds until another request is allowed, or 0. */
export async function subscribeWait(db: Db, who: { address: string; email: string }, now: Date): Promise<number> {
  const since = new Date(now.getTime() - SUBSCRIBE_WINDOW_MS).toISOString();
  let wait = 0;
  for (const { key, limit } of keysOf(who)) {
    // The limit-th newest in the window: once it leaves the window, one more is allowed.
    const row = await db
      .selectFrom('inquiry_attempts')
      .select('created_at')
      .where('key', '=', key)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .offset(limit - 1)
      .limit(1)
      .executeTakeFirst();
    if (row) wait = Math.max(wait, Math.ceil((Date.parse(row.created_at) + SUBSCRIBE_WINDOW_MS - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordSubscribeAttempt(db: Db, who: { address: string; email: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.insertInto('inquiry_attempts').values(keysOf(who).map(({ key }) => ({ key, created_at: at }))).execute();
  await db.deleteFrom('inquiry_attempts').where('created_at', '<', new Date(now.getTime() - 24 * SUBSCRIBE_WINDOW_MS).toISOString()).execute();
}
