import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { SLUG_PATTERN } from '../directory/schema.ts';
import type { Context } from '../web/context.ts';
import { associationFeaturedPages } from './featured-routes.tsx';
import { asFormBody, fieldValue, parseForm } from '../web/form-fields.ts';
import { notFound } from '../web/http-error.ts';
import { noticeOf, parseId, queryOf } from '../web/query-params.ts';
import { ApplyForm, ApproveForm, DeclineForm, InviteForm, noSuchPage, NOTE_MAX, PanelForm, RemoveForm, rosterPageOf } from './membership-schema.ts';
import {
  actOnMembership,
  applyToAssociation,
  associationsAdministeredBy,
  cancelInvitation,
  cancelWaitingInvitation,
  associationToAdminister,
  claimInvitations,
  decideApplication,
  findAssociation,
  inviteMediator,
  listAssociations,
  membershipsOf,
  ownProfile,
  removeMember,
  roster,
  setPanel,
  type AdminOutcome,
  type AssociationRef,
  type MediatorAction,
  type PanelOutcome,
} from './memberships.ts';
import { reviewQueue, type ReviewScope } from '../directory/credentials/review.ts';
import { decideFromForm, DECISION_NOTICES } from '../directory/credentials/decision-form.ts';
import type { QueueProblem } from '../directory/views/credential-queue.tsx';
import { MEMBERSHIP_NOTICES, MyMembershipsPage, type MembershipNotice, type MyMembershipsView } from './views/my-memberships.tsx';
import { FrameOriginsForm } from './schema.ts';
import { findAssociationBySlug } from './queries.ts';
import { setFrameOrigins } from './service.ts';
import type { EmbedSettingsView } from './views/directory.tsx';
import { ROSTER_NOTICES, rosterPath, RosterPage, STATE_LABELS, type RosterNotice, type RosterProblem } from './views/roster.tsx';

const NOT_RUN_BY_YOU = 'There is no association at this address that you run. Check the address, or ask one of its admins to add you.';
const NOT_ON_ROSTER = 'That mediator is not on this association’s roster.';

/**
 * Memberships: an association's admin page (`/associations/:slug/admin`: its admins and site
 * admins; anyone else gets the 404 an unknown association gets) and the member's associations on
 * their dashboard (`/dashboard/associations`: only their own profile's memberships, found by
 * user_id). Each handler: CSRF (every POST) → who may → validate → the service → redirect, or the
 * page again with the problem.
 */
export async function membershipPages(app: FastifyInstance): Promise<void> {
  const ctx: Context = { ...app.deps, logError: (err, what) => app.log.error({ err }, what) };
  const { db } = ctx;
  const csrf = app.csrfProtection;
  const signedIn = requireUser();

  // Rosters and notes are private; forms carry CSRF tokens.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  await associationFeaturedPages(app);

  // --- An association's admin page ------------------------------------------------------------

  /** The association at this address, when the viewer runs it; else the same 404 as no association. */
  const administered = async (request: FastifyRequest<{ Params: { slug: string } }>): Promise<AssociationRef> => {
    const slug = request.params.slug;
    const association = SLUG_PATTERN.test(slug) ? await associationToAdminister(db, request.user!, slug) : null;
    if (!association) throw notFound(NOT_RUN_BY_YOU);
    return association;
  };
  const mediatorId = (raw: string): number => {
    const id = parseId(raw);
    if (id === null) throw notFound(NOT_ON_ROSTER);
    return id;
  };

  const scopeOf = (association: AssociationRef): ReviewScope => ({ kind: 'association', id: association.id, name: association.name });
  const rosterPage = async (
    reply: FastifyReply,
    association: AssociationRef,
    extra: { notice?: string | null; problem?: RosterProblem; credentialProblem?: QueueProblem | null; embed?: Pick<EmbedSettingsView, 'typed' | 'problems'> } = {},
    page = 1,
  ) => {
    const [list, credentials, found] = await Promise.all([roster(db, association.id, page), reviewQueue(db, scopeOf(association)), findAssociationBySlug(db, association.slug)]);
    if (page > list.pageCount) throw noSuchPage(page, list.pageCount, rosterPath(association.slug));
    const csrf = reply.generateCsrf();
    const embed: EmbedSettingsView = { slug: association.slug, publicUrl: ctx.config.publicUrl, origins: found?.frameOrigins ?? [], csrf, ...extra.embed };
    return reply.html(
      <RosterPage association={association} roster={list} credentials={credentials} csrf={csrf} notice={extra.notice} problem={extra.problem} credentialProblem={extra.credentialProblem} embed={embed} />,
    );
  };
  const done = (reply: FastifyReply, association: AssociationRef, notice: RosterNotice, anchor = '') => reply.redirect(`${rosterPath(association.slug)}?done=${notice}${anchor}`, 303);
  /** What the admin typed, to show again beside its problem. */
  const typedOf = (body: unknown, fields: string[]) => Object.fromEntries(fields.map((f) => [f, fieldValue(asFormBody(body), f, NOTE_MAX)]));

  /** A refusal the admin can act on: the roster again, saying what happened. */
  const refused = async (reply: FastifyReply, association: AssociationRef, outcome: Exclude<AdminOutcome | PanelOutcome, { status: 'done' } | { status: 'no_panel' }>) => {
    if (outcome.status === 'not_found') throw notFound(NOT_ON_ROSTER);
    reply.code(409);
    const notice = outcome.status === 'unchanged' ? 'Nothing changed: the member was already so.' : `Nothing changed: that mediator’s membership is “${STATE_LABELS[outcome.state]}” now, which this cannot change.`;
    return rosterPage(reply, association, { notice });
  };

  type MemberParams = { Params: { slug: string; mediatorId: string } };

  app.get<{ Params: { slug: string } }>('/associations/:slug/admin', { preHandler: signedIn }, async (request, reply) => {
    const association = await administered(request);
    const page = rosterPageOf(request.query);
    const done = queryOf(request.query).done;
    const notice = noticeOf<RosterNotice>(done, ROSTER_NOTICES);
    const decided = noticeOf<keyof typeof DECISION_NOTICES>(done, DECISION_NOTICES);
    return rosterPage(reply, association, { notice: notice ? ROSTER_NOTICES[notice] : decided ? DECISION_NOTICES[decided] : null }, page);
  });

  app.post<{ Params: { slug: string } }>('/associations/:slug/admin/embed', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const association = await administered(request);
    const form = parseForm(FrameOriginsForm, request.body);
    if (!form.ok) return rosterPage(reply.code(400), association, { embed: { typed: fieldValue(asFormBody(request.body), 'frame_origins', 4000), problems: form.problems } });
    const outcome = await setFrameOrigins(ctx, request.user!, association.id, form.value.frame_origins);
    if (outcome.status === 'not_found') throw notFound(NOT_RUN_BY_YOU);
    return done(reply, association, 'sites_saved', '#embed-title');
  });

  app.post<{ Params: { slug: string } }>('/associations/:slug/admin/invite', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const association = await administered(request);
    const form = parseForm(InviteForm, request.body);
    if (!form.ok) return rosterPage(reply.code(400), association, { problem: { mediatorId: 0, form: 'invite', problems: form.problems, typed: typedOf(request.body, ['email']) } });
    const outcome = await inviteMediator(ctx, request.user!, association, form.value.email);
    if (outcome.status === 'already') {
      reply.code(409);
      return rosterPage(reply, association, { notice: `Nothing sent: ${form.value.email} is already “${STATE_LABELS[outcome.state]}” here.` });
    }
    return done(reply, association, outcome.to === 'profile' ? 'invited' : 'invited_address');
  });

  for (const decision of ['approve', 'decline'] as const) {
    app.post<MemberParams>(`/associations/:slug/admin/members/:mediatorId/${decision}`, { preHandler: [csrf, signedIn] }, async (request, reply) => {
      const association = await administered(request);
      const id = mediatorId(request.params.mediatorId);
      const form = parseForm(decision === 'approve' ? ApproveForm : DeclineForm, request.body);
      if (!form.ok) return rosterPage(reply.code(400), association, { problem: { mediatorId: id, form: 'decide', problems: form.problems, typed: typedOf(request.body, ['note']) } });
      const outcome = await decideApplication(ctx, request.user!, association, id, decision, form.value.note);
      if (outcome.status !== 'done') return refused(reply, association, outcome);
      return done(reply, association, decision === 'approve' ? 'approved' : 'declined', `#member-${id}`);
    });
  }

  for (const move of ['assign', 'unassign'] as const) {
    app.post<MemberParams>(`/associations/:slug/admin/members/:mediatorId/panels/${move}`, { preHandler: [csrf, signedIn] }, async (request, reply) => {
      const association = await administered(request);
      const id = mediatorId(request.params.mediatorId);
      const typed = typedOf(request.body, ['panel_id', 'reason']);
      const again = (problems: RosterProblem['problems']) => rosterPage(reply.code(400), association, { problem: { mediatorId: id, form: 'panel', problems, typed } });
      const form = parseForm(PanelForm, request.body);
      if (!form.ok) return again(form.problems);
      const outcome = await setPanel(ctx, request.user!, association, id, form.value.panel_id, move === 'assign', form.value.reason);
      if (outcome.status === 'no_panel') return again([{ field: 'panel_id', message: 'Choose one of the association’s panels.' }]);
      if (outcome.status !== 'done') return refused(reply, association, outcome);
      return done(reply, association, move === 'assign' ? 'assigned' : 'unassigned', `#member-${id}`);
    });
  }

  // Credentials its members say it issued: decided as the association (audited with it, mailed).
  for (const decision of ['verify', 'decline'] as const) {
    app.post<{ Params: { slug: string; evidenceId: string } }>(`/associations/:slug/admin/credentials/:evidenceId/${decision}`, { preHandler: [csrf, signedIn] }, async (request, reply) => {
      const association = await administered(request);
      return decideFromForm(ctx, request, reply, scopeOf(association), decision, (r, v) => rosterPage(r, association, { notice: v.notice ?? null, credentialProblem: v.problem ?? null }), rosterPath(association.slug), '#credentials-title');
    });
  }

  app.post<MemberParams>('/associations/:slug/admin/members/:mediatorId/remove', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const association = await administered(request);
    const id = mediatorId(request.params.mediatorId);
    const form = parseForm(RemoveForm, request.body);
    if (!form.ok) return rosterPage(reply.code(400), association, { problem: { mediatorId: id, form: 'remove', problems: form.problems, typed: typedOf(request.body, ['reason']) } });
    const outcome = await removeMember(ctx, request.user!, association, id, form.value.reason);
    if (outcome.status !== 'done') return refused(reply, association, outcome);
    return done(reply, association, 'removed');
  });

  app.post<MemberParams>('/associations/:slug/admin/members/:mediatorId/cancel', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const association = await administered(request);
    const outcome = await cancelInvitation(ctx, request.user!, association, mediatorId(request.params.mediatorId));
    if (outcome.status !== 'done') return refused(reply, association, outcome);
    return done(reply, association, 'cancelled');
  });

  app.post<{ Params: { slug: string; invitationId: string } }>('/associations/:slug/admin/invitations/:invitationId/cancel', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const association = await administered(request);
    const id = parseId(request.params.invitationId);
    const outcome = id === null ? ({ status: 'not_found' } as const) : await cancelWaitingInvitation(ctx, request.user!, association, id);
    if (outcome.status === 'not_found') throw notFound('There is no invitation waiting with that number here. It may have been withdrawn, or its mediator may have made a profile.');
    return done(reply, association, 'cancelled');
  });

  // --- The member's associations ----------------------------------------------------------------

  const myPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<MyMembershipsView> = {}) => {
    const user = request.user!;
    const profile = await ownProfile(db, user.id);
    if (profile) await claimInvitations(ctx, user, profile.id);
    const memberships = profile ? await membershipsOf(db, profile.id) : [];
    const taken = new Set(memberships.filter((m) => m.state === 'invited' || m.state === 'applied' || m.state === 'member').map((m) => m.association.id));
    const view: MyMembershipsView = {
      csrf: reply.generateCsrf(),
      hasProfile: profile !== null,
      memberships,
      open: (await listAssociations(db)).filter((a) => !taken.has(a.id)),
      administered: await associationsAdministeredBy(db, user.id),
      ...extra,
    };
    return reply.html(<MyMembershipsPage {...view} />);
  };
  const NO_PROFILE = 'Make your profile first: associations list mediator profiles.';

  app.get('/dashboard/associations', { preHandler: signedIn }, async (request, reply) => {
    const notice = noticeOf<MembershipNotice>(queryOf(request.query).done, MEMBERSHIP_NOTICES);
    return myPage(request, reply, { notice: notice ? MEMBERSHIP_NOTICES[notice] : null });
  });

  app.post('/dashboard/associations/apply', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const profile = await ownProfile(db, request.user!.id);
    if (!profile) return myPage(request, reply.code(409), { notice: NO_PROFILE });
    const form = parseForm(ApplyForm, request.body);
    const association = form.ok ? await findAssociation(db, { id: form.value.association_id }) : null;
    if (!association) return myPage(request, reply.code(400), { problems: form.ok ? [{ field: 'association_id', message: 'Choose an association from the list.' }] : form.problems });
    const outcome = await applyToAssociation(ctx, request.user!, profile, association);
    if (outcome.status === 'already') return myPage(request, reply.code(409), { notice: `Nothing changed: your membership of ${association.name} is “${STATE_LABELS[outcome.state]}” already.` });
    return reply.redirect('/dashboard/associations?done=applied', 303);
  });

  const NOTICE_AFTER: Record<MediatorAction, MembershipNotice> = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn', leave: 'left' };
  for (const what of ['accept', 'decline', 'withdraw', 'leave'] as const) {
    app.post<{ Params: { slug: string } }>(`/dashboard/associations/:slug/${what}`, { preHandler: [csrf, signedIn] }, async (request, reply) => {
      const slug = request.params.slug;
      const association = SLUG_PATTERN.test(slug) ? await findAssociation(db, { slug }) : null;
      const profile = await ownProfile(db, request.user!.id);
      const outcome = association && profile ? await actOnMembership(ctx, request.user!, profile, association, what) : ({ status: 'not_found' } as const);
      if (outcome.status === 'not_found') throw notFound('You have no membership of an association at this address, or its invitation is no longer valid: the association may have withdrawn it.');
      if (outcome.status === 'wrong_state') {
        return myPage(request, reply.code(409), { notice: `Nothing changed: your membership of ${association!.name} is “${STATE_LABELS[outcome.state]}” now.` });
      }
      return reply.redirect(`/dashboard/associations?done=${NOTICE_AFTER[what]}`, 303);
    });
  }
}
