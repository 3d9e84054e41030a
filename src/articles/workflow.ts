import type { Db } from '../db/database.ts';
import type { ArticleStatus, ReviewAction } from '../db/schema.ts';
import { pieceByline } from './coauthors.ts';
import type { ArticleContent, ArticleKind } from './types.ts';
import { loadContent } from './write.ts';

/**
 * The editorial workflow. A member writes a draft and submits it; an editor publishes it now,
 * schedules it, asks for changes with a comment, or declines it. Every change of status is a
 * conditional update on the status it starts from, so two editors (or an editor and the
 * scheduler) acting at once change a piece once, and the loser is told it moved on. This file
 * reads pieces and holds the writer's own steps (submit, withdraw, leave); the saves and the
 * editors' decisions, with the mail they send, are in editorial.ts.
 *
 * A member's pieces are the ones with their byline: an author row tied to their account, or to
 * the mediator profile their account owns. Nothing else of a member's is addressable, so another
 * member's id answers exactly as an id that does not exist.
 */

/** While a piece is with its writer; after "Submit for review" it is locked until an editor answers. */
export const MEMBER_EDITABLE: readonly ArticleStatus[] = ['draft', 'changes_requested'];

export interface ReviewNote {
  action: ReviewAction;
  comment: string;
  at: string;
}

export interface PieceSummary {
  id: number;
  kind: ArticleKind;
  title: string;
  slug: string;
  status: ArticleStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publishAt: string | null;
  publishedAt: string | null;
  authors: string[];
  /** The editor's latest word while it still applies: changes asked for, or declined. */
  note: ReviewNote | null;
}

// --- Reading ------------------------------------------------------------------------------------

/** The author ids of a user's bylines: their own, and their mediator profile's. */
const ownAuthorIds = (db: Db, userId: number) =>
  db
    .selectFrom('authors')
    .select('authors.id')
    .where((eb) => eb.or([eb('authors.user_id', '=', userId), eb('authors.mediator_id', 'in', db.selectFrom('mediators').select('mediators.id').where('mediators.user_id', '=', userId))]));

export const ownArticleIds = (db: Db, userId: number) => db.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.author_id', 'in', ownAuthorIds(db, userId));

const SUMMARY_COLUMNS = ['id', 'kind', 'title', 'slug', 'status', 'created_at', 'updated_at', 'submitted_at', 'publish_at', 'published_at'] as const;

type SummaryRow = { id: number; kind: ArticleKind; title: string; slug: string; status: ArticleStatus; created_at: string; updated_at: string; submitted_at: string | null; publish_at: string | null; published_at: string | null };

async function toSummaries(db: Db, rows: SummaryRow[]): Promise<PieceSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [authors, notes] = await Promise.all([
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.name'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
    db
      .selectFrom('article_reviews')
      .select(['article_id', 'action', 'comment', 'created_at'])
      .where('article_id', 'in', ids)
      .where('action', 'in', ['changes_requested', 'declined'])
      .orderBy('id', 'desc')
      .execute(),
  ]);
  return rows.map((r) => {
    const last = notes.find((n) => n.article_id === r.id);
    const applies = last && ((r.status === 'changes_requested' && last.action === 'changes_requested') || (r.status === 'declined' && last.action === 'declined'));
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      slug: r.slug,
      status: r.status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      publishAt: r.publish_at,
      publishedAt: r.published_at,
      authors: authors.filter((a) => a.article_id === r.id).map((a) => a.name),
      note: applies ? { action: last.action, comment: last.comment, at: last.created_at } : null,
    };
  });
}

/** A member's own pieces, the latest changed first. */
export async function listOwnPieces(db: Db, userId: number): Promise<PieceSummary[]> {
  const rows = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('id', 'in', ownArticleIds(db, userId)).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
  return toSummaries(db, rows);
}

/** One of the member's own pieces; undefined for anyone else's (and for ids that do not exist). */
export async function findOwnPiece(db: Db, userId: number, id: number): Promise<PieceSummary | undefined> {
  const row = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('id', '=', id).where('id', 'in', ownArticleIds(db, userId)).executeTakeFirst();
  return row ? (await toSummaries(db, [row]))[0] : undefined;
}

export async function findPiece(db: Db, id: number): Promise<PieceSummary | undefined> {
  const row = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? (await toSummaries(db, [row]))[0] : undefined;
}

/** True when the user has no byline yet, so their first piece asks for the name readers see. */
export async function needsBylineName(db: Db, userId: number): Promise<boolean> {
  const [mediator, author] = await Promise.all([
    db.selectFrom('mediators').select('id').where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('authors').select('id').where('user_id', '=', userId).executeTakeFirst(),
  ]);
  return !mediator && !author;
}

/** Submitted pieces, the longest waiting first. */
export async function reviewQueue(db: Db): Promise<PieceSummary[]> {
  const rows = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').execute();
  return toSummaries(db, rows);
}

/** How many pieces wait for an editor, for the admins' landing page. */
export async function countSubmitted(db: Db): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'submitted').executeTakeFirstOrThrow();
  return Number(row.n);
}

export const EDITOR_PAGE_SIZE = 50;
export const STATUS_FILTERS = ['all', 'draft', 'submitted', 'changes_requested', 'declined', 'scheduled', 'published'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Every piece for editors, by status, the latest changed first, a page at a time. */
export async function listPieces(db: Db, filter: StatusFilter, page: number): Promise<{ items: PieceSummary[]; total: number; counts: Record<ArticleStatus, number> }> {
  let q = db.selectFrom('articles');
  if (filter !== 'all') q = q.where('status', '=', filter);
  const [rows, total, byStatus] = await Promise.all([
    q
      .select(SUMMARY_COLUMNS)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(EDITOR_PAGE_SIZE)
      .offset((page - 1) * EDITOR_PAGE_SIZE)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('articles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
  ]);
  const counts = { draft: 0, submitted: 0, changes_requested: 0, declined: 0, scheduled: 0, published: 0 } as Record<ArticleStatus, number>;
  for (const r of byStatus) counts[r.status] = Number(r.n);
  return { items: await toSummaries(db, rows), total: Number(total.n), counts };
}

export interface TrailEntry {
  action: ReviewAction;
  comment: string;
  at: string;
  /** Who acted: an email address (editors see their colleagues' and writers' addresses), or null for the server. */
  by: string | null;
}

export async function reviewTrail(db: Db, id: number): Promise<TrailEntry[]> {
  const rows = await db
    .selectFrom('article_reviews')
    .leftJoin('users', 'users.id', 'article_reviews.user_id')
    .select(['article_reviews.action', 'article_reviews.comment', 'article_reviews.created_at', 'users.email'])
    .where('article_reviews.article_id', '=', id)
    .orderBy('article_reviews.id', 'desc')
    .execute();
  return rows.map((r) => ({ action: r.action, comment: r.comment, at: r.created_at, by: r.email }));
}

// --- Writing ------------------------------------------------------------------------------------

const stampOf = (now: Date) => now.toISOString();

export async function note(db: Db, id: number, userId: number | null, action: ReviewAction, comment: string, now: Date): Promise<void> {
  await db.insertInto('article_reviews').values({ article_id: id, user_id: userId, action, comment, created_at: stampOf(now) }).execute();
}

/** "Submit for review": the piece goes to the editors' queue and is locked until they answer. */
export async function submitOwnPiece(db: Db, userId: number, id: number, now: Date): Promise<SubmitOutcome> {
  return db.transaction().execute((trx) => submitIn(trx, userId, id, now));
}

export type SubmitOutcome = 'locked' | 'not_found' | 'submitted';

/** The submission inside the caller's transaction (also a save's, for "Save and submit"). */
export async function submitIn(trx: Db, userId: number, id: number, now: Date): Promise<SubmitOutcome> {
  const changed = await trx
    .updateTable('articles')
    .set({ status: 'submitted', submitted_at: stampOf(now), updated_at: stampOf(now) })
    .where('id', '=', id)
    .where('id', 'in', ownArticleIds(trx, userId))
    .where('status', 'in', MEMBER_EDITABLE)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return (await findOwnPiece(trx, userId, id)) ? 'locked' : 'not_found';
  await note(trx, id, userId, 'submitted', '', now);
  return 'submitted';
}

/**
 * "Withdraw from review": a submitted piece goes back to a draft and out of the editors' queue,
 * as long as no editor has answered. Conditional on 'submitted', like the editors' decisions, so
 * a withdrawal and a decision at the same moment cannot both happen.
 */
export async function withdrawOwnPiece(db: Db, userId: number, id: number, now: Date): Promise<{ status: 'withdrawn' } | { status: 'not_found' } | { status: 'refused'; current: ArticleStatus }> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('articles')
      .set({ status: 'draft', submitted_at: null, updated_at: stampOf(now) })
      .where('id', '=', id)
      .where('id', 'in', ownArticleIds(trx, userId))
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) {
      const piece = await findOwnPiece(trx, userId, id);
      return piece ? ({ status: 'refused', current: piece.status } as const) : ({ status: 'not_found' } as const);
    }
    await note(trx, id, userId, 'withdrawn', '', now);
    return { status: 'withdrawn' } as const;
  });
}

/**
 * "Remove me from this piece": a co-author takes their name off the byline, in any status (a name
 * comes off a published piece at once). The last author cannot: the piece would belong to no one.
 */
export async function leaveOwnPiece(db: Db, userId: number, id: number, now: Date): Promise<'left' | 'last_author' | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    // Holds the row first, so two authors leaving at once cannot leave it with none.
    const claimed = await trx.updateTable('articles').set({ updated_at: stampOf(now) }).where('id', '=', id).where('id', 'in', ownArticleIds(trx, userId)).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 'not_found';
    const byline = await pieceByline(trx, id, userId);
    const mine = byline.filter((e) => e.mine);
    if (mine.length === byline.length) return 'last_author';
    await trx
      .deleteFrom('article_authors')
      .where('article_id', '=', id)
      .where('author_id', 'in', mine.map((e) => e.authorId))
      .execute();
    await note(trx, id, userId, 'authors_changed', `${mine.map((e) => e.name).join(', ')} left the byline.`, now);
    return 'left';
  });
}

/** Who to tell about an editor's decision: the member who wrote the piece, unless it is the editor. */
export interface Decision {
  status: 'done';
  id: number;
  title: string;
  slug: string;
  writer: { email: string } | null;
}

/** The pieces with the account that wrote each: who a decision on them is mailed to. */
const withWriters = (db: Db, ids: number[]) =>
  db
    .selectFrom('articles')
    .leftJoin('users', 'users.id', 'articles.created_by')
    .select(['articles.id', 'articles.title', 'articles.slug', 'articles.created_by', 'users.email'])
    .where('articles.id', 'in', ids)
    .execute();

/** The writer is told unless they are who decided (`by`: an editor, or null for the server). */
const decisionOn = (r: Awaited<ReturnType<typeof withWriters>>[number], by: number | null): Decision => ({
  status: 'done',
  id: r.id,
  title: r.title,
  slug: r.slug,
  writer: r.email && r.created_by !== by ? { email: r.email } : null,
});

/** Who to tell about an editor's decision on a piece: the member who wrote it, unless it is that editor. */
export async function decided(db: Db, id: number, editorId: number): Promise<Decision> {
  const [row] = await withWriters(db, [id]);
  return decisionOn(row!, editorId);
}

/**
 * After the scheduler published pieces: who to tell. The member who wrote each, unless they are
 * the editor who scheduled it.
 */
export async function scheduledWriters(db: Db, ids: number[]): Promise<Decision[]> {
  if (!ids.length) return [];
  const rows = await withWriters(db, ids);
  const schedulers = await db
    .selectFrom('article_reviews')
    .select(['article_id', 'user_id'])
    .where('article_id', 'in', ids)
    .where('action', '=', 'scheduled')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => decisionOn(r, schedulers.find((s) => s.article_id === r.id)?.user_id ?? null));
}

const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
/** "25 Nov 2026, 14:30 UTC": times in the editorial pages and mails are always UTC, and say so. */
export const formatUtc = (iso: string) => `${utc.format(new Date(iso))} UTC`;

export interface PiecePreview {
  content: ArticleContent;
  categories: { slug: string; name: string }[];
  readingMinutes: number;
  excerpt: string;
}

/** What a piece will look like: its saved content, with category names and reading time. */
export async function loadPreview(db: Db, id: number): Promise<PiecePreview | undefined> {
  const [content, row, categories] = await Promise.all([
    loadContent(db, id),
    db.selectFrom('articles').select(['reading_minutes', 'excerpt']).where('id', '=', id).executeTakeFirst(),
    db
      .selectFrom('article_categories')
      .innerJoin('categories', 'categories.id', 'article_categories.category_id')
      .select(['categories.slug', 'categories.name'])
      .where('article_categories.article_id', '=', id)
      .orderBy('categories.position')
      .execute(),
  ]);
  if (!content || !row) return undefined;
  return { content, categories, readingMinutes: row.reading_minutes, excerpt: row.excerpt };
}
