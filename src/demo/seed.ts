/**
 * Demo data in the order it is made: demo mediators first (`seedDemo`, in batches of one
 * transaction each), then the demo associations, whose members they are (associations.ts), then
 * the demo publication, whose pieces they write (publication.ts). On a first start
 * (`seedFirstStart`) all are made only into an empty database, under the start lock.
 */
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { withStartLock } from '../db/start-lock.ts';
import { insertMediators } from '../directory/write.ts';
import { pruneChanges } from '../directory/search-index.ts';
import type { MediatorInput } from '../directory/types.ts';
import { DEMO_ADMIN_PASSWORD, DEMO_ASSOCIATIONS, seedDemoAssociations, tagDemoNews } from './associations.ts';
import { seedDemoCredentials } from './credentials.ts';
import { seedDemoGrants } from './featured.ts';
import { demoMediators } from './mediators.ts';
import { seedDemoArticles } from './publication.ts';

export interface FirstStartOptions {
  /** Demo mediators to create when the directory is empty (0 for none). */
  mediators: number;
  seed?: number;
  /**
   * Publish the demo articles when there are none yet (default: when seeding demo mediators).
   * Needs `articleImageDir` for their hero images.
   */
  demoArticles?: boolean;
  /** config.articleImageDir. */
  articleImageDir?: string;
  /** config.evidenceDir: where the demo's one credential waiting for review keeps its PDF. */
  evidenceDir?: string;
  /** Demo dates count back from this; default the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

/**
 * Demo data on a start, after prepareDatabase (src/setup.ts): demo mediators when the directory
 * is empty, with the demo associations, then the demo publication when there are no articles.
 * Returns how many of each it made (none on every later start).
 */
export async function seedFirstStart(db: Db, engine: Engine, opts: FirstStartOptions): Promise<{ mediators: number; associations: number; articles: number }> {
  const log = opts.log ?? (() => {});
  // "Only if empty" is a read then a write: two instances starting together take turns.
  const made = await withStartLock(db, engine, async () => {
    let mediators = 0;
    if (opts.mediators > 0) {
      mediators = await seedDemo(db, engine, { mediators: opts.mediators, seed: opts.seed ?? 1, onlyIfEmpty: true, now: opts.now });
      if (mediators) log(`created ${mediators} demo mediators`);
    }
    // Only on the start that made the demo mediators: their members exist, and a later start,
    // finding the directory filled, adds none.
    let associations = 0;
    if (mediators) {
      associations = await seedDemoAssociations(db, opts.seed ?? 1, opts.now ?? new Date());
      if (associations) log(`created ${associations} demo associations; ${demoLogIns()}`);
      const grants = await seedDemoGrants({ db, engine }, opts.now ?? new Date());
      if (grants) log(`granted ${grants} demo featured places (the United States, Texas, Ontario)`);
      const credentials = await seedDemoCredentials(db, { now: opts.now ?? new Date(), evidenceDir: opts.evidenceDir });
      if (credentials) log(`verified ${credentials - 2} demo credentials; one more lapsed, and one waits for review`);
    }
    let articles = 0;
    if (opts.demoArticles ?? opts.mediators > 0) {
      if (!opts.articleImageDir) throw new Error('seedFirstStart: demo articles need articleImageDir for their hero images');
      articles = await seedDemoArticles(db, engine, { now: opts.now ?? new Date(), imageDir: opts.articleImageDir, log });
    }
    // The associations' news: demo pieces tagged with them, once both exist.
    if (associations || articles) await tagDemoNews(db);
    return { mediators, associations, articles };
  });
  if (made.mediators || made.articles) {
    // A bulk load: its change-log entries go now rather than at the next prune, and fresh
    // statistics let both planners pick the spatial and look-up indexes.
    await pruneChanges(db);
    await sql`ANALYZE`.execute(db);
  }
  return made;
}

export interface SeedOptions {
  mediators: number;
  seed: number;
  /** Do nothing when the directory already has mediators (first start of the app). */
  onlyIfEmpty?: boolean;
  /** Dates (created, confirmed, featured) are relative to this; default the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

/** Inputs per `insertMediators` call; each batch is its own transaction. */
const BATCH = 2000;

export async function seedDemo(db: Db, engine: Engine, opts: SeedOptions): Promise<number> {
  const total = opts.mediators;
  if (!Number.isInteger(total) || total < 0) throw new Error(`mediators must be a whole number ≥ 0, got ${total}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (total === 0) return 0;
  if (opts.onlyIfEmpty) {
    const any = await db.selectFrom('mediators').select('id').limit(1).executeTakeFirst();
    if (any) return 0;
  }
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const demo = await demoMediators(db, opts.seed, now);

  let made = 0;
  while (made < total) {
    const size = Math.min(BATCH, total - made);
    const batch: MediatorInput[] = [];
    for (let i = 0; i < size; i++) batch.push(demo.next());
    await db.transaction().execute((trx) => insertMediators({ db: trx, engine }, batch, now));
    made += size;
    log(`seeded ${made} of ${total} mediators`);
  }
  return made;
}

/** The demo association admins' log-ins, for the start's log and `npm run seed`. */
export const demoLogIns = () => `association admins log in as ${DEMO_ASSOCIATIONS.map((a) => a.admin).join(', ')} with the password “${DEMO_ADMIN_PASSWORD}”`;
