import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { neverCached } from '../articles/editor-pages.ts';
import { reviewQueue, type Decision, type ReviewScope } from '../directory/credentials/review.ts';
import { decideFromForm, DECISION_NOTICES } from '../directory/credentials/decision-form.ts';
import { CredentialQueue, type QueueProblem } from '../directory/views/credential-queue.tsx';
import { AreaNav } from '../web/area-nav.tsx';
import type { Context } from '../web/context.ts';
import { PageNotice } from '../web/forms.tsx';
import { Layout } from '../web/layout.tsx';
import { noticeOf, queryOf } from '../web/query-params.ts';

/** /admin/credentials: every piece of evidence waiting, decided as "Concord". Admins only. */
export async function credentialAdminPages(app: FastifyInstance): Promise<void> {
  const ctx: Context = { ...app.deps, logError: (err, what) => app.log.error({ err }, what) };
  const admin = requireUser('admin');
  neverCached(app);
  const SITE: ReviewScope = { kind: 'site' };

  const queuePage = async (reply: FastifyReply, view: { notice?: string | null; problem?: QueueProblem | null; error?: boolean } = {}) => {
    const items = await reviewQueue(ctx.db, SITE);
    return reply.html(
      <Layout title="Credentials to verify" section="account" noindex>
        <AreaNav area="admin" current="credentials" />
        <h1>Credentials to verify</h1>
        <p>
          Evidence members sent, oldest first. Verify when it shows the member holds the credential today; the profile then shows “Verified” with today’s date and “Concord” for a year. Either decision
          mails the member and deletes the file.
        </p>
        <PageNotice text={view.notice} error={view.error} />
        <CredentialQueue items={items} csrf={reply.generateCsrf()} actionBase="/admin/credentials" problem={view.problem} />
      </Layout>,
    );
  };

  app.get('/admin/credentials', { preHandler: admin }, async (request, reply) => {
    const done = noticeOf<Decision>(queryOf(request.query).done, DECISION_NOTICES);
    return queuePage(reply, { notice: done ? DECISION_NOTICES[done] : null });
  });

  for (const decision of ['verify', 'decline'] as const) {
    app.post<{ Params: { evidenceId: string } }>(`/admin/credentials/:evidenceId/${decision}`, { preHandler: [app.csrfProtection, admin] }, async (request, reply) =>
      decideFromForm(ctx, request, reply, SITE, decision, (r, v) => queuePage(r, { notice: v.notice ?? null, problem: v.problem ?? null, error: true }), '/admin/credentials'),
    );
  }
}
