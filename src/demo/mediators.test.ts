import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLanguages } from '../directory/languages.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import type { Db } from '../db/database.ts';
import { seedDemo } from './seed.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const COUNT = 300;

/** What must come out the same for the same seed: every mediator's slug and name, every office's place. */
async function snapshot(db: Db) {
  const mediators = await db
    .selectFrom('mediators')
    .select(['slug', 'name', 'headline', 'bio', 'fee_min', 'fee_max', 'status', 'accepting_confirmed_at', 'created_at'])
    .orderBy('slug')
    .execute();
  const offices = await db
    .selectFrom('offices')
    .innerJoin('mediators', 'mediators.id', 'offices.mediator_id')
    .select(['mediators.slug', 'offices.lat', 'offices.lon', 'offices.postal_code', 'offices.address'])
    .orderBy('mediators.slug')
    .orderBy('offices.lat')
    .orderBy('offices.lon')
    .execute();
  return { mediators, offices };
}

describe.each(DIALECTS)('%s', (engine) => {
  const dbs: TestDatabase[] = [];
  let first: TestDatabase;
  let second: TestDatabase;
  let other: TestDatabase;

  beforeAll(async () => {
    [first, second, other] = await Promise.all([createTestDatabase(engine), createTestDatabase(engine), createTestDatabase(engine)]);
    dbs.push(first, second, other);
    // One after the other: the test machine has two cores and SQLite one writer per file anyway.
    expect(await seedDemo(first.db, engine, { mediators: COUNT, seed: 7, now: NOW })).toBe(COUNT);
    expect(await seedDemo(second.db, engine, { mediators: COUNT, seed: 7, now: NOW })).toBe(COUNT);
    expect(await seedDemo(other.db, engine, { mediators: COUNT, seed: 8, now: NOW })).toBe(COUNT);
  });

  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('makes the same mediators from the same seed', async () => {
    const a = await snapshot(first.db);
    const b = await snapshot(second.db);
    expect(a.mediators).toHaveLength(COUNT);
    expect(a.offices.length).toBeGreaterThan(COUNT * 0.9);
    expect(b).toEqual(a);
  });

  it('makes different mediators from a different seed', async () => {
    const a = await snapshot(first.db);
    const c = await snapshot(other.db);
    expect(c.mediators).toHaveLength(COUNT);
    expect(c.mediators.map((m) => m.slug)).not.toEqual(a.mediators.map((m) => m.slug));
    expect(c.offices.map((o) => [o.lat, o.lon])).not.toEqual(a.offices.map((o) => [o.lat, o.lon]));
  });

  it('puts most offices in the US, and some in Canada, Britain and Australia', async () => {
    const rows = await first.db
      .selectFrom('offices')
      .select(['country', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('country')
      .execute();
    const byCountry = Object.fromEntries(rows.map((r) => [r.country, Number(r.n)]));
    const total = Object.values(byCountry).reduce((a, b) => a + b, 0);
    expect(byCountry.US! / total).toBeGreaterThan(0.75);
    for (const country of ['CA', 'GB', 'AU']) expect(byCountry[country], country).toBeGreaterThan(0);
    expect(Object.keys(byCountry).sort()).toEqual(['AU', 'CA', 'GB', 'US']);
  });

  it('gives US offices real ZIP codes of their state, and coordinates near their city', async () => {
    const offices = await first.db.selectFrom('offices').select(['postal_code', 'region', 'country', 'lat', 'lon', 'cell']).execute();
    const us = offices.filter((o) => o.country === 'US');
    expect(us.filter((o) => /^\d{5}$/.test(o.postal_code)).length / us.length).toBeGreaterThan(0.95);
    const zips = await first.db
      .selectFrom('places')
      .select(['name', 'region'])
      .where('kind', '=', 'postal')
      .where('name', 'in', [...new Set(us.map((o) => o.postal_code).filter(Boolean))])
      .execute();
    const stateOf = new Map(zips.map((z) => [z.name, z.region]));
    for (const o of us.filter((o) => o.postal_code)) expect(stateOf.get(o.postal_code), o.postal_code).toBe(o.region);
    for (const o of offices.filter((o) => o.country === 'CA')) expect(o.postal_code).toMatch(/^[A-Z]\d[A-Z] \d[A-Z]\d$/);
    for (const o of offices.filter((o) => o.country === 'AU')) expect(o.postal_code).toMatch(/^\d{4}$/);
  });

  it('fills in profiles realistically', async () => {
    const mediators = await first.db.selectFrom('mediators').selectAll().execute();
    const share = (pred: (m: (typeof mediators)[number]) => boolean) => mediators.filter(pred).length / mediators.length;
    expect(share((m) => m.status === 'published')).toBeGreaterThan(0.9);
    expect(share((m) => m.accepting_cases === 1)).toBeGreaterThan(0.65);
    expect(share((m) => m.fmt_online === 1)).toBeGreaterThan(0.55);
    for (const m of mediators) {
      // Paragraphs, or a list under a bold heading.
      const blocks = m.bio.split('\n\n').filter((b) => !/^\*\*[^*]+\*\*$/.test(b));
      expect(blocks.length).toBeGreaterThanOrEqual(2);
      expect(blocks.length).toBeLessThanOrEqual(4);
      expect(m.headline.length).toBeGreaterThan(10);
      expect(m.years_in_practice).toBeGreaterThanOrEqual(1);
      expect(m.years_in_practice).toBeLessThanOrEqual(35);
      if (m.fee_min != null) {
        expect(m.fee_min % 5).toBe(0);
        expect(m.fee_max! % 5).toBe(0);
        expect(m.fee_max!).toBeGreaterThanOrEqual(m.fee_min);
      }
      expect(m.created_at <= NOW.toISOString()).toBe(true);
      expect(m.photo_url).toBeNull();
    }
    const family = await first.db.selectFrom('mediator_practice_areas').select('mediator_id').where('practice_area', '=', 'family').execute();
    expect(family.length / mediators.length).toBeGreaterThan(0.3);
    const english = await first.db.selectFrom('mediator_languages').select('mediator_id').where('language', '=', 'en').execute();
    expect(english).toHaveLength(mediators.length);
  });

  it('uses only languages and practice areas that visitors can filter by', async () => {
    const languages = await first.db.selectFrom('mediator_languages').select('language').distinct().execute();
    const offered = new Set((await listLanguages(first.db)).filter((l) => !l.hidden).map((l) => l.code));
    expect(languages.map((l) => l.language).filter((code) => !offered.has(code))).toEqual([]);
    const areas = await first.db.selectFrom('mediator_practice_areas').select('practice_area').distinct().execute();
    const known = new Set((await listPracticeAreas(first.db)).map((p) => p.slug));
    expect(areas.map((a) => a.practice_area).filter((slug) => !known.has(slug))).toEqual([]);
  });

  it('puts no email address or web address in any bio or headline', async () => {
    const mediators = await first.db.selectFrom('mediators').select(['slug', 'bio', 'headline']).execute();
    for (const m of mediators) {
      const text = `${m.headline}\n${m.bio}`;
      expect(text, m.slug).not.toMatch(/[\w.+-]+@[\w-]+(\.[\w-]+)+/);
      expect(text, m.slug).not.toMatch(/https?:|www\.|\b[\w-]+\.(com|org|net|io|co|uk|ca|au|us)\b/i);
    }
  });

  it('does nothing with onlyIfEmpty when mediators exist', async () => {
    const before = await first.db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemo(first.db, engine, { mediators: 50, seed: 9, now: NOW, onlyIfEmpty: true })).toBe(0);
    const after = await first.db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('across engines', () => {
  it('makes the same mediators on SQLite and PostgreSQL from the same seed', async () => {
    const dbs = await Promise.all(DIALECTS.map((engine) => createTestDatabase(engine)));
    try {
      const snapshots = [];
      for (const [i, d] of dbs.entries()) {
        await seedDemo(d.db, DIALECTS[i]!, { mediators: 100, seed: 11, now: NOW });
        snapshots.push(await snapshot(d.db));
      }
      for (const other of snapshots.slice(1)) expect(other).toEqual(snapshots[0]);
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
    }
  });
});
