/**
 * (e) of `npm run bench:articles` (alone: `npm run bench:sitemap`): what /sitemap.xml and
 * /sitemaps/N.xml cost at 50,000 articles, and how long they hold up everyone else.
 *
 * Through the real server over HTTP on a local port (app.inject would add three copies of a
 * 7 MB body to each request, its own, not the server's), on a clock the benchmark moves:
 *   - cold: the first request after the kept sitemap has expired (the clock moved on by
 *     SITEMAP_KEEP_MS), which builds every document of the sitemap;
 *   - warm: repeated requests for the index and each part, served from what was built;
 *   - ten requests at once on a cold server (the index and the parts), which share one build.
 * The baseline, measured in the same run and over HTTP as well: the routes as they were before
 * the sitemap was kept, which read the whole list in one go (five queries, three of them joining
 * every article) and wrote the asked-for document, per request. Before timing, every document
 * the server sends is checked to be the one the old routes sent, byte for byte, ETag included.
 *
 * "Longest stall" is the longest gap between the ticks of a 1 ms timer during one request: how
 * long any other request would have waited. (perf_hooks.monitorEventLoopDelay, tried first,
 * reports about 1 ms for a 200 ms busy loop on Node 20 here: it takes too few samples.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Engine } from '../src/config.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/database.ts';
import { fileMailer } from '../src/mail/mailer.ts';
import { buildApp } from '../src/app.ts';
import { absoluteUrl } from '../src/web/layout.tsx';
import { authorPath, etagOf, isOut } from '../src/articles/feeds.ts';
import { articleHref, categoryHref, tagHref } from '../src/articles/present.ts';
import { indexEntries, planSitemap, SITEMAP_KEEP_MS, sitemapIndexXml, sitemapUrls, STATIC_PATHS, urlsetXml, type SitemapUrl } from '../src/articles/sitemap.ts';
import { BENCH_DIR, collectGarbage, fmt, log, percentile } from './common.ts';

const newest = (a: string | null | undefined, b: string | null | undefined) => (!a ? b : !b ? a : a > b ? a : b) ?? undefined;

/** sitemapUrls as it was before the sitemap was kept: five queries at once, three of them joining every article. */
export async function sitemapUrlsInOneGo(db: Db, publicUrl: string, now: Date): Promise<SitemapUrl[]> {
  const abs = (p: string) => absoluteUrl(publicUrl, p);
  const out = isOut(now);
  const [articles, categories, tags, authors, mediators] = await Promise.all([
    db.selectFrom('articles').select(['slug', 'published_at', 'revised_at']).where(out).orderBy('published_at', 'desc').orderBy('id', 'desc').execute(),
    db
      .selectFrom('categories')
      .innerJoin('article_categories', 'article_categories.category_id', 'categories.id')
      .innerJoin('articles', 'articles.id', 'article_categories.article_id')
      .select((eb) => ['categories.slug', eb.fn.max('articles.published_at').as('lastmod')])
      .where(out)
      .groupBy(['categories.slug', 'categories.position'])
      .orderBy('categories.position')
      .orderBy('categories.slug')
      .execute(),
    db
      .selectFrom('tags')
      .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select((eb) => ['tags.slug', eb.fn.max('articles.published_at').as('lastmod')])
      .where(out)
      .groupBy('tags.slug')
      .orderBy('tags.slug')
      .execute(),
    db
      .selectFrom('authors')
      .innerJoin('article_authors', 'article_authors.author_id', 'authors.id')
      .innerJoin('articles', 'articles.id', 'article_authors.article_id')
      .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
      .select((eb) => ['authors.slug', 'mediators.slug as mediatorSlug', 'mediators.status as mediatorStatus', eb.fn.max('articles.published_at').as('lastmod')])
      .where(out)
      .groupBy(['authors.slug', 'mediators.slug', 'mediators.status'])
      .orderBy('authors.slug')
      .execute(),
    db.selectFrom('mediators').select(['slug', 'updated_at']).where('status', '=', 'published').orderBy('id').execute(),
  ]);
  const latest = articles.reduce<string | undefined>((max, a) => newest(max, newest(a.published_at, a.revised_at)), undefined);
  const urls: SitemapUrl[] = STATIC_PATHS.map((p) => ({ loc: abs(p), ...(p === '/articles' && latest ? { lastmod: latest } : {}) }));
  for (const c of categories) urls.push({ loc: abs(categoryHref(c.slug)), lastmod: String(c.lastmod) });
  for (const t of tags) urls.push({ loc: abs(tagHref(t.slug)), lastmod: String(t.lastmod) });
  for (const a of authors) {
    const p = authorPath({ slug: a.slug, mediatorSlug: a.mediatorSlug, mediatorListed: a.mediatorStatus === 'published' });
    if (p.startsWith('/authors/')) urls.push({ loc: abs(p), lastmod: String(a.lastmod) });
  }
  for (const a of articles) urls.push({ loc: abs(articleHref(a.slug)), lastmod: newest(a.published_at, a.revised_at) });
  for (const m of mediators) urls.push({ loc: abs(`/mediators/${m.slug}`), lastmod: m.updated_at });
  return urls;
}

/** One request as it was served before: the whole list read and the asked-for document written. */
async function inOneGo(db: Db, publicUrl: string, now: Date, part: number | null): Promise<{ body: string; etag: string }> {
  const plan = planSitemap(await sitemapUrlsInOneGo(db, publicUrl, now));
  const body =
    part === null ? (plan.kind === 'urlset' ? urlsetXml(plan.urls) : sitemapIndexXml(indexEntries(plan.parts, publicUrl))) : urlsetXml(plan.kind === 'index' ? plan.parts[part - 1]! : []);
  return { body, etag: etagOf(body) };
}

/** Runs `one` while a 1 ms timer ticks; returns its time and the longest gap between ticks. */
async function withStallWatch(one: () => Promise<unknown>): Promise<{ ms: number; stall: number }> {
  let last = performance.now();
  let worst = 0;
  let ticking = true;
  const tick = () => {
    const t = performance.now();
    worst = Math.max(worst, t - last);
    last = t;
    if (ticking) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  worst = 0;
  const started = performance.now();
  await one();
  const ms = performance.now() - started;
  // One more tick, so a stall at the very end is counted.
  await new Promise((resolve) => setTimeout(resolve, 2));
  ticking = false;
  return { ms, stall: worst };
}

interface Runs {
  ms: number[];
  stall: number[];
}

async function runs(n: number, before: () => void, one: () => Promise<unknown>): Promise<Runs> {
  collectGarbage();
  const r: Runs = { ms: [], stall: [] };
  for (let i = 0; i < n; i++) {
    before();
    const { ms, stall } = await withStallWatch(one);
    r.ms.push(ms);
    r.stall.push(stall);
  }
  return r;
}

function row(label: string, r: Runs): string {
  const p = (xs: number[], q: number) => fmt(percentile(xs, q)).padStart(6);
  return `    ${label.padEnd(52)} p50 ${p(r.ms, 50)} ms   p99 ${p(r.ms, 99)} ms   longest stall p50 ${p(r.stall, 50)} ms, max ${fmt(Math.max(...r.stall)).padStart(6)} ms   n=${r.ms.length}`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });

/** GET over HTTP; the body is kept only when asked for (reading it is the client's work, not the server's). */
function get(base: string, url: string, keep = false): Promise<{ body: string; etag: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(base + url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve({ body: Buffer.concat(chunks).toString(), etag: String(res.headers.etag) }) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export async function measureSitemap(db: Db, engine: Engine, now: Date, samples: number): Promise<void> {
  const coldRuns = Math.max(5, Math.round(samples / 50));
  const warmRuns = Math.max(10, Math.round(samples / 5));
  let clock = now.getTime();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/bench', SEED_MEDIATORS: '0' }), engine, databaseUrl: '' };
  const app = await buildApp({ db, engine, config, now: () => new Date(clock), mailer: fileMailer(path.join(BENCH_DIR, 'mail'), 'Concord <bench@concord.test>') });
  const publicUrl = config.publicUrl;
  // The baseline over HTTP too: the routes as they were, building the list for every request.
  app.get('/before/sitemap.xml', async (_request, reply) => {
    const { body, etag } = await inOneGo(db, publicUrl, new Date(clock), null);
    return reply.header('etag', etag).type('application/xml; charset=utf-8').send(body);
  });
  app.get<{ Params: { n: string } }>('/before/sitemaps/:n', async (request, reply) => {
    const { body, etag } = await inOneGo(db, publicUrl, new Date(clock), Number(request.params.n));
    return reply.header('etag', etag).type('application/xml; charset=utf-8').send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    // The same documents as before, byte for byte: the list, the index and every part.
    const before = await sitemapUrlsInOneGo(db, publicUrl, new Date(clock));
    const after = await sitemapUrls(db, publicUrl, new Date(clock));
    if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error('sitemapUrls differs from the list read in one go');
    const root = await get(base, '/sitemap.xml', true);
    const plan = planSitemap(before);
    const partCount = plan.kind === 'index' ? plan.parts.length : 0;
    const expected = await inOneGo(db, publicUrl, new Date(clock), null);
    if (root.body !== expected.body || root.etag !== expected.etag) throw new Error('/sitemap.xml differs from the one built in one go');
    let bytes = Buffer.byteLength(root.body);
    for (let n = 1; n <= partCount; n++) {
      const served = await get(base, `/sitemaps/${n}.xml`, true);
      bytes += Buffer.byteLength(served.body);
      const old = await inOneGo(db, publicUrl, new Date(clock), n);
      if (served.body !== old.body || served.etag !== old.etag) throw new Error(`/sitemaps/${n}.xml differs from the one built in one go`);
    }
    log(`  (e) the sitemap: ${before.length.toLocaleString('en-US')} URLs, ${partCount ? `an index of ${partCount} parts` : 'one file'}, ${(bytes / 2 ** 20).toFixed(1)} MB in all; every document identical to the one-go build`);

    const baseIndex = await runs(coldRuns, () => {}, () => get(base, '/before/sitemap.xml'));
    log(row('before: /sitemap.xml, list read in one go per request', baseIndex));
    const basePart = partCount ? await runs(coldRuns, () => {}, () => get(base, '/before/sitemaps/1')) : null;
    if (basePart) log(row('before: /sitemaps/1.xml, the same', basePart));

    const cold = await runs(coldRuns, () => (clock += SITEMAP_KEEP_MS), () => get(base, '/sitemap.xml'));
    log(row('cold: /sitemap.xml, first after expiry (builds all)', cold));
    const files = ['/sitemap.xml', ...Array.from({ length: partCount }, (_, i) => `/sitemaps/${i + 1}.xml`)];
    const together = await runs(coldRuns, () => (clock += SITEMAP_KEEP_MS), () => Promise.all(Array.from({ length: 10 }, (_, i) => get(base, files[i % files.length]!))));
    log(row(`cold: 10 at once (${files.length} documents), until all answered`, together));
    const warm: Runs[] = [];
    for (const file of files) {
      const w = await runs(warmRuns, () => {}, () => get(base, file));
      warm.push(w);
      log(row(`warm: ${file}`, w));
    }

    const ratio = (a: number[], b: number[]) => `${(percentile(a, 50) / percentile(b, 50)).toFixed(3)}×`;
    const warmPart = warm[1] ?? warm[0]!;
    log(`    against before (p50): cold /sitemap.xml ${ratio(cold.ms, baseIndex.ms)}, warm /sitemap.xml ${ratio(warm[0]!.ms, baseIndex.ms)}` + (basePart ? `, warm /sitemaps/1.xml ${ratio(warmPart.ms, basePart.ms)}` : ''));
    log(`    longest stall (max): before ${fmt(Math.max(...baseIndex.stall, ...(basePart?.stall ?? [])))} ms, cold build ${fmt(Math.max(...cold.stall))} ms, warm ${fmt(Math.max(...warm.flatMap((w) => w.stall)))} ms`);
  } finally {
    agent.destroy();
    await app.close();
  }
}
