import type { Db } from '../db/database.ts';
import type { AttemptAction, AttemptScope } from '../db/schema.ts';
import { hashToken } from '../lib/tokens.ts';

/**
 * Limits on log-ins and password-reset requests, counted in the database so that every app
 * instance shares them. "Account" is the email typed, whether or not an account has it, so the
 * limit itself reveals nothing.
 *
 * Log-in failures count per account *and* client address, so that wrong guesses from elsewhere
 * never lock the owner out: a correct password from an address with no recent failures on the
 * account always gets in. Each address is also limited over all accounts. Once an account has
 * many failures from anywhere it is being guessed at from several places, and every address then
 * gets only a few tries on it: that slows a spread-out attack without stopping the owner.
 */
export const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

interface Limits {
  /** Per account and client address together. */
  pair?: number;
  /** Per account, from every address. */
  email?: number;
  /** Per client address, over every account. */
  address: number;
}

export const ATTEMPT_LIMITS: Record<AttemptAction, Limits> = {
  // Failed log-ins (and wrong current passwords on the account page).
  login: { pair: 10, address: 20 },
  // Reset requests: each one sends a mail to the account's owner, so the account is capped.
  reset: { email: 5, address: 20 },
};

/** Past this many failed log-ins on one account in the window, each address gets `pair` tries on it. */
export const ACCOUNT_UNDER_ATTACK = { failures: 10, pair: 3 };

export interface Subject {
  email: string;
  address: string;
}

const valueOf = (scope: AttemptScope, who: Subject) => {
  const email = who.email.trim().toLowerCase();
  return scope === 'email' ? email : scope === 'address' ? who.address : `${email}\n${who.address}`;
};
const keyOf = (scope: AttemptScope, who: Subject) => hashToken(`${scope}:${valueOf(scope, who)}`);
/** What recordAttempt counts for an action; a log-in counts per account too, for ACCOUNT_UNDER_ATTACK. */
const SCOPES: Record<AttemptAction, AttemptScope[]> = { login: ['pair', 'email', 'address'], reset: ['email', 'address'] };

/** Seconds until the limit-th newest attempt in the window leaves it, or 0 when fewer than `limit` are in it. */
async function waitFor(db: Db, action: AttemptAction, scope: AttemptScope, who: Subject, limit: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom('auth_attempts')
    .select('created_at')
    .where('action', '=', action)
    .where('scope', '=', scope)
    .where('key', '=', keyOf(scope, who))
    .where('created_at', '>', new Date(now.getTime() - ATTEMPT_WINDOW_MS).toISOString())
    .orderBy('created_at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? Math.max(0, Math.ceil((Date.parse(row.created_at) + ATTEMPT_WINDOW_MS - now.getTime()) / 1000)) : 0;
}

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function attemptWait(db: Db, action: AttemptAction, who: Subject, now: Date): Promise<number> {
  const limits = ATTEMPT_LIMITS[action];
  let wait = 0;
  for (const scope of ['pair', 'email', 'address'] as const) {
    const limit = limits[scope];
    if (limit !== undefined) wait = Math.max(wait, await waitFor(db, action, scope, who, limit, now));
  }
  if (action === 'login' && wait === 0 && (await waitFor(db, action, 'email', who, ACCOUNT_UNDER_ATTACK.failures, now)) > 0) {
    wait = await waitFor(db, action, 'pair', who, ACCOUNT_UNDER_ATTACK.pair, now);
  }
  return wait;
}

export async function recordAttempt(db: Db, action: AttemptAction, who: Subject, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('auth_attempts')
    .values(SCOPES[action].map((scope) => ({ action, scope, key: keyOf(scope, who), created_at: at })))
    .execute();
  // Old rows are of no use; the time index makes this cheap when there are none.
  await db.deleteFrom('auth_attempts').where('created_at', '<', new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()).execute();
}

/**
 * A successful log-in clears its own address's failures on the account: not the account's
 * count, which would let an attacker's other addresses start afresh, and not the address's,
 * since one account must not unlock an address.
 */
export async function clearAttempts(db: Db, action: AttemptAction, who: Subject): Promise<void> {
  await db.deleteFrom('auth_attempts').where('action', '=', action).where('scope', '=', 'pair').where('key', '=', keyOf('pair', who)).execute();
}
