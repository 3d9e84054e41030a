import type { FastifyInstance } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { neverCached } from '../articles/editor-pages.ts';
import { countSubmitted } from '../articles/workflow.ts';
import { countUsers } from '../members/admin.ts';
import { countReviewQueue } from '../members/moderation.ts';
import { notFound } from '../web/http-error.ts';
import { typedParam } from '../web/query-params.ts';
import { auditChoices, listAudit, type AuditFilter } from './audit.ts';
import { presentAuditEntry } from './present.ts';
import { parseAuditQuery } from './schema.ts';
import { AdminHomePage, AuditPage, auditHref } from './views/admin-pages.tsx';

/**
 * The admin area: its landing page (the review queues with their counts, accounts, the latest of
 * the audit log) and the audit log itself, which only reads: nothing here or anywhere edits or
 * deletes an entry. Admins only.
 */
export async function adminPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const admin = requireUser('admin');
  neverCached(app);

  app.get('/admin', { preHandler: admin }, async (_request, reply) => {
    const [profilesWaiting, piecesSubmitted, users, latest] = await Promise.all([
      countReviewQueue(ctx.db),
      countSubmitted(ctx.db),
      countUsers(ctx),
      listAudit(ctx, { actor: '', action: '', kind: '', from: '', to: '' }, 1),
    ]);
    return reply.html(<AdminHomePage profilesWaiting={profilesWaiting} piecesSubmitted={piecesSubmitted} users={users} latest={latest.entries.slice(0, 5).map(presentAuditEntry)} />);
  });

  app.get('/admin/audit', { preHandler: admin }, async (request, reply) => {
    const parsed = parseAuditQuery(request.query);
    const choices = await auditChoices(ctx);
    if (!parsed.ok) {
      const raw = request.query;
      const typed: AuditFilter = { actor: typedParam(raw, 'actor', 1000), action: typedParam(raw, 'action', 100), kind: typedParam(raw, 'kind', 100), from: typedParam(raw, 'from', 40), to: typedParam(raw, 'to', 40) };
      const onFields = parsed.problems.filter((p) => p.field !== 'page');
      const problem = onFields.length < parsed.problems.length ? 'That page number is not right: pages are whole numbers from 1.' : undefined;
      return reply.code(400).html(<AuditPage typed={typed} choices={choices} problems={onFields} problem={problem} list={null} />);
    }
    const { page, ...filter } = parsed.params;
    const found = await listAudit(ctx, filter, page);
    if (page > found.pageCount) {
      throw notFound(`There is no page ${page} of this log: it has ${found.pageCount === 1 ? 'one page' : `${found.pageCount} pages`}. Go to ${auditHref(filter)} for the first.`);
    }
    const list = { filter, page, items: found.entries.map(presentAuditEntry), matching: found.matching, pageCount: found.pageCount };
    return reply.html(<AuditPage typed={filter} choices={choices} problems={[]} list={list} />);
  });
}
