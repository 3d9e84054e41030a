import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { neverCached } from '../articles/editor-pages.ts';
import { countSubmitted } from '../articles/workflow.ts';
import { countUsers } from '../members/admin.ts';
import { countReviewQueue } from '../members/moderation.ts';
import { countReviewQueue as countEvidenceQueue } from '../directory/credentials/review.ts';
import { addLanguage, deleteLanguage, listLanguageUse, renameLanguage, setLanguageHidden } from '../directory/languages.ts';
import { addPracticeArea, deletePracticeArea, listPracticeAreaUse, movePracticeArea, updatePracticeArea } from '../directory/practice-areas.ts';
import { parseForm } from '../web/form-fields.ts';
import { plural } from '../web/format.ts';
import { notFound, type FieldProblem } from '../web/http-error.ts';
import { noticeOf, queryOf, typedParam } from '../web/query-params.ts';
import { auditChoices, listAudit, type AuditFilter } from './audit.ts';
import { presentAuditEntry } from './present.ts';
import { DirectionForm, LanguageForm, LanguageNameForm, parseAreaSlug, parseAuditQuery, parseLanguageCode, PracticeAreaForm } from './schema.ts';
import { AdminHomePage, AuditPage, auditHref } from './views/admin-pages.tsx';
import { LANGUAGE_NOTICES, LanguagesPage, type LanguageNotice, type LanguagesView } from './views/languages.tsx';
import { AREA_NOTICES, PracticeAreasPage, type AreaNotice, type AreasView } from './views/practice-areas.tsx';

/**
 * The admin area: its landing page (the review queues with their counts, accounts, the latest of
 * the audit log) and the audit log itself, which only reads: nothing here or anywhere edits or
 * deletes an entry; and the practice areas and languages search filters by. Admins only.
 */
export async function adminPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const admin = requireUser('admin');
  neverCached(app);

  app.get('/admin', { preHandler: admin }, async (_request, reply) => {
    const [profilesWaiting, piecesSubmitted, credentialsWaiting, users, latest] = await Promise.all([
      countReviewQueue(ctx.db),
      countSubmitted(ctx.db),
      countEvidenceQueue(ctx.db),
      countUsers(ctx),
      listAudit(ctx, { actor: '', action: '', kind: '', from: '', to: '' }, 1),
    ]);
    return reply.html(<AdminHomePage profilesWaiting={profilesWaiting} piecesSubmitted={piecesSubmitted} credentialsWaiting={credentialsWaiting} users={users} latest={latest.entries.slice(0, 5).map(presentAuditEntry)} />);
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

  // --- Practice areas ------------------------------------------------------------------------------

  const NO_AREA = 'There is no practice area with that address. It may have been deleted.';
  const nameTaken = (name: string) => `There is already a practice area named “${name}”. Choose another name (capitals do not make a name different).`;

  async function areasPage(reply: FastifyReply, view: Omit<AreasView, 'csrf' | 'areas'> = {}) {
    return reply.html(<PracticeAreasPage csrf={reply.generateCsrf()} areas={await listPracticeAreaUse(ctx.db)} {...view} />);
  }
  const refusedForm = (reply: FastifyReply, slug: string, body: unknown, problems: FieldProblem[]) => {
    const typed = { name: typedParam(body, 'name', 200), description: typedParam(body, 'description', 1000) };
    return areasPage(reply.code(400), { refused: { slug, typed, problems } });
  };
  const areaSlug = (raw: string) => {
    const slug = parseAreaSlug(raw);
    if (!slug) throw notFound(NO_AREA);
    return slug;
  };

  app.get('/admin/practice-areas', { preHandler: admin }, async (request, reply) => {
    return areasPage(reply, { notice: noticeOf<AreaNotice>(queryOf(request.query).done, AREA_NOTICES) });
  });

  app.post('/admin/practice-areas', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const form = parseForm(PracticeAreaForm, request.body);
    if (!form.ok) return refusedForm(reply, '', request.body, form.problems);
    const added = await addPracticeArea(ctx.db, request.user!, form.value, ctx.now());
    if (added.status !== 'added') {
      const message = added.status === 'name_taken' ? nameTaken(form.value.name) : 'Use some letters or digits in the name: its address in search links is made from them.';
      return refusedForm(reply, '', request.body, [{ field: 'name', message }]);
    }
    return reply.redirect(`/admin/practice-areas?done=added#area-${added.slug}`, 303);
  });

  app.post<{ Params: { slug: string } }>('/admin/practice-areas/:slug', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const slug = areaSlug(request.params.slug);
    const form = parseForm(PracticeAreaForm, request.body);
    if (!form.ok) return refusedForm(reply, slug, request.body, form.problems);
    const saved = await updatePracticeArea(ctx.db, request.user!, slug, form.value, ctx.now());
    if (saved === 'not_found') throw notFound(NO_AREA);
    if (saved === 'name_taken') return refusedForm(reply, slug, request.body, [{ field: 'name', message: nameTaken(form.value.name) }]);
    return reply.redirect(`/admin/practice-areas?done=saved#area-${slug}`, 303);
  });

  app.post<{ Params: { slug: string } }>('/admin/practice-areas/:slug/reorder', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const slug = areaSlug(request.params.slug);
    const form = parseForm(DirectionForm, request.body);
    if (!form.ok) return areasPage(reply.code(400), { problem: 'Choose to move the practice area up or down.' });
    const moved = await movePracticeArea(ctx.db, request.user!, slug, form.value.direction, ctx.now());
    if (moved === 'not_found') throw notFound(NO_AREA);
    return reply.redirect(`/admin/practice-areas${moved === 'moved' ? '?done=moved' : ''}#area-${slug}`, 303);
  });

  app.post<{ Params: { slug: string } }>('/admin/practice-areas/:slug/delete', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const slug = areaSlug(request.params.slug);
    const outcome = await deletePracticeArea(ctx.db, request.user!, slug, ctx.now());
    if (outcome.status === 'not_found') throw notFound(NO_AREA);
    if (outcome.status === 'in_use') {
      const problem = `${plural(outcome.profiles, 'profile')} ${outcome.profiles === 1 ? 'lists' : 'list'} this practice area, so it was not deleted. Rename it instead, or ask its members to choose another.`;
      return areasPage(reply.code(409), { problem });
    }
    return reply.redirect('/admin/practice-areas?done=deleted', 303);
  });

  // --- Languages -----------------------------------------------------------------------------------

  const NO_LANGUAGE = 'There is no language with that code. It may have been deleted.';
  const languageNameTaken = (name: string) => `There is already a language named “${name}”. Choose another name (capitals do not make a name different).`;

  async function languagesPage(reply: FastifyReply, view: Omit<LanguagesView, 'csrf' | 'languages'> = {}) {
    return reply.html(<LanguagesPage csrf={reply.generateCsrf()} languages={await listLanguageUse(ctx.db)} {...view} />);
  }
  const refusedLanguage = (reply: FastifyReply, code: string, body: unknown, problems: FieldProblem[]) => {
    const typed = { code: typedParam(body, 'code', 20), name: typedParam(body, 'name', 200) };
    return languagesPage(reply.code(400), { refused: { code, typed, problems } });
  };
  const languageCode = (raw: string) => {
    const code = parseLanguageCode(raw);
    if (!code) throw notFound(NO_LANGUAGE);
    return code;
  };

  app.get('/admin/languages', { preHandler: admin }, async (request, reply) => {
    return languagesPage(reply, { notice: noticeOf<LanguageNotice>(queryOf(request.query).done, LANGUAGE_NOTICES) });
  });

  app.post('/admin/languages', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const form = parseForm(LanguageForm, request.body);
    if (!form.ok) return refusedLanguage(reply, '', request.body, form.problems);
    const added = await addLanguage(ctx.db, request.user!, form.value, ctx.now());
    if (added === 'code_taken') return refusedLanguage(reply, '', request.body, [{ field: 'code', message: `The code “${form.value.code}” is already in the list. Rename that language instead, or check the code.` }]);
    if (added === 'name_taken') return refusedLanguage(reply, '', request.body, [{ field: 'name', message: languageNameTaken(form.value.name) }]);
    return reply.redirect(`/admin/languages?done=added#language-${form.value.code}`, 303);
  });

  app.post<{ Params: { code: string } }>('/admin/languages/:code', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const code = languageCode(request.params.code);
    const form = parseForm(LanguageNameForm, request.body);
    if (!form.ok) return refusedLanguage(reply, code, request.body, form.problems);
    const saved = await renameLanguage(ctx.db, request.user!, code, form.value.name, ctx.now());
    if (saved === 'not_found') throw notFound(NO_LANGUAGE);
    if (saved === 'name_taken') return refusedLanguage(reply, code, request.body, [{ field: 'name', message: languageNameTaken(form.value.name) }]);
    return reply.redirect(`/admin/languages?done=saved#language-${code}`, 303);
  });

  for (const [action, hidden] of [['hide', true], ['show', false]] as const) {
    app.post<{ Params: { code: string } }>(`/admin/languages/:code/${action}`, { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
      const code = languageCode(request.params.code);
      const saved = await setLanguageHidden(ctx.db, request.user!, code, hidden, ctx.now());
      if (saved === 'not_found') throw notFound(NO_LANGUAGE);
      return reply.redirect(`/admin/languages?done=${hidden ? 'hidden' : 'shown'}#language-${code}`, 303);
    });
  }

  app.post<{ Params: { code: string } }>('/admin/languages/:code/delete', { preHandler: [app.csrfProtection, admin] }, async (request, reply) => {
    const code = languageCode(request.params.code);
    const outcome = await deleteLanguage(ctx.db, request.user!, code, ctx.now());
    if (outcome.status === 'not_found') throw notFound(NO_LANGUAGE);
    if (outcome.status === 'in_use') {
      const problem = `${plural(outcome.profiles, 'profile')} ${outcome.profiles === 1 ? 'lists' : 'list'} this language, so it was not deleted. Hide it instead: it then stays on those profiles but is offered nowhere.`;
      return languagesPage(reply.code(409), { problem });
    }
    return reply.redirect('/admin/languages?done=deleted', 303);
  });
}
