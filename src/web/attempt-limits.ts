import crypto from 'node:crypto';
import { sql } from 'kysely';
import { engineOf, type Db } from '../db/database.ts';

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
  await forgetOldAttempts(db, windowMs, now);
  await insertAttempts(db, keys, now);
}

const insertAttempts = (db: Db, keys: { key: string }[], now: Date) =>
  db.insertInto('inquiry_attempts').values(keys.map(({ key }) => ({ key, created_at: now.toISOString() }))).execute();

const forgetOldAttempts = (db: Db, windowMs: number, now: Date) =>
  db.deleteFrom('inquiry_attempts').where('created_at', '<', new Date(now.getTime() - 24 * windowMs).toISOString()).execute();

/** The first number of pg_advisory_xact_lock's pair for attempt keys; no other lock of the site uses it. */
const ATTEMPT_LOCKS = 47_112_027;

/**
 * attemptWait, then recordAttempts when it answers 0, in the caller's transaction, with the
 * check and the count held by one request at a time per key until the transaction ends: counted
 * in two steps, twelve requests sent at once would all pass a check of 4.
 *
 * PostgreSQL: an advisory lock per key (from a hash of it), held to the end of the transaction,
 * taken in the order of the numbers so two requests never wait on each other in a ring. A counter
 * row per key, updated by a conditional upsert, would serialise as well, but the window slides:
 * the wait is read from the attempts' own times, so the rows of inquiry_attempts stay the count
 * and no table is added. Two keys whose hashes meet only take turns. (The count is read after the
 * lock, which under READ COMMITTED, the default, sees the previous holder's commit.)
 *
 * SQLite: one writer at a time. The transaction's first statement is the clean-up, a write, so
 * it holds the write lock before it counts, as BEGIN IMMEDIATE would (Kysely begins with a plain
 * BEGIN, which reads first): another process waits for the commit (busy_timeout) rather than
 * counting from a snapshot it then cannot write on. In one process Kysely's single connection
 * already runs a transaction alone.
 */
export async function claimAttempt(trx: Db, keys: { key: string; limit: number }[], windowMs: number, now: Date): Promise<number> {
  if (engineOf(trx) === 'postgres') {
    const locks = [...new Set(keys.map(({ key }) => crypto.createHash('sha256').update(key).digest().readInt32BE(0)))].sort((a, b) => a - b);
    for (const n of locks) await sql`SELECT pg_advisory_xact_lock(${ATTEMPT_LOCKS}, ${n})`.execute(trx);
  }
  await forgetOldAttempts(trx, windowMs, now);
  const wait = await attemptWait(trx, keys, windowMs, now);
  if (wait === 0) await insertAttempts(trx, keys, now);
  return wait;
}
