import type { Db } from '../db/database.ts';
import { escapeXml } from '../lib/xml.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { authorPath, isOut } from './feeds.ts';
import { articleHref, categoryHref, tagHref } from './present.ts';

/**
 * sitemap.xml: the pages a search engine should know about — the site's own pages, the article
 * lists by category and tag, authors' pages, every published article and every listed mediator
 * (status 'published', the same rule as profile pages and search). The sitemaps.org protocol
 * allows 50,000 URLs per file; past that, /sitemap.xml becomes an index of /sitemaps/N.xml.
 */

export const SITEMAP_MAX_URLS = 50_000;

/** Pages that are always there; everything else comes from the database. */
export const STATIC_PATHS = ['/', '/mediators', '/featured', '/articles', '/how-search-works', '/about', '/digest'];

export interface SitemapUrl {
  loc: string;
  /** ISO-8601, when the page's content last changed, where we know it. */
  lastmod?: string;
}

const newest = (a: string | null | undefined, b: string | null | undefined) => (!a ? b : !b ? a : a > b ? a : b) ?? undefined;

/**
 * Every URL, in a stable order (site pages, categories, tags, authors, articles newest first,
 * mediators by id), so the numbered sitemaps of an index keep their split between requests.
 */
export async function sitemapUrls(db: Db, publicUrl: string, now: Date): Promise<SitemapUrl[]> {
  const abs = (path: string) => absoluteUrl(publicUrl, path);
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
  const urls: SitemapUrl[] = STATIC_PATHS.map((path) => ({ loc: abs(path), ...(path === '/articles' && latest ? { lastmod: latest } : {}) }));
  for (const c of categories) urls.push({ loc: abs(categoryHref(c.slug)), lastmod: String(c.lastmod) });
  for (const t of tags) urls.push({ loc: abs(tagHref(t.slug)), lastmod: String(t.lastmod) });
  // A listed mediator's writing is on their profile, which is in the list below.
  for (const a of authors) {
    const path = authorPath({ slug: a.slug, mediatorSlug: a.mediatorSlug, mediatorListed: a.mediatorStatus === 'published' });
    if (path.startsWith('/authors/')) urls.push({ loc: abs(path), lastmod: String(a.lastmod) });
  }
  for (const a of articles) urls.push({ loc: abs(articleHref(a.slug)), lastmod: newest(a.published_at, a.revised_at) });
  for (const m of mediators) urls.push({ loc: abs(`/mediators/${m.slug}`), lastmod: m.updated_at });
  return urls;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function urlsetXml(urls: SitemapUrl[]): string {
  const body = urls.map((u) => `<url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeXml(u.lastmod)}</lastmod>` : ''}</url>\n`).join('');
  return `${XML_HEAD}<urlset xmlns="${NS}">\n${body}</urlset>\n`;
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
