import type { Db } from '../db/database.ts';
import type { TokenPurpose } from '../db/schema.ts';
import { hashToken, newToken, TOKEN_PATTERN } from '../lib/tokens.ts';

/** How long each kind of mailed link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  change_email: 24 * 60 * 60 * 1000,
};

/** Makes a one-time link token; only its hash is stored. */
/** Stores a one-time link for the account; `token` is drawn here unless the caller drew it first. */
export async function issueToken(db: Db, userId: number, purpose: TokenPurpose, now: Date, newEmail: string | null = null, token = newToken()): Promise<string> {
  await db
    .insertInto('user_tokens')
    .values({
      id: hashToken(token),
      user_id: userId,
      purpose,
      new_email: newEmail,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]).toISOString(),
      used_at: null,
      retired_at: null,
    })
    .execute();
  return token;
}

export type TokenCheck =
  | { status: 'ok'; userId: number; purpose: TokenPurpose; newEmail: string | null }
  | { status: 'used' | 'retired'; userId: number; purpose: TokenPurpose }
  | { status: 'expired' | 'unknown' };

/** What a link's token is now, without using it up (for showing the form a link leads to). */
export async function checkToken(db: Db, token: string, purposes: TokenPurpose[], now: Date): Promise<TokenCheck> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const row = await db
    .selectFrom('user_tokens')
    .select(['user_id', 'purpose', 'new_email', 'expires_at', 'used_at', 'retired_at'])
    .where('id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || !purposes.includes(row.purpose)) return { status: 'unknown' };
  if (row.retired_at) return { status: 'retired', userId: row.user_id, purpose: row.purpose };
  if (row.used_at) return { status: 'used', userId: row.user_id, purpose: row.purpose };
  if (row.expires_at <= now.toISOString()) return { status: 'expired' };
  return { status: 'ok', userId: row.user_id, purpose: row.purpose, newEmail: row.new_email };
}

/**
 * Uses a token up. The conditional update is what makes it single-use: of two requests racing
 * with the same link, only one changes the row. Call it inside the transaction that acts on it.
 */
export async function consumeToken(db: Db, token: string, purposes: TokenPurpose[], now: Date): Promise<TokenCheck> {
  const check = await checkToken(db, token, purposes, now);
  if (check.status !== 'ok') return check;
  const at = now.toISOString();
  const result = await db
    .updateTable('user_tokens')
    .set({ used_at: at })
    .where('id', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('retired_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? check : { status: 'used', userId: check.userId, purpose: check.purpose };
}

/**
 * Withdraws every unused link of a user: after a password or address change, a link mailed
 * before it (to an address an attacker chose, or to a mailbox that is no longer the owner's)
 * must not undo it. Call it inside the transaction that makes the change.
 */
export async function retireTokens(db: Db, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('user_tokens')
    .set({ retired_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('retired_at', 'is', null)
    .execute();
}
