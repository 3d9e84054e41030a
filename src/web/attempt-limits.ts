import type { Db } from '../db/database.ts';

/**
 * Attempts counted per hashed key in inquiry_attempts (named for its first use), each key with its
 * own limit per window: the contact form's, the digest form's and image uploads' (keys of their
 * own). Seconds until every key allows one more, or 0.
 */
export async function attemptWait(db: Db, keys: { key: string; limit: number }[], windowMs: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  let wait = 0;
  for (const { key, limit } of keys) {
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
    if (row) wait = Math.max(wait, Math.ceil((Date.parse(row.created_at) + windowMs - now.getTime()) / 1000));
  }
  return wait;
}

/** Records one attempt under each key, and forgets attempts older than a day of windows. */
export async function recordAttempts(db: Db, keys: { key: string }[], windowMs: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.insertInto('inquiry_attempts').values(keys.map(({ key }) => ({ key, created_at: at }))).execute();
  await db.deleteFrom('inquiry_attempts').where('created_at', '<', new Date(now.getTime() - 24 * windowMs).toISOString()).execute();
}
