import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordUpload, uploadLimitMessage, uploadWait } from '../web/images.ts';
import { parseId } from '../web/query-params.ts';
import { asFormBody } from '../web/form-fields.ts';
import { HttpError, notFound, type FieldProblem } from '../web/http-error.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { associationChoices } from './associations.ts';
import { listCategories } from './categories.ts';
import { NO_CHANGE, pieceByline, readBylineChange, removable, type AuthorChange, type BylineEntry } from './coauthors.ts';
import type { Context } from '../web/context.ts';
import { HERO_MAX_BYTES, HERO_MESSAGES, storeHero } from './hero.ts';
import { EDITOR_KINDS, MEMBER_KINDS, readArticleFields, removalIds, uploadedFile, validateArticle, type ArticleFields } from './schema.ts';
import type { ArticleContent, HeroImage } from './types.ts';
import { EditorFormPage } from './views/editing/editor.tsx';
import type { ArticleFormView } from './views/editing/form.tsx';
import { OwnPieceFormPage } from './views/editing/member.tsx';
import { needsBylineName, type PieceSummary } from './workflow.ts';
import { loadContent } from './write.ts';

/**
 * The article form, shared by the members' pages (member-routes.tsx) and the editors'
 * (editor-routes.tsx): the ctx their services take, the form's view, reading and checking a
 * posted form with its image, and the multipart parsing its routes register for themselves.
 */

/** The piece a path's `:id` names, as `find` reads it (the member's own, or any); otherwise a 404 saying `missing`. */
export async function pieceOr404(rawId: string, find: (id: number) => Promise<PieceSummary | undefined>, missing: string): Promise<PieceSummary> {
  const id = parseId(rawId);
  const piece = id ? await find(id) : undefined;
  if (!piece) throw notFound(missing);
  return piece;
}

export interface FormContext {
  role: 'member' | 'editor';
  action: string;
  piece: PieceSummary | null;
  currentHero: HeroImage | null;
  needsByline: boolean;
  /** The byline as it is now, for the co-author fields (empty for a new piece); null: no such fields. */
  byline: BylineEntry[] | null;
  userId: number;
}

const profileExample = (ctx: Context) => absoluteUrl(ctx.config.publicUrl, '/mediators/jane-doe');

/** Where each role's form posts: its list for a new piece, the piece's own address after. */
const FORM_HOME = { member: '/dashboard/articles', editor: '/editor/articles' } as const;

/** The form for a new piece: the byline's first name comes first (editors choose "Concord editors" or theirs); co-authors follow it. */
export const newPieceForm = async (ctx: Context, role: FormContext['role'], userId: number): Promise<FormContext> => ({
  role,
  action: FORM_HOME[role],
  piece: null,
  currentHero: null,
  needsByline: await needsBylineName(ctx.db, userId),
  byline: [],
  userId,
});

/** The form for a saved piece, with its image and byline as they are now. */
export const editPieceForm = async (ctx: Context, role: FormContext['role'], piece: PieceSummary, userId: number): Promise<FormContext> => ({
  role,
  action: `${FORM_HOME[role]}/${piece.id}`,
  piece,
  currentHero: (await loadContent(ctx.db, piece.id))?.hero ?? null,
  needsByline: false,
  byline: await pieceByline(ctx.db, piece.id, userId),
  userId,
});

export async function formView(ctx: Context, reply: FastifyReply, c: FormContext, fields: ArticleFields, problems: FieldProblem[] = [], imageLost = false): Promise<Omit<ArticleFormView, 'role'>> {
  return {
    csrf: reply.generateCsrf(),
    action: c.action,
    isNew: !c.piece,
    fields,
    problems,
    categories: await listCategories(ctx.db),
    associations: c.role === 'editor' ? await associationChoices(ctx.db) : null,
    currentHero: c.currentHero,
    needsBylineName: c.needsByline,
    imageLost,
    canPublish: c.piece?.status !== 'published',
    byline: c.byline
      ? {
          entries: c.byline.map((e, i) => ({ authorId: e.authorId, name: e.name, mine: e.mine, removable: removable(e, i, c.role) })),
          // A new piece chooses "Concord editors" as its first name instead.
          canAddEditors: c.role === 'editor' && !!c.piece && !c.byline.some((e) => e.editors),
          example: profileExample(ctx),
        }
      : null,
  };
}

export function renderForm(reply: FastifyReply, c: FormContext, form: Omit<ArticleFormView, 'role'>, problem?: string) {
  return c.role === 'member' ? reply.html(<OwnPieceFormPage piece={c.piece} form={form} problem={problem} />) : reply.html(<EditorFormPage piece={c.piece} form={form} problem={problem} />);
}

/** The form again, as typed, with its problems: `code` is 400 for a mistake, 409 when the piece moved on meanwhile. */
export async function formAgain(ctx: Context, reply: FastifyReply, c: FormContext, fields: ArticleFields, code: number, problems: FieldProblem[], extra: { imageLost?: boolean; problem?: string } = {}) {
  reply.code(code);
  return renderForm(reply, c, await formView(ctx, reply, c, fields, problems, extra.imageLost), extra.problem);
}

export interface Posted {
  content: ArticleContent;
  bylineName: string;
  byline: 'self' | 'editors';
  /** The button pressed: 'save', 'submit' (members) or 'publish' (editors). */
  after: string;
  fields: ArticleFields;
  authors: AuthorChange;
  /** A new image was stored with this form. */
  uploaded: boolean;
}

/**
 * Reads and checks a posted form; stores a new image only once everything else is right, so a
 * form with a mistake leaves no file behind. On a problem, answers 400 with the form as typed.
 */
export async function readPosted(ctx: Context, request: FastifyRequest, reply: FastifyReply, c: FormContext): Promise<Posted | null> {
  const { db } = ctx;
  const fields = readArticleFields(request.body);
  const file = uploadedFile(request.body, 'hero');
  const categories = await listCategories(db);
  const keeps = !!c.currentHero && !fields.hero_remove;
  const valid = validateArticle(fields, {
    kinds: c.role === 'editor' ? EDITOR_KINDS : MEMBER_KINDS,
    categorySlugs: new Set(categories.map((x) => x.slug)),
    hasImage: !!file || keeps,
    needsBylineName: c.needsByline && !(c.role === 'editor' && fields.byline === 'editors'),
    associationIds: c.role === 'editor' ? new Set((await associationChoices(db)).map((a) => a.id)) : null,
  });
  const authors = c.byline
    ? await readBylineChange(db, { coauthors: fields.coauthors, remove: removalIds(fields), addEditors: fields.add_editors }, c.byline, { role: c.role, userId: c.userId, newPiece: !c.piece }, profileExample(ctx))
    : null;
  const problems = [...(valid.ok ? [] : valid.problems), ...(authors && !authors.ok ? [{ field: 'coauthors', message: authors.message }] : [])];
  if (!valid.ok || problems.length) {
    await formAgain(ctx, reply, c, fields, 400, problems, { imageLost: !!file });
    return null;
  }
  let hero: HeroImage | null = keeps ? { ...c.currentHero!, alt: valid.value.heroAlt } : null;
  if (file) {
    const now = ctx.now();
    const wait = await uploadWait(db, c.userId, now);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      await formAgain(ctx, reply, c, fields, 429, [{ field: 'hero', message: uploadLimitMessage(wait) }]);
      return null;
    }
    await recordUpload(db, c.userId, now);
    const stored = await storeHero(ctx.config.articleImageDir, file, valid.value.heroAlt);
    if (!stored.ok) {
      await formAgain(ctx, reply, c, fields, 400, [{ field: 'hero', message: HERO_MESSAGES[stored.problem] }]);
      return null;
    }
    // The image it replaces is deleted by the save once no revision names it (editorial.ts).
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
    uploaded: !!file,
  };
}

/** The article form takes text up to 100 KB (up to 4 bytes a character in UTF-8) and one image. */
const FORM_FIELD_BYTES = 512 * 1024;

/**
 * Registers `routes` in a scope of their own that parses multipart bodies (the forms with an
 * image), so no other route accepts one. `bodyLimit` is for each route's options.
 */
export async function withUploads(app: FastifyInstance, routes: (upload: FastifyInstance, bodyLimit: number) => void): Promise<void> {
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
    routes(upload, HERO_MAX_BYTES + 2 * FORM_FIELD_BYTES);
  });
}
