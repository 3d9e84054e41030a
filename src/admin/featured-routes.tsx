import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { changeGrant, endGrant, getGrant, grantFeatured, listGrants, type Grant, type GrantOutcome } from '../directory/featured/grants.ts';
import { regionInput } from '../directory/featured/regions.ts';
import { asFormBody, fieldValue, parseForm } from '../web/form-fields.ts';
import { notFound, type FieldProblem } from '../web/http-error.ts';
import { noticeOf, parseId, queryOf } from '../web/query-params.ts';
import { ChangeGrantForm, EndGrantForm, GrantForm, endDayOf, periodOf } from './featured-schema.ts';
import { FeaturedGrantPage, FeaturedGrantsPage, GRANT_NOTICES, type GrantFields, type GrantNotice } from './views/featured.tsx';

/**
 * /admin/featured (admins): every featured grant, granting one, and one grant's page to change
 * its region or period or end it now. Each action is audited by the service, in its transaction.
 */
export async function featuredAdminPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, now } = ctx;
  const csrf = app.csrfProtection;
  const admin = requireUser('admin');
  const noGrant = () => notFound('There is no featured grant with that number.');

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/admin/featured')) reply.header('cache-control', 'no-store');
  });

  /** What the form had, to show again with its problems (each value cut to its field's length). */
  const typed = (raw: unknown): GrantFields => {
    const body = asFormBody(raw);
    return { mediator: fieldValue(body, 'mediator', 300), region: fieldValue(body, 'region', 120), starts: fieldValue(body, 'starts', 10), ends: fieldValue(body, 'ends', 10), reason: fieldValue(body, 'reason', 500) };
  };
  const fieldsOf = (g: Grant): GrantFields => ({ mediator: g.mediator.slug, region: regionInput(g.region), starts: g.startsAt.slice(0, 10), ends: endDayOf(g.endsAt), reason: '' });

  async function listPage(reply: FastifyReply, fields: GrantFields, problems: FieldProblem[], notice: GrantNotice | null = null) {
    const { current, ended } = await listGrants(db, now());
    return reply.html(<FeaturedGrantsPage csrf={reply.generateCsrf()} current={current} ended={ended} fields={fields} problems={problems} notice={notice} />);
  }

  async function grantPage(reply: FastifyReply, grant: Grant, fields: GrantFields, problems: FieldProblem[], notice: GrantNotice | null = null) {
    return reply.html(<FeaturedGrantPage csrf={reply.generateCsrf()} grant={grant} fields={fields} problems={problems} notice={notice} />);
  }

  const actor = (request: FastifyRequest) => request.user!;

  app.get('/admin/featured', { preHandler: admin }, async (request, reply) => {
    const empty: GrantFields = { mediator: '', region: '', starts: now().toISOString().slice(0, 10), ends: '', reason: '' };
    return listPage(reply, empty, [], noticeOf(queryOf(request.query).done, GRANT_NOTICES));
  });

  app.post('/admin/featured', { preHandler: [csrf, admin] }, async (request, reply) => {
    const form = parseForm(GrantForm, request.body);
    if (!form.ok) return listPage(reply.code(400), typed(request.body), form.problems);
    const { mediator, region, reason } = form.value;
    const outcome = await grantFeatured(ctx, actor(request), { mediator, region, reason, ...periodOf(form.value) }, now());
    if (outcome.status !== 'done') return listPage(reply.code(400), typed(request.body), outcome.status === 'invalid' ? outcome.problems : []);
    return reply.redirect(`/admin/featured/${outcome.grant.id}?done=granted`, 303);
  });

  app.get<{ Params: { id: string } }>('/admin/featured/:id', { preHandler: admin }, async (request, reply) => {
    const id = parseId(request.params.id);
    const grant = id && (await getGrant(db, id, now()));
    if (!grant) throw noGrant();
    return grantPage(reply, grant, fieldsOf(grant), [], noticeOf(queryOf(request.query).done, GRANT_NOTICES));
  });

  /** A change or an end: the grant's page again with the problems, or back to it with a notice. */
  async function answer(request: FastifyRequest, reply: FastifyReply, id: number, outcome: GrantOutcome, notice: GrantNotice) {
    if (outcome.status === 'unknown') throw noGrant();
    if (outcome.status === 'done') return reply.redirect(`/admin/featured/${id}?done=${notice}`, 303);
    const grant = await getGrant(db, id, now());
    if (!grant) throw noGrant();
    return grantPage(reply.code(400), grant, { ...typed(request.body), mediator: grant.mediator.slug }, outcome.problems);
  }

  app.post<{ Params: { id: string } }>('/admin/featured/:id', { preHandler: [csrf, admin] }, async (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) throw noGrant();
    const form = parseForm(ChangeGrantForm, request.body);
    const outcome: GrantOutcome = form.ok
      ? await changeGrant(ctx, actor(request), id, { region: form.value.region, reason: form.value.reason, ...periodOf(form.value) }, now())
      : { status: 'invalid', problems: form.problems };
    return answer(request, reply, id, outcome, 'changed');
  });

  app.post<{ Params: { id: string } }>('/admin/featured/:id/end', { preHandler: [csrf, admin] }, async (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) throw noGrant();
    const form = parseForm(EndGrantForm, request.body);
    const outcome: GrantOutcome = form.ok ? await endGrant(ctx, actor(request), id, form.value.end_reason, now()) : { status: 'invalid', problems: form.problems };
    return answer(request, reply, id, outcome, 'ended');
  });
}
