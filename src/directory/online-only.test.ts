import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

/** The names on the result cards, in order (featured cards aside). */
function resultNames(html: string): string[] {
  const names: string[] = [];
  for (const list of html.matchAll(/<ol class="cards"[^>]*>([\s\S]*?)<\/ol>/g)) {
    for (const m of list[1]!.matchAll(/<h3><a href="\/mediators\/[^"]+">([^<]+)<\/a>/g)) names.push(m[1]!);
  }
  return names;
}

describe.each(DIALECTS)('online-only results on %s', (engine) => {
  let s: TestServer;
  const page = async (path: string, acceptLanguage?: string) => {
    const res = await s.get(path, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : undefined);
    return { status: res.status, location: res.headers.get('location'), vary: res.headers.get('vary') ?? '', html: await res.text() };
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    const online = { formats: ['online' as const] };
    await createMediator(s.db.db, engine, {
      ...online,
      name: 'Tess Texas',
      offices: [office(30.2672, -97.7431, { city: 'Austin', region: 'TX' })],
      serviceAreas: [{ kind: 'online', country: 'US', region: 'TX' }],
    });
    await createMediator(s.db.db, engine, {
      ...online,
      name: 'Nina Nationwide',
      offices: [office(25.8576, -80.2781, { city: 'Hialeah', region: 'FL' })],
      serviceAreas: [{ kind: 'online', country: 'US', region: null }],
    });
    await createMediator(s.db.db, engine, {
      ...online,
      name: 'Cal Only',
      offices: [office(34.0522, -118.2437, { city: 'Los Angeles', region: 'CA' })],
      serviceAreas: [{ kind: 'online', country: 'US', region: 'CA' }],
    });
    await createMediator(s.db.db, engine, {
      ...online,
      name: 'Olive Ontario',
      offices: [office(43.6532, -79.3832, { city: 'Toronto', region: 'ON', country: 'CA', postalCode: 'M5H 2N2' })],
      serviceAreas: [{ kind: 'online', country: 'CA', region: 'ON' }],
    });
    // Meets online but names no area: not listed for an area it never claimed.
    await createMediator(s.db.db, engine, { ...online, name: 'Una Unclaimed', offices: [office(30.3, -97.7, { city: 'Austin' })] });
  });
  afterAll(() => s.close());

  it("defaults to the country of the browser's language, and says so in the address", async () => {
    const us = await page('/mediators?format=online', 'en-US,en;q=0.9');
    expect(us.status).toBe(302);
    expect(us.location).toBe('/mediators?format=online&area=US');
    expect(us.vary).toMatch(/accept-language/i);

    const ca = await page('/mediators?format=online&practice=family', 'fr-CA');
    expect(ca.location).toBe('/mediators?practice=family&format=online&area=CA');
  });

  it('asks where the visitor is when the browser names no country, instead of listing the world A–Z', async () => {
    const r = await page('/mediators?format=online', 'en');
    expect(r.status).toBe(200);
    expect(r.html).toContain('Where are you?');
    expect(r.html).toMatch(/<select id="area" name="area" required>/);
    expect(r.html).toContain('<option value="US-TX">Texas</option>');
    expect(resultNames(r.html)).toEqual([]);
  });

  it("lists who serves the visitor's state online, or the whole country, with where each is based", async () => {
    const r = await page('/mediators?format=online&area=US-TX');
    expect(r.status).toBe(200);
    expect(r.html).toContain('<h1>Mediators who meet online with clients in Texas</h1>');
    expect(resultNames(r.html).sort()).toEqual(['Nina Nationwide', 'Tess Texas']);
    expect(r.html).toContain('Meets online with clients in Texas · based in Austin, TX, United States');
    expect(r.html).toContain('Meets online with clients in Texas · based in Hialeah, FL, United States');
    expect(r.html).toContain('<option value="US-TX" selected>Texas</option>');
    // The filters keep the area, so changing one does not lose it.
    expect(r.html).toContain('<input type="hidden" name="area" value="US-TX"/>');

    const country = await page('/mediators?format=online&area=US');
    expect(resultNames(country.html)).toEqual(['Nina Nationwide']);
    const ontario = await page('/mediators?format=online&area=CA-ON');
    expect(resultNames(ontario.html)).toEqual(['Olive Ontario']);
    expect(ontario.html).toContain('based in Toronto, ON, Canada');
  });

  it('ignores the area when a place is given, and turns down an area that does not exist', async () => {
    const near = await page('/mediators?format=online&area=US-CA&near=78701');
    expect(resultNames(near.html)).toContain('Tess Texas');
    expect(resultNames(near.html)).not.toContain('Cal Only');

    for (const bad of ['ZZ', 'US-ZZ', 'Texas', 'US-TX-1']) {
      const r = await page(`/mediators?format=online&area=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.html).toContain('Choose a country or a state from the list.');
    }
  });
});
