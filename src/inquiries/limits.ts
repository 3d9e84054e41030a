import type { Db } from '../db/database.ts';
import { hashToken } from '../lib/tokens.ts';
import { claimAttempt } from '../web/attempt-limits.ts';

/**
 * How many inquiries one client address, and one sender address, may send per hour. Counted in
 * the database (hashed keys) so every app instance shares the count.
 */
export const INQUIRY_WINDOW_MS = 60 * 60 * 1000;
export const INQUIRY_LIMIT = 5;

const keysOf = (who: { address: string; email: string }) =>
  [hashToken(`address:${who.address}`), hashToken(`email:${who.email.trim().toLowerCase()}`)].map((key) => ({ key, limit: INQUIRY_LIMIT }));

/**
 * Counts one inquiry under the client's and the sender's keys if both allow one more: call it in
 * the transaction that stores the inquiry. Seconds until one more is allowed, or 0 (counted).
 */
export const claimInquiry = (trx: Db, who: { address: string; email: string }, now: Date) => claimAttempt(trx, keysOf(who), INQUIRY_WINDOW_MS, now);
