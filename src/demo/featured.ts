/**
 * Demo featured places granted the way an admin grants them (directory/featured/grants.ts: the
 * limit of members a place, the audit log), by Concord itself: two for the whole United States,
 * one for Texas and one for Ontario, from today for 90 days, each to a listed demo mediator there
 * who has no running place. The demo mediators' own places (mediators.ts) are their history.
 */
import type { DbContext } from '../web/context.ts';
import { grantFeatured } from '../directory/featured/grants.ts';

const DAY_MS = 86_400_000;

export const DEMO_GRANTS: readonly { region: string; country: string; state: string | null; count: number }[] = [
  { region: 'US', country: 'US', state: null, count: 2 },
  { region: 'US-TX', country: 'US', state: 'TX', count: 1 },
  { region: 'CA-ON', country: 'CA', state: 'ON', count: 1 },
];

/** Grants the demo places; returns how many were granted (none a region refused). */
export async function seedDemoGrants(ctx: DbContext, now: Date): Promise<number> {
  const at = now.toISOString();
  const startsAt = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString();
  const endsAt = new Date(Date.parse(startsAt) + 91 * DAY_MS).toISOString();
  let granted = 0;
  const taken = new Set<number>();
  for (const g of DEMO_GRANTS) {
    const candidates = await ctx.db
      .selectFrom('mediators as m')
      .innerJoin('offices as o', 'o.mediator_id', 'm.id')
      .select(['m.id', 'm.slug'])
      .where('m.status', '=', 'published')
      .where('o.country', '=', g.country)
      .$if(g.state !== null, (qb) => qb.where('o.region', '=', g.state!))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('featured_grants as f').select('f.id').whereRef('f.mediator_id', '=', 'm.id').where('f.ends_at', '>', at))))
      .orderBy('m.id')
      .limit(g.count + 4)
      .execute();
    let left = g.count;
    for (const c of candidates) {
      if (!left) break;
      if (taken.has(c.id)) continue;
      const outcome = await grantFeatured(ctx, null, { mediator: c.slug, region: g.region, startsAt, endsAt, reason: 'Demo data' }, now);
      if (outcome.status !== 'done') continue;
      taken.add(c.id);
      granted++;
      left--;
    }
  }
  return granted;
}
