import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAssociation, insertMembership } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText } from '../../test/support/visitor.ts';

const DAY_MS = 86_400_000;
const AUSTIN = office(30.27, -97.74, { city: 'Austin' });

/** Every href and form action on a page, in order. */
const addresses = (html: string) => [...html.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((m) => decode(m[1]!));
/** The result cards' names, each with whether it is labelled featured. */
const cards = (html: string) =>
  [...html.matchAll(/<article class="([^"]*)">([\s\S]*?)<\/article>/g)].map((m) => ({ name: /<h3><a [^>]*>([^<]*)<\/a>/.exec(m[2]!)?.[1] ?? '', featured: m[1]!.includes('card-featured') }));
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const frameAncestors = (res: { headers: Headers }) => /frame-ancestors ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

/**
 * An association's own directory (/associations/:slug/directory) and its embeddable version
 * (/associations/:slug/embed): the site's search, restricted to the association's members, whose
 * every link stays in it; the embed framed only by the association's sites, with no cookie.
 */
describe.each(DIALECTS)('an association’s branded and embedded directory on %s', (engine) => {
  let s: TestServer;
  const db = () => s.db.db;
  const ids: Record<string, number> = {};
  let scma: Awaited<ReturnType<typeof insertAssociation>>;
  const grant = async (name: string, associationId: number | null) => {
    const at = TEST_NOW.toISOString();
    await db()
      .insertInto('featured_grants')
      .values({
        mediator_id: ids[name]!,
        association_id: associationId,
        tier: 'featured',
        region_kind: 'region',
        country: 'US',
        region: 'TX',
        metro_name: '',
        metro_lat: null,
        metro_lon: null,
        starts_at: new Date(TEST_NOW.getTime() - DAY_MS).toISOString(),
        ends_at: new Date(TEST_NOW.getTime() + 30 * DAY_MS).toISOString(),
        granted_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    for (const name of ['Ann Panelist', 'Bob Member', 'Cat Applicant', 'Dee Outsider', 'Fay Sponsored', 'Gus Outsider Sponsored', 'Hal Site Featured']) {
      ids[name] = await createMediator(db(), engine, { name, offices: [AUSTIN] });
    }
    scma = await insertAssociation(db(), { slug: 'scma', name: 'Southern California Mediation Association', panels: ['court-panel', 'reduced-fee'] });
    await insertAssociation(db(), { slug: 'other-assoc', name: 'Other Association', panels: ['other-panel'] });
    await insertMembership(db(), scma.id, ids['Ann Panelist']!, [scma.panels['court-panel']!]);
    await insertMembership(db(), scma.id, ids['Bob Member']!);
    await insertMembership(db(), scma.id, ids['Cat Applicant']!, [], 'applied');
    await insertMembership(db(), scma.id, ids['Fay Sponsored']!);
    await insertMembership(db(), scma.id, ids['Hal Site Featured']!);
    // The association features Fay (a member) and, wrongly, Gus (not one) in its directory; the site features Hal.
    await grant('Fay Sponsored', scma.id);
    await grant('Gus Outsider Sponsored', scma.id);
    await grant('Hal Site Featured', null);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists only the association’s members, in its colours, with its panels as a filter', async () => {
    const res = await s.get('/associations/scma/directory?near=78701');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cards(html).map((c) => c.name).sort()).toEqual(['Ann Panelist', 'Bob Member', 'Fay Sponsored', 'Hal Site Featured']);
    expect(html).toMatch(/<link rel="stylesheet" href="\/associations\/scma\/theme\.css\?v=[^"]+"\/>/);
    expect(html).toContain('<a href="/associations/scma">Southern California Mediation Association</a>');
    // The panels, one at a time; no way to pick another association.
    expect(html).toContain('<input type="radio" name="panel" value="court-panel"/>');
    expect(html).toContain('<input type="radio" name="panel" value="reduced-fee"/>');
    expect(html).not.toMatch(/name="association"/);

    const panel = await (await s.get('/associations/scma/directory?near=78701&panel=court-panel')).text();
    expect(cards(panel).map((c) => c.name)).toEqual(['Ann Panelist']);
    expect(panel).toContain('<input type="radio" name="panel" value="court-panel" checked/>');
    expect(pageText(panel)).toContain('court-panel only');

    // A hand-made address naming another association still shows this one's members.
    const tampered = await (await s.get('/associations/scma/directory?near=78701&association=other-assoc')).text();
    expect(cards(tampered).map((c) => c.name).sort()).toEqual(['Ann Panelist', 'Bob Member', 'Fay Sponsored', 'Hal Site Featured']);
  });

  it('keeps every search link and form within the directory, under its own canonical address', async () => {
    for (const path of ['/associations/scma/directory', '/associations/scma/embed']) {
      for (const query of ['?near=78701&panel=court-panel&practice=family', '?near=78701&radius=10&practice=family&language=fr', '?near=Springfeld', '?q=zzzz&page=1', '?format=online&area=US-TX']) {
        const res = await s.get(path + query);
        expect(res.status, path + query).toBe(200);
        const html = await res.text();
        const searches = addresses(html).filter((a) => a.startsWith('/mediators?') || a === '/mediators' || a.startsWith(path) || a.startsWith('/associations/scma/'));
        // The site's own "Find a mediator" in the header is no search of this directory.
        const inMain = addresses(/<main[\s\S]*<\/main>/.exec(html)![0]);
        for (const a of inMain) expect(a === '/mediators' || a.startsWith('/mediators?'), `${path}${query}: ${a}`).toBe(false);
        for (const a of searches.filter((x) => !x.startsWith('/associations/scma/theme.css') && x !== '/associations/scma' && x !== '/mediators')) {
          expect(a.startsWith(path), `${path}${query}: ${a}`).toBe(true);
          expect(a).not.toContain('association=');
        }
        const canonical = /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
        if (html.includes('data-results-count')) expect(canonical, path + query).toMatch(/^http:\/\/concord\.test\/associations\/scma\/directory(\?|$)/);
      }
    }
    const canonical = /<link rel="canonical" href="([^"]*)"/.exec(await (await s.get('/associations/scma/embed?near=78701&panel=court-panel')).text())?.[1];
    expect(decode(canonical!)).toBe('http://concord.test/associations/scma/directory?near=78701&panel=court-panel');
    // The pager and the "wider area" suggestion too.
    const none = await (await s.get('/associations/scma/directory?near=78701&radius=10&language=fr')).text();
    expect(addresses(none)).toContain('/associations/scma/directory?near=78701&radius=25&unit=mi&language=fr');
  });

  it('answers an unknown association with a 404 and an unknown panel with a 400 that says so', async () => {
    for (const path of ['/associations/no-such/directory', '/associations/no-such/embed', '/associations/%3Cscript%3E/embed']) {
      expect((await s.get(path)).status, path).toBe(404);
    }
    for (const path of ['/associations/scma/directory?panel=other-panel', '/associations/scma/embed?panel=nope']) {
      const res = await s.get(path);
      expect(res.status, path).toBe(400);
      expect(pageText(await res.text())).toContain('The association has no panel');
    }
  });

  it('fills the directory’s featured places with the association’s own grants to its members, and the site’s pages with the site’s only', async () => {
    const branded = cards(await (await s.get('/associations/scma/directory?near=78701')).text());
    expect(branded.filter((c) => c.featured).map((c) => c.name)).toEqual(['Fay Sponsored']);
    const embedded = cards(await (await s.get('/associations/scma/embed?near=78701')).text());
    expect(embedded.filter((c) => c.featured).map((c) => c.name)).toEqual(['Fay Sponsored']);

    const site = await (await s.get('/mediators?near=78701')).text();
    expect(cards(site).filter((c) => c.featured).map((c) => c.name)).toEqual(['Hal Site Featured']);
    const siteFiltered = await (await s.get('/mediators?near=78701&association=scma')).text();
    expect(cards(siteFiltered).filter((c) => c.featured).map((c) => c.name)).toEqual(['Hal Site Featured']);
    for (const path of ['/', '/featured']) {
      const text = pageText(await (await s.get(path, { headers: { 'accept-language': 'en-US' } })).text());
      expect(text, path).not.toContain('Fay Sponsored');
      expect(text, path).not.toContain('Gus Outsider Sponsored');
    }
    expect(pageText(await (await s.get('/featured')).text())).toContain('Hal Site Featured');
  });

  it('sets and reads no cookie in the embed, even for a signed-in visitor with a place', async () => {
    const member = await signedIn(s, 'member@example.org');
    const session = [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // The branded directory remembers the place, as /mediators does …
    const branded = await s.get('/associations/scma/directory?near=78701');
    expect(branded.headers.getSetCookie().join(' ')).toContain('concord_place=');
    // … the embed never: no place, no CSRF secret, no session renewed, for the visitor signed in or not.
    for (const cookie of [undefined, session, `${session}; concord_place=bad`]) {
      const res = await s.get('/associations/scma/embed?near=78701', cookie ? { headers: { cookie } } : {});
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
      const html = await res.text();
      expect(html).not.toContain('_csrf');
      expect(html).not.toContain('member@example.org');
    }
  });

  it('opens links that leave the embed in a new tab, and loads nothing from another site', async () => {
    const html = await (await s.get('/associations/scma/embed?near=78701')).text();
    const links = [...html.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const attrs of links) {
      const href = /href="([^"]*)"/.exec(attrs)![1]!;
      if (href.startsWith('/associations/scma/embed')) continue;
      expect(attrs, href).toContain('target="_blank"');
      expect(attrs, href).toContain('rel="noopener"');
    }
    expect(links.find((a) => a.includes(`href="/mediators/`))).toMatch(/target="_blank" rel="noopener"/);
    expect(html).toMatch(/<form id="compare-picks" class="compare-form" action="\/compare" method="get" target="_blank"/);
    // Scripts, styles and images from this site only; no map, as its images would come from another.
    for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
      const url = m[1]!;
      if (/^https?:/.test(url)) expect(url.startsWith('http://concord.test/'), url).toBe(true);
    }
    expect(html).not.toContain('data-tiles');
    expect(html).not.toContain('site-header');
    expect(html).toContain('/assets/js/embed-frame.js');
  });

  it('lets exactly the configured sites frame the embed, and no site frame any other page', async () => {
    expect(frameAncestors(await s.get('/associations/scma/embed'))).toBe("'none'");
    await db().updateTable('associations').set({ frame_origins: 'https://scma.example.org\nhttp://localhost:8080' }).where('id', '=', scma.id).execute();
    const embed = await s.get('/associations/scma/embed?near=78701');
    expect(frameAncestors(embed)).toBe('https://scma.example.org http://localhost:8080');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    // Another association's sites are its own.
    expect(frameAncestors(await s.get('/associations/other-assoc/embed'))).toBe("'none'");
    for (const path of ['/', '/mediators', '/mediators?near=78701', '/associations/scma', '/associations/scma/directory', '/associations/scma/directory?near=78701', '/associations/no-such/embed', '/login']) {
      const res = await s.get(path);
      expect(frameAncestors(res), path).toBe("'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('serves the loader at /embed.js for other sites to load', async () => {
    const redirect = await s.get('/embed.js');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/assets/js/embed-loader.js');
    const loader = await s.get('/assets/js/embed-loader.js');
    expect(loader.status).toBe(200);
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await loader.text()).toContain('concord:height');
    // The site's other scripts stay its own.
    expect((await s.get('/assets/js/filters.js')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('shows its admins the embed code, and lets them name the sites that may frame it, refusing anything but exact origins', async () => {
    const admin = await signedIn(s, 'scma-admin@example.org');
    await db().insertInto('association_admins').values({ association_id: scma.id, user_id: admin.userId, created_at: TEST_NOW.toISOString() }).execute();
    const page = await admin.get('/associations/scma/admin');
    expect(page.status).toBe(200);
    const code = decode(/<textarea id="embed-code"[^>]*>([^<]*)<\/textarea>/.exec(page.html)![1]!);
    expect(code).toBe('<div data-concord-directory="scma"></div>\n<script src="http://concord.test/embed.js" defer></script>');
    expect(page.html).toContain('href="/associations/scma/embed"');

    const audits = async () => db().selectFrom('audit_log').select(['action', 'before_json', 'after_json', 'association_id']).where('action', '=', 'association.frame_origins_changed').execute();
    for (const [typed, message] of [
      ['https://*.example.org', 'has a wildcard'],
      ['https://scma.example.org/directory', 'no path'],
      ['http://scma.example.org', 'only https://'],
      ["https://scma.example.org 'unsafe-inline'", 'not an address of a site alone'],
      ['javascript:alert(1)', 'not an address of a site alone'],
      ['https://scma.example.org;script-src *', 'not an address of a site alone'],
      ['<script>alert(1)</script>', 'not an address of a site alone'],
    ]) {
      const r = await admin.submit('/associations/scma/admin', '/associations/scma/admin/embed', { frame_origins: typed! });
      expect(r.status, typed).toBe(400);
      expect(pageText(r.html), typed).toContain(message!);
      expect(r.html).not.toContain('<script>alert(1)');
    }
    const before = (await db().selectFrom('associations').select('frame_origins').where('id', '=', scma.id).executeTakeFirstOrThrow()).frame_origins;
    expect(await audits()).toEqual([]);

    const saved = await admin.submit('/associations/scma/admin', '/associations/scma/admin/embed', { frame_origins: 'https://SCMA.example.org/\n\nhttp://127.0.0.1:5173\nhttps://scma.example.org' });
    expect(saved.status).toBe(303);
    expect(frameAncestors(await s.get('/associations/scma/embed'))).toBe('https://scma.example.org http://127.0.0.1:5173');
    const entries = await audits();
    expect(entries).toEqual([
      { action: 'association.frame_origins_changed', before_json: JSON.stringify({ frame_origins: before.split('\n') }), after_json: JSON.stringify({ frame_origins: ['https://scma.example.org', 'http://127.0.0.1:5173'] }), association_id: scma.id },
    ]);

    // Someone who does not run it gets the same 404 as no association, and changes nothing.
    const outsider = await signedIn(s, 'outsider@example.org');
    const refused = await outsider.post('/associations/scma/admin/embed', { _csrf: (await outsider.get('/dashboard')).html.match(/name="_csrf" value="([^"]*)"/)?.[1] ?? '', frame_origins: 'https://evil.example' });
    expect([403, 404]).toContain(refused.status);
    expect(frameAncestors(await s.get('/associations/scma/embed'))).toBe('https://scma.example.org http://127.0.0.1:5173');
  });
});

describe.each(DIALECTS)('the embedded directory’s map on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    // Map images from this site itself (its own tile server behind the same origin): the embed may show them.
    s = await startTestServer(engine, { env: { MAP_TILE_URL: 'http://concord.test/tiles/{z}/{x}/{y}.png' } });
    const id = await createMediator(s.db.db, engine, { name: 'Ann Member', offices: [AUSTIN] });
    const a = await insertAssociation(s.db.db, { slug: 'scma' });
    await insertMembership(s.db.db, a.id, id);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('offers the map when its images come from this site, its markers opening profiles in a new tab', async () => {
    const html = await (await s.get('/associations/scma/embed?near=78701')).text();
    expect(html).toContain('data-tiles="http://concord.test/tiles/{z}/{x}/{y}.png"');
    expect(html).toContain('data-new-tab="1"');
    expect(html).toContain('/assets/js/map.js');
    // The branded directory, on Concord itself, opens them in place.
    expect(await (await s.get('/associations/scma/directory?near=78701')).text()).not.toContain('data-new-tab');
  });
});
