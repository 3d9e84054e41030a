import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script>';

/** The comparison table's column headings (the mediators), in order, as a reader sees them. */
const columnNames = (html: string) => [...html.matchAll(/<th scope="col">[\s\S]*?<a href="\/mediators\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
/** One row of the table as text: its heading, then each mediator's cell. */
function row(html: string, heading: string): string[] {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => pageText(c[1]!)));
  return rows.find((r) => r[0] === heading)?.slice(1) ?? [];
}

describe.each(DIALECTS)('comparing mediators on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, {
      name: 'Ana Austin',
      slug: 'ana-austin',
      feeMin: 120,
      feeMax: 200,
      feeSplit: 'equal',
      languages: ['en', 'es'],
      practiceAreas: ['family', 'workplace'],
      formats: ['in_person', 'online'],
      credentials: [{ title: 'Certified Family Mediator', issuer: 'Texas Mediator Council', year: 2012 }],
      acceptingConfirmedAt: '2026-11-20T09:00:00.000Z',
      offices: [office(30.2672, -97.7431, { city: 'Austin', region: 'TX' })],
    });
    await createMediator(s.db.db, engine, {
      name: 'Bo Dallas',
      slug: 'bo-dallas',
      feeMin: 300,
      feeMax: 300,
      feeSplit: 'one_party',
      freeConsultation: false,
      languages: ['en'],
      practiceAreas: ['commercial'],
      formats: ['online', 'phone'],
      credentials: [],
      acceptingCases: false,
      offices: [office(32.7767, -96.797, { city: 'Dallas', region: 'TX', postalCode: '75201' })],
    });
    await createMediator(s.db.db, engine, { name: 'Cy Houston', slug: 'cy-houston', offices: [office(29.7604, -95.3698, { city: 'Houston', region: 'TX' })] });
    await createMediator(s.db.db, engine, { name: 'Di Waco', slug: 'di-waco', offices: [office(31.5493, -97.1467, { city: 'Waco', region: 'TX' })] });
    await createMediator(s.db.db, engine, { name: 'Ed Plano', slug: 'ed-plano', offices: [office(33.0198, -96.6989, { city: 'Plano', region: 'TX' })] });
    await createMediator(s.db.db, engine, { name: 'Fay Draft', slug: 'fay-draft', status: 'draft' });
  });
  afterAll(() => s.close());

  it('shows the mediators side by side, in the order picked, with what a visitor weighs', async () => {
    const r = await new Visitor(s).get('/compare?m=bo-dallas,ana-austin');
    expect(r.status).toBe(200);
    expect(r.html).toContain('<meta name="robots" content="noindex"');
    expect(columnNames(r.html)).toEqual(['Bo Dallas', 'Ana Austin']);
    expect(row(r.html, 'Hourly fee')).toEqual(['$300/hr (USD)', '$120–$200/hr (USD) Free first consultation']);
    expect(row(r.html, 'Who pays')).toEqual(['Paid by one party', 'Split equally between the parties']);
    expect(row(r.html, 'Meets')).toEqual(['Online (video) Phone', 'In person Online (video)']);
    expect(row(r.html, 'Languages')).toEqual(['English', 'English Spanish']);
    expect(row(r.html, 'Kinds of dispute')[0]).toBe('Commercial');
    expect(row(r.html, 'Kinds of dispute')[1]).toMatch(/Family.*Workplace/);
    expect(row(r.html, 'New cases')).toEqual(['Not accepting new cases', 'Accepting new cases Confirmed Nov 20, 2026']);
    expect(row(r.html, 'Credentials')).toEqual(['None listed', 'Certified Family Mediator, Texas Mediator Council, 2012']);
    expect(row(r.html, 'Where')).toEqual(['Office in Dallas, TX', 'Office in Austin, TX']);
    // Without a searched place there is no distance to show, and the page says how to get one.
    expect(row(r.html, 'Distance from Austin, TX')).toEqual([]);
    expect(pageText(r.html)).toContain('Search near a place first');
    // The link to share names the same mediators in the same order.
    expect(r.html).toContain('value="http://concord.test/compare?m=bo-dallas,ana-austin"');
  });

  it('reads the picks of the results form (one m per ticked box) the same way', async () => {
    const r = await new Visitor(s).get('/compare?m=ana-austin&m=cy-houston&m=ana-austin');
    expect(r.status).toBe(200);
    expect(columnNames(r.html)).toEqual(['Ana Austin', 'Cy Houston']);
  });

  it('shows distances from the place the visitor last searched', async () => {
    const v = new Visitor(s);
    expect((await v.get('/mediators?near=Austin,%20TX&radius=250')).status).toBe(200);
    const r = await v.get('/compare?m=ana-austin,bo-dallas');
    const distances = row(r.html, 'Distance from Austin, TX');
    expect(distances).toHaveLength(2);
    expect(distances[0]).toMatch(/^0 mi · office in Austin, TX$|^0\.\d mi · office in Austin, TX$/);
    // Austin to Dallas is about 182 miles as the crow flies.
    const dallas = Number(/^(\d+) mi · office in Dallas, TX$/.exec(distances[1]!)?.[1]);
    expect(dallas).toBeGreaterThan(175);
    expect(dallas).toBeLessThan(190);
  });

  it('refuses a fifth mediator with a clear message and lets the visitor choose four', async () => {
    const r = await new Visitor(s).get('/compare?m=ana-austin,bo-dallas,cy-houston,di-waco,ed-plano');
    expect(r.status).toBe(400);
    expect(pageText(r.html)).toContain('You can compare up to 4 mediators at a time, and 5 were picked.');
    expect([...r.html.matchAll(/<input type="checkbox" name="m" value="([^"]+)" checked/g)].map((m) => m[1])).toEqual(['ana-austin', 'bo-dallas', 'cy-houston', 'di-waco']);
    expect(pageText(r.html)).toContain('Ed Plano');
    // Four are compared.
    expect((await new Visitor(s).get('/compare?m=ana-austin,bo-dallas,cy-houston,di-waco')).status).toBe(200);
  });

  it('says which addresses are not listed mediators, and compares the rest', async () => {
    const r = await new Visitor(s).get('/compare?m=ana-austin,fay-draft,no-such-person');
    expect(r.status).toBe(200);
    expect(columnNames(r.html)).toEqual(['Ana Austin']);
    expect(pageText(r.html)).toContain('“fay-draft”, “no-such-person” are not listed mediators');
    expect(r.html).not.toContain('Fay Draft');

    const none = await new Visitor(s).get('/compare?m=no-such-person');
    expect(none.status).toBe(404);
    expect(pageText(none.html)).toContain('“no-such-person” is not a listed mediator');
  });

  it('answers odd addresses with a page, never an error', async () => {
    const empty = await new Visitor(s).get('/compare');
    expect(empty.status).toBe(200);
    expect(pageText(empty.html)).toContain('Nobody to compare yet');
    for (const m of [encodeURIComponent(PAYLOAD), '%00', ',,,', 'a'.repeat(5000), '..%2F..%2Fetc', 'ANA-AUSTIN']) {
      const r = await new Visitor(s).get(`/compare?m=${m}`);
      expect(r.status, m).toBeLessThan(500);
      expect(executableInjections(r.html), m).toEqual([]);
    }
    const upper = await new Visitor(s).get('/compare?m=ANA-AUSTIN');
    expect(columnNames(upper.html)).toEqual(['Ana Austin']);
    const many = await new Visitor(s).get(`/compare?${Array.from({ length: 40 }, (_, i) => `m=x${i}`).join('&')}`);
    expect(many.status).toBe(400);
  });

  it('puts a Compare box on every result card, in a form that opens the comparison, and on profiles', async () => {
    const results = await new Visitor(s).get('/mediators?near=Austin,%20TX&radius=250');
    const boxes = [...results.html.matchAll(/<input type="checkbox" name="m" value="([^"]+)" form="compare-picks"/g)].map((m) => m[1]);
    expect(boxes.sort()).toEqual(['ana-austin', 'bo-dallas', 'cy-houston', 'di-waco', 'ed-plano']);
    expect(results.html).toMatch(/<form id="compare-picks"[^>]*action="\/compare" method="get"/);

    const profile = await new Visitor(s).get('/mediators/ana-austin');
    expect(profile.html).toMatch(/<form[^>]*action="\/compare" method="get"[^>]*>\s*<label class="compare-pick"><input type="checkbox" name="m" value="ana-austin"/);
  });
});
