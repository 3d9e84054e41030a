import type { Db } from '../db/database.ts';
import { escapeXml } from '../lib/xml.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { authorPath, etagHasher, etagOf, isOut } from './feeds.ts';
import { articleHref, categoryHref, tagHref } from './present.ts';

/**
 * sitemap.xml: the pages a search engine should know about — the site's own pages, the article
 * lists by category and tag, the associations' pages and directories, authors' pages, every
 * published article and every listed mediator
 * (status 'published', the same rule as profile pages and search). The sitemaps.org protocol
 * allows 50,000 URLs per file; past that, /sitemap.xml becomes an index of /sitemaps/N.xml.
 *
 * At 50,000 articles a build takes about half a second, so it is not done per request: each
 * instance keeps what it built for SITEMAP_KEEP_MS (`keptSitemap`). And it is built in short
 * steps with other requests let in between, because on SQLite every query holds the whole
 * process while it runs (see docs/benchmarks.md, "The sitemap").
 */

export const SITEMAP_MAX_URLS = 50_000;

/**
 * How long an instance serves the sitemap it built before the next request builds it again: a
 * publication, a listing or a renamed category shows in the sitemap within this time on every
 * instance. (Responses say max-age=3600, so crawlers may hold them longer anyway.)
 */
export const SITEMAP_KEEP_MS = 5 * 60_000;

/**
 * Rows (or article ids) per query, and URLs written per step, while building. The reads take
 * turns, one query each, so another request waits for a few queries at most: about 15 ms at
 * 50,000 articles on SQLite, against 400–900 ms for the whole list read in one go.
 */
const STEP = 1000;

/** Lets other requests run. better-sqlite3 answers synchronously, so awaiting a query does not. */
const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every row of a keyset-paged read, `step` rows a query, letting other requests in between. */
async function readInPages<T>(step: number, page: (last: T | undefined) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let last: T | undefined; ; ) {
    const got = await page(last);
    for (const row of got) rows.push(row);
    await letOthersIn();
    if (got.length < step) return rows;
    last = got.at(-1);
  }
}

/** Pages that are always there; everything else comes from the database. */
export const STATIC_PATHS = ['/', '/mediators', '/featured', '/articles', '/how-search-works', '/about', '/for-mediators', '/digest'];

export interface SitemapUrl {
  loc: string;
  /** ISO-8601, when the page's content last changed, where we know it. */
  lastmod?: string;
}

const newest = (a: string | null | undefined, b: string | null | undefined) => (!a ? b : !b ? a : a > b ? a : b) ?? undefined;

/**
 * Every URL, in a stable order (site pages, categories, tags, authors, articles newest first,
 * mediators by id), so the numbered sitemaps of an index keep their split between requests.
 * A category, tag or author is listed when an article that is out names it, dated by the newest.
 * Read `step` rows a query (tests pass a small one to cross page boundaries), in several queries
 * rather than one snapshot: a piece published or taken down during a build may be missed or
 * still listed until the next build.
 */
export async function sitemapUrls(db: Db, publicUrl: string, now: Date, step = STEP): Promise<SitemapUrl[]> {
  const abs = (path: string) => absoluteUrl(publicUrl, path);
  const out = isOut(now);

  // Each list's newest article that is out, read by ranges of `step` article ids (drafts and the
  // ids of deleted pieces included, so ranges stay small whatever is published): joining every
  // link with its article in one query held SQLite for 100–250 ms per kind of list.
  const top = Number((await db.selectFrom('articles').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
  const newestPer = async (read: (from: number, to: number) => Promise<{ list: number; at: string | null }[]>) => {
    const newestOf = new Map<number, string>();
    for (let from = 0; from <= top; from += step) {
      for (const { list, at } of await read(from, from + step - 1)) {
        const seen = newestOf.get(list);
        if (at && (!seen || at > seen)) newestOf.set(list, at);
      }
      await letOthersIn();
    }
    return newestOf;
  };

  // On PostgreSQL these run side by side, each on its own connection; on SQLite they take turns.
  const [articles, categoryDates, tagDates, authorDates, categories, tags, authors, mediators, associations] = await Promise.all([
    readInPages<{ id: number; slug: string; published_at: string | null; revised_at: string | null }>(step, (last) =>
      db
        .selectFrom('articles')
        .select(['id', 'slug', 'published_at', 'revised_at'])
        .where(out)
        // After the last one read; the plain bound lets the index seek there rather than walk to it.
        .$if(last !== undefined, (qb) => qb.where('published_at', '<=', last!.published_at).where((eb) => eb.or([eb('published_at', '<', last!.published_at), eb('id', '<', last!.id)])))
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(step)
        .execute(),
    ),
    newestPer((from, to) =>
      db
        .selectFrom('articles')
        .innerJoin('article_categories', 'article_categories.article_id', 'articles.id')
        .select((eb) => ['article_categories.category_id as list', eb.fn.max('articles.published_at').as('at')])
        .where('articles.id', '>=', from)
        .where('articles.id', '<=', to)
        .where(out)
        .groupBy('article_categories.category_id')
        .execute(),
    ),
    newestPer((from, to) =>
      db
        .selectFrom('articles')
        .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
        .select((eb) => ['article_tags.tag_id as list', eb.fn.max('articles.published_at').as('at')])
        .where('articles.id', '>=', from)
        .where('articles.id', '<=', to)
        .where(out)
        .groupBy('article_tags.tag_id')
        .execute(),
    ),
    newestPer((from, to) =>
      db
        .selectFrom('articles')
        .innerJoin('article_authors', 'article_authors.article_id', 'articles.id')
        .select((eb) => ['article_authors.author_id as list', eb.fn.max('articles.published_at').as('at')])
        .where('articles.id', '>=', from)
        .where('articles.id', '<=', to)
        .where(out)
        .groupBy('article_authors.author_id')
        .execute(),
    ),
    db.selectFrom('categories').select(['id', 'slug']).orderBy('position').orderBy('slug').execute(),
    db.selectFrom('tags').select(['id', 'slug']).orderBy('slug').execute(),
    db
      .selectFrom('authors')
      .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
      .select(['authors.id', 'authors.slug', 'mediators.slug as mediatorSlug', 'mediators.status as mediatorStatus'])
      .orderBy('authors.slug')
      .execute(),
    readInPages<{ id: number; slug: string; updated_at: string }>(step, (last) =>
      db
        .selectFrom('mediators')
        .select(['id', 'slug', 'updated_at'])
        .where('status', '=', 'published')
        .$if(last !== undefined, (qb) => qb.where('id', '>', last!.id))
        .orderBy('id')
        .limit(step)
        .execute(),
    ),
    // Read from the table, as the directory's memberships are: the associations feature sits beside this one.
    db.selectFrom('associations').select(['slug', 'updated_at']).orderBy('slug').execute(),
  ]);

  const latest = articles.reduce<string | undefined>((max, a) => newest(max, newest(a.published_at, a.revised_at)), undefined);
  const urls: SitemapUrl[] = STATIC_PATHS.map((path) => ({ loc: abs(path), ...(path === '/articles' && latest ? { lastmod: latest } : {}) }));
  if (associations.length) {
    urls.push({ loc: abs('/associations'), lastmod: associations.reduce<string | undefined>((max, a) => newest(max, a.updated_at), undefined)! });
    for (const a of associations) {
      urls.push({ loc: abs(`/associations/${a.slug}`), lastmod: a.updated_at });
      urls.push({ loc: abs(`/associations/${a.slug}/directory`), lastmod: a.updated_at });
    }
  }
  for (const c of categories) {
    const lastmod = categoryDates.get(c.id);
    if (lastmod) urls.push({ loc: abs(categoryHref(c.slug)), lastmod });
  }
  for (const t of tags) {
    const lastmod = tagDates.get(t.id);
    if (lastmod) urls.push({ loc: abs(tagHref(t.slug)), lastmod });
  }
  // A listed mediator's writing is on their profile, which is in the list below.
  for (const a of authors) {
    const lastmod = authorDates.get(a.id);
    const path = authorPath({ slug: a.slug, mediatorSlug: a.mediatorSlug, mediatorListed: a.mediatorStatus === 'published' });
    if (lastmod && path.startsWith('/authors/')) urls.push({ loc: abs(path), lastmod });
  }
  for (const a of articles) urls.push({ loc: abs(articleHref(a.slug)), lastmod: newest(a.published_at, a.revised_at) });
  for (const m of mediators) urls.push({ loc: abs(`/mediators/${m.slug}`), lastmod: m.updated_at });
  return urls;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const URLSET_OPEN = `${XML_HEAD}<urlset xmlns="${NS}">\n`;
const URLSET_CLOSE = '</urlset>\n';

const urlEntries = (urls: SitemapUrl[]) => urls.map((u) => `<url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeXml(u.lastmod)}</lastmod>` : ''}</url>\n`).join('');

export function urlsetXml(urls: SitemapUrl[]): string {
  return URLSET_OPEN + urlEntries(urls) + URLSET_CLOSE;
}

export function sitemapIndexXml(sitemaps: SitemapUrl[]): string {
  const body = sitemaps.map((s) => `<sitemap><loc>${escapeXml(s.loc)}</loc>${s.lastmod ? `<lastmod>${escapeXml(s.lastmod)}</lastmod>` : ''}</sitemap>\n`).join('');
  return `${XML_HEAD}<sitemapindex xmlns="${NS}">\n${body}</sitemapindex>\n`;
}

export const childSitemapPath = (n: number) => `/sitemaps/${n}.xml`;

/** What /sitemap.xml is: the one list, or an index of numbered parts of at most `maxUrls` each. */
export type SitemapPlan = { kind: 'urlset'; urls: SitemapUrl[] } | { kind: 'index'; parts: SitemapUrl[][] };

export function planSitemap(urls: SitemapUrl[], maxUrls = SITEMAP_MAX_URLS): SitemapPlan {
  if (urls.length <= maxUrls) return { kind: 'urlset', urls };
  const parts: SitemapUrl[][] = [];
  for (let i = 0; i < urls.length; i += maxUrls) parts.push(urls.slice(i, i + maxUrls));
  return { kind: 'index', parts };
}

/** The index's entries: each part, dated by its newest page. */
export function indexEntries(parts: SitemapUrl[][], publicUrl: string): SitemapUrl[] {
  return parts.map((part, i) => {
    const lastmod = part.reduce<string | undefined>((max, u) => newest(max, u.lastmod), undefined);
    return { loc: absoluteUrl(publicUrl, childSitemapPath(i + 1)), ...(lastmod ? { lastmod } : {}) };
  });
}

/**
 * One document as served, with its validator. Kept as bytes: a 7 MB string would be encoded
 * again for every request.
 */
export interface SitemapFile {
  body: Buffer;
  etag: string;
}

/** /sitemap.xml and its numbered parts, as built at one moment. */
export interface BuiltSitemap {
  /** The clock's time of the build, in milliseconds. */
  builtAt: number;
  /** /sitemap.xml: the one list, or the index of the parts. */
  root: SitemapFile;
  /** /sitemaps/N.xml is parts[N - 1]; none when one file holds every URL. */
  parts: SitemapFile[];
}

/**
 * urlsetXml as bytes, written, encoded and hashed for its ETag STEP URLs at a time with other
 * requests let in between: 50,000 URLs in one go are about 100 ms of work.
 */
async function urlsetFile(urls: SitemapUrl[]): Promise<SitemapFile> {
  const hash = etagHasher();
  const bytes: Buffer[] = [];
  const add = (text: string) => {
    const piece = Buffer.from(text);
    hash.update(piece);
    bytes.push(piece);
  };
  add(URLSET_OPEN);
  for (let i = 0; i < urls.length; i += STEP) {
    add(urlEntries(urls.slice(i, i + STEP)));
    await letOthersIn();
  }
  add(URLSET_CLOSE);
  return { body: Buffer.concat(bytes), etag: hash.etag() };
}

/** Every document of the sitemap as it is at `now`. The index and its parts come from one list. */
export async function buildSitemap(db: Db, publicUrl: string, now: Date, maxUrls = SITEMAP_MAX_URLS): Promise<BuiltSitemap> {
  const plan = planSitemap(await sitemapUrls(db, publicUrl, now), maxUrls);
  if (plan.kind === 'urlset') return { builtAt: now.getTime(), root: await urlsetFile(plan.urls), parts: [] };
  const parts: SitemapFile[] = [];
  for (const part of plan.parts) parts.push(await urlsetFile(part));
  const index = sitemapIndexXml(indexEntries(plan.parts, publicUrl));
  return { builtAt: now.getTime(), root: { body: Buffer.from(index), etag: etagOf(index) }, parts };
}

/**
 * The sitemap as last built, built again by the first request at least `keepMs` after that (on
 * the server's clock, so tests can move it). Requests that come during a build wait for it
 * instead of starting their own. Per instance: several instances each build their own, every
 * `keepMs` at most.
 */
export function keptSitemap(build: (now: Date) => Promise<BuiltSitemap>, clock: () => Date, keepMs = SITEMAP_KEEP_MS): () => Promise<BuiltSitemap> {
  let kept: BuiltSitemap | undefined;
  let building: Promise<BuiltSitemap> | undefined;
  return () => {
    const now = clock();
    const age = kept ? now.getTime() - kept.builtAt : -1;
    // age < 0 also when the clock went back: the kept list could hold pieces not yet due.
    if (kept && age >= 0 && age < keepMs) return Promise.resolve(kept);
    building ??= build(now)
      .then((built) => (kept = built))
      .finally(() => {
        building = undefined;
      });
    return building;
  };
}

/**
 * robots.txt. Crawlers may read the public site; the areas behind a login, the pages that only
 * mailed links open, and site search results (endless, and no use in a search engine) are off
 * limits. The JSON API is too, except its OpenAPI document: API calls are no use to a search
 * engine, and /api/v1/mediators counts each listing's appearances in members' numbers, which
 * crawler traffic would inflate.
 */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /account',
    'Disallow: /admin',
    'Disallow: /dashboard',
    'Disallow: /editor',
    'Disallow: /moderation',
    'Disallow: /dev/',
    'Disallow: /search',
    'Disallow: /mediators/*/contact',
    'Disallow: /availability/',
    'Disallow: /digest/',
    'Disallow: /verify',
    'Disallow: /reset-password',
    'Disallow: /api/',
    'Allow: /api/v1/openapi.json',
    '',
    `Sitemap: ${absoluteUrl(publicUrl, '/sitemap.xml')}`,
    '',
  ].join('\n');
}
