import { hashPassword } from '../../accounts/secrets.ts';
import { insertUser } from '../../accounts/users.ts';
import type { Db } from '../../db/database.ts';
import { parseRowLink } from '../../lib/signing.ts';
import type { Context } from '../../web/context.ts';
import type { Viewer } from '../../web/viewer.ts';
import { recordAudit, type AuditEntry } from '../../audit/log.ts';
import { claimLinkStatus, claimMail, claimToken } from './claim-links.ts';

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

export type ClaimLink = { status: 'ok'; claim: WaitingClaim } | { status: 'invalid' | 'expired' | 'used' | 'retired' };

/** An admin may mail a profile's claim link again once an hour, whoever asks. */
export const RESEND_EVERY_MS = 3_600_000;

async function readClaim(db: Db, token: unknown, now: Date, secret: string) {
  const link = parseRowLink(token);
  if (!link) return { status: 'invalid' } as const;
  const row = await db
    .selectFrom('mediator_claims')
    .innerJoin('mediators', 'mediators.id', 'mediator_claims.mediator_id')
    .select(['mediator_claims.id', 'mediator_claims.email', 'mediator_claims.link_secret', 'mediator_claims.claimed_at', 'mediator_claims.mailed_at', 'mediator_claims.mediator_id', 'mediators.name'])
    .where('mediator_claims.id', '=', link.id)
    .executeTakeFirst();
  if (!row) return { status: 'invalid' } as const;
  const status = claimLinkStatus(secret, link, row, now);
  if (status !== 'ok') return { status } as const;
  if (row.claimed_at) return { status: 'used' } as const;
  // A link made before the row's last mail is retired: each mail writes its link's own moment as `mailed_at`.
  if (row.mailed_at && link.issuedAt && link.issuedAt.getTime() < Date.parse(row.mailed_at)) return { status: 'retired' } as const;
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
  | { status: 'invalid' | 'expired' | 'used' | 'retired' }
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

// --- The admins' list of profiles waiting for their claim ------------------------------------------

export interface UnclaimedProfile {
  id: number;
  name: string;
  email: string;
  source: string;
  importedAt: string;
  /** When the last claim mail went, or null when none could be sent. */
  mailedAt: string | null;
  /** When the claim mail may be sent again (null: now). */
  resendFrom: string | null;
}

export const UNCLAIMED_PAGE = 50;

/** Imported profiles not yet claimed, the oldest import first, a page at a time. */
export async function listUnclaimed(db: Db, page: number, now: Date): Promise<{ items: UnclaimedProfile[]; total: number; pageCount: number }> {
  const waiting = db.selectFrom('mediator_claims').innerJoin('mediators', 'mediators.id', 'mediator_claims.mediator_id').where('mediator_claims.claimed_at', 'is', null);
  const [{ n }, rows] = await Promise.all([
    waiting.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    waiting
      .select(['mediator_claims.id', 'mediators.name', 'mediator_claims.email', 'mediator_claims.source', 'mediator_claims.created_at', 'mediator_claims.mailed_at'])
      .orderBy('mediator_claims.id')
      .limit(UNCLAIMED_PAGE)
      .offset((page - 1) * UNCLAIMED_PAGE)
      .execute(),
  ]);
  const total = Number(n);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / UNCLAIMED_PAGE)),
    items: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, source: r.source, importedAt: r.created_at, mailedAt: r.mailed_at, resendFrom: resendFrom(r.mailed_at, now) })),
  };
}

function resendFrom(mailedAt: string | null, now: Date): string | null {
  if (!mailedAt) return null;
  const at = Date.parse(mailedAt) + RESEND_EVERY_MS;
  return at > now.getTime() ? new Date(at).toISOString() : null;
}

export type ResendOutcome = { status: 'sent'; email: string } | { status: 'unknown' | 'claimed' } | { status: 'too_soon'; from: string };

/**
 * Mails the claim link again, and retires every link mailed before: the new mail's moment is
 * written first, in a transaction that moves it only when the last mail is an hour old, so two
 * admins pressing at once send one mail. The mail goes after the commit.
 */
export async function resendClaimMail(ctx: Context, actor: NonNullable<AuditEntry['actor']>, id: number): Promise<ResendOutcome> {
  const now = ctx.now();
  const at = now.toISOString();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('mediator_claims')
      .innerJoin('mediators', 'mediators.id', 'mediator_claims.mediator_id')
      .select(['mediator_claims.id', 'mediator_claims.email', 'mediator_claims.link_secret', 'mediator_claims.claimed_at', 'mediator_claims.mailed_at', 'mediators.name', 'mediators.id as mediator_id'])
      .where('mediator_claims.id', '=', id)
      .executeTakeFirst();
    if (!row) return { status: 'unknown' } as const;
    if (row.claimed_at) return { status: 'claimed' } as const;
    const cutoff = new Date(now.getTime() - RESEND_EVERY_MS).toISOString();
    const moved = await trx
      .updateTable('mediator_claims')
      .set({ mailed_at: at })
      .where('id', '=', id)
      .where('claimed_at', 'is', null)
      .where((eb) => eb.or([eb('mailed_at', 'is', null), eb('mailed_at', '<=', cutoff)]))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { status: 'too_soon', from: resendFrom(row.mailed_at, now) ?? at } as const;
    await recordAudit(
      trx,
      { actor, action: 'claim.resent', subject: { kind: 'mediator', id: row.mediator_id, label: row.name }, before: { mailed_at: row.mailed_at }, after: { mailed_at: at, to: row.email } },
      now,
    );
    return { status: 'ready', row } as const;
  });
  if (outcome.status !== 'ready') return outcome;
  const { row } = outcome;
  await ctx.mailer.send(claimMail(ctx.config.publicUrl, row.email, row.name, claimToken(ctx.config.secret, row, now)));
  return { status: 'sent', email: row.email };
}
