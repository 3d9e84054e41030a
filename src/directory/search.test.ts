import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { createMediator, mediatorInput, office } from '../../test/support/factories.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { seedDemo } from '../demo/seed.ts';
import { exhaustiveSearch } from '../../test/support/exhaustive-search.ts';
import { searchMediators, type SearchOutcome } from './search.ts';
import { impressionsFor } from './featured/impressions.ts';
import type { SearchParams, SearchResult } from './types.ts';

const AUSTIN = { label: 'Austin, TX', lat: 30.2672, lon: -97.7431, country: 'US', region: 'TX' };
const KM_PER_DEG_LAT = 111.195;
/** A point `km` due north of Austin. */
const north = (km: number) => office(AUSTIN.lat + km / KM_PER_DEG_LAT, AUSTIN.lon, { city: `North ${km}` });

const params = (over: Partial<SearchParams> = {}): SearchParams => ({
  location: AUSTIN,
  practice: [],
  language: [],
  format: [],
  freeConsultation: false,
  accepting: false,
  sort: 'match',
  page: 1,
  ...over,
});

function ok(outcome: SearchOutcome): SearchResult {
  if (outcome.status !== 'ok') throw new Error(`expected results, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

describe.each(DIALECTS)('directory search on %s', (engine) => {
  let t: TestDatabase;
  const search = async (over: Partial<SearchParams> = {}, now = TEST_NOW) => ok(await searchMediators({ db: t.db, engine }, params(over), now));
  const names = (r: SearchResult) => r.results.map((h) => h.name);

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    const add = (name: string, over: Parameters<typeof mediatorInput>[0]) => createMediator(t.db, engine, { name, ...over });
    await add('Ada Near', { offices: [north(2)] });
    await add('Ben Fifteen', { offices: [north(15)] });
    await add('Cal Fifty', { offices: [north(50)] });
    await add('Dee Dallas', { offices: [office(32.7767, -96.797, { city: 'Dallas' })] });
    await add('Eve Online', { offices: [], serviceAreas: [{ kind: 'online', country: 'US', region: 'TX' }], formats: ['online'] });
    await add('Fay Travels', { offices: [], serviceAreas: [{ kind: 'travel', country: 'US', region: null }] });
    await add('Gus Two Offices', { offices: [office(32.7767, -96.797, { city: 'Dallas' }), north(10)] });
    await add('Hal Draft', { status: 'draft', offices: [north(1)] });
    await add('Ivy Spanish', { offices: [north(8)], languages: ['en', 'es'], practiceAreas: ['workplace'], feeMin: 90, freeConsultation: false, headline: 'Workplace mediator for teams' });
    await add('Jo Stale', { offices: [north(1)], acceptingCases: true, acceptingConfirmedAt: '2026-01-01T00:00:00.000Z', bio: '', credentials: [], headline: '' });
    await add('Kit Ohio', { offices: [], serviceAreas: [{ kind: 'online', country: 'US', region: 'OH' }] });
  });
  afterAll(() => t.drop());

  it('finds offices within the radius, nearest office per mediator, and no drafts', async () => {
    const r = await search({ sort: 'distance' });
    const withOffice = r.results.filter((h) => h.match === 'office');
    expect(withOffice.map((h) => h.name)).toEqual(['Jo Stale', 'Ada Near', 'Ivy Spanish', 'Gus Two Offices', 'Ben Fifteen']);
    const gus = withOffice.find((h) => h.name === 'Gus Two Offices')!;
    expect(gus.distance).toEqual({ value: 6.2, unit: 'mi' });
    expect(gus.office?.city).toBe('North 10');
    expect(names(r)).not.toContain('Hal Draft');
    expect(names(r)).not.toContain('Cal Fifty');
    expect(names(r)).not.toContain('Dee Dallas');
  });

  it('adds mediators who serve the place online or by travel, marked as such, after the offices when sorting by distance', async () => {
    const r = await search({ sort: 'distance' });
    expect(r.results.slice(-2).map((h) => [h.name, h.match, h.distance])).toEqual([
      ['Eve Online', 'online', null],
      ['Fay Travels', 'travel', null],
    ]);
    expect(names(r)).not.toContain('Kit Ohio');
  });

  it('widens with the radius and converts units', async () => {
    expect(names(await search({ radius: 50 }))).toContain('Cal Fifty');
    const km = await search({ unit: 'km', sort: 'distance' });
    expect(km.unit).toBe('km');
    expect(km.results.find((h) => h.name === 'Ada Near')!.distance).toEqual({ value: 2, unit: 'km' });
    expect(names(await search({ unit: 'km', radius: 9 }))).not.toContain('Ben Fifteen');
  });

  it('filters by practice area, language, format, fee, free consultation and keyword', async () => {
    expect(names(await search({ practice: ['workplace'] }))).toEqual(['Ivy Spanish']);
    expect(names(await search({ language: ['es'] }))).toEqual(['Ivy Spanish']);
    expect(names(await search({ maxFee: 100 }))).toEqual(['Ivy Spanish']);
    expect(names(await search({ freeConsultation: true }))).not.toContain('Ivy Spanish');
    expect(names(await search({ q: 'workpl teams' }))).toEqual(['Ivy Spanish']);
    const online = names(await search({ format: ['online'] }));
    expect(online).toContain('Eve Online');
    expect(online).not.toContain('Fay Travels');
  });

  it('ranks by the published formula: a complete, recently confirmed profile beats a slightly nearer stale one', async () => {
    const r = await search();
    expect(names(r).indexOf('Ada Near')).toBeLessThan(names(r).indexOf('Jo Stale'));
    const jo = r.results.find((h) => h.name === 'Jo Stale')!;
    expect(jo.availability.stale).toBe(true);
    for (let i = 1; i < r.results.length; i++) expect(r.results[i - 1]!.score).toBeGreaterThanOrEqual(r.results[i]!.score);
  });

  it('sorts by fee with unknown fees last', async () => {
    const r = await search({ sort: 'fee' });
    expect(r.results[0]!.name).toBe('Ivy Spanish');
    const fees = r.results.map((h) => h.fee.min ?? Infinity);
    expect([...fees].sort((a, b) => a - b)).toEqual(fees);
  });

  it('pages results with a total and refuses a page past the end', async () => {
    const r = await search();
    expect(r.total).toBe(r.results.length);
    expect(r.pageCount).toBe(1);
    const past = await searchMediators({ db: t.db, engine }, params({ page: 3 }), TEST_NOW);
    expect(past).toEqual({ status: 'page_out_of_range', pageCount: 1, total: r.total });
  });

  it('resolves a typed place', async () => {
    const r = ok(await searchMediators({ db: t.db, engine }, params({ location: undefined, near: 'Austin, TX' }), TEST_NOW));
    expect(r.location?.label).toMatch(/Austin/);
    expect(names(r)).toContain('Ada Near');
    const missing = await searchMediators({ db: t.db, engine }, params({ location: undefined, near: 'Qqqxxyz' }), TEST_NOW);
    expect(missing.status).toBe('location_not_found');
  });
});

describe.each(DIALECTS)('featured placement on %s', (engine) => {
  let t: TestDatabase;
  const FEATURED = { featuredTier: 'featured', featuredFrom: '2026-01-01T00:00:00.000Z', featuredUntil: '2027-01-01T00:00:00.000Z' };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    // 25 ordinary mediators close by, then 6 featured ones further out with thin profiles.
    for (let i = 0; i < 25; i++) await createMediator(t.db, engine, { name: `Organic ${String(i).padStart(2, '0')}`, offices: [north(1 + i * 0.2)] });
    for (let i = 0; i < 6; i++) {
      await createMediator(t.db, engine, { name: `Sponsor ${i}`, offices: [north(30 + i)], bio: '', credentials: [], ...FEATURED });
    }
    await createMediator(t.db, engine, { name: 'Expired Sponsor', offices: [north(2)], featuredTier: 'featured', featuredFrom: '2025-01-01T00:00:00.000Z', featuredUntil: '2026-01-01T00:00:00.000Z' });
  });
  afterAll(() => t.drop());

  const page = async (n: number, now = TEST_NOW) => ok(await searchMediators({ db: t.db, engine }, params({ page: n }), now));

  it('shows at most three labelled featured slots, in addition to a full page of results', async () => {
    const r = await page(1);
    expect(r.results).toHaveLength(20);
    expect(r.featured.length).toBe(3);
    expect(r.featured.every((h) => h.featured && h.name.startsWith('Sponsor'))).toBe(true);
    // They never push a better match off the page: the page holds the 20 best matches.
    expect(r.results.every((h) => h.name.startsWith('Organic') || h.name === 'Expired Sponsor')).toBe(true);
    expect(r.results.find((h) => h.name === 'Expired Sponsor')?.featured).toBe(false);
  });

  it('rotates featured members fairly: the least shown go first', async () => {
    const seen = new Map<string, number>();
    for (let day = 0; day < 6; day++) {
      const r = await page(1, new Date(TEST_NOW.getTime() + day * 86_400_000));
      for (const h of r.featured) seen.set(h.name, (seen.get(h.name) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    // With the earlier tests' searches, every running grant has been shown as often as any other, give or take one.
    const running = await t.db.selectFrom('featured_grants').select('id').where('ends_at', '>', TEST_NOW.toISOString()).execute();
    const shown = running.map((g) => impressionsFor(t.db).shown(g.id));
    expect(shown).toHaveLength(6);
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(1);
  });

  it('does not repeat on the featured slots someone already on the page', async () => {
    const r = await page(2);
    const onPage = new Set(r.results.map((h) => h.name));
    expect(r.featured.some((h) => onPage.has(h.name))).toBe(false);
    expect(r.results.filter((h) => h.name.startsWith('Sponsor')).every((h) => h.featured)).toBe(true);
  });
});

describe.each(DIALECTS)('the search index on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());
  const find = async (db: Db, over: Partial<SearchParams> = {}) => names(ok(await searchMediators({ db, engine }, params(over), TEST_NOW)));
  const names = (r: SearchResult) => r.results.map((h) => h.name);

  it('sees every change written to the database, through the app or not, on the next search', async () => {
    const id = await createMediator(t.db, engine, { name: 'Lou Changing', offices: [north(3)] });
    expect(await find(t.db)).toContain('Lou Changing');

    // Written straight to the database, as an administrator in a SQL shell would.
    await t.db.updateTable('offices').set({ lat: AUSTIN.lat + 60 / KM_PER_DEG_LAT }).where('mediator_id', '=', id).execute();
    expect(await find(t.db)).not.toContain('Lou Changing');
    expect(await find(t.db, { radius: 40 })).toContain('Lou Changing');

    await t.db.updateTable('mediators').set({ name: 'Lou Renamed' }).where('id', '=', id).execute();
    expect(await find(t.db, { radius: 40 })).toContain('Lou Renamed');

    await t.db.insertInto('mediator_languages').values({ mediator_id: id, language: 'fr' }).execute();
    expect(await find(t.db, { radius: 40, language: ['fr'] })).toEqual(['Lou Renamed']);

    await t.db.updateTable('mediators').set({ status: 'suspended' }).where('id', '=', id).execute();
    expect(await find(t.db, { radius: 40 })).not.toContain('Lou Renamed');
    await t.db.updateTable('mediators').set({ status: 'published' }).where('id', '=', id).execute();
    expect(await find(t.db, { radius: 40 })).toContain('Lou Renamed');

    await t.db.deleteFrom('mediators').where('id', '=', id).execute();
    expect(await find(t.db, { radius: 40 })).not.toContain('Lou Renamed');
  });

  it('shows a changed headline and office city on the next results page', async () => {
    const id = await createMediator(t.db, engine, { name: 'Ola Cards', headline: 'Old headline here', offices: [north(6)] });
    const card = async () => ok(await searchMediators({ db: t.db, engine }, params(), TEST_NOW)).results.find((h) => h.id === id)!;
    expect((await card()).headline).toBe('Old headline here');
    await t.db.updateTable('mediators').set({ headline: 'New headline here' }).where('id', '=', id).execute();
    await t.db.updateTable('offices').set({ city: 'Newtown' }).where('mediator_id', '=', id).execute();
    const after = await card();
    expect(after.headline).toBe('New headline here');
    expect(after.office?.city).toBe('Newtown');
  });

  it('finds a new mediator by keyword after the keyword was searched before', async () => {
    expect(await find(t.db, { q: 'zebracrossing' })).toEqual([]);
    await createMediator(t.db, engine, { name: 'Nia Keyword', headline: 'Zebracrossing disputes settled', offices: [north(5)] });
    expect(await find(t.db, { q: 'zebracrossing' })).toEqual(['Nia Keyword']);
    await t.db.deleteFrom('mediators').where('name', '=', 'Nia Keyword').execute();
    expect(await find(t.db, { q: 'zebracrossing' })).toEqual([]);
  });

  it('knows a practice area added to the taxonomy on the next search', async () => {
    const mediation = () => searchMediators({ db: t.db, engine }, params({ practice: ['animal-law'] }), TEST_NOW);
    expect((await mediation()).status).toBe('invalid');
    await t.db.insertInto('practice_areas').values({ slug: 'animal-law', name: 'Animals & pets', description: '', position: 99 }).execute();
    expect((await mediation()).status).toBe('ok');
  });

  it('keeps two app instances on one database in step', async () => {
    const other = openDatabase(engine, t.url);
    try {
      await createMediator(t.db, engine, { name: 'Mia Shared', offices: [north(4)] });
      expect(await find(other.db)).toContain('Mia Shared');
      // A change made through the second instance reaches the first.
      await other.db.updateTable('mediators').set({ status: 'draft' }).where('name', '=', 'Mia Shared').execute();
      expect(await find(t.db)).not.toContain('Mia Shared');
      expect(await find(other.db)).not.toContain('Mia Shared');
    } finally {
      await other.close();
    }
  });
});

describe.each(DIALECTS)('the search index against an exhaustive search on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seedDemo(t.db, engine, { mediators: 600, seed: 11, now: TEST_NOW });
  }, 180_000);
  afterAll(() => t.drop());

  const PLACES = [
    { label: 'New York, NY', lat: 40.7128, lon: -74.006, country: 'US', region: 'NY' },
    { label: 'Chicago, IL', lat: 41.8781, lon: -87.6298, country: 'US', region: 'IL' },
    { label: 'Austin, TX', lat: 30.2672, lon: -97.7431, country: 'US', region: 'TX' },
    { label: 'Toronto, ON', lat: 43.6532, lon: -79.3832, country: 'CA', region: 'ON' },
    { label: 'London', lat: 51.5072, lon: -0.1276, country: 'GB', region: 'ENG' },
    { label: 'Boise, ID', lat: 43.615, lon: -116.2023, country: 'US', region: 'ID' },
  ];
  // A fixed pseudo-random mix of places, radii, filters, sorts and pages.
  const queries = Array.from({ length: 60 }, (_, i) => {
    const pick = <T,>(xs: readonly T[], salt: number) => xs[(i * 7 + salt * 13 + ((i * i) % 11)) % xs.length]!;
    return params({
      location: i % 10 === 9 ? undefined : pick(PLACES, 1),
      radius: pick([10, 25, 60, 100, 250], 2),
      practice: pick([[], [], [], ['family'], ['workplace', 'commercial'], ['elder']], 3),
      language: pick([[], [], [], [], ['es'], ['fr', 'en']], 4),
      format: pick([[], [], [], ['online'], ['in_person'], ['phone', 'online']] as const, 5).slice(),
      maxFee: pick([undefined, undefined, undefined, 150, 300], 6),
      freeConsultation: i % 7 === 2,
      accepting: i % 6 === 1,
      q: pick([undefined, undefined, undefined, undefined, 'family', 'work', 'divorce parenting'], 7),
      sort: pick(['match', 'match', 'distance', 'fee'] as const, 8),
      page: pick([1, 1, 1, 2, 3], 9),
    });
  });

  it.each(queries.map((q, i) => [i, q] as const))('query %i gives the same page, scores and featured members', async (_, q) => {
    const expected = await exhaustiveSearch(t.db, engine, q, TEST_NOW);
    const got = await searchMediators({ db: t.db, engine }, q, TEST_NOW);
    if (got.status === 'page_out_of_range') {
      expect(expected.page).toEqual([]);
      expect(got.total).toBe(expected.total);
      return;
    }
    const r = ok(got);
    expect(r.total).toBe(expected.total);
    expect(r.results.map((h) => ({ id: h.id, match: h.match, score: h.score }))).toEqual(expected.page.map(({ id, match, score }) => ({ id, match, score })));
    expect(r.featured.map((h) => h.id)).toEqual(expected.featured);
  });

  it('covers searches with many results, not only empty ones', async () => {
    const totals = await Promise.all(queries.map((q) => exhaustiveSearch(t.db, engine, q, TEST_NOW).then((r) => r.total)));
    expect(totals.filter((n) => n > 20).length).toBeGreaterThanOrEqual(15);
    expect(totals.filter((n) => n === 0).length).toBeLessThan(20);
  });
});
