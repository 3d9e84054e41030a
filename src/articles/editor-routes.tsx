import { asFormBody, parseForm } from '../web/form-fields.ts';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { saveTimeZone } from '../accounts/users.ts';
import { badRequest, HttpError, notFound, type FieldProblem } from '../web/http-error.ts';
import { listCategories } from './categories.ts';
import { noticeOf, queryOf, parseId } from '../web/query-params.ts';
import { HERO_MAX_BYTES, HERO_MESSAGES, storeHero } from './hero.ts';
import { NO_CHANGE, pieceByline, readBylineChange, removable, type AuthorChange, type BylineEntry, type NamedMediator } from './coauthors.ts';
import { coauthorNamedMail, piecePublishedMail, pieceChangesMail, pieceDeclinedMail, pieceScheduledMail } from './mails.ts';
import { heroFiles } from './media.ts';
import { listRevisions, restoreRevision, revisionDiff } from './revisions.ts';
import {
  ChangesForm,
  DeclineForm,
  EDITOR_KINDS,
  emptyArticleFields,
  fieldsFromContent,
  MEMBER_KINDS,
  parsePublishAt,
  parseTimeZone,
  readArticleFields,
  removalIds,
  uploadedFile,
  validateArticle,
  type ArticleFields,
} from './schema.ts';
import type { ArticleContent, ArticleKind, HeroImage } from './types.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { EditorFormPage, EditorHomePage, EditorListPage, DiffPage, REVIEW_NOTICES, ReviewPage, type ReviewNotice, type ReviewProblems } from './views/editing/editor.tsx';
import type { ArticleFormView } from './views/editing/form.tsx';
import { OWN_NOTICES, OwnPieceFormPage, OwnPieceLockedPage, OwnPiecesPage, OwnPreviewPage, type OwnNotice } from './views/editing/member.tsx';
import { STATUS_LABELS } from './views/editing/common.tsx';
import { loadContent } from './write.ts';
import {
  createEditorPiece,
  createOwnPiece,
  declinePiece,
  EDITOR_PAGE_SIZE,
  findOwnPiece,
  findPiece,
  listOwnPieces,
  listPieces,
  loadPreview,
  MEMBER_EDITABLE,
  needsBylineName,
  publishNow,
  requestChanges,
  reviewQueue,
  reviewTrail,
  saveAnyPiece,
  saveOwnPiece,
  schedulePiece,
  STATUS_FILTERS,
  leaveOwnPiece,
  submitOwnPiece,
  unpublishPiece,
  withdrawOwnPiece,
  type DecisionOutcome,
  type PieceSummary,
  type StatusFilter,
} from './workflow.ts';
import { recordUpload, uploadLimitMessage, uploadWait } from '../web/images.ts';

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

/** The article form takes text up to 100 KB (up to 4 bytes a character in UTF-8) and one image. */
const FORM_FIELD_BYTES = 512 * 1024;

/**
 * Writing and editing: members' own pieces under /dashboard/articles (signed-in users; a piece is
 * theirs through its byline, and nothing else is addressable), the editors' pages under /editor
 * (editors and admins), and hero images under /media/articles. Each handler: CSRF (every POST) →
 * who may → validate → the workflow service → render or redirect.
 */
export async function articleEditingPages(app: FastifyInstance): Promise<void> {
  const { db, engine, config, mailer, now } = app.deps;
  const csrf = app.csrfProtection;
  const member = requireUser('member');
  const editor = requireUser('editor');
  const imageDir = config.articleImageDir;

  app.addHook('onSend', async (request, reply) => {
    // Drafts, comments and CSRF tokens: never cached. Images set their own caching.
    if (!request.url.startsWith('/media/')) reply.header('cache-control', 'no-store');
  });

  const userId = (request: FastifyRequest) => request.user!.id;
  const sendMail = async (what: string, mail: Parameters<typeof mailer.send>[0]) => {
    try {
      await mailer.send(mail);
    } catch (err) {
      // The decision stands; the writer also sees it in their list.
      app.log.error({ err }, `the "${what}" mail could not be sent`);
    }
  };

  /** Tells each newly named co-author, by email, who named them on which piece. */
  const tellCoauthors = async (added: NamedMediator[], piece: { id: number; title: string }, namedBy: string) => {
    for (const m of added) if (m.email) await sendMail('co-author named', coauthorNamedMail(config.publicUrl, m.email, piece, namedBy));
  };
  const profileExample = absoluteUrl(config.publicUrl, '/mediators/jane-doe');

  // --- The form, shared by members and editors ---------------------------------------------------

  interface FormContext {
    role: 'member' | 'editor';
    action: string;
    piece: PieceSummary | null;
    currentHero: HeroImage | null;
    needsByline: boolean;
    /** The byline as it is now, for the co-author fields (empty for a new piece); null: no such fields. */
    byline: BylineEntry[] | null;
    userId: number;
  }

  async function formView(reply: FastifyReply, c: FormContext, fields: ArticleFields, problems: FieldProblem[] = [], imageLost = false): Promise<Omit<ArticleFormView, 'role'>> {
    return {
      csrf: reply.generateCsrf(),
      action: c.action,
      isNew: !c.piece,
      fields,
      problems,
      categories: await listCategories(db),
      currentHero: c.currentHero,
      needsBylineName: c.needsByline,
      imageLost,
      canPublish: c.piece?.status !== 'published',
      byline: c.byline
        ? {
            entries: c.byline.map((e, i) => ({ authorId: e.authorId, name: e.name, mine: e.mine, removable: removable(e, i, c.role) })),
            // A new piece chooses "Concord editors" as its first name instead.
            canAddEditors: c.role === 'editor' && !!c.piece && !c.byline.some((e) => e.editors),
            example: profileExample,
          }
        : null,
    };
  }

  function renderForm(reply: FastifyReply, c: FormContext, form: Omit<ArticleFormView, 'role'>, problem?: string) {
    return c.role === 'member' ? reply.html(<OwnPieceFormPage piece={c.piece} form={form} problem={problem} />) : reply.html(<EditorFormPage piece={c.piece} form={form} problem={problem} />);
  }

  /**
   * Reads and checks a posted form; stores a new image only once everything else is right, so a
   * form with a mistake leaves no file behind. On a problem, answers 400 with the form as typed.
   */
  async function readPosted(
    request: FastifyRequest,
    reply: FastifyReply,
    c: FormContext,
  ): Promise<{ content: ArticleContent; bylineName: string; byline: 'self' | 'editors'; after: string; fields: ArticleFields; authors: AuthorChange } | null> {
    const fields = readArticleFields(request.body);
    const file = uploadedFile(request.body, 'hero');
    const categories = await listCategories(db);
    const keeps = !!c.currentHero && !fields.hero_remove;
    const valid = validateArticle(fields, {
      kinds: c.role === 'editor' ? EDITOR_KINDS : MEMBER_KINDS,
      categorySlugs: new Set(categories.map((x) => x.slug)),
      hasImage: !!file || keeps,
      needsBylineName: c.needsByline && !(c.role === 'editor' && fields.byline === 'editors'),
    });
    const authors = c.byline
      ? await readBylineChange(db, { coauthors: fields.coauthors, remove: removalIds(fields), addEditors: fields.add_editors }, c.byline, { role: c.role, userId: c.userId, newPiece: !c.piece }, profileExample)
      : null;
    const problems = [...(valid.ok ? [] : valid.problems), ...(authors && !authors.ok ? [{ field: 'coauthors', message: authors.message }] : [])];
    if (!valid.ok || problems.length) {
      reply.code(400);
      await renderForm(reply, c, await formView(reply, c, fields, problems, !!file));
      return null;
    }
    let hero: HeroImage | null = keeps ? { ...c.currentHero!, alt: valid.value.heroAlt } : null;
    if (file) {
      const wait = await uploadWait(db, c.userId, now());
      if (wait > 0) {
        reply.code(429).header('retry-after', String(wait));
        await renderForm(reply, c, await formView(reply, c, fields, [{ field: 'hero', message: uploadLimitMessage(wait) }]));
        return null;
      }
      await recordUpload(db, c.userId, now());
      const stored = await storeHero(imageDir, file, valid.value.heroAlt);
      if (!stored.ok) {
        reply.code(400);
        await renderForm(reply, c, await formView(reply, c, fields, [{ field: 'hero', message: HERO_MESSAGES[stored.problem] }]));
        return null;
      }
      // The image it replaces stays on disk: an earlier revision may be restored with it.
      hero = stored.hero;
    }
    const after = asFormBody(request.body).after;
    return {
      content: { ...valid.value.content, hero },
      bylineName: valid.value.bylineName,
      byline: valid.value.byline,
      after: typeof after === 'string' ? after : 'save',
      fields,
      authors: authors?.ok ? authors.change : NO_CHANGE,
    };
  }

  /** The byline changed between reading the form and saving it (another author saved): 400, as typed. */
  async function authorsProblem(reply: FastifyReply, c: FormContext, fields: ArticleFields, message: string) {
    reply.code(400);
    return renderForm(reply, c, await formView(reply, c, fields, [{ field: 'coauthors', message }]));
  }

  const ownPiece = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const piece = id ? await findOwnPiece(db, userId(request), id) : undefined;
    if (!piece) throw notFound(NOT_FOUND);
    return piece;
  };
  const anyPiece = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const piece = id ? await findPiece(db, id) : undefined;
    if (!piece) throw notFound('There is no piece with that number.');
    return piece;
  };

  // --- Members: their own pieces -------------------------------------------------------------------

  app.get('/dashboard/articles', { preHandler: member }, async (request, reply) => {
    const notice = noticeOf<OwnNotice>(queryOf(request.query).done, OWN_NOTICES);
    return reply.html(<OwnPiecesPage pieces={await listOwnPieces(db, userId(request))} csrf={reply.generateCsrf()} notice={notice} />);
  });

  const memberNew = async (request: FastifyRequest): Promise<FormContext> => ({
    role: 'member',
    action: '/dashboard/articles',
    piece: null,
    currentHero: null,
    needsByline: await needsBylineName(db, userId(request)),
    byline: [],
    userId: userId(request),
  });
  const memberEdit = async (request: FastifyRequest, piece: PieceSummary): Promise<FormContext> => ({
    role: 'member',
    action: `/dashboard/articles/${piece.id}`,
    piece,
    currentHero: (await loadContent(db, piece.id))?.hero ?? null,
    needsByline: false,
    byline: await pieceByline(db, piece.id, userId(request)),
    userId: userId(request),
  });

  /** One of the member's pieces: the form while they may edit it, otherwise read-only. */
  async function ownPiecePage(request: FastifyRequest, reply: FastifyReply, piece: PieceSummary, extra: { notice?: OwnNotice | null; problem?: string | null } = {}) {
    if (!MEMBER_EDITABLE.includes(piece.status)) return reply.html(<OwnPieceLockedPage piece={piece} csrf={reply.generateCsrf()} {...extra} />);
    const content = await loadContent(db, piece.id);
    const c = await memberEdit(request, piece);
    return reply.html(<OwnPieceFormPage piece={piece} form={await formView(reply, c, fieldsFromContent(content!))} {...extra} />);
  }
  /** The name a member's co-authors know them by: their byline on the piece. */
  const ownName = async (request: FastifyRequest, id: number) => (await pieceByline(db, id, userId(request))).find((e) => e.mine)?.name ?? 'Another writer';

  app.get('/dashboard/articles/new', { preHandler: member }, async (request, reply) => {
    const kind = queryOf(request.query).kind === 'video' ? 'video' : 'article';
    const c = await memberNew(request);
    return renderForm(reply, c, await formView(reply, c, emptyArticleFields(kind)));
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
    if (outcome === 'locked') return reply.code(409).html(<OwnPieceLockedPage piece={(await findOwnPiece(db, userId(request), piece.id))!} csrf={reply.generateCsrf()} problem={LOCKED} />);
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

  // --- Editors --------------------------------------------------------------------------------------

  app.get('/editor', { preHandler: editor }, async (request, reply) => {
    const [queue, scheduled] = await Promise.all([reviewQueue(db), listPieces(db, 'scheduled', 1)]);
    return reply.html(<EditorHomePage queue={queue} scheduled={scheduled.items} zone={request.user!.timeZone} />);
  });

  app.get('/editor/articles', { preHandler: editor }, async (request, reply) => {
    const q = queryOf(request.query);
    const status = q.status ?? 'all';
    const rawPage = q.page ?? '1';
    const problems = [
      ...(typeof status === 'string' && (STATUS_FILTERS as readonly string[]).includes(status) ? [] : [{ field: 'status', message: `Show one of: ${STATUS_FILTERS.join(', ')}.` }]),
      ...(typeof rawPage === 'string' && /^[1-9]\d{0,5}$/.test(rawPage) ? [] : [{ field: 'page', message: 'The page is a whole number from 1 to 999999.' }]),
    ];
    if (problems.length) throw badRequest('That list address is not quite right.', problems);
    const filter = status as StatusFilter;
    const page = Number(rawPage);
    const list = await listPieces(db, filter, page);
    const pageCount = Math.max(1, Math.ceil(list.total / EDITOR_PAGE_SIZE));
    if (page > pageCount) throw notFound(`There ${pageCount === 1 ? 'is only one page' : `are only ${pageCount} pages`} of pieces here. Go back to page 1.`);
    return reply.html(<EditorListPage filter={filter} page={page} {...list} zone={request.user!.timeZone} />);
  });

  const editorNew = async (request: FastifyRequest): Promise<FormContext> => ({
    role: 'editor',
    action: '/editor/articles',
    piece: null,
    currentHero: null,
    needsByline: await needsBylineName(db, userId(request)),
    // The first name is chosen above (editors or self); co-authors follow it.
    byline: [],
    userId: userId(request),
  });
  const editorEdit = async (request: FastifyRequest, piece: PieceSummary): Promise<FormContext> => ({
    role: 'editor',
    action: `/editor/articles/${piece.id}`,
    piece,
    currentHero: (await loadContent(db, piece.id))?.hero ?? null,
    needsByline: false,
    byline: await pieceByline(db, piece.id, userId(request)),
    userId: userId(request),
  });

  app.get('/editor/articles/new', { preHandler: editor }, async (request, reply) => {
    const wanted = queryOf(request.query).kind;
    const kind: ArticleKind = typeof wanted === 'string' && (EDITOR_KINDS as readonly string[]).includes(wanted) ? (wanted as ArticleKind) : 'news';
    const c = await editorNew(request);
    return renderForm(reply, c, await formView(reply, c, emptyArticleFields(kind)));
  });

  app.get<{ Params: { id: string } }>('/editor/articles/:id/edit', { preHandler: editor }, async (request, reply) => {
    const piece = await anyPiece(request);
    const c = await editorEdit(request, piece);
    return renderForm(reply, c, await formView(reply, c, fieldsFromContent((await loadContent(db, piece.id))!)));
  });

  async function reviewPage(reply: FastifyReply, piece: PieceSummary, extra: { notice?: ReviewNotice | null; problem?: ReviewProblems | null; moved?: string | null } = {}) {
    const [preview, trail, revisions] = await Promise.all([loadPreview(db, piece.id), reviewTrail(db, piece.id), listRevisions(db, piece.id)]);
    if (!preview) throw notFound('There is no piece with that number.');
    return reply.html(
      <ReviewPage csrf={reply.generateCsrf()} piece={piece} preview={preview} trail={trail} revisions={revisions} now={now()} zone={reply.request.user!.timeZone} {...extra} />,
    );
  }

  app.get<{ Params: { id: string } }>('/editor/articles/:id', { preHandler: editor }, async (request, reply) => {
    const piece = await anyPiece(request);
    return reviewPage(reply, piece, { notice: noticeOf<ReviewNotice>(queryOf(request.query).done, REVIEW_NOTICES) });
  });

  /** After a decision: tell the writer, or explain that someone else decided first. */
  async function afterDecision(reply: FastifyReply, id: number, outcome: DecisionOutcome, done: ReviewNotice, mail: (to: string, d: { id: number; title: string; slug: string }) => Parameters<typeof mailer.send>[0] | null) {
    if (outcome.status === 'not_found') throw notFound('There is no piece with that number.');
    if (outcome.status === 'moved_on') {
      const piece = (await findPiece(db, id))!;
      reply.code(409);
      return reviewPage(reply, piece, { moved: `Nothing was changed: this piece is now “${STATUS_LABELS[outcome.current]}”, so that action no longer applies. Another editor may have answered first.` });
    }
    const m = outcome.writer ? mail(outcome.writer.email, outcome) : null;
    if (m) await sendMail(done, m);
    return reply.redirect(`/editor/articles/${id}?done=${done}`, 303);
  }

  app.post<{ Params: { id: string } }>('/editor/articles/:id/publish', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    const outcome = await publishNow(db, engine, userId(request), piece.id, now());
    return afterDecision(reply, piece.id, outcome, 'published', (to, d) => piecePublishedMail(config.publicUrl, to, d));
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
    if (zone.ok) await saveTimeZone(db, userId(request), zone.zone);
    const outcome = await schedulePiece(db, userId(request), piece.id, at.at, now());
    return afterDecision(reply, piece.id, outcome, 'scheduled', (to, d) => pieceScheduledMail(config.publicUrl, to, d, at.at));
  });

  for (const [action, form, done] of [
    ['changes', ChangesForm, 'changes_requested'],
    ['decline', DeclineForm, 'declined'],
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
      const comment = parsed.value.comment;
      const outcome = action === 'changes' ? await requestChanges(db, userId(request), piece.id, comment, now()) : await declinePiece(db, userId(request), piece.id, comment, now());
      return afterDecision(reply, piece.id, outcome, done, (to, d) => (action === 'changes' ? pieceChangesMail(config.publicUrl, to, d, comment) : pieceDeclinedMail(config.publicUrl, to, d, comment)));
    });
  }

  app.post<{ Params: { id: string } }>('/editor/articles/:id/unpublish', { preHandler: [csrf, editor] }, async (request, reply) => {
    const piece = await anyPiece(request);
    const outcome = await unpublishPiece(db, engine, userId(request), piece.id, now());
    return afterDecision(reply, piece.id, outcome, 'unpublished', () => null);
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
    const outcome = rev ? await restoreRevision(db, engine, userId(request), piece.id, rev, now()) : 'not_found';
    if (outcome === 'not_found') throw notFound('This piece has no revision with that number.');
    return reply.redirect(`/editor/articles/${piece.id}?done=restored`, 303);
  });

  // --- The forms with an image: multipart, registered for these routes alone ------------------------

  await app.register(async (upload) => {
    await upload.register(multipart, {
      // keyValues: the CSRF field and the text are in request.body like any form's.
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: HERO_MAX_BYTES, files: 1, fields: 60, parts: 61, fieldSize: FORM_FIELD_BYTES },
    });
    upload.setErrorHandler((error, _request, _reply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new HttpError(413, `That image is larger than ${HERO_MAX_BYTES / 1024 / 1024} MB, so nothing was saved. Go back and choose a smaller file.`);
      }
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') {
        throw new HttpError(400, 'Send the article form as it is on the page, with at most one image.');
      }
      throw error;
    });
    const bodyLimit = HERO_MAX_BYTES + 2 * FORM_FIELD_BYTES;

    upload.post('/dashboard/articles', { preHandler: [csrf, member], bodyLimit }, async (request, reply) => {
      const c = await memberNew(request);
      const posted = await readPosted(request, reply, c);
      if (!posted) return reply;
      const saved = await createOwnPiece(db, engine, userId(request), posted.content, posted.bylineName, now(), posted.authors);
      if (saved.status === 'authors') return authorsProblem(reply, c, posted.fields, saved.message);
      if (saved.status !== 'saved') throw notFound(NOT_FOUND);
      const id = saved.id;
      await tellCoauthors(saved.added, { id, title: posted.content.title }, await ownName(request, id));
      if (posted.after === 'submit') {
        await submitOwnPiece(db, userId(request), id, now());
        return reply.redirect('/dashboard/articles?done=submitted', 303);
      }
      return reply.redirect(`/dashboard/articles/${id}?done=created`, 303);
    });

    upload.post<{ Params: { id: string } }>('/dashboard/articles/:id', { preHandler: [csrf, member], bodyLimit }, async (request, reply) => {
      const piece = await ownPiece(request);
      if (!MEMBER_EDITABLE.includes(piece.status)) return reply.code(409).html(<OwnPieceLockedPage piece={piece} csrf={reply.generateCsrf()} problem={LOCKED} />);
      const c = await memberEdit(request, piece);
      const posted = await readPosted(request, reply, c);
      if (!posted) return reply;
      const saved = await saveOwnPiece(db, engine, userId(request), piece.id, posted.content, now(), posted.authors);
      if (saved.status === 'not_found') throw notFound(NOT_FOUND);
      if (saved.status === 'locked') return reply.code(409).html(<OwnPieceLockedPage piece={(await findOwnPiece(db, userId(request), piece.id))!} csrf={reply.generateCsrf()} problem={LOCKED} />);
      if (saved.status === 'authors') return authorsProblem(reply, c, posted.fields, saved.message);
      await tellCoauthors(saved.added, { id: piece.id, title: posted.content.title }, await ownName(request, piece.id));
      if (posted.after === 'submit') {
        await submitOwnPiece(db, userId(request), piece.id, now());
        return reply.redirect('/dashboard/articles?done=submitted', 303);
      }
      return reply.redirect(`/dashboard/articles/${piece.id}?done=saved`, 303);
    });

    upload.post('/editor/articles', { preHandler: [csrf, editor], bodyLimit }, async (request, reply) => {
      const c = await editorNew(request);
      const posted = await readPosted(request, reply, c);
      if (!posted) return reply;
      const byline = posted.byline === 'editors' ? ({ kind: 'editors' } as const) : ({ kind: 'self', name: posted.bylineName } as const);
      const saved = await createEditorPiece(db, engine, userId(request), posted.content, byline, now(), posted.authors);
      if (saved.status === 'authors') return authorsProblem(reply, c, posted.fields, saved.message);
      if (saved.status !== 'saved') throw notFound('There is no piece with that number.');
      const id = saved.id;
      await tellCoauthors(saved.added, { id, title: posted.content.title }, 'A Concord editor');
      if (posted.after === 'publish') {
        await publishNow(db, engine, userId(request), id, now());
        return reply.redirect(`/editor/articles/${id}?done=published`, 303);
      }
      return reply.redirect(`/editor/articles/${id}?done=created`, 303);
    });

    upload.post<{ Params: { id: string } }>('/editor/articles/:id', { preHandler: [csrf, editor], bodyLimit }, async (request, reply) => {
      const piece = await anyPiece(request);
      const c = await editorEdit(request, piece);
      const posted = await readPosted(request, reply, c);
      if (!posted) return reply;
      const saved = await saveAnyPiece(db, engine, userId(request), piece.id, posted.content, now(), posted.authors);
      if (saved.status === 'authors') return authorsProblem(reply, c, posted.fields, saved.message);
      if (saved.status !== 'saved') throw notFound('There is no piece with that number.');
      await tellCoauthors(saved.added, { id: piece.id, title: posted.content.title }, 'A Concord editor');
      if (posted.after === 'publish' && piece.status !== 'published') {
        const outcome = await publishNow(db, engine, userId(request), piece.id, now());
        return afterDecision(reply, piece.id, outcome, 'published', (to, d) => piecePublishedMail(config.publicUrl, to, d));
      }
      return reply.redirect(`/editor/articles/${piece.id}?done=saved`, 303);
    });
  });

  // --- Hero images: anyone for a published piece ----------------------------------------------------
  await heroFiles(app, imageDir, db);
}
