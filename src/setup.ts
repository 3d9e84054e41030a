/**
 * First-start setup, run on every start before anything reads the database: the schema up to
 * date, place data and the practice-area taxonomy loaded, the publication's first categories,
 * and old search-index change-log entries pruned. Every step is a no-op when already done. Demo
 * data comes after, from src/demo/seed.ts.
 */
import { sql } from 'kysely';
import type { Engine } from './config.ts';
import type { Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadPlaces } from './geo/places.ts';
import { ensurePracticeAreas } from './directory/practice-areas.ts';
import { pruneChanges } from './directory/search-index.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from './articles/categories.ts';

export interface PrepareOptions {
  log?: (msg: string) => void;
}

/** Makes a database ready to serve. */
export async function prepareDatabase(db: Db, engine: Engine, opts: PrepareOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const applied = await migrateToLatest(db, engine);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const places = await loadPlaces(db);
  if (places) log(`loaded ${places} places (GeoNames, zipcodes)`);
  await ensurePracticeAreas(db);
  if (applied.includes('2026-11-26-07-publication')) await ensureCategories(db, DEFAULT_CATEGORIES);
  await pruneChanges(db);
  // Fresh statistics after a bulk load, so both planners pick the spatial and look-up indexes.
  if (places) await sql`ANALYZE`.execute(db);
}
