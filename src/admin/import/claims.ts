import { hashPassword } from '../../accounts/secrets.ts';
import { insertUser } from '../../accounts/users.ts';
import type { Db } from '../../db/database.ts';
import { parseRowLink } from '../../lib/signing.ts';
import type { Context } from '../../web/context.ts';
import type { Viewer } from '../../web/viewer.ts';
import { claimLinkStatus } from './claim-links.ts';

/**
 * An imported profile taken over by its mediator through the mailed link. The link proves the
 * address it was mailed to: with no account there, the claim makes one (confirmed); with one, its
 * owner must be signed in. Claiming attaches the profile and uses the link up, in one transaction;
 * it does not list the profile: only the consent that follows does (consent page, routes.tsx).
 */

export interface WaitingClaim {
  id: number;
  email: string;
  name: string;
  /** Whether an account has the claim's address already (it must sign in, not sign up). */
  hasAccount: boolean;
}

export type ClaimLink = { status: 'ok'; claim: WaitingClaim } | { status: 'invalid' | 'expired' | 'used' };

async function readClaim(db: Db, token: unknown, now: Date, secret: string) {
  const link = parseRowLink(token);
  if (!link) return { status: 'invalid' } as const;
  const row = await db
    .selectFrom('mediator_claims')
    .innerJoin('mediators', 'mediators.id', 'mediator_claims.mediator_id')
    .select(['mediator_claims.id', 'mediator_claims.email', 'mediator_claims.link_secret', 'mediator_claims.claimed_at', 'mediator_claims.mediator_id', 'mediators.name'])
    .where('mediator_claims.id', '=', link.id)
    .executeTakeFirst();
  if (!row) return { status: 'invalid' } as const;
  const status = claimLinkStatus(secret, link, row, now);
  if (status !== 'ok') return { status } as const;
  if (row.claimed_at) return { status: 'used' } as const;
  return { status: 'ok', row } as const;
}

/** What the claim page shows for a link, before anything changes. */
export async function findClaim(ctx: Context, token: unknown): Promise<ClaimLink> {
  const found = await readClaim(ctx.db, token, ctx.now(), ctx.config.secret);
  if (found.status !== 'ok') return found;
  const account = await ctx.db.selectFrom('users').select('id').where('email', '=', found.row.email).executeTakeFirst();
  return { status: 'ok', claim: { id: found.row.id, email: found.row.email, name: found.row.name, hasAccount: !!account } };
}

export type ClaimOutcome =
  | { status: 'claimed'; userId: number; newAccount: boolean }
  | { status: 'invalid' | 'expired' | 'used' }
  /** An account has the address: its owner signs in, then follows the link again. */
  | { status: 'sign_in'; email: string }
  /** Signed in as someone else than the address the link was mailed to. */
  | { status: 'other_account'; email: string }
  /** The account has a profile already; one account keeps one profile. */
  | { status: 'has_profile' };

/** `password` makes the account when none has the address (the route has checked it as sign-up does). */
export async function claimProfile(ctx: Context, token: unknown, viewer: Pick<Viewer, 'id' | 'email'> | null, password: string | null): Promise<ClaimOutcome> {
  const now = ctx.now();
  // Hashing is slow: done before the transaction, and only when an account may be made.
  const passwordHash = !viewer && password ? await hashPassword(password) : null;
  return ctx.db.transaction().execute(async (trx): Promise<ClaimOutcome> => {
    const found = await readClaim(trx, token, now, ctx.config.secret);
    if (found.status !== 'ok') return found;
    const { row } = found;
    const account = await trx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst();
    let userId: number;
    let newAccount = false;
    if (viewer) {
      if (viewer.email !== row.email) return { status: 'other_account', email: row.email };
      userId = viewer.id;
    } else if (account) {
      return { status: 'sign_in', email: row.email };
    } else {
      if (!passwordHash) return { status: 'sign_in', email: row.email };
      const id = await insertUser(trx, { email: row.email, passwordHash, verifiedAt: now.toISOString() }, now);
      if (id === null) return { status: 'sign_in', email: row.email };
      userId = id;
      newAccount = true;
    }
    const owned = await trx.selectFrom('mediators').select('id').where('user_id', '=', userId).executeTakeFirst();
    if (owned) return { status: 'has_profile' };
    // Conditional: of two clicks at once, one claims and the other finds the link used.
    const used = await trx.updateTable('mediator_claims').set({ claimed_at: now.toISOString() }).where('id', '=', row.id).where('claimed_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return { status: 'used' };
    await trx.updateTable('mediators').set({ user_id: userId, updated_at: now.toISOString() }).where('id', '=', row.mediator_id).where('user_id', 'is', null).execute();
    return { status: 'claimed', userId, newAccount };
  });
}
