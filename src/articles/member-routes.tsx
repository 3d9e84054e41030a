import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { notFound } from '../web/http-error.ts';
import { noticeOf, queryOf } from '../web/query-params.ts';
import { editPieceForm, formAgain, formView, newPieceForm, pieceOr404, readPosted, renderForm, withUploads, type FormContext } from './article-form.tsx';
import { createOwnPiece, saveOwnPiece, type OwnSaveOutcome } from './editorial.ts';
import { neverCached } from './editor-pages.ts';
import { emptyArticleFields, fieldsFromContent, type ArticleFields } from './schema.ts';
import { OWN_NOTICES, OwnPieceFormPage, OwnPieceLockedPage, OwnPiecesPage, OwnPreviewPage, type OwnNotice } from './views/editing/member.tsx';
import { findOwnPiece, leaveOwnPiece, listOwnPieces, loadPreview, MEMBER_EDITABLE, submitOwnPiece, withdrawOwnPiece, type PieceSummary } from './workflow.ts';
import { loadContent } from './write.ts';

// Never says whether a piece exists: another member's piece answers exactly like a missing one.
const NOT_FOUND = 'We could not find that piece among the ones you can open.';
const LOCKED = 'This piece is with the editors, so it cannot be changed until they answer. You will get an email when they do.';
const LAST_AUTHOR = 'You are the only author of this piece, so your name cannot come off it. Name a co-author first, or ask the editors to take the piece down.';
/** Why a piece cannot be withdrawn: an editor has answered, or it was never waiting. */
const NOT_WITHDRAWN: Record<string, string> = {
  changes_requested: 'An editor has already answered and asked for a change, so there is nothing to withdraw: the piece is back with you to edit.',
  declined: 'An editor has already decided not to publish this piece, so it can no longer be withdrawn.',
  scheduled: 'An editor has already approved this piece and scheduled it, so it can no longer be withdrawn. Write to the editors if it should not appear.',
  published: 'This piece is already published, so it can no longer be withdrawn. Write to the editors if it should come down.',
  draft: 'This piece is not waiting for review, so there is nothing to withdraw.',
};

/**
 * A member's own pieces under /dashboard/articles (signed-in users): a piece is theirs through its
 * byline, and nothing else is addressable. Each handler: CSRF (every POST) → who may → validate →
 * the editorial service → render or redirect. Never cached: drafts and CSRF tokens.
 */
export async function memberArticlePages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, now } = ctx;
  const csrf = app.csrfProtection;
  const member = requireUser('member');
  neverCached(app);

  const userId = (request: FastifyRequest) => request.user!.id;

  const ownPiece = (request: FastifyRequest<{ Params: { id: string } }>) => pieceOr404(request.params.id, (id) => findOwnPiece(db, userId(request), id), NOT_FOUND);

  const newForm = (request: FastifyRequest) => newPieceForm(ctx, 'member', userId(request));
  const editForm = (request: FastifyRequest, piece: PieceSummary) => editPieceForm(ctx, 'member', piece, userId(request));

  /** The piece as it is now, read-only: it is with the editors. */
  const lockedPage = async (request: FastifyRequest, reply: FastifyReply, id: number) =>
    reply.code(409).html(<OwnPieceLockedPage piece={(await findOwnPiece(db, userId(request), id))!} csrf={reply.generateCsrf()} problem={LOCKED} />);

  /** One of the member's pieces: the form while they may edit it, otherwise read-only. */
  async function ownPiecePage(request: FastifyRequest, reply: FastifyReply, piece: PieceSummary, extra: { notice?: OwnNotice | null; problem?: string | null } = {}) {
    if (!MEMBER_EDITABLE.includes(piece.status)) return reply.html(<OwnPieceLockedPage piece={piece} csrf={reply.generateCsrf()} {...extra} />);
    const content = await loadContent(db, piece.id);
    const c = await editForm(request, piece);
    return reply.html(<OwnPieceFormPage piece={piece} form={await formView(ctx, reply, c, fieldsFromContent(content!))} {...extra} />);
  }

  /** After a save: where to go, or why not. */
  async function afterSave(request: FastifyRequest, reply: FastifyReply, c: FormContext, fields: ArticleFields, saved: OwnSaveOutcome, done: 'created' | 'saved') {
    switch (saved.status) {
      case 'not_found':
        throw notFound(NOT_FOUND);
      case 'locked':
        return lockedPage(request, reply, c.piece!.id);
      case 'authors':
        // The byline changed between reading the form and saving it (another author saved): as typed.
        return formAgain(ctx, reply, c, fields, 400, [{ field: 'coauthors', message: saved.message }]);
      case 'saved':
        return reply.redirect(saved.submitted ? '/dashboard/articles?done=submitted' : `/dashboard/articles/${saved.id}?done=${done}`, 303);
    }
  }

  app.get('/dashboard/articles', { preHandler: member }, async (request, reply) => {
    const notice = noticeOf<OwnNotice>(queryOf(request.query).done, OWN_NOTICES);
    return reply.html(<OwnPiecesPage pieces={await listOwnPieces(db, userId(request))} csrf={reply.generateCsrf()} notice={notice} />);
  });

  app.get('/dashboard/articles/new', { preHandler: member }, async (request, reply) => {
    const kind = queryOf(request.query).kind === 'video' ? 'video' : 'article';
    const c = await newForm(request);
    return renderForm(reply, c, await formView(ctx, reply, c, emptyArticleFields(kind)));
  });

  app.get<{ Params: { id: string } }>('/dashboard/articles/:id', { preHandler: member }, async (request, reply) => {
    const piece = await ownPiece(request);
    return ownPiecePage(request, reply, piece, { notice: noticeOf<OwnNotice>(queryOf(request.query).done, OWN_NOTICES) });
  });

  app.get<{ Params: { id: string } }>('/dashboard/articles/:id/preview', { preHandler: member }, async (request, reply) => {
    const piece = await ownPiece(request);
    const preview = await loadPreview(db, piece.id);
    if (!preview) throw notFound(NOT_FOUND);
    return reply.html(<OwnPreviewPage piece={piece} preview={preview} />);
  });

  app.post<{ Params: { id: string } }>('/dashboard/articles/:id/submit', { preHandler: [csrf, member] }, async (request, reply) => {
    const piece = await ownPiece(request);
    const outcome = await submitOwnPiece(db, userId(request), piece.id, now());
    if (outcome === 'not_found') throw notFound(NOT_FOUND);
    if (outcome === 'locked') return lockedPage(request, reply, piece.id);
    return reply.redirect('/dashboard/articles?done=submitted', 303);
  });

  app.post<{ Params: { id: string } }>('/dashboard/articles/:id/withdraw', { preHandler: [csrf, member] }, async (request, reply) => {
    const piece = await ownPiece(request);
    const outcome = await withdrawOwnPiece(db, userId(request), piece.id, now());
    if (outcome.status === 'not_found') throw notFound(NOT_FOUND);
    if (outcome.status === 'refused') {
      reply.code(409);
      return ownPiecePage(request, reply, (await findOwnPiece(db, userId(request), piece.id))!, { problem: NOT_WITHDRAWN[outcome.current] ?? NOT_WITHDRAWN.draft });
    }
    return reply.redirect(`/dashboard/articles/${piece.id}?done=withdrawn`, 303);
  });

  app.post<{ Params: { id: string } }>('/dashboard/articles/:id/leave', { preHandler: [csrf, member] }, async (request, reply) => {
    const piece = await ownPiece(request);
    const outcome = await leaveOwnPiece(db, userId(request), piece.id, now());
    if (outcome === 'not_found') throw notFound(NOT_FOUND);
    if (outcome === 'last_author') {
      reply.code(409);
      return ownPiecePage(request, reply, piece, { problem: LAST_AUTHOR });
    }
    return reply.redirect('/dashboard/articles?done=left', 303);
  });

  await withUploads(app, (upload, bodyLimit) => {
    upload.post('/dashboard/articles', { preHandler: [csrf, member], bodyLimit }, async (request, reply) => {
      const c = await newForm(request);
      const posted = await readPosted(ctx, request, reply, c);
      if (!posted) return reply;
      const saved = await createOwnPiece(ctx, { userId: userId(request), content: posted.content, bylineName: posted.bylineName, change: posted.authors, submit: posted.after === 'submit' });
      return afterSave(request, reply, c, posted.fields, saved, 'created');
    });

    upload.post<{ Params: { id: string } }>('/dashboard/articles/:id', { preHandler: [csrf, member], bodyLimit }, async (request, reply) => {
      const piece = await ownPiece(request);
      if (!MEMBER_EDITABLE.includes(piece.status)) return lockedPage(request, reply, piece.id);
      const c = await editForm(request, piece);
      const posted = await readPosted(ctx, request, reply, c);
      if (!posted) return reply;
      const saved = await saveOwnPiece(ctx, { userId: userId(request), id: piece.id, content: posted.content, change: posted.authors, submit: posted.after === 'submit' });
      return afterSave(request, reply, c, posted.fields, saved, 'saved');
    });
  });
}
