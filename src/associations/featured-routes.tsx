import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { ChangeGrantForm, endDayOf, EndGrantForm, GrantForm, periodOf } from '../directory/featured/forms.ts';
import { changeGrant, endGrant, getGrant, grantFeatured, listGrants, type Grant, type GrantOutcome, type GrantScope } from '../directory/featured/grants.ts';
import { regionInput } from '../directory/featured/regions.ts';
import { SLUG_PATTERN } from '../directory/schema.ts';
import type { Context } from '../web/context.ts';
import { asFormBody, fieldValue, parseForm } from '../web/form-fields.ts';
import { notFound, type FieldProblem } from '../web/http-error.ts';
import { noticeOf, parseId, queryOf } from '../web/query-params.ts';
import { associationToAdminister, type AssociationRef } from './memberships.ts';
import { ASSOCIATION_GRANT_NOTICES, AssociationFeaturedPage, AssociationGrantPage, featuredPath, type AssociationGrantFields, type AssociationGrantNotice } from './views/featured.tsx';

/**
 * An association's featured places in its own directory (`/associations/:slug/admin/featured`):
 * its admins and site admins grant, change and end them for its members only. grants.ts does the
 * work in the association's scope, so another association's grant id finds nothing (404) and a
 * mediator who is not a member is refused at the form (400). Each change is audited there.
 */
export async function associationFeaturedPages(app: FastifyInstance): Promise<void> {
  const ctx: Context = { ...app.deps, logError: (err, what) => app.log.error({ err }, what) };
  const { db, now } = ctx;
  const csrf = app.csrfProtection;
  const signedIn = requireUser();

  const administered = async (request: FastifyRequest<{ Params: { slug: string } }>): Promise<AssociationRef> => {
    const slug = request.params.slug;
    const association = SLUG_PATTERN.test(slug) ? await associationToAdminister(db, request.user!, slug) : null;
    if (!association) throw notFound('There is no association at this address that you run. Check the address, or ask one of its admins to add you.');
    return association;
  };
  const scopeOf = (a: AssociationRef): GrantScope => ({ associationId: a.id });
  const noGrant = () => notFound('Your association has no featured place with that number.');

  const members = (associationId: number) =>
    db
      .selectFrom('association_members as am')
      .innerJoin('mediators as m', 'm.id', 'am.mediator_id')
      .select(['m.slug', 'm.name'])
      .where('am.association_id', '=', associationId)
      .where('am.state', '=', 'member')
      .where('m.status', '=', 'published')
      .orderBy('m.name')
      .orderBy('m.id')
      .execute();

  const typed = (raw: unknown): AssociationGrantFields => {
    const body = asFormBody(raw);
    return { mediator: fieldValue(body, 'mediator', 300), region: fieldValue(body, 'region', 120), starts: fieldValue(body, 'starts', 10), ends: fieldValue(body, 'ends', 10), reason: fieldValue(body, 'reason', 500) };
  };
  const fieldsOf = (g: Grant): AssociationGrantFields => ({ mediator: g.mediator.slug, region: regionInput(g.region), starts: g.startsAt.slice(0, 10), ends: endDayOf(g.endsAt), reason: '' });

  async function listPage(reply: FastifyReply, a: AssociationRef, fields: AssociationGrantFields, problems: FieldProblem[], notice: AssociationGrantNotice | null = null) {
    const [{ current, ended }, choices] = await Promise.all([listGrants(db, now(), scopeOf(a)), members(a.id)]);
    return reply.html(<AssociationFeaturedPage csrf={reply.generateCsrf()} association={a} members={choices} current={current} ended={ended} fields={fields} problems={problems} notice={notice} />);
  }
  const grantPage = (reply: FastifyReply, a: AssociationRef, grant: Grant, fields: AssociationGrantFields, problems: FieldProblem[], notice: AssociationGrantNotice | null = null) =>
    reply.html(<AssociationGrantPage csrf={reply.generateCsrf()} association={a} grant={grant} fields={fields} problems={problems} notice={notice} />);

  type GrantParams = { Params: { slug: string; grantId: string } };
  const grantIdOf = (request: FastifyRequest<GrantParams>) => {
    const id = parseId(request.params.grantId);
    if (!id) throw noGrant();
    return id;
  };

  app.get<{ Params: { slug: string } }>('/associations/:slug/admin/featured', { preHandler: signedIn }, async (request, reply) => {
    const a = await administered(request);
    const empty: AssociationGrantFields = { mediator: '', region: '', starts: now().toISOString().slice(0, 10), ends: '', reason: '' };
    return listPage(reply, a, empty, [], noticeOf(queryOf(request.query).done, ASSOCIATION_GRANT_NOTICES));
  });

  app.post<{ Params: { slug: string } }>('/associations/:slug/admin/featured', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const a = await administered(request);
    const form = parseForm(GrantForm, request.body);
    if (!form.ok) return listPage(reply.code(400), a, typed(request.body), form.problems);
    const { mediator, region, reason } = form.value;
    const outcome = await grantFeatured(ctx, request.user!, { mediator, region, reason, ...periodOf(form.value) }, now(), scopeOf(a));
    if (outcome.status !== 'done') return listPage(reply.code(400), a, typed(request.body), outcome.status === 'invalid' ? outcome.problems : []);
    return reply.redirect(`${featuredPath(a.slug)}/${outcome.grant.id}?done=granted`, 303);
  });

  app.get<GrantParams>('/associations/:slug/admin/featured/:grantId', { preHandler: signedIn }, async (request, reply) => {
    const a = await administered(request);
    const grant = await getGrant(db, grantIdOf(request), now(), scopeOf(a));
    if (!grant) throw noGrant();
    return grantPage(reply, a, grant, fieldsOf(grant), [], noticeOf(queryOf(request.query).done, ASSOCIATION_GRANT_NOTICES));
  });

  async function answer(request: FastifyRequest<GrantParams>, reply: FastifyReply, a: AssociationRef, id: number, outcome: GrantOutcome, notice: AssociationGrantNotice) {
    if (outcome.status === 'unknown') throw noGrant();
    if (outcome.status === 'done') return reply.redirect(`${featuredPath(a.slug)}/${id}?done=${notice}`, 303);
    const grant = await getGrant(db, id, now(), scopeOf(a));
    if (!grant) throw noGrant();
    return grantPage(reply.code(400), a, grant, { ...typed(request.body), mediator: grant.mediator.slug }, outcome.problems);
  }

  app.post<GrantParams>('/associations/:slug/admin/featured/:grantId', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const a = await administered(request);
    const id = grantIdOf(request);
    const form = parseForm(ChangeGrantForm, request.body);
    const outcome: GrantOutcome = form.ok
      ? await changeGrant(ctx, request.user!, id, { region: form.value.region, reason: form.value.reason, ...periodOf(form.value) }, now(), scopeOf(a))
      : { status: 'invalid', problems: form.problems };
    return answer(request, reply, a, id, outcome, 'changed');
  });

  app.post<GrantParams>('/associations/:slug/admin/featured/:grantId/end', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const a = await administered(request);
    const id = grantIdOf(request);
    const form = parseForm(EndGrantForm, request.body);
    const outcome: GrantOutcome = form.ok ? await endGrant(ctx, request.user!, id, form.value.end_reason, now(), scopeOf(a)) : { status: 'invalid', problems: form.problems };
    return answer(request, reply, a, id, outcome, 'ended');
  });
}
