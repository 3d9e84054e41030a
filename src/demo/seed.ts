/**
 * Demo data in the order it is made: `seedDemo` writes demo mediators in batches, one transaction
 * each. The demo publication (publication.ts) and bulk articles (generated-articles.ts) need
 * mediators to write them, so they come after.
 */
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { insertMediators } from '../directory/write.ts';
import type { MediatorInput } from '../directory/types.ts';
import { demoMediators } from './mediators.ts';

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
    await db.transaction().execute((trx) => insertMediators(trx, engine, batch, now));
    made += size;
    log(`seeded ${made} of ${total} mediators`);
  }
  return made;
}
