import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

// Offices in Seattle and Toronto. The rates the page names (CAD 0.72 US dollars) are written out
// here by hand, so a changed table fails this test rather than quietly moving who is shown.
const SEATTLE = { lat: 47.6062, lon: -122.3321 };
const TORONTO = { lat: 43.6532, lon: -79.3832 };

describe.each(DIALECTS)('the fee filter on %s', (engine) => {
  let s: TestServer;
  const names = async (path: string) => {
    const res = await s.get(path);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    return { html, shown: (name: string) => html.includes(`>${name}</a>`) };
  };
  const slugs = async (path: string) => {
    const res = await s.get(path);
    const body = (await res.json()) as { feeCurrency: string; results: { slug: string }[] };
    expect(res.status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    const at = (p: { lat: number; lon: number }, city: string) => [office(p.lat + 0.01, p.lon, { city, country: city === 'Toronto' ? 'CA' : 'US', region: city === 'Toronto' ? 'ON' : 'WA' })];
    const add = (name: string, slug: string, where: typeof SEATTLE, city: string, feeMin: number | null, feeMax: number | null, feeCurrency: string) =>
      createMediator(s.db.db, engine, { name, slug, offices: at(where, city), feeMin, feeMax, feeCurrency, freeConsultation: false });
    await add('Rowan Range', 'rowan-range', SEATTLE, 'Seattle', 155, 320, 'USD');
    await add('Petra Pricey', 'petra-pricey', SEATTLE, 'Seattle', 210, 250, 'USD');
    await add('Claude Canadian', 'claude-canadian', SEATTLE, 'Seattle', 250, 300, 'CAD'); // 180 US dollars
    await add('Chloe Costly', 'chloe-costly', SEATTLE, 'Seattle', 300, 350, 'CAD'); // 216 US dollars
    await add('Nia Nofee', 'nia-nofee', SEATTLE, 'Seattle', null, null, 'USD');
    await add('Uma Usd', 'uma-usd', TORONTO, 'Toronto', 140, 160, 'USD'); // 194.44 Canadian dollars
    await add('Ulla Usd', 'ulla-usd', TORONTO, 'Toronto', 150, 160, 'USD'); // 208.33 Canadian dollars
    await add('Cora Cad', 'cora-cad', TORONTO, 'Toronto', 190, 220, 'CAD');
    await add('Carl Cad', 'carl-cad', TORONTO, 'Toronto', 201, 220, 'CAD');
  });
  afterAll(() => s.close());

  it('shows whoever starts at or below the budget, and says so, in the place’s currency', async () => {
    const page = await names('/mediators?near=Seattle, WA&maxFee=200');
    expect(page.html).toContain('Starting fee at or below');
    expect(page.html).toContain('Per hour, in US dollars. Fees in other currencies are converted.');
    expect(page.html).not.toContain('Highest hourly fee');
    // $155–$320 starts within $200; the label no longer claims the whole range is.
    expect(page.shown('Rowan Range')).toBe(true);
    expect(page.shown('Petra Pricey')).toBe(false);
    // 250 CAD is about 180 US dollars; 300 CAD about 216.
    expect(page.shown('Claude Canadian')).toBe(true);
    expect(page.shown('Chloe Costly')).toBe(false);
    expect(page.shown('Nia Nofee')).toBe(false);
    expect((await names('/mediators?near=Seattle, WA')).shown('Nia Nofee')).toBe(true);
  });

  it('reads the budget in Canadian dollars near Toronto, converting US fees', async () => {
    const page = await names('/mediators?near=Toronto, ON&maxFee=200');
    expect(page.html).toContain('Per hour, in Canadian dollars.');
    expect(page.shown('Uma Usd')).toBe(true);
    expect(page.shown('Ulla Usd')).toBe(false);
    expect(page.shown('Cora Cad')).toBe(true);
    expect(page.shown('Carl Cad')).toBe(false);
    const api = await slugs('/api/v1/mediators?near=Toronto, ON&maxFee=200');
    expect(api.feeCurrency).toBe('CAD');
    expect(api.results.map((r) => r.slug).sort()).toEqual(['cora-cad', 'uma-usd']);
    // Exactly the budget in the mediator's own currency passes.
    expect((await slugs('/api/v1/mediators?near=Toronto, ON&maxFee=190')).results.map((r) => r.slug)).toEqual(['cora-cad']);
  });

  it('sorts by fee after converting: 190 CAD comes before 140 USD', async () => {
    const api = await slugs('/api/v1/mediators?near=Toronto, ON&sort=fee');
    expect(api.results.map((r) => r.slug)).toEqual(['cora-cad', 'uma-usd', 'carl-cad', 'ulla-usd']);
  });

  it('names the rates and their date on /how-search-works', async () => {
    const res = await s.get('/how-search-works');
    const html = await res.text();
    expect(html).toContain('id="fees"');
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
    expect(html).toContain('CAD (Canadian dollars)</th><td>0.72</td>');
    expect((await names('/mediators?near=Seattle, WA')).html).toContain('href="/how-search-works#fees"');
  });
});
