import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { SITEINDEX_XSD, SITEMAP_XSD, xmllint } from '../../test/support/xml.ts';
import { registerErrorHandling } from '../web/errors.tsx';
import { editorsAuthor } from './authors.ts';
import { discoveryRoutes } from './discovery-routes.ts';
import { STATIC_PATHS } from './sitemap.ts';

const BASE = 'http://concord.test';
const DAY = 86_400_000;

/** The <loc> and <lastmod> of every <url>, in order. */
function urlsOf(xml: string): { loc: string; lastmod: string | null }[] {
  return [...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/url>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2] ?? null }));
}

describe.each(DIALECTS)('sitemap and robots.txt on %s', (engine) => {
  let s: TestServer;
  /** A second server on the same database whose sitemap holds at most 7 URLs per file. */
  let small: FastifyInstance;
  let smallUrl: string;
  let articleSlug: string;

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    await createMediator(db, engine, { name: 'Listed Lee', slug: 'listed-lee' });
    await createMediator(db, engine, { name: 'Draft Dana', slug: 'draft-dana', status: 'draft' });
    await createMediator(db, engine, { name: 'Suspended Sam', slug: 'suspended-sam', status: 'suspended' });
    const made = await createTestArticle(db, engine, { title: 'Choosing a mediator', categories: ['choosing'], tags: ['first steps'], publishedAt: new Date(TEST_NOW.getTime() - 3 * DAY).toISOString() });
    articleSlug = made.slug;
    await createTestArticle(db, engine, { title: 'News from the courts', kind: 'news', sourceUrl: 'https://news.example/a', sourceName: 'Example', categories: ['news'], tags: [], authorIds: [await editorsAuthor(db, TEST_NOW)] });
    await createTestArticle(db, engine, { title: 'Secret draft', status: 'draft', publishedAt: null, categories: ['workplace'], tags: ['hidden topic'] });

    small = Fastify();
    small.decorate('deps', s.app.deps);
    registerErrorHandling(small);
    await small.register(discoveryRoutes, { sitemapMaxUrls: 7 });
    await small.listen({ port: 0, host: '127.0.0.1' });
    smallUrl = `http://127.0.0.1:${(small.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await small?.close();
    await s?.close();
  });

  it('lists the site pages, article lists, published articles and listed mediators, valid against the sitemaps.org schema', async () => {
    const res = await s.get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const xml = await res.text();
    expect(xmllint(xml, SITEMAP_XSD)).toEqual({ ok: true, output: '- validates' });

    const urls = urlsOf(xml);
    const locs = urls.map((u) => u.loc);
    for (const path of STATIC_PATHS) expect(locs).toContain(BASE + path);
    expect(locs).toContain(`${BASE}/articles/category/choosing`);
    expect(locs).toContain(`${BASE}/articles/category/news`);
    expect(locs).toContain(`${BASE}/articles/tag/first-steps`);
    expect(locs).toContain(`${BASE}/authors/editors`);
    expect(urls.find((u) => u.loc === `${BASE}/articles/${articleSlug}`)?.lastmod).toBe(new Date(TEST_NOW.getTime() - 3 * DAY).toISOString());
    expect(locs).toContain(`${BASE}/mediators/listed-lee`);
    // Nothing that is not public: unlisted profiles, drafts, their categories and tags.
    expect(locs).not.toContain(`${BASE}/mediators/draft-dana`);
    expect(locs).not.toContain(`${BASE}/mediators/suspended-sam`);
    expect(locs.some((l) => l.includes('secret-draft'))).toBe(false);
    expect(locs).not.toContain(`${BASE}/articles/category/workplace`);
    expect(locs).not.toContain(`${BASE}/articles/tag/hidden-topic`);
    // Absolute, on the configured public address, and each once.
    expect(locs.every((l) => l.startsWith(`${BASE}/`))).toBe(true);
    expect(new Set(locs).size).toBe(locs.length);

    // One list is not an index: there are no numbered parts.
    expect((await s.get('/sitemaps/1.xml')).status).toBe(404);

    // An ETag lets a crawler skip an unchanged sitemap.
    expect((await s.get('/sitemap.xml', { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
  });

  it('follows listing changes at once', async () => {
    await s.db.db.updateTable('mediators').set({ status: 'draft' }).where('slug', '=', 'listed-lee').execute();
    expect(urlsOf(await (await s.get('/sitemap.xml')).text()).map((u) => u.loc)).not.toContain(`${BASE}/mediators/listed-lee`);
    await s.db.db.updateTable('mediators').set({ status: 'published' }).where('slug', '=', 'listed-lee').execute();
    expect(urlsOf(await (await s.get('/sitemap.xml')).text()).map((u) => u.loc)).toContain(`${BASE}/mediators/listed-lee`);
  });

  it('becomes an index of numbered sitemaps past the threshold, each valid', async () => {
    const all = urlsOf(await (await s.get('/sitemap.xml')).text());
    expect(all.length).toBeGreaterThan(14);
    const res = await fetch(`${smallUrl}/sitemap.xml`);
    expect(res.status).toBe(200);
    const index = await res.text();
    expect(xmllint(index, SITEINDEX_XSD)).toEqual({ ok: true, output: '- validates' });
    const parts = [...index.matchAll(/<sitemap><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/sitemap>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2] }));
    expect(parts.map((p) => p.loc)).toEqual(Array.from({ length: Math.ceil(all.length / 7) }, (_, i) => `${BASE}/sitemaps/${i + 1}.xml`));

    const seen: { loc: string; lastmod: string | null }[] = [];
    for (const [i, part] of parts.entries()) {
      const child = await fetch(`${smallUrl}${new URL(part.loc).pathname}`);
      expect(child.status).toBe(200);
      const xml = await child.text();
      expect(xmllint(xml, SITEMAP_XSD)).toEqual({ ok: true, output: '- validates' });
      const urls = urlsOf(xml);
      expect(urls.length).toBeLessThanOrEqual(7);
      expect(urls.length).toBeGreaterThan(0);
      // Each part is dated by its newest page.
      const newest = urls.map((u) => u.lastmod).filter((d): d is string => !!d).sort().at(-1);
      expect(part.lastmod, `part ${i + 1}`).toBe(newest);
      seen.push(...urls);
    }
    // Together the parts are exactly the one list, in the same order.
    expect(seen).toEqual(all);

    for (const path of ['/sitemaps/0.xml', `/sitemaps/${parts.length + 1}.xml`, '/sitemaps/1.txt', '/sitemaps/%3Cscript%3E.xml']) {
      const r = await fetch(`${smallUrl}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain('<script>');
    }
  });

  it('serves robots.txt: the public site open, private areas closed, the sitemap named', async () => {
    const res = await s.get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = (await res.text()).split('\n');
    expect(lines[0]).toBe('User-agent: *');
    expect(lines).toContain('Allow: /');
    for (const path of ['/dashboard', '/editor', '/moderation', '/admin', '/account', '/api/', '/search', '/digest/']) expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).toContain('Allow: /api/v1/openapi.json');
    expect(lines).not.toContain('Disallow: /articles');
    expect(lines).not.toContain('Disallow: /mediators');
    expect(lines).not.toContain('Disallow: /feeds');
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });
});
