import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TMP_DIR, type TestDatabase } from '../../test/support/db.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { prepareDatabase } from '../setup.ts';
import { seedFirstStart } from './seed.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');

// PostgreSQL only: several instances share one PostgreSQL; a SQLite file is served by one process.
describe('two instances starting together on one empty PostgreSQL', () => {
  let t: TestDatabase;
  let second: DatabaseHandle;
  const imageDir = path.join(TMP_DIR, `start-lock-${process.pid}`);

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    second = openDatabase('postgres', t.url);
  });
  afterAll(async () => {
    await second?.close();
    await t?.drop();
    fs.rmSync(imageDir, { recursive: true, force: true });
  });

  it('fill it with demo mediators and articles once, not twice', async () => {
    const start = async (db: DatabaseHandle['db']) => {
      await prepareDatabase(db, 'postgres');
      return seedFirstStart(db, 'postgres', { mediators: 40, seed: 3, now: NOW, articleImageDir: imageDir });
    };
    const made = await Promise.all([start(t.db), start(second.db)]);
    // One instance made it all; the other found it made.
    expect(made.map((m) => m.mediators).sort()).toEqual([0, 40]);
    expect(made.map((m) => m.articles).sort()).toEqual([0, 40]);

    const mediators = await t.db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(mediators.n).toBe(40);
    const slugs = await t.db.selectFrom('articles').select('slug').execute();
    expect(slugs.length).toBeGreaterThan(0);
    expect(new Set(slugs.map((a) => a.slug)).size).toBe(slugs.length);
    expect(slugs.some((a) => /-2$/.test(a.slug))).toBe(false);
    // Each demo association has news: three demo pieces tagged with it, once.
    const news = await t.db
      .selectFrom('article_associations')
      .innerJoin('associations', 'associations.id', 'article_associations.association_id')
      .select(['associations.slug', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('associations.slug')
      .orderBy('associations.slug')
      .execute();
    expect(news.map((r) => [r.slug, Number(r.n)])).toEqual([
      ['lone-star-mediators-association', 3],
      ['ontario-mediation-network', 3],
      ['travis-county-court-mediation-panel', 3],
    ]);
  }, 120_000);
});
