import type { Db } from '../db/database.ts';
import type { AttemptAction, AttemptScope } from '../db/schema.ts';
import { hashToken } from './secrets.ts';

/**
 * Limits on log-ins and password-reset requests, per account (the email typed, whether or not
 * an account has it, so the limit itself reveals nothing) and per client address. Counted in
 * the database so that every app instance shares them.
 */
export const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
export const ATTEMPT_LIMITS: Record<AttemptAction, Record<AttemptScope, number>> = {
  // Failed log-ins (and wrong current passwords on the account page).
  login: { email: 10, address: 20 },
  // Reset requests: each one sends a mail.
  reset: { email: 5, address: 20 },
};

const keyOf = (scope: AttemptScope, value: string) => hashToken(`${scope}:${value.trim().toLowerCase()}`);

export interface Subject {
  email: string;
  address: string;
}

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function attemptWait(db: Db, action: AttemptAction, who: Subject, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS).toISOString();
  let wait = 0;
  for (const scope of ['email', 'address'] as const) {
    const limit = ATTEMPT_LIMITS[action][scope];
    // The limit-th newest attempt in the window: once it leaves the window, one more is allowed.
    const row = await db
      .selectFrom('auth_attempts')
      .select('created_at')
      .where('action', '=', action)
      .where('scope', '=', scope)
      .where('key', '=', keyOf(scope, who[scope]))
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .offset(limit - 1)
      .limit(1)
      .executeTakeFirst();
    if (row) wait = Math.max(wait, Math.ceil((Date.parse(row.created_at) + ATTEMPT_WINDOW_MS - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordAttempt(db: Db, action: AttemptAction, who: Subject, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('auth_attempts')
    .values((['email', 'address'] as const).map((scope) => ({ action, scope, key: keyOf(scope, who[scope]), created_at: at })))
    .execute();
  // Old rows are of no use; the time index makes this cheap when there are none.
  await db.deleteFrom('auth_attempts').where('created_at', '<', new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()).execute();
}

/** A successful log-in clears the account's failures (not the address's: one account must not unlock an address). */
export async function clearAttempts(db: Db, action: AttemptAction, email: string): Promise<void> {
  await db.deleteFrom('auth_attempts').where('action', '=', action).where('scope', '=', 'email').where('key', '=', keyOf('email', email)).execute();
}
