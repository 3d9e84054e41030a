import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { insertAssociation } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { SITEINDEX_XSD, SITEMAP_XSD, xmllint } from '../../test/support/xml.ts';
import { registerErrorHandling } from '../web/errors.tsx';
import { editorsAuthor } from './authors.ts';
import { discoveryRoutes } from './discovery-routes.ts';
import { publishArticle } from './publishing.ts';
import { buildSitemap, keptSitemap, SITEMAP_KEEP_MS, sitemapUrls, STATIC_PATHS, type BuiltSitemap } from './sitemap.ts';

const BASE = 'http://concord.test';
const DAY = 86_400_000;

/** The <loc> and <lastmod> of every <url>, in order. */
function urlsOf(xml: string): { loc: string; lastmod: string | null }[] {
  return [...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/url>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2] ?? null }));
}

describe.each(DIALECTS)('sitemap and robots.txt on %s', (engine) => {
  /** The servers' clock: each keeps its sitemap for SITEMAP_KEEP_MS of it. */
  let clock = TEST_NOW.getTime();
  let s: TestServer;
  /** A second server on the same database whose sitemap holds at most 7 URLs per file. */
  let small: FastifyInstance;
  let smallUrl: string;
  let articleSlug: string;

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(clock) });
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

  it('follows listing changes once the sitemap it built is SITEMAP_KEEP_MS old, and not before', async () => {
    const locs = async () => urlsOf(await (await s.get('/sitemap.xml')).text()).map((u) => u.loc);
    const lee = `${BASE}/mediators/listed-lee`;
    expect(await locs()).toContain(lee);
    await s.db.db.updateTable('mediators').set({ status: 'draft' }).where('slug', '=', 'listed-lee').execute();
    // Until then the server answers with the sitemap it built, not a new one per request.
    clock += SITEMAP_KEEP_MS - 1;
    expect(await locs()).toContain(lee);
    clock += 1;
    expect(await locs()).not.toContain(lee);
    await s.db.db.updateTable('mediators').set({ status: 'published' }).where('slug', '=', 'listed-lee').execute();
    clock += SITEMAP_KEEP_MS;
    expect(await locs()).toContain(lee);
  });

  it('shows a piece published since the last build once that build is SITEMAP_KEEP_MS old, in the one list and in the index’s parts alike', async () => {
    /** The index's parts, each with its date, and their URLs in order. */
    const index = async () => {
      const xml = await (await fetch(`${smallUrl}/sitemap.xml`)).text();
      const parts = [...xml.matchAll(/<sitemap><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/sitemap>/g)].map((m) => ({ path: new URL(m[1]!).pathname, lastmod: m[2]!, urls: [] as ReturnType<typeof urlsOf> }));
      for (const part of parts) part.urls = urlsOf(await (await fetch(smallUrl + part.path)).text());
      return { parts, urls: parts.flatMap((p) => p.urls) };
    };
    const before = urlsOf(await (await s.get('/sitemap.xml')).text());
    expect((await index()).urls).toEqual(before);

    const piece = await createTestArticle(s.db.db, engine, {
      title: 'Fresh from the press',
      status: 'draft',
      publishedAt: null,
      categories: ['choosing'],
      tags: ['first steps'],
      authorIds: [await editorsAuthor(s.db.db, TEST_NOW)],
    });
    const at = new Date(clock);
    await s.db.db.transaction().execute((trx) => publishArticle({ db: trx, engine }, piece.id, at));
    const loc = `${BASE}/articles/${piece.slug}`;

    clock += SITEMAP_KEEP_MS - 1;
    expect(urlsOf(await (await s.get('/sitemap.xml')).text())).toEqual(before);
    expect((await index()).urls).toEqual(before);

    clock += 1;
    const after = urlsOf(await (await s.get('/sitemap.xml')).text());
    expect(after.find((u) => u.loc === loc)?.lastmod).toBe(at.toISOString());
    // Newest first, and the lists it is in are dated by it.
    expect(after.find((u) => /^\/articles\/[^/]+$/.test(u.loc.slice(BASE.length)))?.loc).toBe(loc);
    const lists = ['/articles', '/articles/category/choosing', '/articles/tag/first-steps', '/authors/editors'].map((path) => BASE + path);
    expect(after.filter((u) => u.loc !== loc)).toEqual(before.map((u) => (lists.includes(u.loc) ? { ...u, lastmod: at.toISOString() } : u)));

    // The index and its parts come from one build: together they are the same new list, and the
    // part holding the piece is dated by it.
    const { parts, urls } = await index();
    expect(urls).toEqual(after);
    const holding = parts.filter((p) => p.urls.some((u) => u.loc === loc));
    expect(holding).toHaveLength(1);
    expect(holding[0]!.lastmod).toBe(at.toISOString());
  });

  it('builds once for all the requests that come while it is building', async () => {
    let builds = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sitemap = keptSitemap(
      async (at) => {
        builds += 1;
        await gate;
        return buildSitemap(s.db.db, BASE, at, 7);
      },
      () => new Date(clock),
    );
    const waiting = [sitemap(), sitemap(), sitemap()];
    release();
    const [first, ...others] = await Promise.all(waiting);
    expect(builds).toBe(1);
    for (const other of others) expect(other).toBe(first);
    expect(first!.parts.length).toBeGreaterThan(1);
    // Kept for SITEMAP_KEEP_MS, then built again.
    clock += SITEMAP_KEEP_MS - 1;
    expect(await sitemap()).toBe(first);
    clock += 1;
    const again: BuiltSitemap = await sitemap();
    expect(builds).toBe(2);
    expect(again).not.toBe(first);
    expect(again.root).toEqual(first!.root);
  });

  it('reads the same list a few rows a query as in one, pieces published at the same moment each once', async () => {
    const at = new Date(clock - DAY).toISOString();
    const editors = await editorsAuthor(s.db.db, TEST_NOW);
    const same = [];
    for (const title of ['Same moment one', 'Same moment two', 'Same moment three']) {
      same.push(await createTestArticle(s.db.db, engine, { title, publishedAt: at, categories: ['news'], tags: ['first steps'], authorIds: [editors] }));
    }
    const whole = await sitemapUrls(s.db.db, BASE, new Date(clock));
    for (const step of [1, 2, 3]) expect(await sitemapUrls(s.db.db, BASE, new Date(clock), step), `${step} a query`).toEqual(whole);
    // Newest first; at the same moment, the last made first.
    const places = same.map((p) => whole.findIndex((u) => u.loc === `${BASE}/articles/${p.slug}`));
    expect(places.every((i) => i >= 0)).toBe(true);
    expect([...places].sort((a, b) => b - a)).toEqual(places);
    expect(places[0]! - places[2]!).toBe(2);
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

  // Last, so the parts counted above are made without it.
  it('lists /associations, each association’s page and directory, dated by its last change, and drops a deleted one', async () => {
    const at = new Date(TEST_NOW.getTime() - 2 * DAY).toISOString();
    const made = await insertAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association' });
    await insertAssociation(s.db.db, { slug: 'apfm', name: 'Academy of Professional Family Mediators' });
    await s.db.db.updateTable('associations').set({ updated_at: at }).where('id', '=', made.id).execute();
    const sitemap = async () => {
      clock += SITEMAP_KEEP_MS;
      const xml = await (await s.get('/sitemap.xml')).text();
      expect(xmllint(xml, SITEMAP_XSD)).toEqual({ ok: true, output: '- validates' });
      return urlsOf(xml);
    };
    const urls = await sitemap();
    const dateOf = (path: string) => urls.find((u) => u.loc === BASE + path)?.lastmod;
    expect(dateOf('/associations/scma')).toBe(at);
    expect(dateOf('/associations/scma/directory')).toBe(at);
    expect(dateOf('/associations/apfm')).toBe(TEST_NOW.toISOString());
    // The list changed when its newest association did.
    expect(dateOf('/associations')).toBe(TEST_NOW.toISOString());

    await s.db.db.deleteFrom('associations').where('slug', '=', 'apfm').execute();
    const after = (await sitemap()).map((u) => u.loc);
    expect(after).toContain(`${BASE}/associations/scma/directory`);
    expect(after.filter((l) => l.includes('apfm'))).toEqual([]);
  });
});
