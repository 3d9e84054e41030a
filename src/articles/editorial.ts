import { saveTimeZone } from '../accounts/users.ts';
import type { Db } from '../db/database.ts';
import type { ArticleStatus } from '../db/schema.ts';
import type { Mail } from '../mail/mailer.ts';
import { authorForUser, editorsAuthor } from './authors.ts';
import { pieceByline, planByline, planChanges, plannedAuthorIds, planSummary, type AuthorChange, type BylineEntry, type BylineRules, type NamedMediator } from './coauthors.ts';
import { pruneHeroes } from './hero.ts';
import { coauthorNamedMail, pieceChangesMail, pieceDeclinedMail, piecePublishedMail, pieceScheduledMail } from './mails.ts';
import { afterPublicationChange } from './publishing.ts';
import { restoreRevision } from './revisions.ts';
import type { ArticleContent } from './types.ts';
import { decided, findOwnPiece, formatUtc, MEMBER_EDITABLE, note, ownArticleIds, submitIn, type Decision } from './workflow.ts';
import { createArticle, updateArticle } from './write.ts';
import type { Context } from '../web/context.ts';
import { recordAudit } from '../audit/log.ts';

/**
 * The editorial services the writing pages call: saves, submissions and editors' decisions. Each
 * takes the ctx (what it needs from the server) and the request's input, and makes its change in
 * ONE transaction; a refusal rolls back whatever it wrote, so nothing is ever half applied. Only
 * after the commit does it send its mail (a failure is logged, the change stands: the writer also
 * sees it in their list) and delete the hero image files nothing names any more. It answers with
 * an outcome the route turns into a page; routes never send mail themselves.
 */

// --- One transaction, then mail and images ---------------------------------------------------------

/** What to do once the transaction has committed. */
interface AfterCommit {
  mails: { what: string; mail: Mail }[];
  /** Images that may no longer be named: the one a save replaced, and its own upload if it fails. */
  images: (string | null | undefined)[];
}

/** Thrown inside a transaction to roll it back when the outcome is a refusal. */
class Refusal<T> {
  constructor(readonly outcome: T) {}
}

async function inOneTransaction<T extends { status: string }>(
  ctx: Context,
  success: T['status'],
  images: (string | null | undefined)[],
  work: (trx: Db, after: AfterCommit) => Promise<T>,
): Promise<T> {
  const after: AfterCommit = { mails: [], images: [...images] };
  let outcome: T;
  try {
    outcome = await ctx.db.transaction().execute(async (trx) => {
      const answer = await work(trx, after);
      if (answer.status !== success) throw new Refusal(answer);
      return answer;
    });
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    outcome = err.outcome as T;
  } finally {
    // Even when the save failed: its upload is then named by nothing, and must not stay on disk.
    await pruneHeroes(ctx.db, ctx.config.articleImageDir, after.images).catch((err: unknown) => ctx.logError(err, 'replaced hero images could not be deleted'));
  }
  if (outcome.status === success) {
    for (const { what, mail } of after.mails) {
      try {
        await ctx.mailer.send(mail);
      } catch (err) {
        ctx.logError(err, `the "${what}" mail could not be sent`);
      }
    }
  }
  return outcome;
}

/**
 * A new piece's save: its submission or publication cannot be refused, as no one else can reach
 * a piece its own transaction has not committed yet; if it is, that is a bug, and nothing is kept.
 */
function created<T extends { status: string }>(outcome: T): Extract<T, { status: 'saved' }> {
  if (outcome.status !== 'saved') throw new Error(`a new piece was refused its own next step (${outcome.status})`);
  return outcome as Extract<T, { status: 'saved' }>;
}

/** The image a piece shows now, before a save replaces it. */
const heroOf = async (trx: Db, id: number) => (await trx.selectFrom('articles').select('hero_image').where('id', '=', id).executeTakeFirst())?.hero_image;

/** Tells each newly named co-author, by email, who named them on which piece. */
function tellCoauthors(ctx: Context, after: AfterCommit, added: NamedMediator[], piece: { id: number; title: string }, namedBy: string): void {
  for (const m of added) if (m.email) after.mails.push({ what: 'co-author named', mail: coauthorNamedMail(ctx.config.publicUrl, m.email, piece, namedBy) });
}

// --- Saving --------------------------------------------------------------------------------------

/**
 * Applies a co-author change against the byline as it is now (another author may have changed it
 * since the form was read). Notes the change in the piece's trail.
 */
async function applyByline(
  trx: Db,
  id: number,
  change: AuthorChange,
  rules: BylineRules,
  now: Date,
): Promise<{ ok: true; authorIds: number[] | undefined; added: NamedMediator[] } | { ok: false; message: string }> {
  const planned = planByline(await pieceByline(trx, id, rules.userId), change, rules);
  if (!planned.ok) return planned;
  if (!planChanges(planned.plan)) return { ok: true, authorIds: undefined, added: [] };
  const authorIds = await plannedAuthorIds(trx, planned.plan, now);
  await note(trx, id, rules.userId, 'authors_changed', planSummary(planned.plan), now);
  return { ok: true, authorIds, added: planned.plan.add };
}

export type OwnSaveOutcome = { status: 'saved'; id: number; submitted: boolean } | { status: 'locked' } | { status: 'not_found' } | { status: 'authors'; message: string };

export interface OwnSave {
  userId: number;
  content: ArticleContent;
  change: AuthorChange;
  /** "Save and submit": the save and the submission happen together, or neither does. */
  submit: boolean;
}

const memberRules = (userId: number): BylineRules => ({ role: 'member', userId, newPiece: false });

/**
 * A member's new draft, under their byline (created on first use, named `bylineName` if they have
 * no profile), then the co-authors they named, in order.
 */
export function createOwnPiece(ctx: Context, input: OwnSave & { bylineName: string }): Promise<Extract<OwnSaveOutcome, { status: 'saved' | 'authors' }>> {
  const { userId, content } = input;
  const now = ctx.now();
  return inOneTransaction<Extract<OwnSaveOutcome, { status: 'saved' | 'authors' }>>(ctx, 'saved', [content.hero?.image], async (trx, after) => {
    const authorId = await authorForUser(trx, userId, input.bylineName || 'Concord member', now);
    const writer: BylineEntry = { authorId, name: input.bylineName, mediatorId: null, mine: true, editors: false };
    const planned = planByline([writer], input.change, memberRules(userId));
    if (!planned.ok) return { status: 'authors', message: planned.message };
    const made = await createArticle({ ...ctx, db: trx }, { ...content, authorIds: await plannedAuthorIds(trx, planned.plan, now), status: 'draft' }, { userId, now });
    return created(await ownSaved(ctx, trx, after, { ...input, id: made.id, added: planned.plan.add, now }));
  });
}

/** Saves the member's own piece while it is theirs to edit (draft, or changes asked for), with its co-authors. */
export function saveOwnPiece(ctx: Context, input: OwnSave & { id: number }): Promise<OwnSaveOutcome> {
  const { userId, id, content } = input;
  const now = ctx.now();
  return inOneTransaction<OwnSaveOutcome>(ctx, 'saved', [content.hero?.image], async (trx, after) => {
    // Claims the row on the status it must have, so an editor's answer cannot slip in between.
    // It also holds the row until the end, so two authors saving at once change the byline in turn.
    const claimed = await trx
      .updateTable('articles')
      .set({ updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('id', 'in', ownArticleIds(trx, userId))
      .where('status', 'in', MEMBER_EDITABLE)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { status: (await findOwnPiece(trx, userId, id)) ? 'locked' : 'not_found' };
    after.images.push(await heroOf(trx, id));
    const byline = await applyByline(trx, id, input.change, memberRules(userId), now);
    if (!byline.ok) return { status: 'authors', message: byline.message };
    await updateArticle({ ...ctx, db: trx }, id, { ...content, authorIds: byline.authorIds }, { userId, now });
    return ownSaved(ctx, trx, after, { ...input, added: byline.added, now });
  });
}

/** The end of a member's save: the submission when asked for, and the mail to each co-author named. */
async function ownSaved(ctx: Context, trx: Db, after: AfterCommit, s: OwnSave & { id: number; added: NamedMediator[]; now: Date }): Promise<OwnSaveOutcome> {
  if (s.submit && (await submitIn(trx, s.userId, s.id, s.now)) !== 'submitted') return { status: 'locked' };
  if (s.added.length) {
    // The name the co-authors know the writer by: their byline on the piece.
    const namedBy = (await pieceByline(trx, s.id, s.userId)).find((e) => e.mine)?.name ?? 'Another writer';
    tellCoauthors(ctx, after, s.added, { id: s.id, title: s.content.title }, namedBy);
  }
  return { status: 'saved', id: s.id, submitted: s.submit };
}

export type EditorSaveOutcome =
  | { status: 'saved'; id: number; published: boolean }
  | { status: 'not_found' }
  | { status: 'authors'; message: string }
  /** "Save and publish" on a piece someone else published meanwhile: nothing was saved. */
  | { status: 'moved_on'; current: ArticleStatus };

export interface EditorSave {
  editorId: number;
  content: ArticleContent;
  change: AuthorChange;
  /** "Save and publish now": the save and the publication happen together, or neither does. */
  publish: boolean;
}

const editorRules = (editorId: number): BylineRules => ({ role: 'editor', userId: editorId, newPiece: false });

/** An editor's new piece: news under "Concord editors" or anything under their own byline, then the co-authors named. */
export function createEditorPiece(ctx: Context, input: EditorSave & { byline: { kind: 'self'; name: string } | { kind: 'editors' } }): Promise<Extract<EditorSaveOutcome, { status: 'saved' | 'authors' }>> {
  const { editorId, content, byline } = input;
  const now = ctx.now();
  return inOneTransaction<Extract<EditorSaveOutcome, { status: 'saved' | 'authors' }>>(ctx, 'saved', [content.hero?.image], async (trx, after) => {
    const authorId = byline.kind === 'editors' ? await editorsAuthor(trx, now) : await authorForUser(trx, editorId, byline.name || 'Concord editor', now);
    const first: BylineEntry = { authorId, name: byline.kind === 'editors' ? 'Concord editors' : byline.name, mediatorId: null, mine: byline.kind === 'self', editors: byline.kind === 'editors' };
    const planned = planByline([first], input.change, editorRules(editorId));
    if (!planned.ok) return { status: 'authors', message: planned.message };
    const made = await createArticle({ ...ctx, db: trx }, { ...content, authorIds: await plannedAuthorIds(trx, planned.plan, now), status: 'draft' }, { userId: editorId, now });
    return created(await editorSaved(ctx, trx, after, { ...input, id: made.id, was: 'draft', added: planned.plan.add, now }));
  });
}

/** An editor's save of any piece, in any state, authors included; a published one changes on the site at once. */
export function saveAnyPiece(ctx: Context, input: EditorSave & { id: number }): Promise<EditorSaveOutcome> {
  const { editorId, id, content } = input;
  const now = ctx.now();
  return inOneTransaction<EditorSaveOutcome>(ctx, 'saved', [content.hero?.image], async (trx, after) => {
    // Holds the row, so a byline change here and an author's own save, or another editor's decision, take turns.
    const found = await trx.updateTable('articles').set({ updated_at: now.toISOString() }).where('id', '=', id).returning(['status', 'title']).executeTakeFirst();
    if (!found) return { status: 'not_found' };
    // The form offered "Save and publish" while the piece was not published. Another editor has
    // published it since: saving over what they just published, unseen, is not what was asked.
    if (input.publish && found.status === 'published') return { status: 'moved_on', current: found.status };
    after.images.push(await heroOf(trx, id));
    const byline = await applyByline(trx, id, input.change, editorRules(editorId), now);
    if (!byline.ok) return { status: 'authors', message: byline.message };
    await updateArticle({ ...ctx, db: trx }, id, { ...content, authorIds: byline.authorIds }, { userId: editorId, now });
    // The text itself is in the piece's revisions; the log names the edit, and who made it.
    const subject = { kind: 'article', id, label: content.title };
    await recordAudit(trx, { actor: await actorOf(trx, editorId), action: 'article.edited', subject, before: { title: found.title }, after: { title: content.title } }, now);
    return editorSaved(ctx, trx, after, { ...input, was: found.status, added: byline.added, now });
  });
}

/** The end of an editor's save: the mail to each co-author named, and the publication when asked for. */
async function editorSaved(ctx: Context, trx: Db, after: AfterCommit, s: EditorSave & { id: number; was: ArticleStatus; added: NamedMediator[]; now: Date }): Promise<EditorSaveOutcome> {
  tellCoauthors(ctx, after, s.added, { id: s.id, title: s.content.title }, 'A Concord editor');
  if (!s.publish) return { status: 'saved', id: s.id, published: false };
  const published = await publishIn(trx, ctx, s.editorId, s.id, s.was, s.now);
  if (!published) return { status: 'moved_on', current: s.was };
  const subject = { kind: 'article', id: s.id, label: s.content.title };
  await recordAudit(trx, { actor: await actorOf(trx, s.editorId), action: 'article.published', subject, before: { status: s.was }, after: { status: 'published' } }, s.now);
  await tellWriter(ctx, trx, after, s.id, s.editorId, 'published', (to, d) => piecePublishedMail(ctx.config.publicUrl, to, d));
  return { status: 'saved', id: s.id, published: true };
}

// --- Editors' decisions ----------------------------------------------------------------------------

export type DecisionOutcome = { status: 'done' } | { status: 'not_found' } | { status: 'moved_on'; current: ArticleStatus };

export interface DecisionInput {
  editorId: number;
  id: number;
}

async function tellWriter(ctx: Context, trx: Db, after: AfterCommit, id: number, editorId: number, what: string, mail: (to: string, d: Decision) => Mail): Promise<void> {
  const d = await decided(trx, id, editorId);
  if (d.writer) after.mails.push({ what, mail: mail(d.writer.email, d) });
}

/**
 * Moves a piece from one of `from` statuses on: `change` makes the change (conditional on the
 * status it read) and returns false when someone else got there first; then the writer is told.
 */
function decide(
  ctx: Context,
  input: DecisionInput,
  from: readonly ArticleStatus[],
  change: (trx: Db, was: ArticleStatus, now: Date) => Promise<boolean>,
  mail: { what: string; to: (to: string, d: Decision) => Mail } | null,
  audit: { action: string; after: Record<string, unknown>; reason?: string },
): Promise<DecisionOutcome> {
  const { id, editorId } = input;
  const now = ctx.now();
  return inOneTransaction<DecisionOutcome>(ctx, 'done', [], async (trx, after) => {
    const current = await trx.selectFrom('articles').select(['status', 'title']).where('id', '=', id).executeTakeFirst();
    if (!current) return { status: 'not_found' };
    if (!from.includes(current.status) || !(await change(trx, current.status, now))) {
      const then = await trx.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst();
      return { status: 'moved_on', current: then?.status ?? current.status };
    }
    const entry = { action: audit.action, subject: { kind: 'article', id, label: current.title }, before: { status: current.status }, after: audit.after, reason: audit.reason ?? null };
    await recordAudit(trx, { ...entry, actor: await actorOf(trx, editorId) }, now);
    if (mail) await tellWriter(ctx, trx, after, id, editorId, mail.what, mail.to);
    return { status: 'done' };
  });
}

/** Who acted, as the audit log names them: read in the transaction, so their role is the one they acted with. */
async function actorOf(trx: Db, userId: number) {
  return (await trx.selectFrom('users').select(['id', 'email', 'role']).where('id', '=', userId).executeTakeFirst()) ?? null;
}

const NOT_PUBLISHED: readonly ArticleStatus[] = ['draft', 'submitted', 'changes_requested', 'declined', 'scheduled'];

/** The publication itself, conditional on the status `was`; false when the piece moved on. */
async function publishIn(trx: Db, ctx: Context, editorId: number, id: number, was: ArticleStatus, now: Date): Promise<boolean> {
  if (!NOT_PUBLISHED.includes(was)) return false;
  const stamp = now.toISOString();
  const changed = await trx
    .updateTable('articles')
    // The first publication's date stays when a piece is published again.
    .set((eb) => ({ status: 'published', published_at: eb.fn.coalesce('published_at', eb.val(stamp)), publish_at: null, updated_at: stamp }))
    .where('id', '=', id)
    .where('status', '=', was)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  if (was === 'submitted') await note(trx, id, editorId, 'approved', '', now);
  await note(trx, id, editorId, 'published', '', now);
  await afterPublicationChange({ ...ctx, db: trx }, [id], now);
  return true;
}

/** "Approve and publish now" (or, for an editor's own piece, "Publish now"). */
export function publishPiece(ctx: Context, input: DecisionInput): Promise<DecisionOutcome> {
  return decide(
    ctx,
    input,
    NOT_PUBLISHED,
    (trx, was, now) => publishIn(trx, ctx, input.editorId, input.id, was, now),
    { what: 'published', to: (to, d) => piecePublishedMail(ctx.config.publicUrl, to, d) },
    { action: 'article.published', after: { status: 'published' } },
  );
}

/**
 * Publication at a later moment (`at`, ISO UTC, already checked to be in the future). `zone`, the
 * time zone the editor typed it in, is remembered as theirs.
 */
export function schedulePiece(ctx: Context, input: DecisionInput & { at: string; zone: string | null }): Promise<DecisionOutcome> {
  const { editorId, id, at } = input;
  return decide(
    ctx,
    input,
    NOT_PUBLISHED,
    async (trx, was, now) => {
      const changed = await trx.updateTable('articles').set({ status: 'scheduled', publish_at: at, updated_at: now.toISOString() }).where('id', '=', id).where('status', '=', was).executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) return false;
      if (input.zone) await saveTimeZone(trx, editorId, input.zone);
      if (was === 'submitted') await note(trx, id, editorId, 'approved', '', now);
      await note(trx, id, editorId, 'scheduled', `For ${formatUtc(at)}`, now);
      return true;
    },
    { what: 'scheduled', to: (to, d) => pieceScheduledMail(ctx.config.publicUrl, to, d, at) },
    { action: 'article.scheduled', after: { status: 'scheduled', publish_at: at } },
  );
}

/** Back to the writer with a comment; they can edit and submit again. */
export function requestChanges(ctx: Context, input: DecisionInput & { comment: string }): Promise<DecisionOutcome> {
  return answer(ctx, input, 'changes_requested', (to, d) => pieceChangesMail(ctx.config.publicUrl, to, d, input.comment));
}

/** Declined with a note; the writer can no longer change or resubmit it. */
export function declinePiece(ctx: Context, input: DecisionInput & { comment: string }): Promise<DecisionOutcome> {
  return answer(ctx, input, 'declined', (to, d) => pieceDeclinedMail(ctx.config.publicUrl, to, d, input.comment));
}

function answer(ctx: Context, input: DecisionInput & { comment: string }, to: 'changes_requested' | 'declined', mail: (to: string, d: Decision) => Mail): Promise<DecisionOutcome> {
  const { editorId, id } = input;
  return decide(
    ctx,
    input,
    ['submitted'],
    async (trx, _was, now) => {
      const changed = await trx.updateTable('articles').set({ status: to, updated_at: now.toISOString() }).where('id', '=', id).where('status', '=', 'submitted').executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) return false;
      await note(trx, id, editorId, to, input.comment, now);
      return true;
    },
    { what: to, to: mail },
    { action: `article.${to}`, after: { status: to }, reason: input.comment },
  );
}

/** Takes a published piece down, or calls off a scheduled one: back to a draft, off every list. */
export function unpublishPiece(ctx: Context, input: DecisionInput): Promise<DecisionOutcome> {
  const { editorId, id } = input;
  return decide(
    ctx,
    input,
    ['published', 'scheduled'],
    async (trx, was, now) => {
      const changed = await trx.updateTable('articles').set({ status: 'draft', publish_at: null, updated_at: now.toISOString() }).where('id', '=', id).where('status', '=', was).executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) return false;
      await note(trx, id, editorId, 'unpublished', was === 'scheduled' ? 'Schedule called off' : '', now);
      if (was === 'published') await afterPublicationChange({ ...ctx, db: trx }, [id], now);
      return true;
    },
    null,
    { action: 'article.unpublished', after: { status: 'draft' } },
  );
}

/** Saves an earlier revision as the piece's content again; the image it replaces stays while a revision names it. */
export function restorePiece(ctx: Context, input: DecisionInput & { revisionId: number }): Promise<{ status: 'restored' } | { status: 'not_found' }> {
  const now = ctx.now();
  return inOneTransaction(ctx, 'restored', [], async (trx, after) => {
    after.images.push(await heroOf(trx, input.id));
    const before = await trx.selectFrom('articles').select(['title']).where('id', '=', input.id).executeTakeFirst();
    const status = await restoreRevision({ ...ctx, db: trx }, input.editorId, input.id, input.revisionId, now);
    if (status === 'restored') {
      const title = (await trx.selectFrom('articles').select('title').where('id', '=', input.id).executeTakeFirstOrThrow()).title;
      const subject = { kind: 'article', id: input.id, label: title };
      await recordAudit(trx, { actor: await actorOf(trx, input.editorId), action: 'article.revision_restored', subject, before: { title: before?.title }, after: { title, revision: input.revisionId } }, now);
    }
    return { status };
  });
}
