import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestDatabase, DIALECTS, runId, TMP_DIR, type TestDatabase } from '../../test/support/db.ts';
import { DEMO_ARTICLES } from './articles.ts';
import { DEFAULT_CATEGORIES } from '../articles/categories.ts';
import { HERO_WIDTHS } from '../articles/hero.ts';
import { parseVideoUrl } from '../articles/video.ts';
import { articleSlug } from '../articles/write.ts';
import { computeRelated, readTheseNext } from '../articles/related.ts';
import { seedDemo, seedFirstStart } from './seed.ts';
import { HeroArt } from '../articles/views/hero-art.tsx';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;
// One folder for both engines: the second seeding reuses the first one's images.
const imageDir = path.join(TMP_DIR, `demo-heroes-${runId()}-${crypto.randomBytes(4).toString('hex')}`);
afterAll(() => fs.rmSync(imageDir, { recursive: true, force: true }));

describe('the demo publication content', () => {
  it('uses the site categories, unique slugs and dates, and valid links', () => {
    const categories = new Set(DEFAULT_CATEGORIES.map((c) => c.slug));
    expect(DEMO_ARTICLES).toHaveLength(40);
    expect(new Set(DEMO_ARTICLES.map((a) => a.slug)).size).toBe(40);
    expect(new Set(DEMO_ARTICLES.map((a) => a.daysAgo)).size).toBe(40);
    for (const a of DEMO_ARTICLES) {
      // Saved as given: a slug that slugify would change or shorten would not be the one here.
      expect(articleSlug(a.slug)).toBe(a.slug);
      expect(a.categories.filter((c) => !categories.has(c)), a.slug).toEqual([]);
      expect(a.heroAlt.trim().length, a.slug).toBeGreaterThan(10);
      if (a.kind === 'video') expect(parseVideoUrl(a.videoUrl ?? '').ok, a.slug).toBe(true);
      if (a.kind === 'news') expect(a.sourceUrl, a.slug).toMatch(/^https:\/\/[a-z0-9.-]+\.example\.(org|com|net)\//);
      expect(a.author >= 0 ? a.author < 12 : a.kind === 'news', a.slug).toBe(true);
    }
  });

  it('draws a different 1600×900 hero for each piece', async () => {
    const svgs = await Promise.all(DEMO_ARTICLES.map((a) => HeroArt({ slug: a.slug })));
    expect(new Set(svgs).size).toBe(40);
    const meta = await sharp(Buffer.from(svgs[0]!)).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 900]);
  });
});

describe.each(DIALECTS)('seeding the demo publication on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seedDemo(t.db, engine, { mediators: 14, seed: 5, now: NOW });
    await seedFirstStart(t.db, engine, { mediators: 0, demoArticles: true, articleImageDir: imageDir, now: NOW });
  }, 180_000);
  afterAll(() => t.drop());

  it('publishes the 40 pieces with their bylines, dates and heroes', async () => {
    const rows = await t.db
      .selectFrom('articles')
      .innerJoin('article_authors', 'article_authors.article_id', 'articles.id')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['articles.slug', 'articles.kind', 'articles.status', 'articles.published_at', 'articles.hero_image', 'articles.hero_alt', 'articles.hero_width', 'articles.hero_height', 'authors.slug as author', 'authors.mediator_id'])
      .execute();
    expect(rows).toHaveLength(40);
    const writers = (await t.db.selectFrom('mediators').select('id').orderBy('id').limit(12).execute()).map((m) => m.id);
    const bySlug = new Map(rows.map((r) => [r.slug, r]));
    for (const item of DEMO_ARTICLES) {
      const row = bySlug.get(item.slug)!;
      expect(row.status).toBe('published');
      expect(row.kind).toBe(item.kind);
      expect(row.published_at).toBe(new Date(NOW.getTime() - item.daysAgo * DAY).toISOString());
      if (item.author < 0) expect(row.author).toBe('editors');
      else expect(row.mediator_id).toBe(writers[item.author]);
      expect(row.hero_alt).toBe(item.heroAlt);
      expect([row.hero_width, row.hero_height]).toEqual([1600, 900]);
      for (const w of HERO_WIDTHS) expect(fs.existsSync(path.join(imageDir, `${row.hero_image}-${w}.webp`))).toBe(true);
    }
    // The categories stay the site's own seven.
    expect(await t.db.selectFrom('categories').select('slug').orderBy('slug').execute()).toEqual(DEFAULT_CATEGORIES.map((c) => ({ slug: c.slug })).sort((a, b) => a.slug.localeCompare(b.slug)));
  });

  it('ranks every piece\'s reading list, mostly by shared tags', async () => {
    const ids = (await t.db.selectFrom('articles').select('id').orderBy('id').execute()).map((r) => r.id);
    let cards = 0;
    let sharingTag = 0;
    for (const id of ids) {
      const next = await readTheseNext(t.db, id);
      expect(next).toHaveLength(3);
      expect(next).not.toContain(id);
      const kept = await t.db.selectFrom('article_related').select(['related_id', 'score']).where('article_id', '=', id).orderBy('position').execute();
      expect(kept.map((k) => ({ id: k.related_id, score: k.score }))).toEqual(await computeRelated(t.db, id, NOW));
      const mine = (await t.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute()).map((r) => r.tag_id);
      for (const other of next) {
        const theirs = await t.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', other).where('tag_id', 'in', mine).execute();
        cards++;
        if (theirs.length) sharingTag++;
      }
    }
    expect(sharingTag / cards).toBeGreaterThan(0.8);
  });

  it('does nothing on the next start', async () => {
    expect(await seedFirstStart(t.db, engine, { mediators: 14, seed: 5, demoArticles: true, articleImageDir: imageDir, now: NOW })).toEqual({ mediators: 0, associations: 0, articles: 0 });
    const n = await t.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(40);
  });
});
