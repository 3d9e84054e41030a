import type { Db } from '../db/database.ts';
import { hashToken } from '../lib/tokens.ts';
import { attemptWait, recordAttempts } from '../web/attempt-limits.ts';

/**
 * How many inquiries one client address, and one sender address, may send per hour. Counted in
 * the database (hashed keys) so every app instance shares the count.
 */
export const INQUIRY_WINDOW_MS = 60 * 60 * 1000;
export const INQUIRY_LIMIT = 5;

const keysOf = (who: { address: string; email: string }) =>
  [hashToken(`address:${who.address}`), hashToken(`email:${who.email.trim().toLowerCase()}`)].map((key) => ({ key, limit: INQUIRY_LIMIT }));

/** Seconds until another inquiry is allowed, or 0. */
export const inquiryWait = (db: Db, who: { address: string; email: string }, now: Date) => attemptWait(db, keysOf(who), INQUIRY_WINDOW_MS, now);

export const recordInquiryAttempt = (db: Db, who: { address: string; email: string }, now: Date) => recordAttempts(db, keysOf(who), INQUIRY_WINDOW_MS, now);
