import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { loadPlaces } from '../geo/places.ts';
import { ensurePracticeAreas } from '../directory/practice-areas.ts';
import { seedDemo } from '../demo/seed.ts';
import { seedDemoArticles } from '../demo/publication.ts';
import { withStartLock } from './start-lock.ts';
import { pruneChanges } from '../directory/search-index.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from '../articles/categories.ts';

export interface PrepareOptions {
  /** Demo mediators to create when the directory is empty (0 for none). */
  seedMediators: number;
  seed?: number;
  /**
   * Publish the demo articles when there are none yet (default: when seeding demo mediators).
   * Needs `articleImageDir` for their hero images.
   */
  demoArticles?: boolean;
  /** config.articleImageDir. */
  articleImageDir?: string;
  /** Demo dates count back from this; default the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

/**
 * Makes a database ready to serve: schema up to date, geodata and the practice-area taxonomy
 * loaded, the publication's first categories, demo mediators and demo articles on a first
 * start, and old search-index change-log entries pruned. Every step is a no-op when already done.
 */
export async function prepareDatabase(db: Db, engine: Engine, opts: PrepareOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const applied = await migrateToLatest(db, engine);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const places = await loadPlaces(db);
  if (places) log(`loaded ${places} places (GeoNames, zipcodes)`);
  await ensurePracticeAreas(db);
  if (applied.includes('2026-11-26-07-publication')) await ensureCategories(db, DEFAULT_CATEGORIES);
  // "Only if empty" is a read then a write: two instances starting together take turns.
  const { made, articles } = await withStartLock(db, engine, async () => {
    let made = 0;
    if (opts.seedMediators > 0) {
      made = await seedDemo(db, engine, { mediators: opts.seedMediators, seed: opts.seed ?? 1, onlyIfEmpty: true, now: opts.now });
      if (made) log(`created ${made} demo mediators`);
    }
    let articles = 0;
    if (opts.demoArticles ?? opts.seedMediators > 0) {
      if (!opts.articleImageDir) throw new Error('prepareDatabase: demo articles need articleImageDir for their hero images');
      articles = await seedDemoArticles(db, engine, { now: opts.now ?? new Date(), imageDir: opts.articleImageDir, log });
    }
    return { made, articles };
  });
  await pruneChanges(db);
  // Fresh statistics after a bulk load, so both planners pick the spatial and look-up indexes.
  if (places || made || articles) await sql`ANALYZE`.execute(db);
}
