import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DbContext } from '../web/context.ts';
import { recordAudit } from '../audit/log.ts';
import type { Viewer } from '../web/viewer.ts';
import { tallyPieces, type PieceCounts } from './piece-counts.ts';
import { inShortTurns } from './publishing.ts';
import { refreshRelated } from './related.ts';
import { tagSlug } from './write.ts';

export interface Category {
  slug: string;
  name: string;
  description: string;
}

/** The publication's categories, in their set order. */
export async function listCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').select(['slug', 'name', 'description']).orderBy('position').orderBy('name').execute();
}

/** Adds categories that are missing (by slug); existing ones keep their names. */
export async function ensureCategories(db: Db, categories: Category[]): Promise<void> {
  if (!categories.length) return;
  await db
    .insertInto('categories')
    .values(categories.map((c, position) => ({ ...c, position })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

/** The categories a new site starts with; editors can add more. */
export const DEFAULT_CATEGORIES: Category[] = [
  { slug: 'family', name: 'Family and divorce', description: 'Separation, parenting plans, and family decisions made together.' },
  { slug: 'workplace', name: 'Workplace', description: 'Conflict at work, between colleagues, teams and employers.' },
  { slug: 'business', name: 'Business and commercial', description: 'Contracts, leases, partnerships, construction and payment disputes.' },
  { slug: 'community', name: 'Community and neighbours', description: 'Neighbours, housing, schools and local disputes.' },
  { slug: 'choosing', name: 'Choosing and preparing', description: 'Finding the right mediator and getting ready for the first session.' },
  { slug: 'practice', name: 'For mediators', description: 'Practice, skills and running a mediation practice.' },
  { slug: 'news', name: 'News from the field', description: 'Summaries of news about mediation, with links to the full stories.' },
];

// --- Editors manage the list ---------------------------------------------------------------------

/** A category as the editors' pages show it: with how many pieces use it. */
export interface EditorCategory extends Category, PieceCounts {
  id: number;
}

export interface CategoryInput {
  name: string;
  description: string;
}

/** Pieces per category: published ones and all of them; only `ids` when given. */
async function pieceCounts(db: Db, ids?: number[]): Promise<Map<number, PieceCounts>> {
  let q = db
    .selectFrom('article_categories')
    .innerJoin('articles', 'articles.id', 'article_categories.article_id')
    .select((eb) => ['article_categories.category_id as key', 'articles.status', eb.fn.countAll<number>().as('n')])
    .groupBy(['article_categories.category_id', 'articles.status']);
  if (ids) q = q.where('article_categories.category_id', 'in', ids);
  return tallyPieces(await q.execute());
}

/** Every category in its set order, with its numbers of published pieces and of all pieces. */
export async function listEditorCategories(db: Db): Promise<EditorCategory[]> {
  const [rows, counts] = await Promise.all([
    db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).orderBy('position').orderBy('name').orderBy('id').execute(),
    pieceCounts(db),
  ]);
  return rows.map((r) => ({ ...r, published: 0, pieces: 0, ...counts.get(r.id) }));
}

export async function findEditorCategory(db: Db, id: number): Promise<EditorCategory | undefined> {
  const row = await db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, published: 0, pieces: 0, ...(await pieceCounts(db, [id])).get(id) };
}

/**
 * One category change at a time. On PostgreSQL several instances may take editors' changes
 * together, and both the name check and the renumbering read the whole list before they write,
 * so the table is locked against other writers (readers and article saves, which only take key
 * locks on its rows, go on). SQLite runs one transaction at a time on its single connection.
 */
async function oneAtATime({ db, engine }: DbContext): Promise<void> {
  if (engine === 'postgres') await sql`lock table categories in share row exclusive mode`.execute(db);
}

/** Names compare as readers see them: case and runs of spaces do not make two names different. */
const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

async function nameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  const rows = await db.selectFrom('categories').select(['id', 'name']).execute();
  return rows.some((r) => r.id !== exceptId && sameName(r.name, name));
}

/** A slug made from the name that no category has: "Elder care", then "elder-care-2" when taken. */
async function freeCategorySlug(db: Db, name: string): Promise<string> {
  const base = tagSlug(name).replace(/-+$/, '') || 'category';
  const rows = await db.selectFrom('categories').select('slug').where('slug', 'like', `${base}%`).execute();
  const taken = new Set(rows.map((r) => r.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

export type AddOutcome = { status: 'added'; id: number; slug: string } | { status: 'name_taken' };

/** Adds a category at the end of the order, its slug made from its name. */
export async function addCategory(ctx: DbContext, input: CategoryInput, actor: Viewer, now: Date): Promise<AddOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<AddOutcome> => {
    await oneAtATime({ ...ctx, db: trx });
    if (await nameTaken(trx, input.name)) return { status: 'name_taken' };
    const last = await trx.selectFrom('categories').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
    const slug = await freeCategorySlug(trx, input.name);
    const row = await trx
      .insertInto('categories')
      .values({ slug, name: input.name, description: input.description, position: last?.max == null ? 0 : Number(last.max) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'category.added', subject: { kind: 'category', id: row.id, label: input.name }, after: { name: input.name, description: input.description, slug } }, now);
    return { status: 'added', id: row.id, slug };
  });
}

/** Renames a category and changes its description. Its slug stays, so its addresses keep working. */
export async function updateCategory(ctx: DbContext, id: number, input: CategoryInput, actor: Viewer, now: Date): Promise<'saved' | 'not_found' | 'name_taken'> {
  return ctx.db.transaction().execute(async (trx) => {
    await oneAtATime({ ...ctx, db: trx });
    if (await nameTaken(trx, input.name, id)) return 'name_taken';
    const before = await trx.selectFrom('categories').select(['name', 'description']).where('id', '=', id).executeTakeFirst();
    if (!before) return 'not_found';
    await trx.updateTable('categories').set({ name: input.name, description: input.description }).where('id', '=', id).execute();
    await recordAudit(trx, { actor, action: 'category.changed', subject: { kind: 'category', id, label: input.name }, before, after: { name: input.name, description: input.description } }, now);
    return 'saved';
  });
}

/**
 * Moves a category one place up or down in the order forms and lists use. The whole order is
 * numbered again from 0, so equal positions (categories added by older code) cannot stall a move.
 */
export async function moveCategory(ctx: DbContext, id: number, direction: 'up' | 'down', actor: Viewer, now: Date): Promise<'moved' | 'not_found' | 'at_end'> {
  return ctx.db.transaction().execute(async (trx) => {
    await oneAtATime({ ...ctx, db: trx });
    const order = await trx.selectFrom('categories').select(['id', 'position', 'name']).orderBy('position').orderBy('name').orderBy('id').execute();
    const i = order.findIndex((c) => c.id === id);
    if (i < 0) return 'not_found';
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return 'at_end';
    const names = order.map((c) => c.name);
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, c] of order.entries()) {
      if (c.position !== position) await trx.updateTable('categories').set({ position }).where('id', '=', c.id).execute();
    }
    const subject = { kind: 'category', id, label: order[j]!.name };
    await recordAudit(trx, { actor, action: 'category.moved', subject, before: { order: names.join(', ') }, after: { order: order.map((c) => c.name).join(', ') } }, now);
    return 'moved';
  });
}

export type DeleteOutcome = { status: 'deleted' } | { status: 'not_found' } | { status: 'in_use'; pieces: number } | { status: 'last' };

/** Deletes a category that no piece uses, and never the last one: every piece needs a category. */
export async function deleteCategory(ctx: DbContext, id: number, actor: Viewer, now: Date): Promise<DeleteOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<DeleteOutcome> => {
    await oneAtATime({ ...ctx, db: trx });
    const all = await trx.selectFrom('categories').select(['id', 'name', 'slug', 'description']).execute();
    const gone = all.find((c) => c.id === id);
    if (!gone) return { status: 'not_found' };
    if (all.length === 1) return { status: 'last' };
    // Conditional, so a piece saved into it meanwhile keeps it: the delete simply does not happen.
    const done = await trx
      .deleteFrom('categories')
      .where('id', '=', id)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('article_categories').select('article_id').where('category_id', '=', id))))
      .executeTakeFirst();
    if (Number(done.numDeletedRows) === 1) {
      const { name, slug, description } = gone;
      await recordAudit(trx, { actor, action: 'category.deleted', subject: { kind: 'category', id, label: name }, before: { name, slug, description }, after: null }, now);
      return { status: 'deleted' };
    }
    const used = await trx.selectFrom('article_categories').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', id).executeTakeFirstOrThrow();
    return { status: 'in_use', pieces: Number(used.n) };
  });
}

export type MergeOutcome = { status: 'done'; moved: number } | { status: 'not_found' } | { status: 'no_target' };

/**
 * Moves every piece of category `id` into `targetId` (a piece already in the target keeps its one
 * link) and deletes `id`, in one transaction. Sharing a category counts in "Read these next", so
 * the related reading of the published pieces that moved is ranked again afterwards, a few pieces
 * per transaction (`inShortTurns`), never in one long one.
 */
export async function mergeCategory(ctx: DbContext, id: number, targetId: number, now: Date, actor: Viewer): Promise<MergeOutcome> {
  if (id === targetId) return { status: 'no_target' };
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<Exclude<MergeOutcome, { status: 'done' }> | { status: 'done'; moved: number; live: number[] }> => {
    await oneAtATime({ ...ctx, db: trx });
    const both = await trx.selectFrom('categories').select(['id', 'name']).where('id', 'in', [id, targetId]).execute();
    const from = both.find((c) => c.id === id);
    const into = both.find((c) => c.id === targetId);
    if (!from) return { status: 'not_found' };
    if (!into) return { status: 'no_target' };
    const moving = await trx
      .selectFrom('article_categories')
      .innerJoin('articles', 'articles.id', 'article_categories.article_id')
      .select(['articles.id', 'articles.status'])
      .where('article_categories.category_id', '=', id)
      .execute();
    if (moving.length) {
      await trx
        .insertInto('article_categories')
        .columns(['article_id', 'category_id'])
        .expression((eb) => eb.selectFrom('article_categories').select(['article_id', eb.lit(targetId).as('category_id')]).where('category_id', '=', id))
        .onConflict((oc) => oc.columns(['article_id', 'category_id']).doNothing())
        .execute();
    }
    // The links to it go with it (ON DELETE CASCADE).
    await trx.deleteFrom('categories').where('id', '=', id).execute();
    const subject = { kind: 'category', id, label: from.name };
    await recordAudit(trx, { actor, action: 'category.merged', subject, before: { category: from.name, pieces: moving.length }, after: { category: into.name } }, now);
    return { status: 'done', moved: moving.length, live: moving.filter((a) => a.status === 'published').map((a) => a.id) };
  });
  if (outcome.status !== 'done') return outcome;
  await inShortTurns(ctx.db, outcome.live, (trx, turn) => refreshRelated(trx, turn, now));
  return { status: 'done', moved: outcome.moved };
}
