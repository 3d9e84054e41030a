import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import { parseSearchQuery } from './schema.ts';
import { searchMediators } from './search.ts';

/**
 * The same data on SQLite and PostgreSQL must give the same mediators in the same order for the
 * same search: ranking, distances, filters, keyword matching and paging alike.
 */
describe('SQLite and PostgreSQL agree', () => {
  let sqlite: TestDatabase;
  let postgres: TestDatabase;

  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([createTestDatabase('sqlite'), createTestDatabase('postgres')]);
    for (const t of [sqlite, postgres]) await seedDemo(t.db, t.engine, { mediators: 600, seed: 7, now: TEST_NOW });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([sqlite?.drop(), postgres?.drop()]);
  });

  const queries = [
    'near=New York, NY',
    'near=New York, NY&sort=distance&radius=100',
    'near=Los Angeles, CA&radius=50&sort=fee',
    'near=Chicago, IL&practice=family&practice=workplace',
    'near=Houston, TX&language=es&radius=100',
    'near=Toronto, ON&unit=km&radius=80',
    'near=London, UK&radius=60',
    'near=Sydney, Australia&format=online',
    'near=10001&q=family&radius=100',
    'near=94103&q=work&free=1&accepting=1&radius=100',
    'near=60601&maxFee=200&page=2&radius=100',
    'near=Toronto, ON&maxFee=150&sort=fee&radius=100',
    'near=London, UK&maxFee=200&radius=100',
    'q=divorce parenting',
    'practice=elder&sort=fee',
  ];

  it.each(queries)('%s', async (query) => {
    const parsed = parseSearchQuery(Object.fromEntries(new URLSearchParams(query).entries()));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const params = { ...parsed.params };
    const practice = new URLSearchParams(query).getAll('practice');
    if (practice.length) params.practice = practice;
    const [a, b] = await Promise.all(
      [sqlite, postgres].map((t) => searchMediators({ db: t.db, engine: t.engine }, params, TEST_NOW)),
    );
    expect(a!.status).toBe('ok');
    const view = (o: typeof a) => (o?.status === 'ok' ? { total: o.result.total, results: o.result.results.map((h) => [h.slug, h.distance?.value ?? null, h.score]), featured: o.result.featured.map((h) => h.slug) } : o);
    expect(view(b)).toEqual(view(a));
    if (a!.status === 'ok' && !query.startsWith('near=Sydney') && !query.startsWith('practice=')) expect(a!.result.total).toBeGreaterThan(0);
  });
});
