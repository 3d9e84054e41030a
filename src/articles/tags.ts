import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { recordAudit } from '../audit/log.ts';
import type { Viewer } from '../web/viewer.ts';
import { normalise } from '../geo/places.ts';
import type { DbContext } from '../web/context.ts';
import { tallyPieces, type PieceCounts } from './piece-counts.ts';
import { afterPublicationChange, inShortTurns, reindexText } from './publishing.ts';
import { tagSlug } from './write.ts';

/**
 * The editors' tidying of tags. Writers type tags freely, so a publication collects misspellings
 * and near-duplicates; editors rename, merge and delete them here.
 *
 * A writer's tag is matched by its slug ("Online mediation" and "online-mediation" are one tag,
 * see `tagSlug`), so two names are "the same" when their slugs are. A renamed tag keeps its slug
 * (its page and feeds keep their addresses), so both its slug and its name's slug count.
 */

/** A tag as the editors' pages show it: with how many pieces carry it. */
export interface EditorTag extends PieceCounts {
  id: number;
  slug: string;
  name: string;
}

export const TAGS_PAGE_SIZE = 100;

interface TagRow {
  id: number;
  slug: string;
  name: string;
}

/** Names sort as readers read them: capitals and accents do not move a tag, numbers count up. */
const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const sortByName = (rows: TagRow[]) => rows.sort((a, b) => byName.compare(a.name, b.name) || a.id - b.id);

/** Pieces per tag, for these tags. */
async function pieceCounts(db: Db, ids: number[]): Promise<Map<number, PieceCounts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select((eb) => ['article_tags.tag_id as key', 'articles.status', eb.fn.countAll<number>().as('n')])
    .where('article_tags.tag_id', 'in', ids)
    .groupBy(['article_tags.tag_id', 'articles.status'])
    .execute();
  return tallyPieces(rows);
}

async function withCounts(db: Db, rows: TagRow[]): Promise<EditorTag[]> {
  const counts = await pieceCounts(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, published: 0, pieces: 0, ...counts.get(r.id) }));
}

/**
 * Whether a tag answers to the filter: its name or its slug holds what was typed, folded like
 * search folds it (case, accents and punctuation do not count). Done here rather than in SQL so
 * both engines fold alike (SQLite's lower() and LIKE know ASCII only).
 */
function matches(row: TagRow, q: string): boolean {
  const key = normalise(q);
  if (!key) return row.name.toLowerCase().includes(q.toLowerCase());
  return normalise(row.name).includes(key) || row.slug.replace(/-/g, ' ').includes(key);
}

export interface TagList {
  tags: EditorTag[];
  /** Tags that answer to the filter, on every page. */
  total: number;
  pageCount: number;
}

/**
 * One page of the tags (all, or those matching `q`), sorted by name, with their numbers. Every
 * tag's name is read to sort and filter them alike on both engines: a publication has thousands
 * of tags at most, and only the shown page is counted.
 */
export async function listEditorTags(db: Db, params: { q: string; page: number }): Promise<TagList> {
  const all = await db.selectFrom('tags').select(['id', 'slug', 'name']).execute();
  const found = sortByName(params.q ? all.filter((t) => matches(t, params.q)) : all);
  const pageCount = Math.max(1, Math.ceil(found.length / TAGS_PAGE_SIZE));
  const shown = found.slice((params.page - 1) * TAGS_PAGE_SIZE, params.page * TAGS_PAGE_SIZE);
  return { tags: await withCounts(db, shown), total: found.length, pageCount };
}

export async function findEditorTag(db: Db, id: number): Promise<EditorTag | undefined> {
  const row = await db.selectFrom('tags').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
  return row ? (await withCounts(db, [row]))[0] : undefined;
}

/** Every tag's name, sorted: the suggestions for "Move its pieces to". */
export async function tagNames(db: Db): Promise<string[]> {
  return sortByName(await db.selectFrom('tags').select(['id', 'slug', 'name']).execute()).map((t) => t.name);
}

/**
 * One tag change at a time, and none while an article is being saved. On PostgreSQL several
 * instances may take changes together: the name check reads every tag before it writes, and a
 * merge must see every link to the tag it deletes (a link saved meanwhile would go with the tag,
 * by ON DELETE CASCADE). Article saves change `article_tags` and then `tags`, so both are locked
 * in that order, against writers only; readers go on. SQLite runs one transaction at a time.
 */
async function oneAtATime({ db, engine }: DbContext): Promise<void> {
  if (engine === 'postgres') await sql`lock table article_tags, tags in share row exclusive mode`.execute(db);
}

/** The tags a writer typing `name` would get (by slug), or whose names read the same: those by name first. */
async function tagsNamed(db: Db, name: string): Promise<TagRow[]> {
  const key = tagSlug(name);
  if (!key) return [];
  const rows = await db.selectFrom('tags').select(['id', 'slug', 'name']).execute();
  // After renames, a slug can belong to one tag and the same words name another.
  return [...rows.filter((r) => tagSlug(r.name) === key), ...rows.filter((r) => r.slug === key && tagSlug(r.name) !== key)];
}

/** The published pieces carrying a tag. */
async function publishedWith(db: Db, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select('articles.id')
    .where('article_tags.tag_id', '=', id)
    .where('articles.status', '=', 'published')
    .orderBy('articles.id')
    .execute();
  return rows.map((r) => r.id);
}

export type RenameOutcome = { status: 'saved' } | { status: 'not_found' } | { status: 'name_taken'; other: string };

/**
 * Renames a tag. Its slug stays, so its page and feeds keep their addresses. Tag names are in
 * the search index, so its published pieces are indexed again afterwards, a few per transaction.
 */
export async function renameTag(ctx: DbContext, id: number, name: string, actor: Viewer, now: Date): Promise<RenameOutcome> {
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<RenameOutcome | { status: 'done'; live: number[] }> => {
    await oneAtATime({ ...ctx, db: trx });
    const other = (await tagsNamed(trx, name)).find((t) => t.id !== id);
    if (other) return { status: 'name_taken', other: other.name };
    const before = await trx.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
    if (!before) return { status: 'not_found' };
    await trx.updateTable('tags').set({ name }).where('id', '=', id).execute();
    await recordAudit(trx, { actor, action: 'tag.renamed', subject: { kind: 'tag', id, label: name }, before, after: { name } }, now);
    return { status: 'done', live: await publishedWith(trx, id) };
  });
  if (outcome.status !== 'done') return outcome;
  await inShortTurns(ctx.db, outcome.live, (trx, turn) => reindexText({ ...ctx, db: trx }, turn));
  return { status: 'saved' };
}

export type DeleteOutcome = { status: 'deleted' } | { status: 'not_found' } | { status: 'in_use'; pieces: number };

/** Deletes a tag no piece carries. */
export async function deleteTag(ctx: DbContext, id: number, actor: Viewer, now: Date): Promise<DeleteOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<DeleteOutcome> => {
    await oneAtATime({ ...ctx, db: trx });
    const gone = await trx.selectFrom('tags').select(['name', 'slug']).where('id', '=', id).executeTakeFirst();
    if (!gone) return { status: 'not_found' };
    const done = await trx
      .deleteFrom('tags')
      .where('id', '=', id)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('article_tags').select('article_id').where('tag_id', '=', id))))
      .executeTakeFirst();
    if (Number(done.numDeletedRows) === 1) {
      await recordAudit(trx, { actor, action: 'tag.deleted', subject: { kind: 'tag', id, label: gone.name }, before: gone, after: null }, now);
      return { status: 'deleted' };
    }
    const used = await trx.selectFrom('article_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag_id', '=', id).executeTakeFirstOrThrow();
    return { status: 'in_use', pieces: Number(used.n) };
  });
}

export type MergeOutcome = { status: 'done'; moved: number; into: { id: number; name: string } } | { status: 'not_found' } | { status: 'no_target' } | { status: 'itself' };

/**
 * Moves every piece of tag `id` to the tag named `targetName` (a piece that already has it keeps
 * its one link) and deletes `id`, in one short transaction. Tags count in "Read these next", and
 * tag names are in the search index, so the published pieces that moved are indexed and ranked
 * again afterwards, a few per transaction (`inShortTurns`), never in one long one.
 */
export async function mergeTag(ctx: DbContext, id: number, targetName: string, now: Date, actor: Viewer): Promise<MergeOutcome> {
  type Merged = Exclude<MergeOutcome, { status: 'done' }> | { status: 'done'; moved: number; into: TagRow; live: number[] };
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<Merged> => {
    await oneAtATime({ ...ctx, db: trx });
    const from = await trx.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
    if (!from) return { status: 'not_found' };
    const named = await tagsNamed(trx, targetName);
    const target = named.find((t) => t.id !== id);
    if (!target) return { status: named.length ? 'itself' : 'no_target' };
    const moving = await trx
      .selectFrom('article_tags')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select(['articles.id', 'articles.status'])
      .where('article_tags.tag_id', '=', id)
      .orderBy('articles.id')
      .execute();
    if (moving.length) {
      await trx
        .insertInto('article_tags')
        .columns(['article_id', 'tag_id'])
        .expression((eb) => eb.selectFrom('article_tags').select(['article_id', eb.lit(target.id).as('tag_id')]).where('tag_id', '=', id))
        .onConflict((oc) => oc.columns(['article_id', 'tag_id']).doNothing())
        .execute();
    }
    // The links to it go with it (ON DELETE CASCADE).
    await trx.deleteFrom('tags').where('id', '=', id).execute();
    const subject = { kind: 'tag', id, label: from.name };
    await recordAudit(trx, { actor, action: 'tag.merged', subject, before: { tag: from.name, pieces: moving.length }, after: { tag: target.name } }, now);
    return { status: 'done', moved: moving.length, into: target, live: moving.filter((a) => a.status === 'published').map((a) => a.id) };
  });
  if (outcome.status !== 'done') return outcome;
  await inShortTurns(ctx.db, outcome.live, (trx, turn) => afterPublicationChange({ ...ctx, db: trx }, turn, now));
  return { status: 'done', moved: outcome.moved, into: { id: outcome.into.id, name: outcome.into.name } };
}
