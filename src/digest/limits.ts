import type { Db } from '../db/database.ts';
import { hashToken } from '../lib/tokens.ts';
import { claimAttempt } from '../web/attempt-limits.ts';

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

/**
 * Counts one request under the client's and the address's keys if both allow one more, in the
 * transaction that stores the subscriber (src/web/attempt-limits.ts): seconds until one more is
 * allowed, or 0 (counted).
 */
export const claimSubscribe = (trx: Db, who: { address: string; email: string }, now: Date) => claimAttempt(trx, [...keysOf(who)], SUBSCRIBE_WINDOW_MS, now);
