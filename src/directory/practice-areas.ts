import { engineOf, type Db } from '../db/database.ts';
import { recordAudit } from '../audit/log.ts';
import { slugOf } from '../lib/latin.ts';
import type { Viewer } from '../web/viewer.ts';
import type { PracticeArea } from './types.ts';
import { chunks } from '../lib/arrays.ts';
import { textSearchFor } from './text-search.ts';

/** The starting taxonomy; editable later by admins, so it lives in a table, not in code paths. */
export const DEFAULT_PRACTICE_AREAS: PracticeArea[] = [
  { slug: 'family', name: 'Family & divorce', description: 'Separation, divorce, parenting plans, property and support.' },
  { slug: 'workplace', name: 'Workplace', description: 'Conflicts between colleagues, managers and teams; employment disputes.' },
  { slug: 'commercial', name: 'Commercial', description: 'Contracts, partnerships, suppliers and customers.' },
  { slug: 'construction', name: 'Construction', description: 'Building projects, defects, delays and payment.' },
  { slug: 'elder', name: 'Elder & care', description: 'Care decisions, living arrangements and family caregiving.' },
  { slug: 'community', name: 'Community & neighbours', description: 'Neighbours, noise, boundaries and local groups.' },
  { slug: 'international', name: 'International', description: 'Cross-border business and family matters.' },
  { slug: 'real-estate', name: 'Real estate & housing', description: 'Landlords and tenants, sales, co-ownership.' },
  { slug: 'estate', name: 'Estates & inheritance', description: 'Wills, trusts and dividing an estate among family.' },
  { slug: 'healthcare', name: 'Healthcare', description: 'Patients, providers and medical disputes.' },
  { slug: 'insurance', name: 'Insurance & personal injury', description: 'Claims, coverage and injury settlements.' },
  { slug: 'education', name: 'Education & schools', description: 'Special education, students, parents and schools.' },
];

export async function ensurePracticeAreas(db: Db): Promise<void> {
  const existing = await db.selectFrom('practice_areas').select('slug').execute();
  if (existing.length) return;
  await db
    .insertInto('practice_areas')
    .values(DEFAULT_PRACTICE_AREAS.map((p, i) => ({ ...p, position: i })))
    .execute();
}

export async function listPracticeAreas(db: Db): Promise<PracticeArea[]> {
  return db.selectFrom('practice_areas').select(['slug', 'name', 'description']).orderBy('position').orderBy('slug').execute();
}

// --- Admins' edits ---------------------------------------------------------------------------------
// Each edit runs in one transaction with its audit entry. The triggers on practice_areas append
// mediator id 0 to the change log, so every instance's search index (its filters and the names it
// shows) reloads the taxonomy on its next search.

export interface PracticeAreaUse extends PracticeArea {
  /** Profiles that list it; only an unused area can be deleted. */
  profiles: number;
}

export async function listPracticeAreaUse(db: Db): Promise<PracticeAreaUse[]> {
  const [areas, counts] = await Promise.all([
    listPracticeAreas(db),
    db.selectFrom('mediator_practice_areas').select(['practice_area', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('practice_area').execute(),
  ]);
  const used = new Map(counts.map((c) => [c.practice_area, Number(c.n)]));
  return areas.map((a) => ({ ...a, profiles: used.get(a.slug) ?? 0 }));
}

export interface PracticeAreaInput {
  name: string;
  description: string;
}

/** Whether another area has this name, whatever its capitals. */
async function nameTaken(db: Db, name: string, except?: string): Promise<boolean> {
  const rows = await db.selectFrom('practice_areas').select(['slug', 'name']).execute();
  return rows.some((r) => r.slug !== except && r.name.toLowerCase() === name.toLowerCase());
}

export type AddAreaOutcome = { status: 'added'; slug: string } | { status: 'name_taken' | 'no_slug' };

/** Adds an area at the end of the order; its slug, made from the name, is what search addresses use. */
export async function addPracticeArea(db: Db, actor: Viewer, input: PracticeAreaInput, now: Date): Promise<AddAreaOutcome> {
  const base = slugOf(input.name, 40);
  if (!base) return { status: 'no_slug' };
  return db.transaction().execute(async (trx): Promise<AddAreaOutcome> => {
    if (await nameTaken(trx, input.name)) return { status: 'name_taken' };
    const rows = await trx.selectFrom('practice_areas').select(['slug', 'position']).execute();
    const taken = new Set(rows.map((r) => r.slug));
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const position = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
    await trx.insertInto('practice_areas').values({ slug, ...input, position }).execute();
    await recordAudit(trx, { actor, action: 'practice_area.added', subject: { kind: 'practice_area', id: slug, label: input.name }, after: input }, now);
    return { status: 'added', slug };
  });
}

/** Renames an area and changes its description; its slug, so search addresses, stays. */
export async function updatePracticeArea(db: Db, actor: Viewer, slug: string, input: PracticeAreaInput, now: Date): Promise<'saved' | 'not_found' | 'name_taken'> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('practice_areas').select(['name', 'description']).where('slug', '=', slug).executeTakeFirst();
    if (!before) return 'not_found';
    if (await nameTaken(trx, input.name, slug)) return 'name_taken';
    await trx.updateTable('practice_areas').set(input).where('slug', '=', slug).execute();
    // The keyword index holds the areas' names: a search for the new name must find its mediators.
    if (before.name !== input.name) await reindexKeywords(trx, slug);
    await recordAudit(trx, { actor, action: 'practice_area.changed', subject: { kind: 'practice_area', id: slug, label: input.name }, before, after: input }, now);
    return 'saved';
  });
}

/** Indexes again the keyword text of every mediator who lists this area, with the areas' names as they now are. */
async function reindexKeywords(trx: Db, slug: string): Promise<void> {
  const names = new Map((await trx.selectFrom('practice_areas').select(['slug', 'name']).execute()).map((a) => [a.slug, a.name]));
  const ids = (await trx.selectFrom('mediator_practice_areas').select('mediator_id').where('practice_area', '=', slug).execute()).map((r) => r.mediator_id);
  for (const part of chunks(ids, 500)) {
    const [rows, areas] = await Promise.all([
      trx.selectFrom('mediators').select(['id', 'name', 'headline', 'bio']).where('id', 'in', part).execute(),
      trx.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']).where('mediator_id', 'in', part).execute(),
    ]);
    const docs = rows.map((r) => ({ ...r, practice: areas.filter((a) => a.mediator_id === r.id).map((a) => names.get(a.practice_area) ?? a.practice_area).join(' ') }));
    const engine = engineOf(trx);
    await textSearchFor(engine).index(trx, docs);
    // Every instance's keyword cache catches up through the change log. PostgreSQL's index is a
    // column of mediators, whose trigger logs the change; SQLite's FTS table has none.
    if (engine === 'sqlite' && part.length) await trx.insertInto('directory_changes').values(part.map((mediator_id) => ({ mediator_id }))).execute();
  }
}

/** One place up or down in the order the search filters use; the whole order is numbered again from 0. */
export async function movePracticeArea(db: Db, actor: Viewer, slug: string, direction: 'up' | 'down', now: Date): Promise<'moved' | 'not_found' | 'at_end'> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('practice_areas').select(['slug', 'name', 'position']).orderBy('position').orderBy('slug').execute();
    const i = order.findIndex((a) => a.slug === slug);
    if (i < 0) return 'not_found';
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return 'at_end';
    const before = order.map((a) => a.name).join(', ');
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, a] of order.entries()) {
      if (a.position !== position) await trx.updateTable('practice_areas').set({ position }).where('slug', '=', a.slug).execute();
    }
    const subject = { kind: 'practice_area', id: slug, label: order[j]!.name };
    await recordAudit(trx, { actor, action: 'practice_area.moved', subject, before: { order: before }, after: { order: order.map((a) => a.name).join(', ') } }, now);
    return 'moved';
  });
}

export type DeleteAreaOutcome = { status: 'deleted' | 'not_found' } | { status: 'in_use'; profiles: number };

/** Deletes an area no profile lists; conditional, so a profile saved with it meanwhile keeps it. */
export async function deletePracticeArea(db: Db, actor: Viewer, slug: string, now: Date): Promise<DeleteAreaOutcome> {
  return db.transaction().execute(async (trx): Promise<DeleteAreaOutcome> => {
    const gone = await trx.selectFrom('practice_areas').select(['name', 'description']).where('slug', '=', slug).executeTakeFirst();
    if (!gone) return { status: 'not_found' };
    const done = await trx
      .deleteFrom('practice_areas')
      .where('slug', '=', slug)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('mediator_practice_areas').select('mediator_id').where('practice_area', '=', slug))))
      .executeTakeFirst();
    if (Number(done.numDeletedRows) !== 1) {
      const used = await trx.selectFrom('mediator_practice_areas').select((eb) => eb.fn.countAll<number>().as('n')).where('practice_area', '=', slug).executeTakeFirstOrThrow();
      return { status: 'in_use', profiles: Number(used.n) };
    }
    await recordAudit(trx, { actor, action: 'practice_area.deleted', subject: { kind: 'practice_area', id: slug, label: gone.name }, before: { slug, ...gone }, after: null }, now);
    return { status: 'deleted' };
  });
}
