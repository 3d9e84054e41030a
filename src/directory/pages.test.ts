import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const PARAMS = ['near', 'radius', 'unit', 'practice', 'language', 'format', 'maxFee', 'free', 'accepting', 'q', 'sort', 'page'];

describe.each(DIALECTS)('directory pages on %s', (engine) => {
  let s: TestServer;
  const page = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text(), headers: res.headers };
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, {
      name: 'Rosa Example',
      slug: 'rosa-example',
      headline: 'Workplace and family mediator',
      offices: [
        office(30.2747, -97.7404, { city: 'Austin', label: 'Downtown office', address: '200 Congress Ave' }),
        office(30.5083, -97.6789, { city: 'Round Rock', label: 'North office', address: '5 Main St' }),
      ],
      languages: ['en', 'es'],
      featuredTier: 'featured',
      featuredFrom: '2026-01-01T00:00:00.000Z',
      featuredUntil: '2027-01-01T00:00:00.000Z',
    });
    await createMediator(s.db.db, engine, { name: 'Sam Hidden', slug: 'sam-hidden', status: 'draft', offices: [office(30.27, -97.74)] });
    await createMediator(s.db.db, engine, {
      name: `Mallory ${PAYLOAD}`,
      slug: 'mallory',
      headline: PAYLOAD,
      bio: `Hello ${PAYLOAD} [click](javascript:alert(3))`,
      offices: [office(30.28, -97.75, { city: PAYLOAD, label: PAYLOAD, address: PAYLOAD })],
      credentials: [{ title: PAYLOAD, issuer: PAYLOAD, year: 2020 }],
    });
  });
  afterAll(() => s.close());

  it('serves the home page with the search box and featured members', async () => {
    const r = await page('/');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/text\/html/);
    expect(r.html).toMatch(/Find mediators near you/i);
    expect(r.html).toContain('name="near"');
    expect(r.html).toContain('href="/featured"');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Featured members show for a visitor whose country is known (here from the browser's language), featured for it.
    expect(await (await s.get('/', { headers: { 'accept-language': 'en-US' } })).text()).toContain('Rosa Example');
  });

  it('preselects kilometres on the home page for a browser set to Canadian English', async () => {
    const ca = await (await s.get('/', { headers: { 'accept-language': 'en-CA,en;q=0.9' } })).text();
    expect(ca).toMatch(/<option value="km" selected/);
    const us = await (await s.get('/', { headers: { 'accept-language': 'en-US' } })).text();
    expect(us).toMatch(/<option value="mi" selected/);
  });

  it('lists results near a place, with distance, city and the featured label', async () => {
    const r = await page('/mediators?near=78701&sort=distance');
    expect(r.status).toBe(200);
    expect(r.html).toContain('Rosa Example');
    expect(r.html).toMatch(/0\.\d mi/);
    expect(r.html).toMatch(/Featured/);
    expect(r.html).not.toContain('Sam Hidden');
    expect(r.html).toContain('/mediators/rosa-example');
  });

  it('shows a profile with every office, JSON-LD and a canonical URL; drafts are 404', async () => {
    const r = await page('/mediators/rosa-example');
    expect(r.status).toBe(200);
    expect(r.html).toContain('Downtown office');
    expect(r.html).toContain('Round Rock');
    expect(r.html).toContain('<link rel="canonical" href="http://concord.test/mediators/rosa-example"');
    expect(r.html).toContain('og:title');
    const ld = [...r.html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    const profile = ld.find((d) => d['@type'] === 'ProfilePage');
    expect(profile?.mainEntity?.['@type']).toBe('Person');
    expect(profile.mainEntity.name).toBe('Rosa Example');
    expect((await page('/mediators/sam-hidden')).status).toBe(404);
  });

  it('answers an unknown page with a helpful 404', async () => {
    const r = await page('/no/such/page');
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/text\/html/);
    expect(r.html).toContain('name="near"');
  });

  it('answers a malformed URL with a 400 page that does not quote it', async () => {
    for (const path of ['/mediators/%zz<script>', `/api/v1/mediators/%zz${encodeURIComponent(PAYLOAD)}`]) {
      const r = await page(path);
      expect(r.status).toBe(400);
      expect(r.html).not.toContain('<script>');
      expect(executableInjections(r.html)).toEqual([]);
    }
  });

  it('gives a malformed URL the headers every other page has, and says what is wrong', async () => {
    const normal = await s.get('/');
    const bad = await s.get('/%ff');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Everything but what belongs to one response (its length, date, cookies, caching) is the same.
    const own = new Set(['content-length', 'content-type', 'date', 'set-cookie', 'cache-control', 'etag', 'connection', 'keep-alive', 'vary']);
    const shared = [...normal.headers.keys()].filter((h) => !own.has(h) && !h.startsWith('x-ratelimit'));
    expect(shared.length).toBeGreaterThan(5);
    for (const h of shared) expect(bad.headers.get(h), h).toBe(normal.headers.get(h));
    const text = pageText(await bad.text());
    expect(text).toContain('complete or has a mistake in it: it may have been cut off');
    expect(text).toContain('Start a new search');
  });

  it('offers "Did you mean" when a place is not found', async () => {
    const r = await page('/mediators?near=Austn,%20TX');
    expect(r.status).toBeLessThan(500);
    expect(r.html).toMatch(/Austin/);
    expect(r.html).toMatch(/couldn.t find/i);
  });

  it.each([
    ['/mediators?near=78701&radius=0', /Radius must be at least 1/],
    ['/mediators?near=78701&page=abc', /Page must be a whole number from 1/],
    ['/mediators?near=78701&page=0', /Page must be a whole number from 1/],
    ['/mediators?near=78701&page=2.5', /Page must be a whole number from 1/],
    ['/mediators?near=78701&page=50', /no page 50/],
    ['/mediators?near=78701&page=20000', /no page 20000/],
    ['/mediators?near=78701&language=zz', /Unknown language/],
    [`/mediators?near=${'x'.repeat(10_000)}`, /too long/],
  ])('answers %s with a 400 page a person understands', async (path, message) => {
    const r = await page(path);
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/text\/html/);
    expect(r.html).toMatch(message);
  });

  it('takes a blank page as the first, on the results and on /featured', async () => {
    for (const path of ['/mediators?near=78701&page=', '/featured?page=']) {
      const r = await page(path);
      expect(r.status, path).toBe(200);
      expect(r.html, path).toContain('Rosa Example');
    }
  });

  it.each([
    ['/featured?page=abc', 400, /Page must be a whole number from 1/],
    ['/featured?page=0', 400, /Page must be a whole number from 1/],
    ['/featured?page=-1', 400, /Page must be a whole number from 1/],
    ['/featured?page=2', 404, /There is only 1 page of featured members, so there is no page 2/],
  ])('answers %s with a %i page that says why', async (path, status, message) => {
    const r = await page(path);
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/text\/html/);
    expect(pageText(r.html)).toMatch(message);
  });

  it('keeps the typed place in the form of a 400 page, inert', async () => {
    const r = await page(`/mediators?near=${encodeURIComponent(`Austin ${PAYLOAD}`)}&radius=far`);
    expect(r.status).toBe(400);
    expect(r.html).toContain('value="Austin &#34;>');
    expect(executableInjections(r.html)).toEqual([]);
  });

  it.each(PARAMS)('never reflects a script sent in %s', async (param) => {
    const r = await page(`/mediators?near=78701&${param}=${encodeURIComponent(PAYLOAD)}`);
    expect(r.status).toBeLessThan(500);
    expect(executableInjections(r.html)).toEqual([]);
  });

  it('renders script stored in every profile field inert, on the profile and the results card', async () => {
    for (const path of ['/mediators/mallory', '/mediators?near=78701']) {
      const r = await page(path);
      expect(r.status).toBe(200);
      expect(r.html).toContain('Mallory');
      expect(executableInjections(r.html)).toEqual([]);
    }
  });
});
