import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';

/**
 * The listing's numbers (profile views, appearances in search results, inquiries), counted in
 * memory and added to `listing_stats` in one batch every few seconds and when the server closes.
 * Search must stay fast (p99 ≤ 5 ms), so nothing here touches the database on a request's path.
 * A crash loses at most one interval of counts; several instances each add their own.
 */
export type StatKind = 'views' | 'appearances' | 'inquiries';

interface Counts {
  mediatorId: number;
  month: string;
  views: number;
  appearances: number;
  inquiries: number;
}

/** 'YYYY-MM' in UTC: the month a count belongs to. */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

export class ListingStats {
  private pending = new Map<string, Counts>();

  record(kind: StatKind, mediatorIds: Iterable<number>, now: Date): void {
    const month = monthOf(now);
    for (const id of mediatorIds) {
      const key = `${id}|${month}`;
      let c = this.pending.get(key);
      if (!c) this.pending.set(key, (c = { mediatorId: id, month, views: 0, appearances: 0, inquiries: 0 }));
      c[kind] += 1;
    }
  }

  /** How many (mediator, month) rows wait to be written. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Adds what was counted since the last flush. Counts of a mediator deleted meanwhile are dropped
   * (the foreign key would refuse the whole batch); on a database error the counts are put back.
   */
  async flush(db: Db): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const ids = [...new Set(batch.map((c) => c.mediatorId))];
      const existing = new Set<number>();
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db.selectFrom('mediators').select('id').where('id', 'in', ids.slice(i, i + 1000)).execute();
        rows.forEach((r) => existing.add(r.id));
      }
      const rows = batch
        .filter((c) => existing.has(c.mediatorId))
        .map((c) => ({ mediator_id: c.mediatorId, month: c.month, views: c.views, appearances: c.appearances, inquiries: c.inquiries }));
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('listing_stats')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['mediator_id', 'month']).doUpdateSet((eb) => ({
              views: eb('listing_stats.views', '+', eb.ref('excluded.views')),
              appearances: eb('listing_stats.appearances', '+', eb.ref('excluded.appearances')),
              inquiries: eb('listing_stats.inquiries', '+', eb.ref('excluded.inquiries')),
            })),
          )
          .execute();
      }
    } catch (err) {
      // Put the counts back for the next flush rather than lose them.
      for (const c of batch) {
        const key = `${c.mediatorId}|${c.month}`;
        const now = this.pending.get(key);
        if (now) {
          now.views += c.views;
          now.appearances += c.appearances;
          now.inquiries += c.inquiries;
        } else this.pending.set(key, c);
      }
      throw err;
    }
  }
}

/** One recorder per database handle, like the search index (indexFor), so no route needs it passed in. */
const recorders = new WeakMap<Db, ListingStats>();

export function statsFor(db: Db): ListingStats {
  let s = recorders.get(db);
  if (!s) recorders.set(db, (s = new ListingStats()));
  return s;
}

export interface MonthNumbers {
  month: string;
  views: number;
  appearances: number;
  inquiries: number;
}

/** A mediator's numbers for the last `months` months, newest first (months with nothing included as zeros). */
export async function monthlyNumbers(db: Db, mediatorId: number, now: Date, months = 12): Promise<MonthNumbers[]> {
  const wanted: string[] = [];
  for (let i = 0; i < months; i++) wanted.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
  const rows = await db
    .selectFrom('listing_stats')
    .select(['month', 'views', 'appearances', 'inquiries'])
    .where('mediator_id', '=', mediatorId)
    .where('month', '>=', wanted[wanted.length - 1]!)
    .execute();
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return wanted.map((month) => {
    const r = byMonth.get(month);
    return { month, views: r?.views ?? 0, appearances: r?.appearances ?? 0, inquiries: r?.inquiries ?? 0 };
  });
}

/** How often the counts are written. */
export const STATS_FLUSH_MS = 5_000;

/** Writes the counts every few seconds, and once more when the server closes. */
export async function listingStatsFlusher(app: FastifyInstance): Promise<void> {
  const { db } = app.deps;
  const stats = statsFor(db);
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    running = running.then(() => stats.flush(db)).catch((err: unknown) => app.log.error({ err }, 'listing numbers could not be written'));
    return running;
  };
  const timer = setInterval(flush, STATS_FLUSH_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });
}
