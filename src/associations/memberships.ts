import { endMemberGrants } from '../directory/featured/grants.ts';
import { removeEvidenceFiles } from '../directory/credentials/evidence.ts';
import { releaseIssuer } from '../directory/credentials/review.ts';
import { normaliseEmail } from '../accounts/users.ts';
import { recordAudit, type AuditEntry } from '../audit/log.ts';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MembershipState } from '../db/schema.ts';
import type { Mail } from '../mail/mailer.ts';
import type { Context } from '../web/context.ts';
import type { Viewer } from '../web/viewer.ts';
import { applicationMail, decisionMail, invitationMail, removalMail } from './membership-mails.ts';

/**
 * Memberships of associations, from both sides: an association's admins invite mediators, decide
 * applications, put members on panels and remove them; a mediator accepts or declines an
 * invitation, applies, withdraws an application and leaves. Each action is one transaction that
 * moves the membership's state only from the state it must be in (a conditional update, so two
 * admins deciding at once decide once), writes its audit entry beside it, and sends its mail
 * only after the commit. Every look-up is scoped to the association the route resolved, so an id
 * from another association finds nothing.
 */

export interface AssociationRef {
  id: number;
  slug: string;
  name: string;
}

export interface Panel {
  id: number;
  name: string;
}

export interface RosterEntry {
  mediatorId: number;
  name: string;
  slug: string;
  state: MembershipState;
  note: string;
  updatedAt: string;
  panels: Panel[];
}

export interface Roster {
  /** One page of the roster: applications first, then invitations, members, and the rest. */
  entries: RosterEntry[];
  page: number;
  pageCount: number;
  /** Everyone on the roster, whatever their state. */
  total: number;
  /** Invitations to addresses that have no profile yet. */
  waiting: { id: number; email: string; createdAt: string }[];
  panels: Panel[];
}

/** Fifty people a page: the page stays quick to scan and to render with a form per person. */
export const ROSTER_PAGE_SIZE = 50;

export interface Membership {
  association: AssociationRef;
  state: MembershipState;
  note: string;
  updatedAt: string;
  panels: string[];
}

type Actor = Pick<Viewer, 'id' | 'email' | 'role'>;

// --- Reading ----------------------------------------------------------------------------------

export async function findAssociation(db: Db, by: { slug: string } | { id: number }): Promise<AssociationRef | null> {
  const query = db.selectFrom('associations').select(['id', 'slug', 'name']);
  return (await ('slug' in by ? query.where('slug', '=', by.slug) : query.where('id', '=', by.id)).executeTakeFirst()) ?? null;
}

/** The association, when `viewer` may run it: one of its admins, or a site admin. */
export async function associationToAdminister(db: Db, viewer: Pick<Viewer, 'id' | 'role'>, slug: string): Promise<AssociationRef | null> {
  const association = await findAssociation(db, { slug });
  if (!association || viewer.role === 'admin') return association;
  const admin = await db.selectFrom('association_admins').select('user_id').where('association_id', '=', association.id).where('user_id', '=', viewer.id).executeTakeFirst();
  return admin ? association : null;
}

export async function associationsAdministeredBy(db: Db, userId: number): Promise<AssociationRef[]> {
  return db
    .selectFrom('association_admins')
    .innerJoin('associations', 'associations.id', 'association_admins.association_id')
    .select(['associations.id', 'associations.slug', 'associations.name'])
    .where('association_admins.user_id', '=', userId)
    .orderBy('associations.name')
    .execute();
}

export async function listAssociations(db: Db): Promise<AssociationRef[]> {
  return db.selectFrom('associations').select(['id', 'slug', 'name']).orderBy('name').orderBy('id').execute();
}

async function panelsOf(db: Db, associationId: number): Promise<Panel[]> {
  return db.selectFrom('association_panels').select(['id', 'name']).where('association_id', '=', associationId).orderBy('position').orderBy('name').execute();
}

/** The panels members are on, in each association's order: one association's, or one mediator's. */
async function memberPanels(db: Db, scope: { associationId: number } | { mediatorId: number }) {
  const query = db
    .selectFrom('association_member_panels as mp')
    .innerJoin('association_panels as p', 'p.id', 'mp.panel_id')
    .select(['mp.association_id', 'mp.mediator_id', 'p.id', 'p.name'])
    .orderBy('p.position')
    .orderBy('p.name');
  return ('associationId' in scope ? query.where('mp.association_id', '=', scope.associationId) : query.where('mp.mediator_id', '=', scope.mediatorId)).execute();
}

const STATE_ORDER: MembershipState[] = ['applied', 'invited', 'member', 'declined', 'removed', 'left'];

/** The roster's order in SQL, so a page of it is a LIMIT: the state as STATE_ORDER says, then the name. */
const stateRank = sql<number>`CASE am.state ${sql.join(
  STATE_ORDER.map((state, i) => sql`WHEN ${state} THEN ${sql.lit(i)}`),
  sql` `,
)} ELSE ${sql.lit(STATE_ORDER.length)} END`;

/** One page of the association's roster (`page` from 1; past the last, no entries and the real pageCount). */
export async function roster(db: Db, associationId: number, page = 1): Promise<Roster> {
  const counted = await db.selectFrom('association_members').select((eb) => eb.fn.countAll<number>().as('n')).where('association_id', '=', associationId).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const rows = await db
    .selectFrom('association_members as am')
    .innerJoin('mediators as m', 'm.id', 'am.mediator_id')
    .select(['am.mediator_id', 'm.name', 'm.slug', 'am.state', 'am.note', 'am.updated_at'])
    .where('am.association_id', '=', associationId)
    .orderBy(stateRank)
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(ROSTER_PAGE_SIZE)
    .offset((page - 1) * ROSTER_PAGE_SIZE)
    .execute();
  const panels = rows.length ? await memberPanels(db, { associationId }) : [];
  const entries = rows.map((r) => ({ mediatorId: r.mediator_id, name: r.name, slug: r.slug, state: r.state, note: r.note, updatedAt: r.updated_at, panels: panels.filter((p) => p.mediator_id === r.mediator_id).map((p) => ({ id: p.id, name: p.name })) }));
  const waiting = await db.selectFrom('association_invitations').select(['id', 'email', 'created_at as createdAt']).where('association_id', '=', associationId).orderBy('email').execute();
  return { entries, page, pageCount: Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE)), total, waiting, panels: await panelsOf(db, associationId) };
}

/** The signed-in member's profile: id and name, or null when they have none. */
export async function ownProfile(db: Db, userId: number): Promise<{ id: number; name: string } | null> {
  return (await db.selectFrom('mediators').select(['id', 'name']).where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

/**
 * Invitations sent to the member's address before they had a profile become invitations of the
 * profile. Run before their memberships are shown; a second run finds nothing to do.
 */
export async function claimInvitations(ctx: Pick<Context, 'db' | 'now'>, user: Pick<Viewer, 'id' | 'email'>, mediatorId: number): Promise<void> {
  const email = normaliseEmail(user.email);
  await ctx.db.transaction().execute(async (trx) => {
    const waiting = await trx.selectFrom('association_invitations').select(['id', 'association_id']).where('email', '=', email).execute();
    if (!waiting.length) return;
    const at = ctx.now().toISOString();
    for (const w of waiting) {
      // An earlier membership (left, declined…) keeps its row; the invitation then moves it.
      await trx
        .insertInto('association_members')
        .values({ association_id: w.association_id, mediator_id: mediatorId, state: 'invited', note: '', created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['association_id', 'mediator_id']).doUpdateSet({ state: 'invited', updated_at: at }).where('association_members.state', 'in', ['declined', 'removed', 'left']))
        .execute();
    }
    await trx
      .deleteFrom('association_invitations')
      .where(
        'id',
        'in',
        waiting.map((w) => w.id),
      )
      .execute();
  });
}

export async function membershipsOf(db: Db, mediatorId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('association_members as am')
    .innerJoin('associations as a', 'a.id', 'am.association_id')
    .select(['a.id', 'a.slug', 'a.name', 'am.state', 'am.note', 'am.updated_at'])
    .where('am.mediator_id', '=', mediatorId)
    .orderBy('a.name')
    .execute();
  const panels = await memberPanels(db, { mediatorId });
  return rows
    .map((r) => ({
      association: { id: r.id, slug: r.slug, name: r.name },
      state: r.state,
      note: r.note,
      updatedAt: r.updated_at,
      panels: panels.filter((p) => p.association_id === r.id).map((p) => p.name),
    }))
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state));
}

// --- Changing ---------------------------------------------------------------------------------

/** One transaction: the work returns its outcome and the mails to send once it has committed. */
async function inOneTransaction<T>(ctx: Context, work: (trx: Db, mails: Mail[]) => Promise<T>): Promise<T> {
  const mails: Mail[] = [];
  const outcome = await ctx.db.transaction().execute((trx) => work(trx, mails));
  for (const mail of mails) {
    try {
      await ctx.mailer.send(mail);
    } catch (err) {
      ctx.logError(err, `the "${mail.subject}" mail could not be sent`);
    }
  }
  return outcome;
}

/** Evidence files a membership's end released, deleted once its transaction has committed. */
async function afterRemovingFiles<T>(ctx: Context, files: string[], outcome: Promise<T>): Promise<T> {
  const done = await outcome;
  await removeEvidenceFiles(ctx.config.evidenceDir, files);
  return done;
}

async function mediatorIn(trx: Db, associationId: number, mediatorId: number) {
  return trx
    .selectFrom('association_members as am')
    .innerJoin('mediators as m', 'm.id', 'am.mediator_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['am.state', 'am.note', 'm.name', 'u.email'])
    .where('am.association_id', '=', associationId)
    .where('am.mediator_id', '=', mediatorId)
    .executeTakeFirst();
}

/** Moves the membership from one of `from` to `to`; false when it was in none of them (any more). */
async function moveState(trx: Db, associationId: number, mediatorId: number, from: MembershipState[], to: MembershipState, note: string | null, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('association_members')
    .set({ state: to, updated_at: at, ...(note === null ? {} : { note }) })
    .where('association_id', '=', associationId)
    .where('mediator_id', '=', mediatorId)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const memberSubject = (mediatorId: number, name: string): AuditEntry['subject'] => ({ kind: 'mediator', id: mediatorId, label: name });

export type InviteOutcome = { status: 'invited'; to: 'profile' | 'address' } | { status: 'already'; state: 'invited' | 'applied' | 'member' };

/**
 * Invites the mediator whose account has this address: at once when they have a profile (it shows
 * on their dashboard), else the invitation waits for their profile. Either way they get a mail.
 */
export async function inviteMediator(ctx: Context, actor: Actor, association: AssociationRef, rawEmail: string): Promise<InviteOutcome> {
  const email = normaliseEmail(rawEmail);
  return inOneTransaction(ctx, async (trx, mails): Promise<InviteOutcome> => {
    const at = ctx.now().toISOString();
    const profile = await trx
      .selectFrom('users as u')
      .innerJoin('mediators as m', 'm.user_id', 'u.id')
      .select(['m.id', 'm.name'])
      .where('u.email', '=', email)
      .where('u.email_verified_at', 'is not', null)
      .executeTakeFirst();
    if (profile) {
      const current = await mediatorIn(trx, association.id, profile.id);
      if (current && (current.state === 'invited' || current.state === 'applied' || current.state === 'member')) return { status: 'already', state: current.state };
      if (current) await moveState(trx, association.id, profile.id, ['declined', 'removed', 'left'], 'invited', '', at);
      else await trx.insertInto('association_members').values({ association_id: association.id, mediator_id: profile.id, state: 'invited', note: '', created_at: at, updated_at: at }).execute();
      await recordAudit(
        trx,
        { actor, action: 'membership.invited', subject: memberSubject(profile.id, profile.name), before: current ? { state: current.state } : null, after: { state: 'invited' }, associationId: association.id },
        ctx.now(),
      );
      mails.push(invitationMail(ctx.config.publicUrl, email, association.name, true));
      return { status: 'invited', to: 'profile' };
    }
    const inserted = await trx
      .insertInto('association_invitations')
      .values({ association_id: association.id, email, invited_by: actor.id, created_at: at })
      .onConflict((oc) => oc.columns(['association_id', 'email']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { status: 'already', state: 'invited' };
    await recordAudit(trx, { actor, action: 'membership.invited', subject: { kind: 'email', id: null, label: email }, after: { state: 'invited', waiting_for_profile: true }, associationId: association.id }, ctx.now());
    mails.push(invitationMail(ctx.config.publicUrl, email, association.name, false));
    return { status: 'invited', to: 'address' };
  });
}

export type AdminOutcome = { status: 'done' } | { status: 'not_found' } | { status: 'wrong_state'; state: MembershipState };

/** Approves or declines an application, with the admin's note (sent to the mediator). */
export async function decideApplication(ctx: Context, actor: Actor, association: AssociationRef, mediatorId: number, decision: 'approve' | 'decline', note: string): Promise<AdminOutcome> {
  return inOneTransaction(ctx, async (trx, mails): Promise<AdminOutcome> => {
    const current = await mediatorIn(trx, association.id, mediatorId);
    if (!current) return { status: 'not_found' };
    const to: MembershipState = decision === 'approve' ? 'member' : 'declined';
    if (!(await moveState(trx, association.id, mediatorId, ['applied'], to, note, ctx.now().toISOString()))) return { status: 'wrong_state', state: current.state };
    await recordAudit(
      trx,
      { actor, action: decision === 'approve' ? 'membership.approved' : 'membership.declined', subject: memberSubject(mediatorId, current.name), before: { state: 'applied' }, after: { state: to }, reason: note || null, associationId: association.id },
      ctx.now(),
    );
    if (current.email) mails.push(decisionMail(ctx.config.publicUrl, current.email, association.name, decision, note));
    return { status: 'done' };
  });
}

export type PanelOutcome = AdminOutcome | { status: 'no_panel' } | { status: 'unchanged' };

/** Puts a member on one of the association's panels, or takes them off it, with the reason. */
export async function setPanel(ctx: Context, actor: Actor, association: AssociationRef, mediatorId: number, panelId: number, on: boolean, reason: string): Promise<PanelOutcome> {
  return inOneTransaction(ctx, async (trx): Promise<PanelOutcome> => {
    // The panel is looked up in this association only: another association's panel id is no panel.
    const panel = await trx.selectFrom('association_panels').select(['id', 'name']).where('id', '=', panelId).where('association_id', '=', association.id).executeTakeFirst();
    if (!panel) return { status: 'no_panel' };
    const current = await mediatorIn(trx, association.id, mediatorId);
    if (!current) return { status: 'not_found' };
    if (current.state !== 'member') return { status: 'wrong_state', state: current.state };
    const key = { association_id: association.id, mediator_id: mediatorId, panel_id: panel.id };
    const changed = on
      ? Number((await trx.insertInto('association_member_panels').values(key).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0)
      : Number(
          (await trx.deleteFrom('association_member_panels').where('association_id', '=', key.association_id).where('mediator_id', '=', key.mediator_id).where('panel_id', '=', key.panel_id).executeTakeFirst()).numDeletedRows,
        );
    if (!changed) return { status: 'unchanged' };
    await recordAudit(
      trx,
      { actor, action: on ? 'membership.panel_assigned' : 'membership.panel_unassigned', subject: memberSubject(mediatorId, current.name), before: { panel: on ? null : panel.name }, after: { panel: on ? panel.name : null }, reason, associationId: association.id },
      ctx.now(),
    );
    return { status: 'done' };
  });
}

/** Removes a member (and takes them off every panel), with the reason, which they are sent. */
export async function removeMember(ctx: Context, actor: Actor, association: AssociationRef, mediatorId: number, reason: string): Promise<AdminOutcome> {
  const files: string[] = [];
  return afterRemovingFiles(ctx, files, inOneTransaction(ctx, async (trx, mails): Promise<AdminOutcome> => {
    const current = await mediatorIn(trx, association.id, mediatorId);
    if (!current) return { status: 'not_found' };
    if (!(await moveState(trx, association.id, mediatorId, ['member'], 'removed', reason, ctx.now().toISOString()))) return { status: 'wrong_state', state: current.state };
    await trx.deleteFrom('association_member_panels').where('association_id', '=', association.id).where('mediator_id', '=', mediatorId).execute();
    files.push(...(await releaseIssuer(trx, association.id, mediatorId)));
    await endMemberGrants(trx, actor, association.id, mediatorId, 'Removed from the association', ctx.now());
    await recordAudit(trx, { actor, action: 'membership.removed', subject: memberSubject(mediatorId, current.name), before: { state: 'member' }, after: { state: 'removed' }, reason, associationId: association.id }, ctx.now());
    if (current.email) mails.push(removalMail(ctx.config.publicUrl, current.email, association.name, reason));
    return { status: 'done' };
  }));
}

/**
 * Withdraws an invitation the mediator has not answered. The membership row goes (as a withdrawn
 * application's does), so the dashboard the mail links to no longer offers it, and accepting from
 * a page still open finds nothing; a later invitation to the same pair is a new row, which this
 * one cannot reach.
 */
export async function cancelInvitation(ctx: Context, actor: Actor, association: AssociationRef, mediatorId: number): Promise<AdminOutcome> {
  return inOneTransaction(ctx, async (trx): Promise<AdminOutcome> => {
    const current = await mediatorIn(trx, association.id, mediatorId);
    if (!current) return { status: 'not_found' };
    const gone = await trx.deleteFrom('association_members').where('association_id', '=', association.id).where('mediator_id', '=', mediatorId).where('state', '=', 'invited').executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) return { status: 'wrong_state', state: current.state };
    await recordAudit(trx, { actor, action: 'membership.invitation_cancelled', subject: memberSubject(mediatorId, current.name), before: { state: 'invited' }, after: { state: 'none' }, associationId: association.id }, ctx.now());
    return { status: 'done' };
  });
}

/** Withdraws an invitation still waiting for its address's profile (looked up in this association only). */
export async function cancelWaitingInvitation(ctx: Context, actor: Actor, association: AssociationRef, invitationId: number): Promise<{ status: 'done' } | { status: 'not_found' }> {
  return inOneTransaction(ctx, async (trx) => {
    const gone = await trx.deleteFrom('association_invitations').where('id', '=', invitationId).where('association_id', '=', association.id).returning('email').executeTakeFirst();
    if (!gone) return { status: 'not_found' as const };
    await recordAudit(trx, { actor, action: 'membership.invitation_cancelled', subject: { kind: 'email', id: null, label: gone.email }, before: { state: 'invited', waiting_for_profile: true }, after: { state: 'none' }, associationId: association.id }, ctx.now());
    return { status: 'done' as const };
  });
}

// --- The mediator's side ----------------------------------------------------------------------

export type MediatorAction = 'accept' | 'decline' | 'withdraw' | 'leave';

/** What each of the mediator's actions moves, from which states. Withdrawing deletes the application. */
const MEDIATOR_MOVES: Record<MediatorAction, { from: MembershipState[]; to: MembershipState | null; action: string }> = {
  accept: { from: ['invited'], to: 'member', action: 'membership.accepted' },
  decline: { from: ['invited'], to: 'declined', action: 'membership.invitation_declined' },
  withdraw: { from: ['applied'], to: null, action: 'membership.withdrawn' },
  leave: { from: ['member'], to: 'left', action: 'membership.left' },
};

export type MediatorOutcome = { status: 'done' } | { status: 'not_found' } | { status: 'wrong_state'; state: MembershipState };

export async function actOnMembership(ctx: Context, user: Actor, mediator: { id: number; name: string }, association: AssociationRef, what: MediatorAction): Promise<MediatorOutcome> {
  const move = MEDIATOR_MOVES[what];
  const files: string[] = [];
  return afterRemovingFiles(ctx, files, inOneTransaction(ctx, async (trx): Promise<MediatorOutcome> => {
    const current = await mediatorIn(trx, association.id, mediator.id);
    if (!current) return { status: 'not_found' };
    if (!move.from.includes(current.state)) return { status: 'wrong_state', state: current.state };
    const moved =
      move.to === null
        ? Number((await trx.deleteFrom('association_members').where('association_id', '=', association.id).where('mediator_id', '=', mediator.id).where('state', 'in', move.from).executeTakeFirst()).numDeletedRows) === 1
        : await moveState(trx, association.id, mediator.id, move.from, move.to, null, ctx.now().toISOString());
    if (!moved) return { status: 'wrong_state', state: current.state };
    if (what === 'leave') {
      await trx.deleteFrom('association_member_panels').where('association_id', '=', association.id).where('mediator_id', '=', mediator.id).execute();
      files.push(...(await releaseIssuer(trx, association.id, mediator.id)));
      await endMemberGrants(trx, user, association.id, mediator.id, 'Left the association', ctx.now());
    }
    await recordAudit(trx, { actor: user, action: move.action, subject: memberSubject(mediator.id, mediator.name), before: { state: current.state }, after: { state: move.to ?? 'none' }, associationId: association.id }, ctx.now());
    return { status: 'done' };
  }));
}

export type ApplyOutcome = { status: 'applied' } | { status: 'already'; state: 'invited' | 'applied' | 'member' };

/** The mediator asks to join; the association's admins get a mail. */
export async function applyToAssociation(ctx: Context, user: Actor, mediator: { id: number; name: string }, association: AssociationRef): Promise<ApplyOutcome> {
  return inOneTransaction(ctx, async (trx, mails): Promise<ApplyOutcome> => {
    const at = ctx.now().toISOString();
    const current = await mediatorIn(trx, association.id, mediator.id);
    if (current && (current.state === 'invited' || current.state === 'applied' || current.state === 'member')) return { status: 'already', state: current.state };
    if (current) await moveState(trx, association.id, mediator.id, ['declined', 'removed', 'left'], 'applied', '', at);
    else await trx.insertInto('association_members').values({ association_id: association.id, mediator_id: mediator.id, state: 'applied', note: '', created_at: at, updated_at: at }).execute();
    await recordAudit(trx, { actor: user, action: 'membership.applied', subject: memberSubject(mediator.id, mediator.name), before: current ? { state: current.state } : null, after: { state: 'applied' }, associationId: association.id }, ctx.now());
    const admins = await trx
      .selectFrom('association_admins as aa')
      .innerJoin('users as u', 'u.id', 'aa.user_id')
      .select('u.email')
      .where('aa.association_id', '=', association.id)
      .orderBy('u.id')
      .execute();
    for (const a of admins) mails.push(applicationMail(ctx.config.publicUrl, a.email, association, mediator.name));
    return { status: 'applied' };
  });
}
