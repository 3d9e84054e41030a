import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { haversineKm } from './distance.ts';
import { defaultUnit, levenshtein, unitForLanguages, prefixUpperBound, resolveLocation, type Resolution, type ResolvedPlace } from './resolve.ts';

function found(r: Resolution): Extract<Resolution, { status: 'found' }> {
  if (r.status !== 'found') throw new Error(`expected found, got ${JSON.stringify(r)}`);
  return r;
}

function notFound(r: Resolution): Extract<Resolution, { status: 'not_found' }> {
  if (r.status !== 'not_found') throw new Error(`expected not_found, got ${JSON.stringify(r)}`);
  return r;
}

const km = (p: ResolvedPlace, lat: number, lon: number) => haversineKm(p, { lat, lon });

describe.each(DIALECTS)('%s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());

  const resolve = (raw: string) => resolveLocation(t.db, raw);

  it('resolves a US ZIP code to its town', async () => {
    const { place } = found(await resolve('78701'));
    expect(place).toMatchObject({ label: '78701 (Austin, TX)', country: 'US', region: 'TX', kind: 'postal' });
    expect(km(place, 30.27, -97.74)).toBeLessThan(2);
    expect(found(await resolve('78701-1234')).place.label).toBe('78701 (Austin, TX)');
  });

  it('resolves a Canadian postal code by its first three characters', async () => {
    const { place } = found(await resolve('M5V 3L9'));
    expect(place).toMatchObject({ label: 'M5V (Toronto, ON)', country: 'CA', region: 'ON', kind: 'postal' });
    expect(km(place, 43.65, -79.38)).toBeLessThan(10);
  });

  it('suggests nearby codes for a ZIP code that does not exist', async () => {
    const r = notFound(await resolve('78700'));
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) expect(s.label).toMatch(/^787\d\d \(TX\)$/);
  });

  it('resolves a city in a US state or Canadian province', async () => {
    const austin = found(await resolve('Austin, TX'));
    expect(austin.place).toMatchObject({ label: 'Austin, TX', country: 'US', region: 'TX', kind: 'city' });
    expect(km(austin.place, 30.27, -97.74)).toBeLessThan(5);
    expect(found(await resolve('Austin, Texas')).place.label).toBe('Austin, TX');

    const toronto = found(await resolve('Toronto, ON'));
    expect(toronto.place).toMatchObject({ label: 'Toronto, ON', country: 'CA', region: 'ON' });
    expect(km(toronto.place, 43.7, -79.42)).toBeLessThan(5);
  });

  it('takes London, UK to England, not Ontario', async () => {
    const r = found(await resolve('London, UK'));
    expect(r.place).toMatchObject({ label: 'London, United Kingdom', country: 'GB', region: 'ENG' });
    expect(r.alternatives.every((a) => a.country === 'GB')).toBe(true);
  });

  it('takes a bare London to the largest, and offers the others', async () => {
    const r = found(await resolve('London'));
    expect(r.place).toMatchObject({ label: 'London, United Kingdom', country: 'GB' });
    expect(r.alternatives.map((a) => a.label)).toContain('London, ON');
    expect(r.alternatives.length).toBeLessThanOrEqual(5);
  });

  it('offers the other Springfields with their states, largest first', async () => {
    const r = found(await resolve('Springfield'));
    expect(r.place.label).toMatch(/^Springfield, [A-Z]{2}$/);
    expect(r.alternatives.length).toBe(5);
    for (const a of r.alternatives) expect(a.label).toMatch(/^Springfield, [A-Z]{2}$/);
    expect(new Set([r.place.label, ...r.alternatives.map((a) => a.label)]).size).toBe(6);
    expect(r.alternatives.map((a) => a.label)).toEqual(expect.arrayContaining(['Springfield, IL', 'Springfield, MA']));
  });

  it('names Australian places with their state and country', async () => {
    const r = found(await resolve('Sydney, Australia'));
    expect(r.place).toMatchObject({ label: 'Sydney, NSW, Australia', country: 'AU', region: 'NSW' });
    expect(km(r.place, -33.87, 151.21)).toBeLessThan(5);
    expect(found(await resolve('Perth, WA')).place.country).toBe('AU');
  });

  it('reads a nation of the UK as a region', async () => {
    expect(found(await resolve('Manchester, England')).place).toMatchObject({ country: 'GB', region: 'ENG' });
  });

  it('finds cities under the names people use and folds accents and punctuation', async () => {
    expect(found(await resolve('New York')).place.label).toBe('New York, NY');
    expect(found(await resolve('Washington, DC')).place.label).toBe('Washington, DC');
    expect(found(await resolve('montreal')).place.label).toBe('Montréal, QC');
    expect(found(await resolve('Saint Louis, MO')).place.label).toBe('St. Louis, MO');
    expect(found(await resolve('st louis')).place.label).toBe('St. Louis, MO');
    expect(found(await resolve('St Petersburg')).alternatives.map((a) => a.label)).toContain('St. Petersburg, FL');
  });

  it('falls back from a US state code to the country with the same code', async () => {
    expect(found(await resolve('Berlin, DE')).place).toMatchObject({ country: 'DE', label: 'Berlin, Germany' });
    expect(found(await resolve('Toronto, CA')).place.label).toBe('Toronto, ON');
  });

  it('names coordinates by the nearest town, whose country gives the unit', async () => {
    const { place } = found(await resolve('40.7,-74.0'));
    expect(place).toMatchObject({ lat: 40.7, lon: -74, country: 'US', kind: 'coordinates' });
    // The town, not the numbers: "Mediators near Jersey City, NJ".
    expect(place.label).toMatch(/^[A-Z][^\d]+, (NJ|NY)$/);
    expect(found(await resolve('0.5,-160')).place.label).toBe('0.5000, -160.0000');
    expect(defaultUnit(place.country)).toBe('mi');
    expect(found(await resolve('51.5074, -0.1278')).place.country).toBe('GB');
    expect(found(await resolve('-33.87 151.21')).place.country).toBe('AU');
  });

  it('leaves the country blank far from any town', async () => {
    expect(found(await resolve('0,-30')).place).toMatchObject({ country: '', region: '', label: '0.0000, -30.0000' });
  });

  it('says not found, with the right spelling, for a typo', async () => {
    const r = notFound(await resolve('Austn, TX'));
    expect(r.query).toBe('Austn, TX');
    expect(r.suggestions[0]?.label).toBe('Austin, TX');
    const springs = notFound(await resolve('Sprngfield'));
    expect(springs.suggestions.length).toBeGreaterThan(1);
    for (const s of springs.suggestions) expect(s.label).toMatch(/^Springfield, /);
    expect(notFound(await resolve('Springf')).suggestions[0]?.label).toMatch(/^Springfield, /);
  });

  it('says not found when a city is not in the region asked for, and suggests where it is', async () => {
    const r = notFound(await resolve('Toronto, TX'));
    expect(r.suggestions.map((s) => s.label)).toContain('Toronto, ON');
    expect(notFound(await resolve('Austin, Txas')).suggestions[0]?.label).toBe('Austin, TX');
  });

  it('says not found, without inventing suggestions, for nonsense', async () => {
    const r = notFound(await resolve('Xyzzyqq'));
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
  });

  it('treats SQL and script as text', async () => {
    for (const raw of ["' OR 1=1 --", "Austin'; DROP TABLE places; --", '<script>alert(1)</script>', "%' OR name LIKE '%", 'qx%_\\']) {
      expect((await resolve(raw)).status).toBe('not_found');
    }
    expect(found(await resolve('Austin, TX')).status).toBe('found');
  });

  it('says empty or invalid before touching the database', async () => {
    expect(await resolve('   ')).toEqual({ status: 'empty' });
    expect(await resolve('?!')).toMatchObject({ status: 'invalid' });
    expect(await resolve('x'.repeat(10_240))).toMatchObject({ status: 'invalid' });
    expect(await resolve('95, 10')).toMatchObject({ status: 'invalid', message: expect.stringMatching(/latitude/i) });
  });
});

describe('unitForLanguages', () => {
  it('follows the region of the browser language, miles when none is named', () => {
    expect(unitForLanguages('en-US,en;q=0.9')).toBe('mi');
    expect(unitForLanguages('en-GB')).toBe('mi');
    expect(unitForLanguages('fr-CA,fr;q=0.8,en;q=0.5')).toBe('km');
    expect(unitForLanguages('en-AU')).toBe('km');
    expect(unitForLanguages('en')).toBe('mi');
    expect(unitForLanguages(undefined)).toBe('mi');
    expect(unitForLanguages('<script>')).toBe('mi');
  });
});

describe('defaultUnit', () => {
  it('uses miles in the US and UK and kilometres elsewhere', () => {
    expect(defaultUnit('US')).toBe('mi');
    expect(defaultUnit('GB')).toBe('mi');
    expect(defaultUnit('CA')).toBe('km');
    expect(defaultUnit('')).toBe('km');
  });
});

describe('prefixUpperBound', () => {
  it('bumps the last letter or digit that sorts the same in every collation', () => {
    expect(prefixUpperBound('aust')).toBe('ausu');
    expect(prefixUpperBound('st l')).toBe('st m');
    expect(prefixUpperBound('san ')).toBe('sao');
    expect(prefixUpperBound('buz')).toBe('bv');
    expect(prefixUpperBound('789')).toBe('79');
    expect(prefixUpperBound('zz')).toBeNull();
    expect(prefixUpperBound('мос')).toBeNull();
  });
});

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('austn', 'austin')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
});
