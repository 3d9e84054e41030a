/**
 * Synthetic articles in bulk, for benchmarks and for trying the publication at volume:
 * `npm run seed -- --articles N`. Titles and bodies are assembled from a word bank of mediation
 * topics (article-words.ts), so articles on one topic share words that articles on others do
 * not, and TF-IDF has something to find. Names and places come from faker.
 *
 * Deterministic: the same count, seed, `now` and mediators give the same articles. The fast
 * path writes rows in batches (no revisions: nobody wrote these), indexes them for search, then
 * ranks related reading for the whole publication at once (rebuildRelated).
 */
import { Faker, base, en, en_US } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { ArticleKind } from '../db/schema.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from '../articles/categories.ts';
import { authorForMediator } from '../articles/authors.ts';
import { articleSlug, tagSlug } from '../articles/write.ts';
import { deriveExcerpt, wordCount } from '../articles/text.ts';
import { articleTextIndexFor } from '../articles/text-search.ts';
import { rebuildRelated } from '../articles/related.ts';
import { ARTICLE_TITLES, HEADINGS, NEWS_TITLES, SENTENCES, TOPICS, VIDEO_TITLES, type Topic } from './article-words.ts';

export interface GenerateOptions {
  articles: number;
  seed: number;
  /** Publication dates spread over the three years before this. Default: the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

export interface GenerateResult {
  articles: number;
  authors: number;
  insertMs: number;
  relatedMs: number;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Inserts per statement: about 20 columns a row, under both engines' limits on bound values. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

interface Draft {
  kind: ArticleKind;
  title: string;
  body: string;
  plain: string;
  categories: string[];
  tags: string[];
  author: number;
  publishedAt: string;
  sourceName: string | null;
  sourceUrl: string | null;
  videoUrl: string | null;
  videoId: string | null;
  videoSeconds: number | null;
}

class ArticleGenerator {
  private readonly faker: Faker;
  constructor(
    seed: number,
    private readonly now: Date,
    private readonly authors: number,
  ) {
    this.faker = new Faker({ locale: [en_US, en, base] });
    this.faker.seed([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, 0x5eed]);
  }

  private fill(template: string, topic: Topic, other: Topic): string {
    const f = this.faker;
    const word = () => f.helpers.arrayElement(f.datatype.boolean(0.8) ? topic.words : other.words);
    const [a, b, c] = [word(), word(), word()];
    return template
      .replace('{A}', capitalise(a))
      .replace('{a}', a)
      .replace('{b}', b)
      .replace('{c}', c)
      .replace('{name}', () => f.person.fullName())
      .replace('{city}', () => f.location.city());
  }

  next(): Draft {
    const f = this.faker;
    const topic = f.helpers.arrayElement(TOPICS);
    const other = f.datatype.boolean(0.5) ? f.helpers.arrayElement(TOPICS) : topic;
    const roll = f.number.float({ min: 0, max: 1 });
    const kind: ArticleKind = roll < 0.85 ? 'article' : roll < 0.95 ? 'news' : 'video';
    const titles = kind === 'news' ? NEWS_TITLES : kind === 'video' ? VIDEO_TITLES : ARTICLE_TITLES;
    const title = this.fill(f.helpers.arrayElement(titles), topic, topic);

    const paragraphs: string[] = [];
    const markdown: string[] = [];
    const count = kind === 'news' ? f.number.int({ min: 2, max: 3 }) : f.number.int({ min: 3, max: 6 });
    for (let p = 0; p < count; p++) {
      if (p > 0 && kind === 'article' && f.datatype.boolean(0.3)) {
        const heading = f.helpers.arrayElement(HEADINGS);
        paragraphs.push(heading);
        markdown.push(`## ${heading}`);
      }
      const text = Array.from({ length: f.number.int({ min: 3, max: 5 }) }, () => this.fill(f.helpers.arrayElement(SENTENCES), topic, other)).join(' ');
      paragraphs.push(text);
      markdown.push(text);
    }

    const tags = new Set(f.helpers.arrayElements(topic.tags, { min: 2, max: 4 }));
    if (other !== topic && f.datatype.boolean(0.4)) tags.add(f.helpers.arrayElement(other.tags));
    const categories = new Set([topic.category]);
    if (other !== topic && f.datatype.boolean(0.25)) categories.add(other.category);
    if (kind === 'news') categories.add('news');

    const publishedAt = new Date(this.now.getTime() - f.number.int({ min: 0, max: 3 * 365 * DAY_MS })).toISOString();
    const city = f.location.city();
    const videoId = kind === 'video' ? f.string.fromCharacters('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 11) : null;
    return {
      kind,
      title,
      body: markdown.join('\n\n'),
      plain: paragraphs.join('\n'),
      categories: [...categories],
      tags: [...tags],
      // Some authors write far more than others, as on any real publication.
      author: Math.min(this.authors - 1, Math.floor(this.authors * f.number.float({ min: 0, max: 1 }) ** 2)),
      publishedAt,
      sourceName: kind === 'news' ? `The ${city} Ledger` : null,
      sourceUrl: kind === 'news' ? `https://news.example.org/${articleSlug(title)}` : null,
      videoUrl: videoId ? `https://www.youtube.com/watch?v=${videoId}` : null,
      videoId,
      videoSeconds: kind === 'video' ? f.number.int({ min: 90, max: 1500 }) : null,
    };
  }
}

/**
 * Adds `articles` published synthetic articles by existing mediators (up to 2,000 of them
 * become authors), then ranks related reading for the whole publication.
 */
export async function generateArticles(db: Db, engine: Engine, opts: GenerateOptions): Promise<GenerateResult> {
  const total = opts.articles;
  if (!Number.isInteger(total) || total < 0) throw new Error(`articles must be a whole number ≥ 0, got ${total}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const started = performance.now();
  if (total === 0) return { articles: 0, authors: 0, insertMs: 0, relatedMs: 0 };

  const mediators = await db.selectFrom('mediators').select('id').orderBy('id').limit(Math.min(2000, Math.max(1, Math.ceil(total / 10)))).execute();
  if (!mediators.length) throw new Error('Articles need authors: add mediators first (npm run seed -- --mediators N).');
  const { authors, tagIds, categoryIds } = await db.transaction().execute(async (trx) => {
    await ensureCategories(trx, DEFAULT_CATEGORIES);
    const authors: number[] = [];
    for (const m of mediators) authors.push(await authorForMediator(trx, m.id, now));
    const tags = [...new Map(TOPICS.flatMap((t) => t.tags).map((name) => [tagSlug(name), name])).entries()];
    await trx.insertInto('tags').values(tags.map(([slug, name]) => ({ slug, name }))).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const tagRows = await trx.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', tags.map(([slug]) => slug)).execute();
    const categoryRows = await trx.selectFrom('categories').select(['id', 'slug']).execute();
    return { authors, tagIds: new Map(tagRows.map((t) => [t.slug, t.id])), categoryIds: new Map(categoryRows.map((c) => [c.slug, c.id])) };
  });

  // Slugs follow titles, numbered when a title repeats (and around any already taken).
  const taken = new Set((await db.selectFrom('articles').select('slug').execute()).map((r) => r.slug));
  const nextNumber = new Map<string, number>();
  const freeSlug = (title: string) => {
    const base = articleSlug(title);
    let n = nextNumber.get(base) ?? 1;
    let slug = n === 1 ? base : `${base}-${n}`;
    while (taken.has(slug)) slug = `${base}-${++n}`;
    nextNumber.set(base, n + 1);
    taken.add(slug);
    return slug;
  };

  const generator = new ArticleGenerator(opts.seed, now, authors.length);
  const index = articleTextIndexFor(engine);
  let made = 0;
  let lastLog = performance.now();
  while (made < total) {
    const drafts = Array.from({ length: Math.min(BATCH, total - made) }, () => generator.next());
    const rows = drafts.map((d) => ({
      kind: d.kind,
      slug: freeSlug(d.title),
      title: d.title,
      excerpt: deriveExcerpt(d.plain.split('\n')[0]!),
      excerpt_written: 0,
      body: d.body,
      source_name: d.sourceName,
      source_url: d.sourceUrl,
      video_url: d.videoUrl,
      video_provider: d.videoId ? ('youtube' as const) : null,
      video_id: d.videoId,
      video_seconds: d.videoSeconds,
      reading_minutes: d.videoSeconds ? Math.max(1, Math.round(d.videoSeconds / 60)) : Math.max(1, Math.round(wordCount(d.plain) / 220)),
      status: 'published' as const,
      created_at: d.publishedAt,
      updated_at: d.publishedAt,
      published_at: d.publishedAt,
    }));
    await db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('articles').values(rows).returning(['id', 'slug']).execute();
      const idBySlug = new Map(inserted.map((r) => [r.slug, r.id]));
      const ids = rows.map((r) => idBySlug.get(r.slug)!);
      await trx.insertInto('article_authors').values(drafts.map((d, i) => ({ article_id: ids[i]!, author_id: authors[d.author]!, position: 0 }))).execute();
      await trx.insertInto('article_categories').values(drafts.flatMap((d, i) => d.categories.map((c) => ({ article_id: ids[i]!, category_id: categoryIds.get(c)! })))).execute();
      await trx.insertInto('article_tags').values(drafts.flatMap((d, i) => d.tags.map((t) => ({ article_id: ids[i]!, tag_id: tagIds.get(tagSlug(t))! })))).execute();
      await index.index(trx, drafts.map((d, i) => ({ id: ids[i]!, title: d.title, excerpt: rows[i]!.excerpt, body: d.plain, tags: d.tags })));
    });
    made += drafts.length;
    if (performance.now() - lastLog > 3000 || made === total) {
      log(`inserted ${made} of ${total} articles (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      lastLog = performance.now();
    }
  }
  const insertMs = performance.now() - started;

  const relatedStarted = performance.now();
  await db.transaction().execute((trx) => rebuildRelated(trx, { now, log: (msg) => log(`related reading: ${msg}`) }));
  const relatedMs = performance.now() - relatedStarted;
  // Statistics for the new rows, so both planners pick the article indexes.
  await sql`ANALYZE`.execute(db);
  return { articles: made, authors: authors.length, insertMs, relatedMs };
}
