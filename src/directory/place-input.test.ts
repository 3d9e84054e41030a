import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

interface LocationAnswer {
  place: { label: string; country: string; region: string } | null;
  candidates: { label: string }[];
  myLocation?: boolean;
}

describe.each(DIALECTS)('what visitors type as a place, on %s', (engine) => {
  let s: TestServer;
  const locate = async (q: string) => {
    const res = await s.get(`/api/v1/locations?q=${encodeURIComponent(q)}`);
    return { status: res.status, body: (await res.json()) as LocationAnswer };
  };
  const page = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, html: await res.text() };
  };
  const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Bea Brooklyn', offices: [office(40.6782, -73.9442, { city: 'Brooklyn', region: 'NY', postalCode: '11213' })] });
  });
  afterAll(() => s.close());

  it('answers "me", "near me" and "my location" with "Use my location", never a town called Me', async () => {
    for (const q of ['me', ' ME ', 'Near me', 'near  ME', 'my location', 'My Location ']) {
      const { status, body } = await locate(q);
      expect(status, q).toBe(200);
      expect(body, q).toMatchObject({ place: null, candidates: [], myLocation: true });
    }
    const shown = await page('/mediators?near=me');
    expect(shown.status).toBe(200);
    expect(h1(shown.html)).toBe('Search near where you are');
    expect(shown.html).toContain('Use my location');
    expect(shown.html).not.toContain('Me, Vietnam');
    // The box is left empty for a place, rather than keeping "me" to be read again.
    expect(shown.html).toMatch(/<input id="near"[^>]*value=""/);
    const api = await s.get('/api/v1/mediators?near=near me');
    expect(api.status).toBe(400);
    expect(await api.text()).toContain('your own location');
  });

  it('reads the short names people use for big cities', async () => {
    const expected: [string, RegExp][] = [
      ['nyc', /^New York( City)?, NY$/],
      ['NYC', /^New York( City)?, NY$/],
      ['SF', /^San Francisco, CA$/],
      ['LA', /^Los Angeles, CA$/],
      ['DC', /^Washington, DC$/],
      ['Philly', /^Philadelphia, PA$/],
    ];
    for (const [q, label] of expected) {
      const { status, body } = await locate(q);
      expect(status, q).toBe(200);
      expect(body.place?.label, q).toMatch(label);
    }
    expect(h1((await page('/mediators?near=nyc')).html)).toMatch(/^Mediators near New York( City)?, NY$/);
  });

  it('reads a state, province or country written without a comma', async () => {
    const expected: [string, string][] = [
      ['Vancouver BC', 'Vancouver, BC'],
      ['Portland OR', 'Portland, OR'],
      ['Austin Texas', 'Austin, TX'],
      ['London Ontario', 'London, ON'],
      ['Kansas City MO', 'Kansas City, MO'],
      ['Paris France', 'Paris, France'],
    ];
    for (const [q, label] of expected) expect((await locate(q)).body.place?.label, q).toBe(label);
    expect(h1((await page('/mediators?near=Vancouver BC')).html)).toBe('Mediators near Vancouver, BC');
    // A town whose own name has more words is still found whole.
    expect((await locate('Salt Lake City')).body.place?.label).toBe('Salt Lake City, UT');
  });

  it('finds Łódź when typed without its letters', async () => {
    expect((await locate('Lodz')).body.place?.label).toBe('Łódź, Poland');
    expect(h1((await page('/mediators?near=Lodz, Poland')).html)).toBe('Mediators near Łódź, Poland');
  });

  it('names a shared point by its town in the title and the box, and keeps the point while the box says so', async () => {
    const shared = await page('/mediators?near=40.6782,-73.9442');
    const title = h1(shared.html)!;
    expect(title).toMatch(/^Mediators near [A-Z][^\d]*, NY$/);
    const town = title.replace('Mediators near ', '');
    expect(shared.html).not.toContain('40.6782, -73.9442');
    expect(shared.html).toContain(`value="near ${town}"`);
    expect(shared.html).toContain('name="at" value="40.6782,-73.9442"');
    expect(shared.html).toContain('0 mi away');

    // The form sent again as it stands: the same point, the same distances.
    const again = await page(`/mediators?near=${encodeURIComponent(`near ${town}`)}&at=40.6782,-73.9442`);
    expect(h1(again.html)).toBe(title);
    expect(again.html).toContain('0 mi away');
    // A place typed over it wins.
    expect(h1((await page('/mediators?near=Boston, MA&at=40.6782,-73.9442')).html)).toBe('Mediators near Boston, MA');
    expect((await page('/mediators?near=Boston&at=not-a-point')).status).toBe(400);
  });
});
