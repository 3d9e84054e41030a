import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import { searchMediators } from '../directory/search.ts';

const AT = '2026-11-20T12:00:00.000Z';
const NOW = new Date('2026-11-25T12:00:00.000Z');

/**
 * Migration 2026-12-06-12 over a database where featured places were three columns on
 * `mediators` (as the demo data set them): each becomes a grant for the country of the first
 * office, keeping its dates, and the columns are cleared; search then features from the grants.
 */
describe.each(DIALECTS)('the featured-grants migration over existing data, on %s', (engine) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(engine, { empty: true });
    await migrateTo(db.db, engine, '2026-12-06-07-associations');
    const d = db.db;
    const mediator = (slug: string, featured: { featured_tier: string | null; featured_from: string | null; featured_until: string | null }) => ({
      slug, name: slug, headline: '', bio: '', photo_url: null, fmt_in_person: 1, fmt_online: 0, fmt_phone: 0, fee_min: null, fee_max: null, fee_currency: 'USD',
      free_consultation: 0, sliding_scale: 0, fee_split: 'equal' as const, years_in_practice: null, mediations_count: null, accepting_cases: 1,
      accepting_confirmed_at: AT, status: 'published' as const, completeness: 50, created_at: AT, updated_at: AT, user_id: null, review_requested_at: null,
      approved_at: AT, freshness_reminded_at: null, unlisted_stale_at: null, ...featured,
    });
    const made = await d
      .insertInto('mediators')
      .values([
        mediator('running', { featured_tier: 'featured', featured_from: '2026-01-01T00:00:00.000Z', featured_until: '2027-01-01T00:00:00.000Z' }),
        mediator('open-ended', { featured_tier: 'featured', featured_from: null, featured_until: null }),
        mediator('plain', { featured_tier: null, featured_from: null, featured_until: null }),
      ])
      .returning('id')
      .execute();
    const office = (mediator_id: number, country: string, lat: number, lon: number) => ({ mediator_id, city: 'Somewhere', label: '', address: '', region: '', postal_code: '', country, lat, lon, cell: 1 });
    await d.insertInto('offices').values([office(made[0]!.id, 'US', 30.3, -97.7), office(made[0]!.id, 'CA', 43.6, -79.4), office(made[1]!.id, 'CA', 43.65, -79.38), office(made[2]!.id, 'US', 30.27, -97.74)]).execute();
    expect(await migrateToLatest(d, engine)).toContain('2026-12-06-12-featured-grants');
  });
  afterAll(() => db.drop());

  it('makes each featured mediator a grant for the country of their first office, keeping its dates, and clears the columns', async () => {
    const grants = await db.db
      .selectFrom('featured_grants as g')
      .innerJoin('mediators as m', 'm.id', 'g.mediator_id')
      .select(['m.slug', 'g.tier', 'g.region_kind', 'g.country', 'g.region', 'g.starts_at', 'g.ends_at', 'g.association_id', 'g.granted_by'])
      .orderBy('m.slug')
      .execute();
    expect(grants).toEqual([
      { slug: 'open-ended', tier: 'featured', region_kind: 'country', country: 'CA', region: '', starts_at: AT, ends_at: '9999-12-31T00:00:00.000Z', association_id: null, granted_by: null },
      { slug: 'running', tier: 'featured', region_kind: 'country', country: 'US', region: '', starts_at: '2026-01-01T00:00:00.000Z', ends_at: '2027-01-01T00:00:00.000Z', association_id: null, granted_by: null },
    ]);
    const left = await db.db.selectFrom('mediators').select('id').where('featured_tier', 'is not', null).execute();
    expect(left).toEqual([]);
  });

  it('features them from their grants in searches from their country only', async () => {
    const search = async (location: { label: string; lat: number; lon: number; country: string; region: string }) => {
      const r = await searchMediators({ db: db.db, engine }, { location, radius: 250, practice: [], language: [], format: [], freeConsultation: false, accepting: false, sort: 'match', page: 1 }, NOW);
      if (r.status !== 'ok') throw new Error(r.status);
      return r.result.results.filter((h) => h.featured).map((h) => h.slug);
    };
    expect(await search({ label: 'Austin, TX', lat: 30.27, lon: -97.74, country: 'US', region: 'TX' })).toEqual(['running']);
    expect(await search({ label: 'Toronto, ON', lat: 43.65, lon: -79.38, country: 'CA', region: 'ON' })).toEqual(['open-ended']);
  });
});
