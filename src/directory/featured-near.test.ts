import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';

const FEATURED = { featuredTier: 'featured', featuredFrom: '2026-01-01T00:00:00.000Z', featuredUntil: '2027-01-01T00:00:00.000Z' } as const;

/** The featured block beside an article or on the home page: its heading and the names in it. */
function featuredBlock(html: string): { heading: string; names: string[] } {
  const section = /<section aria-labelledby="featured-title">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  const heading = pageText(/<h2 id="featured-title"[^>]*>([\s\S]*?)<\/h2>/.exec(section)?.[1] ?? '');
  const names = [...section.matchAll(/<h3>\s*<a href="\/mediators\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!).sort();
  return { heading, names };
}

describe.each(DIALECTS)('featured members near the reader on %s', (engine) => {
  let s: TestServer;
  let article: string;

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    await createMediator(db, engine, { name: 'Austin Featured', ...FEATURED, offices: [office(30.2672, -97.7431, { city: 'Austin', region: 'TX' })] });
    await createMediator(db, engine, { name: 'Boston Featured', ...FEATURED, offices: [office(42.3601, -71.0589, { city: 'Boston', region: 'MA', postalCode: '02108' })] });
    await createMediator(db, engine, {
      name: 'Sydney Featured',
      ...FEATURED,
      offices: [office(-33.8688, 151.2093, { city: 'Sydney', region: 'NSW', country: 'AU', postalCode: '2000' })],
    });
    await createMediator(db, engine, {
      name: 'Scarborough Featured',
      ...FEATURED,
      offices: [office(43.7764, -79.2318, { city: 'Scarborough', region: 'ON', country: 'CA', postalCode: 'M1P 4N7' })],
    });
    // Featured for Texas only: near Austin, never for a reader known only to be in the United States.
    await createMediator(db, engine, { name: 'San Antonio Texas', ...FEATURED, featuredRegion: { kind: 'region', country: 'US', region: 'TX' }, offices: [office(29.4241, -98.4936, { city: 'San Antonio', region: 'TX', postalCode: '78205' })] });
    // An office in Austin but featured for Oklahoma: never in an Austin reader's block.
    await createMediator(db, engine, { name: 'Austin For Oklahoma', ...FEATURED, featuredRegion: { kind: 'region', country: 'US', region: 'OK' }, offices: [office(30.2672, -97.7431, { city: 'Austin', region: 'TX' })] });
    // Not featured: never in the featured block, wherever the reader is.
    await createMediator(db, engine, { name: 'Austin Plain', offices: [office(30.27, -97.74, { city: 'Austin', region: 'TX' })] });
    article = `/articles/${(await createTestArticle(db, engine)).slug}`;
  });
  afterAll(() => s.close());

  const get = (v: Visitor, path: string, language?: string) => v.request(path, language ? { headers: { 'accept-language': language } } : {});

  it('shows no featured block when nothing tells where the reader is: no grant covers the whole world', async () => {
    for (const path of ['/', article]) expect(featuredBlock((await get(new Visitor(s), path)).html), path).toEqual({ heading: '', names: [] });
  });

  it('goes by the country of the browser’s language', async () => {
    for (const path of ['/', article]) {
      expect(featuredBlock((await get(new Visitor(s), path, 'en-US,en;q=0.9')).html), path).toEqual({
        heading: 'Featured members in the United States',
        names: ['Austin Featured', 'Boston Featured'],
      });
      expect(featuredBlock((await get(new Visitor(s), path, 'en-AU')).html), path).toEqual({ heading: 'Featured members in Australia', names: ['Sydney Featured'] });
    }
    // "View all" leads to every featured member, and counts them all.
    expect(pageText((await get(new Visitor(s), '/', 'en-US')).html)).toContain('View all featured members (6)');
    // A language without a region says nothing about where the reader is; a country with no featured member shows none.
    expect(featuredBlock((await get(new Visitor(s), '/', 'en')).html).names).toEqual([]);
    expect(featuredBlock((await get(new Visitor(s), '/', 'de-DE')).html).names).toEqual([]);
    expect((await s.get('/')).headers.get('vary')).toMatch(/Accept-Language.*Cookie/);
  });

  it('prefers the last place the reader searched, remembered in a first-party cookie', async () => {
    const v = new Visitor(s);
    const search = await get(v, '/mediators?near=Austin,%20TX', 'en-AU');
    expect(search.status).toBe(200);
    const cookie = search.setCookies.find((c) => c.startsWith('concord_place='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=2592000/);
    // Only the place: its position (rounded) and its name, nothing about the search or the visitor.
    expect(decodeURIComponent(cookie!.split(';')[0]!.slice('concord_place='.length))).toBe('30.27|-97.74|US|TX|Austin, TX');

    for (const path of ['/', article]) {
      expect(featuredBlock((await get(v, path, 'en-AU')).html), path).toEqual({ heading: 'Featured members near Austin, TX', names: ['Austin Featured', 'San Antonio Texas'] });
    }

    // Near a place with no featured member close by, its country is next.
    await get(v, '/mediators?near=Seattle,%20WA');
    expect(featuredBlock((await get(v, '/')).html)).toEqual({ heading: 'Featured members in the United States', names: ['Austin Featured', 'Boston Featured'] });
  });

  it('labels every member on /featured with the region they are featured for', async () => {
    const text = pageText((await new Visitor(s).get('/featured')).html);
    expect(text).toContain('San Antonio Texas Featured for Texas, United States');
    expect(text).toContain('Austin For Oklahoma Featured for Oklahoma, United States');
    expect(text).toContain('Scarborough Featured Featured for Canada');
  });

  it('ignores a cookie that was tampered with', async () => {
    for (const value of ['91|0|US|TX|Nowhere', 'x|y|US|TX|Austin', '30|-97|usa|TX|Austin', '30|-97|US|TX|', `30|-97|US|TX|${'a'.repeat(400)}`]) {
      const v = new Visitor(s);
      v.cookies.set('concord_place', encodeURIComponent(value));
      const r = await get(v, '/', 'en-AU');
      expect(r.status, value).toBe(200);
      expect(featuredBlock(r.html).heading, value).toBe('Featured members in Australia');
    }
  });

  it('states the cookie on /about', async () => {
    const about = pageText((await new Visitor(s).get('/about')).html);
    expect(about).toContain('When you search near a place, your browser keeps that place');
    expect(about).toContain('“concord_place”');
    expect(about).toContain('for 30 days');
  });
});
