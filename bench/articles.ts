/**
 * `npm run bench:articles`: how fast are the publication's pages at 50,000 articles, and is
 * "Read these next" better than the obvious alternative?
 *
 *   npm run bench:articles -- [--articles N] [--mediators N] [--samples N] [--quality N]
 *                             [--engines sqlite,postgres] [--rebuild] [--build-only] [--sitemap-only]
 *   npm run bench:sitemap                     (the same with --sitemap-only)
 *
 * 1. Builds (or reuses) a database with N generated articles (default 50,000, seed 42) by some
 *    of M demo mediators (default 3,000): SQLite in .tmp/bench/articles-N.sqlite, PostgreSQL in
 *    the database concord_bench_articles (only with --engines postgres). The build is timed.
 * 2. Times, in this process, after a garbage collection and a warm-up, one request at a time:
 *    (a) the article page with "Read these next": GET /articles/:slug through the real server
 *        (app.inject). When this tree has no article page yet (404), the page's service calls
 *        instead: load the article with its authors, categories and tags, readTheseNext, and the
 *        three cards (title, excerpt, kind, authors); the output says which was measured.
 *    (b) a full-text search: GET /search?q= when it exists, else the article index directly
 *        (FTS5 MATCH ordered by bm25 / tsvector @@ ordered by ts_rank, 20 results with their
 *        titles and excerpts). Queries are one or two words from the titles of sampled articles.
 *    (c) ranking one article's related list from scratch (computeRelated);
 *    (d) republishing one article (its search entry and every related list it touches), in a
 *        transaction rolled back afterwards, so the data stay as built.
 *    (e) /sitemap.xml and its parts: cold, warm, ten at once, and against the build per request
 *        they replaced, with the longest event-loop stall of each (see bench/sitemap.ts).
 * 3. Compares "Read these next" with "the latest three in the same category" over sampled
 *    articles: how many tags the cards share with the article, and how often at least one.
 *
 * Targets (SQLite): article page p99 ≤ 10 ms, search p99 ≤ 25 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { Engine } from '../src/config.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../src/db/database.ts';
import { prepareDatabase } from '../src/setup.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { generateArticles } from '../src/demo/generated-articles.ts';
import { computeRelated, readTheseNext } from '../src/articles/related.ts';
import { afterPublicationChange } from '../src/articles/publishing.ts';
import { normalise } from '../src/geo/places.ts';
import { buildApp } from '../src/app.ts';
import { fileMailer } from '../src/mail/mailer.ts';
import { measureSitemap } from './sitemap.ts';
import { BENCH_DIR, collectGarbage, commandOptions, fmt, int, log, mean, mulberry32, percentile, PG_ADMIN_URL, secs } from './common.ts';

const USAGE = `Usage: npm run bench:articles -- [options]

  --articles N     generated articles in the benchmark database (default 50000)
  --mediators N    demo mediators, some of whom write them (default 3000)
  --samples N      timed requests per measurement (default 1000; a third of it for (c))
  --quality N      articles sampled for the related-reading comparison (default 1000)
  --engines LIST   sqlite and/or postgres (default sqlite)
  --rebuild        build the databases again even when they hold N articles
  --build-only     build or check the databases, then stop
  --sitemap-only   time only the sitemap, (e)
  --help           show this text

PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the admin
connection; the benchmark database is concord_bench_articles on the same server.`;

interface Options {
  articles: number;
  mediators: number;
  samples: number;
  quality: number;
  engines: Engine[];
  rebuild: boolean;
  buildOnly: boolean;
  sitemapOnly: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { articles: 50_000, mediators: 3000, samples: 1000, quality: 1000, engines: ['sqlite'], rebuild: false, buildOnly: false, sitemapOnly: false };
  for (const { name, count, engines } of commandOptions(argv, USAGE)) {
    switch (name) {
      case 'help':
        return 'help';
      case 'articles':
        o.articles = count(10);
        break;
      case 'mediators':
        o.mediators = count(1);
        break;
      case 'samples':
        o.samples = count(10);
        break;
      case 'quality':
        o.quality = count(1);
        break;
      case 'engines':
        o.engines = engines();
        break;
      case 'rebuild':
        o.rebuild = true;
        break;
      case 'build-only':
        o.buildOnly = true;
        break;
      case 'sitemap-only':
        o.sitemapOnly = true;
        break;
      default:
        throw new Error(`Unknown option --${name}.\n\n${USAGE}`);
    }
  }
  return o;
}

const SEED = 42;
/** Dates in the data, and "now" for recency, are fixed, so every run sees the same data. */
const NOW = new Date('2026-11-25T12:00:00Z');
const WARM_UP = 50;
const PG_DATABASE = 'concord_bench_articles';
const TARGETS = { pageP99: 10, searchP99: 25 };

async function count(db: Db, table: 'articles' | 'mediators'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------------------------------------
// 1. The databases

interface Built {
  handle: DatabaseHandle;
  engine: Engine;
  reused: boolean;
  mediatorsMs: number;
  articlesMs: number;
  relatedMs: number;
}

async function fill(h: DatabaseHandle, o: Options): Promise<Omit<Built, 'handle' | 'engine' | 'reused'>> {
  await prepareDatabase(h.db, h.engine);
  const t = performance.now();
  await seedDemo(h.db, h.engine, { mediators: o.mediators, seed: SEED, now: NOW });
  const mediatorsMs = performance.now() - t;
  let last = performance.now();
  const result = await generateArticles(h.db, h.engine, {
    articles: o.articles,
    seed: SEED,
    now: NOW,
    log: (msg) => {
      if (performance.now() - last > 10_000 || msg.startsWith('related')) {
        log(`    ${h.engine}: ${msg}`);
        last = performance.now();
      }
    },
  });
  return { mediatorsMs, articlesMs: result.insertMs, relatedMs: result.relatedMs };
}

async function holds(h: DatabaseHandle, o: Options): Promise<boolean> {
  try {
    return (await count(h.db, 'articles')) === o.articles && (await count(h.db, 'mediators')) === o.mediators;
  } catch {
    return false;
  }
}

async function buildSqlite(o: Options): Promise<Built> {
  const file = path.join(BENCH_DIR, `articles-${o.articles}.sqlite`);
  if (!o.rebuild && fs.existsSync(file)) {
    const h = openDatabase('sqlite', file);
    await prepareDatabase(h.db, 'sqlite');
    if (await holds(h, o)) return { handle: h, engine: 'sqlite', reused: true, mediatorsMs: 0, articlesMs: 0, relatedMs: 0 };
    await h.close();
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  log(`  sqlite: building ${int(o.mediators)} mediators and ${int(o.articles)} articles in ${path.relative(process.cwd(), file)} …`);
  const h = openDatabase('sqlite', file);
  const times = await fill(h, o);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(h.db);
  return { handle: h, engine: 'sqlite', reused: false, ...times };
}

async function buildPostgres(o: Options): Promise<Built> {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${PG_DATABASE}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE])).rowCount! > 0;
    if (exists && !o.rebuild) {
      const h = openDatabase('postgres', url.toString());
      await prepareDatabase(h.db, 'postgres');
      if (await holds(h, o)) return { handle: h, engine: 'postgres', reused: true, mediatorsMs: 0, articlesMs: 0, relatedMs: 0 };
      await h.close();
    }
    log(`  postgres: building ${int(o.mediators)} mediators and ${int(o.articles)} articles in database ${PG_DATABASE} …`);
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_DATABASE}`);
  } finally {
    await admin.end();
  }
  const h = openDatabase('postgres', url.toString());
  const times = await fill(h, o);
  await sql`VACUUM (ANALYZE)`.execute(h.db);
  return { handle: h, engine: 'postgres', reused: false, ...times };
}

// ---------------------------------------------------------------------------------------------
// 2. The measurements

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  n: number;
}

async function time<T>(items: T[], one: (item: T) => Promise<unknown>, warmUp = WARM_UP): Promise<Timing> {
  collectGarbage();
  for (const item of items.slice(0, warmUp)) await one(item);
  const times: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await one(item);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), mean: mean(times), n: times.length };
}

/**
 * What the article page reads, for a tree without the page: the article with its bylines,
 * categories and tags, then "Read these next" and its three cards.
 */
async function articlePageReads(db: Db, slug: string) {
  const article = await db
    .selectFrom('articles')
    .select(['id', 'kind', 'slug', 'title', 'excerpt', 'body', 'source_name', 'source_url', 'video_provider', 'video_id', 'video_seconds', 'hero_image', 'hero_alt', 'hero_width', 'hero_height', 'reading_minutes', 'published_at', 'revised_at'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!article) throw new Error(`no article ${slug}`);
  const authors = await db.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select(['authors.slug', 'authors.name', 'authors.mediator_id']).where('article_authors.article_id', '=', article.id).orderBy('article_authors.position').execute();
  const categories = await db.selectFrom('article_categories').innerJoin('categories', 'categories.id', 'article_categories.category_id').select(['categories.slug', 'categories.name']).where('article_categories.article_id', '=', article.id).execute();
  const tags = await db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select(['tags.slug', 'tags.name']).where('article_tags.article_id', '=', article.id).execute();
  const next = await readTheseNext(db, article.id, 3);
  const cards = next.length ? await db.selectFrom('articles').select(['id', 'slug', 'title', 'excerpt', 'kind']).where('id', 'in', next).execute() : [];
  const bylines = next.length ? await db.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select(['article_authors.article_id', 'authors.name', 'authors.slug']).where('article_authors.article_id', 'in', next).execute() : [];
  return { article, authors, categories, tags, cards, bylines };
}

/** The article full-text index, ordered by relevance, 20 results with what a results page shows. */
async function searchArticles(db: Db, engine: Engine, words: string[]) {
  const ids =
    engine === 'postgres'
      ? (await sql<{ id: number }>`SELECT id FROM articles, to_tsquery('simple', ${words.map((w) => `${w}:*`).join(' & ')}) AS q
            WHERE search_vector @@ q ORDER BY ts_rank(search_vector, q) DESC, id LIMIT 20`.execute(db)).rows.map((r) => r.id)
      : (await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${words.map((w) => `"${w}"*`).join(' ')}
            ORDER BY bm25(article_fts, 10.0, 4.0, 1.0, 4.0) LIMIT 20`.execute(db)).rows.map((r) => r.id);
  return ids.length ? db.selectFrom('articles').select(['id', 'slug', 'title', 'excerpt', 'kind', 'published_at']).where('id', 'in', ids).execute() : [];
}

class RolledBack extends Error {}

interface Quality {
  meanShared: number;
  withShared: number;
  cards: number;
}

async function compareQuality(db: Db, ids: number[]): Promise<{ ours: Quality; latest: Quality }> {
  const tagsOf = async (id: number) => new Set((await db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute()).map((r) => r.tag_id));
  const score = async (article: number, cards: number[], q: { shared: number; withShared: number; cards: number }) => {
    const mine = await tagsOf(article);
    for (const c of cards) {
      const shared = [...(await tagsOf(c))].filter((t) => mine.has(t)).length;
      q.shared += shared;
      q.withShared += shared > 0 ? 1 : 0;
      q.cards += 1;
    }
  };
  const ours = { shared: 0, withShared: 0, cards: 0 };
  const latest = { shared: 0, withShared: 0, cards: 0 };
  for (const id of ids) {
    await score(id, await readTheseNext(db, id, 3), ours);
    const categories = db.selectFrom('article_categories').select('category_id').where('article_id', '=', id);
    const baseline = await db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '!=', id)
      .where((eb) => eb.exists(eb.selectFrom('article_categories as ac').select('ac.article_id').whereRef('ac.article_id', '=', 'articles.id').where('ac.category_id', 'in', categories)))
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    await score(id, baseline.map((r) => r.id), latest);
  }
  const summary = (q: typeof ours): Quality => ({ meanShared: q.shared / q.cards, withShared: q.withShared / q.cards, cards: q.cards });
  return { ours: summary(ours), latest: summary(latest) };
}

function row(label: string, t: Timing, target?: number): string {
  const verdict = target === undefined ? '' : t.p99 <= target ? `  (target p99 ≤ ${target} ms: met)` : `  (target p99 ≤ ${target} ms: MISSED)`;
  return `    ${label.padEnd(48)} p50 ${fmt(t.p50).padStart(6)} ms   p95 ${fmt(t.p95).padStart(6)} ms   p99 ${fmt(t.p99).padStart(6)} ms   mean ${fmt(t.mean).padStart(6)} ms   n=${t.n}${verdict}`;
}

async function measure(b: Built, o: Options): Promise<void> {
  const { db, engine } = b.handle;
  log(`\n${engine}: ${int(await count(db, 'articles'))} articles, ${int(await count(db, 'mediators'))} mediators${b.reused ? ' (reused database)' : ''}`);
  if (o.sitemapOnly) return measureSitemap(db, engine, NOW, o.samples);

  const all = await db.selectFrom('articles').select(['id', 'slug', 'title']).where('status', '=', 'published').orderBy('id').execute();
  const pick = mulberry32(SEED);
  const sample = (n: number) => Array.from({ length: n }, () => all[Math.floor(pick() * all.length)]!);
  const pages = sample(o.samples);

  // (a) The article page.
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/bench', SEED_MEDIATORS: '0' }), engine, databaseUrl: '' };
  const app = await buildApp({ db, engine, config, now: () => NOW, mailer: fileMailer(path.join(BENCH_DIR, 'mail'), 'Concord <bench@concord.test>') });
  try {
    const probe = await app.inject({ method: 'GET', url: `/articles/${pages[0]!.slug}` });
    if (probe.statusCode === 200) {
      const t = await time(pages, async (a) => {
        const res = await app.inject({ method: 'GET', url: `/articles/${a.slug}` });
        if (res.statusCode !== 200) throw new Error(`GET /articles/${a.slug}: ${res.statusCode}`);
      });
      log(row('(a) article page, GET /articles/:slug', t, engine === 'sqlite' ? TARGETS.pageP99 : undefined));
    } else {
      log(`    (no article page in this tree: GET /articles/:slug answered ${probe.statusCode}; timing its service calls instead)`);
      const t = await time(pages, (a) => articlePageReads(db, a.slug));
      log(row('(a) article page reads + "Read these next"', t, engine === 'sqlite' ? TARGETS.pageP99 : undefined));
    }

    // (b) Search: one or two words from sampled titles.
    const queries = sample(o.samples).map((a) => {
      const words = normalise(a.title).split(' ').filter((w) => w.length >= 4);
      const first = words[Math.floor(pick() * words.length)] ?? 'mediation';
      return pick() < 0.5 ? [first] : [first, words[Math.floor(pick() * words.length)] ?? 'agreement'];
    });
    const searchProbe = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(queries[0]!.join(' '))}` });
    if (searchProbe.statusCode === 200) {
      const t = await time(queries, (words) => app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(words.join(' '))}` }));
      log(row('(b) search page, GET /search?q=', t, engine === 'sqlite' ? TARGETS.searchP99 : undefined));
    } else {
      log(`    (no /search in this tree: it answered ${searchProbe.statusCode}; timing the article index directly)`);
      const t = await time(queries, (words) => searchArticles(db, engine, words));
      log(row(`(b) full-text search, ${engine === 'sqlite' ? 'FTS5 bm25' : 'tsvector ts_rank'}, top 20`, t, engine === 'sqlite' ? TARGETS.searchP99 : undefined));
    }
  } finally {
    await app.close();
  }

  // (c) One related list from scratch.
  const t = await time(sample(Math.max(10, Math.round(o.samples / 3))), (a) => computeRelated(db, a.id, NOW));
  log(row('(c) related list from scratch (computeRelated)', t));

  // (d) Publishing a change to one article: search index and related lists, rolled back after.
  const changes = await time(
    sample(20),
    async (a) => {
      try {
        await db.transaction().execute(async (trx) => {
          await afterPublicationChange({ db: trx, engine }, [a.id], NOW);
          throw new RolledBack();
        });
      } catch (err) {
        if (!(err instanceof RolledBack)) throw err;
      }
    },
    3,
  );
  log(row('(d) republishing one article (index + lists)', changes));

  // Quality.
  const quality = await compareQuality(db, sample(o.quality).map((a) => a.id));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  log(`  "Read these next" against the latest three in the same category, over ${int(o.quality)} sampled articles (${int(quality.ours.cards)} cards):`);
  log(`    Read these next         mean shared tags per card ${quality.ours.meanShared.toFixed(2)}   cards sharing ≥ 1 tag ${pct(quality.ours.withShared)}`);
  log(`    latest in category      mean shared tags per card ${quality.latest.meanShared.toFixed(2)}   cards sharing ≥ 1 tag ${pct(quality.latest.withShared)}`);

  await measureSitemap(db, engine, NOW, o.samples);
}

async function main(): Promise<void> {
  let o: Options | 'help';
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
    return;
  }
  if (o === 'help') {
    log(USAGE);
    return;
  }
  const cpus = os.cpus();
  log(`Concord article benchmark: ${int(o.articles)} articles, ${int(o.mediators)} mediators, seed ${SEED}`);
  log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${os.platform()} ${os.release()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  fs.mkdirSync(BENCH_DIR, { recursive: true });

  const built: Built[] = [];
  try {
    for (const engine of o.engines) {
      const b = engine === 'sqlite' ? await buildSqlite(o) : await buildPostgres(o);
      built.push(b);
      if (b.reused) log(`  ${engine}: reusing the database built before (--rebuild builds it again)`);
      else log(`  ${engine}: built in ${secs(b.mediatorsMs + b.articlesMs + b.relatedMs)}: mediators ${secs(b.mediatorsMs)}, articles and search index ${secs(b.articlesMs)}, related reading for all ${secs(b.relatedMs)}`);
    }
    if (o.buildOnly) return;
    for (const b of built) await measure(b, o);
    log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const b of built) await b.handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
