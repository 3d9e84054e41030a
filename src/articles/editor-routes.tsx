import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../accounts/session.ts';
import { asFormBody, parseForm } from '../web/form-fields.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { noticeOf, pageParam, parseId, parseQuery, queryOf, scalar, type Parsed } from '../web/query-params.ts';
import { editPieceForm, formAgain, formView, newPieceForm, pieceOr404, readPosted, renderForm, withUploads } from './article-form.tsx';
import { createEditorPiece, declinePiece, publishPiece, requestChanges, restorePiece, saveAnyPiece, schedulePiece, unpublishPiece, type DecisionOutcome } from './editorial.ts';
import { neverCached } from './editor-pages.ts';
import { heroFiles } from './media.ts';
import { listRevisions, revisionDiff } from './revisions.ts';
import { ChangesForm, DeclineForm, EDITOR_KINDS, emptyArticleFields, fieldsFromContent, parsePublishAt, parseTimeZone } from './schema.ts';
import type { ArticleKind } from './types.ts';
import { STATUS_LABELS } from './views/editing/common.tsx';
import { DiffPage, EditorHomePage, EditorListPage, REVIEW_NOTICES, ReviewPage, type ReviewNotice, type ReviewProblems } from './views/editing/editor.tsx';
import { EDITOR_PAGE_SIZE, findPiece, listPieces, loadPreview, reviewQueue, reviewTrail, STATUS_FILTERS, type PieceSummary, type StatusFilter } from './workflow.ts';
import { loadContent } from './write.ts';

const NO_PIECE = 'There is no piece with that number.';

/** `/editor/articles?status=&page=`: a status from the list (all when missing), and a page from 1. */
const EditorListQuery = z.object({
  status: scalar(z.enum(STATUS_FILTERS, { message: `Show one of: ${STATUS_FILTERS.join(', ')}.` }).default('all')),
  page: pageParam,
});
const parseEditorListQuery = (raw: unknown): Parsed<{ status: StatusFilter; page: number }> => parseQuery(EditorListQuery, raw);

/**
 * The editors' pages under /editor (editors and admins): the queue, every piece, writing and
 * editing any piece, the decisions and the revisions; and hero images under /media/articles.
 * Each handler: CSRF (every POST) → editors only → validate → the editorial service → render or
 * redirect.
 */
export async function editorArticlePages(app: FastifyInstance): Promise<void> {
  // Drafts, comments and CSRF tokens are never cached; the images set their own caching.
  await app.register(editorPages);
  await heroFiles(app, app.deps.config.articleImageDir, app.deps.db);
}

async function editorPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, now } = ctx;
  const csrf = app.csrfProtection;
  const editor = requireUser('editor');
  neverCached(app);

  const userId = (request: FastifyRequest) => request.user!.id;

  const anyPiece = (request: FastifyRequest<{ Params: { id: string } }>) => pieceOr404(request.params.id, (id) => findPiece(db, id), NO_PIECE);

  const newForm = (request: FastifyRequest) => newPieceForm(ctx, 'editor', userId(request));
  const editForm = (request: FastifyRequest, piece: PieceSummary) => editPieceForm(ctx, 'editor', piece, userId(request));

  app.get('/editor', { preHandler: editor }, async (request, reply) => {
    const [queue, scheduled] = await Promise.all([reviewQueue(db), listPieces(db, 'scheduled', 1)]);
    return reply.html(<EditorHomePage queue={queue} scheduled={scheduled.items} zone={request.user!.timeZone} />);
  });

  app.get('/editor/articles', { preHandler: editor }, async (request, reply) => {
    const parsed = parseEditorListQuery(request.query);
    if (!parsed.ok) throw badRequest('That list address is not quite right.', parsed.problems);
    const { status, page } = parsed.params;
    const list = await listPieces(db, status, page);
    const pageCount = Math.max(1, Math.ceil(list.total / EDITOR_PAGE_SIZE));
    if (page > pageCount) throw notFound(`There ${pageCount === 1 ? 'is only one page' : `are only ${pageCount} pages`} of pieces here. Go back to page 1.`);
    return reply.html(<EditorListPage filter={status} page={page} {...list} zone={request.user!.timeZone} />);
  });

  app.get('/editor/articles/new', { preHandler: editor }, async (request, reply) => {
    const wanted = queryOf(request.query).kind;
    const kind: ArticleKind = typeof wanted === 'string' && (EDITOR_KINDS as readonly string[]).includes(wanted) ? (wanted as ArticleKind) : 'news';
    const c = await newForm(request);
    return renderForm(reply, c, await formView(ctx, reply, c, emptyArticleFields(kind)));
  });

  app.get<{ Params: { id: string } }>('/editor/articles/:id/edit', { preHandler: editor }, async (request, reply) => {
    const piece = await anyPiece(request);
    const c = await editForm(request, piece);
    return renderForm(reply, c, await formView(ctx, reply, c, fieldsFromContent((await loadContent(db, piece.id))!)));
  });

  async function reviewPage(reply: FastifyReply, piece: PieceSummary, extra: { notice?: ReviewNotice | null; problem?: ReviewProblems | null; moved?: string | null } = {}) {
    const [preview, trail, revisions] = await Promise.all([loadPreview(db, piece.id), reviewTrail(db, piece.id), listRevisions(db, piece.id)]);
    if (!preview) throw notFound(NO_PIECE);
    return reply.html(
      <ReviewPage csrf={reply.generateCsrf()} piece={piece} preview={preview} trail={trail} revisions={revisions} now={now()} zone={reply.request.user!.timeZone} {...extra} />,
    );
  }

  app.get<{ Params: { id: string } }>('/editor/articles/:id', { preHandler: editor }, async (request, reply) => {
    const piece = await anyPiece(request);
    return reviewPage(reply, piece, { notice: noticeOf<ReviewNotice>(queryOf(request.query).done, REVIEW_NOTICES) });
  });

  /** After a decision: back to the piece, or why someone else's decision came first. */
  async function afterDecision(reply: FastifyReply, id: number, outcome: DecisionOutcome, done: ReviewNotice) {
    switch (outcome.status) {
      case 'not_found':
        throw notFound(NO_PIECE);
      case 'moved_on':
        reply.code(409);
        return reviewPage(reply, (await findPiece(db, id))!, {
          moved: `Nothing was changed: this piece is now “${STATUS_LABELS[outcome.current]}”, so that action no longer applies. Another editor may have answered first.`,
        });
      case 'done':
        return reply.redirect(`/editor/articles/${id}?done=${done}`, 303);
    }
  }

  app.post<{ Params: { id: string } }>('/editor/articles/:id/publish', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    return afterDecision(reply, piece.id, await publishPiece(ctx, { editorId: userId(request), id: piece.id }), 'published');
  });

  app.post<{ Params: { id: string } }>('/editor/articles/:id/schedule', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    const body = asFormBody(request.body);
    const raw = body.publish_at;
    const typed = typeof raw === 'string' ? raw.slice(0, 40) : '';
    const zone = parseTimeZone(body.time_zone);
    const at = zone.ok ? parsePublishAt(raw, now(), zone.zone) : zone;
    if (!at.ok) {
      reply.code(400);
      const field = zone.ok ? 'publish_at' : 'time_zone';
      return reviewPage(reply, piece, { problem: { form: 'schedule', problems: [{ field, message: at.message }], typed, zone: zone.ok ? zone.zone : undefined } });
    }
    const outcome = await schedulePiece(ctx, { editorId: userId(request), id: piece.id, at: at.at, zone: zone.ok ? zone.zone : null });
    return afterDecision(reply, piece.id, outcome, 'scheduled');
  });

  for (const [action, form, decide, done] of [
    ['changes', ChangesForm, requestChanges, 'changes_requested'],
    ['decline', DeclineForm, declinePiece, 'declined'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/editor/articles/:id/${action}`, { preHandler: [csrf, editor] }, async (request, reply) => {
      const piece = await anyPiece(request);
      const parsed = parseForm(form, request.body);
      if (!parsed.ok) {
        const typed = asFormBody(request.body).comment;
        reply.code(400);
        const fieldId = `${action}-comment`;
        return reviewPage(reply, piece, { problem: { form: action, problems: parsed.problems.map((p) => ({ ...p, field: fieldId })), typed: typeof typed === 'string' ? typed.slice(0, 5000) : '' } });
      }
      return afterDecision(reply, piece.id, await decide(ctx, { editorId: userId(request), id: piece.id, comment: parsed.value.comment }), done);
    });
  }

  app.post<{ Params: { id: string } }>('/editor/articles/:id/unpublish', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    return afterDecision(reply, piece.id, await unpublishPiece(ctx, { editorId: userId(request), id: piece.id }), 'unpublished');
  });

  app.get<{ Params: { id: string; rev: string } }>('/editor/articles/:id/revisions/:rev', { preHandler: editor }, async (request, reply) => {
    const piece = await anyPiece(request);
    const rev = parseId(request.params.rev);
    const diff = rev ? await revisionDiff(db, piece.id, rev) : undefined;
    if (!diff) throw notFound('This piece has no revision with that number.');
    const latest = (await listRevisions(db, piece.id))[0];
    return reply.html(<DiffPage csrf={reply.generateCsrf()} piece={piece} diff={diff} isCurrent={latest?.id === diff.revision.id} />);
  });

  app.post<{ Params: { id: string; rev: string } }>('/editor/articles/:id/revisions/:rev/restore', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    const rev = parseId(request.params.rev);
    const outcome = rev ? await restorePiece(ctx, { editorId: userId(request), id: piece.id, revisionId: rev }) : { status: 'not_found' };
    if (outcome.status === 'not_found') throw notFound('This piece has no revision with that number.');
    return reply.redirect(`/editor/articles/${piece.id}?done=restored`, 303);
  });

  await withUploads(app, (upload, bodyLimit) => {
    upload.post('/editor/articles', { preHandler: [csrf, editor], bodyLimit }, async (request, reply) => {
      const c = await newForm(request);
      const posted = await readPosted(ctx, request, reply, c);
      if (!posted) return reply;
      const byline = posted.byline === 'editors' ? ({ kind: 'editors' } as const) : ({ kind: 'self', name: posted.bylineName } as const);
      const saved = await createEditorPiece(ctx, { editorId: userId(request), content: posted.content, byline, change: posted.authors, publish: posted.after === 'publish' });
      if (saved.status === 'authors') return formAgain(ctx, reply, c, posted.fields, 400, [{ field: 'coauthors', message: saved.message }]);
      return reply.redirect(`/editor/articles/${saved.id}?done=${saved.published ? 'published' : 'created'}`, 303);
    });

    upload.post<{ Params: { id: string } }>('/editor/articles/:id', { preHandler: [csrf, editor], bodyLimit }, async (request, reply) => {
      const piece = await anyPiece(request);
      const c = await editForm(request, piece);
      const posted = await readPosted(ctx, request, reply, c);
      if (!posted) return reply;
      const saved = await saveAnyPiece(ctx, { editorId: userId(request), id: piece.id, content: posted.content, change: posted.authors, publish: posted.after === 'publish' });
      switch (saved.status) {
        case 'not_found':
          throw notFound(NO_PIECE);
        case 'authors':
          // The byline changed between reading the form and saving it (another author saved): as typed.
          return formAgain(ctx, reply, c, posted.fields, 400, [{ field: 'coauthors', message: saved.message }]);
        case 'moved_on': {
          // Nothing was saved; the form shows the piece as it is now, with what the editor typed.
          const current = await editForm(request, (await findPiece(db, piece.id))!);
          return formAgain(ctx, reply, current, posted.fields, 409, [], {
            imageLost: posted.uploaded,
            problem: `Nothing was saved: this piece is now “${STATUS_LABELS[saved.current]}”, so “Save and publish” no longer applies. Another editor may have published it since you opened it. Your text is below: save it again to change the piece as it is now.`,
          });
        }
        case 'saved':
          return reply.redirect(`/editor/articles/${piece.id}?done=${saved.published ? 'published' : 'saved'}`, 303);
      }
    });
  });
}
