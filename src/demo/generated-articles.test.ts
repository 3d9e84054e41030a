import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import type { Db } from '../db/database.ts';
import { seedDemo } from './seed.ts';
import { generateArticles } from './generated-articles.ts';
import { computeRelated, readTheseNext, RELATED_KEPT } from '../articles/related.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const COUNT = 300;

/** Everything the generator decides, keyed by slug so that ids may differ. */
async function snapshot(db: Db) {
  const articles = await db.selectFrom('articles').select(['id', 'slug', 'kind', 'title', 'excerpt', 'body', 'published_at', 'video_url', 'source_url', 'reading_minutes']).orderBy('slug').execute();
  const slugOf = new Map(articles.map((a) => [a.id, a.slug]));
  const tags = await db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select(['article_tags.article_id', 'tags.slug']).execute();
  const related = await db.selectFrom('article_related').select(['article_id', 'position', 'related_id', 'score']).execute();
  return {
    articles: articles.map(({ id: _id, ...a }) => a),
    tags: tags.map((t) => `${slugOf.get(t.article_id)} ${t.slug}`).sort(),
    related: related.map((r) => `${slugOf.get(r.article_id)} ${r.position} ${slugOf.get(r.related_id)} ${r.score}`).sort(),
  };
}

describe('generating articles in bulk', () => {
  const dbs = new Map<Engine, TestDatabase>();
  beforeAll(async () => {
    for (const engine of DIALECTS) {
      const t = await createTestDatabase(engine);
      dbs.set(engine, t);
      await seedDemo(t.db, engine, { mediators: 40, seed: 3, now: NOW });
      const result = await generateArticles(t.db, engine, { articles: COUNT, seed: 9, now: NOW });
      expect(result.articles).toBe(COUNT);
    }
  }, 180_000);
  afterAll(async () => {
    for (const t of dbs.values()) await t.drop();
  });

  it('makes the same articles and the same related lists on both engines', async () => {
    const [a, b] = await Promise.all(DIALECTS.map((engine) => snapshot(dbs.get(engine)!.db)));
    expect(a!.articles).toHaveLength(COUNT);
    expect(b).toEqual(a);
  });

  it.each(DIALECTS)('on %s: publishes varied articles, indexed for search, each with a full related list', async (engine) => {
    const db = dbs.get(engine)!.db;
    const rows = await db.selectFrom('articles').select(['id', 'kind', 'status', 'published_at', 'slug']).execute();
    expect(rows.every((r) => r.status === 'published')).toBe(true);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['article', 'news', 'video']));
    const oldest = rows.map((r) => r.published_at!).sort()[0]!;
    expect(Date.parse(oldest)).toBeLessThan(NOW.getTime() - 2 * 365 * 86_400_000);
    expect(Date.parse(oldest)).toBeGreaterThanOrEqual(NOW.getTime() - 3 * 365 * 86_400_000);
    const tags = await db.selectFrom('tags').select('id').execute();
    expect(tags.length).toBeGreaterThan(150);
    expect(tags.length).toBeLessThanOrEqual(210);

    const indexed =
      engine === 'postgres'
        ? await sql<{ n: number }>`SELECT count(*) AS n FROM articles WHERE search_vector IS NOT NULL`.execute(db)
        : await sql<{ n: number }>`SELECT count(*) AS n FROM article_fts`.execute(db);
    expect(Number(indexed.rows[0]!.n)).toBe(COUNT);

    for (const r of rows.slice(0, 40)) {
      const kept = await db.selectFrom('article_related').select(['related_id', 'score']).where('article_id', '=', r.id).orderBy('position').execute();
      expect(kept).toHaveLength(RELATED_KEPT);
      expect(kept.map((k) => ({ id: k.related_id, score: k.score }))).toEqual(await computeRelated(db, r.id, NOW));
      expect(await readTheseNext(db, r.id)).toEqual(kept.slice(0, 3).map((k) => k.related_id));
    }
  });

  it.each(DIALECTS)('on %s: adds different articles with another seed, around the slugs already taken', async (engine) => {
    const db = dbs.get(engine)!.db;
    const before = new Set((await db.selectFrom('articles').select('slug').execute()).map((r) => r.slug));
    await generateArticles(db, engine, { articles: 20, seed: 10, now: NOW });
    const after = await db.selectFrom('articles').select(['slug', 'title']).execute();
    expect(after).toHaveLength(COUNT + 20);
    expect(new Set(after.map((a) => a.slug)).size).toBe(COUNT + 20);
    expect(after.filter((a) => !before.has(a.slug))).toHaveLength(20);
  });
});
