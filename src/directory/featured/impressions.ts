import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { repeatWhileOpen } from '../../web/periodic.ts';

/**
 * Impressions of featured grants: each time a featured member is shown in a featured place (a
 * results page's slot, the home page, an article's sidebar, /featured), their grant's count for the
 * day goes up. Counted in memory, as the listing numbers are (stats.ts), and added to
 * `featured_impressions` every few seconds and when the server closes, so search never waits on
 * a write. The running totals also decide who is shown next: the least shown first
 * (pickFeatured), which is what gives every eligible member an equal share.
 */

/** 'YYYY-MM-DD' in UTC: the day an impression belongs to. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export class FeaturedImpressions {
  private pending = new Map<string, { grantId: number; day: string; count: number }>();
  /** Per grant, every impression this instance counted since it started (flushed or not). */
  private totals = new Map<number, number>();

  record(grantIds: Iterable<number>, now: Date): void {
    const day = dayOf(now);
    for (const id of grantIds) {
      const key = `${id}|${day}`;
      const p = this.pending.get(key);
      if (p) p.count += 1;
      else this.pending.set(key, { grantId: id, day, count: 1 });
      this.totals.set(id, (this.totals.get(id) ?? 0) + 1);
    }
  }

  /** How often this instance showed a grant's member: what the rotation evens out. */
  shown = (grantId: number): number => this.totals.get(grantId) ?? 0;

  /** Impressions counted but not yet written, for these grants (the dashboard adds them to the table's). */
  unwritten(grantId: number): number {
    let n = 0;
    for (const p of this.pending.values()) if (p.grantId === grantId) n += p.count;
    return n;
  }

  /** Adds what was counted since the last flush; a grant deleted meanwhile loses its counts. On an error the counts are put back. */
  async flush(db: Db): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const ids = [...new Set(batch.map((p) => p.grantId))];
      const existing = new Set((await db.selectFrom('featured_grants').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
      const rows = batch.filter((p) => existing.has(p.grantId)).map((p) => ({ grant_id: p.grantId, day: p.day, count: p.count }));
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('featured_impressions')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['grant_id', 'day']).doUpdateSet((eb) => ({ count: eb('featured_impressions.count', '+', eb.ref('excluded.count')) })))
          .execute();
      }
    } catch (err) {
      for (const p of batch) {
        const key = `${p.grantId}|${p.day}`;
        const now = this.pending.get(key);
        if (now) now.count += p.count;
        else this.pending.set(key, p);
      }
      throw err;
    }
  }
}

const counters = new WeakMap<Db, FeaturedImpressions>();

/** One counter per database handle, like the search index. */
export function impressionsFor(db: Db): FeaturedImpressions {
  let c = counters.get(db);
  if (!c) counters.set(db, (c = new FeaturedImpressions()));
  return c;
}

export const IMPRESSIONS_FLUSH_MS = 5_000;

/** Writes the counts every few seconds, and once more when the server closes. */
export async function impressionsFlusher(app: FastifyInstance): Promise<void> {
  const { db } = app.deps;
  const counter = impressionsFor(db);
  repeatWhileOpen(app, { everyMs: IMPRESSIONS_FLUSH_MS, lastOnClose: true, what: 'writing featured impressions' }, () => counter.flush(db));
}
