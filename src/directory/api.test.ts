import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

const XSS = '<script>alert(1)</script>';

/** Checks a real response body against the schema the OpenAPI document gives for it. */
function validator(doc: any) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  return (path: string, status: number, body: unknown) => {
    const op = doc.paths[path].get;
    const schema = op.responses[status].content['application/json'].schema;
    const validate = ajv.compile({ $ref: `openapi${schema.$ref}` });
    const valid = validate(body);
    if (!valid) throw new Error(`${path} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}`);
  };
}

describe.each(DIALECTS)('JSON API on %s', (engine) => {
  let s: TestServer;
  let check: ReturnType<typeof validator>;
  const json = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Alma Austin', slug: 'alma-austin', offices: [office(30.2747, -97.7404, { city: 'Austin' })] });
    await createMediator(s.db.db, engine, {
      name: 'Bea Bilingual',
      offices: [office(30.3, -97.75, { city: 'Austin' })],
      languages: ['en', 'es'],
      practiceAreas: ['workplace'],
    });
    await createMediator(s.db.db, engine, { name: 'Cy Online', offices: [], serviceAreas: [{ kind: 'online', country: 'US', region: 'TX' }] });
    const doc = await json('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    check = validator(doc.body);
  });
  afterAll(() => s.close());

  it('searches near a ZIP code with the documented shape', async () => {
    const r = await json('/api/v1/mediators?near=78701&sort=distance');
    expect(r.status).toBe(200);
    check('/mediators', 200, r.body);
    expect(r.body.location.label).toMatch(/78701/);
    expect(r.body.total).toBe(3);
    expect(r.body.results.map((h: any) => h.name)).toEqual(['Alma Austin', 'Bea Bilingual', 'Cy Online']);
    expect(r.body.results[0].distance.unit).toBe('mi');
    expect(r.body.results[0].office.city).toBe('Austin');
    expect(r.body.results[2].match).toBe('online');
  });

  it('takes the same filters as the page', async () => {
    const r = await json('/api/v1/mediators?near=Austin,%20TX&language=es&practice=workplace&format=in_person&unit=km&radius=40');
    expect(r.status).toBe(200);
    check('/mediators', 200, r.body);
    expect(r.body.unit).toBe('km');
    expect(r.body.results.map((h: any) => h.name)).toEqual(['Bea Bilingual']);
  });

  it('returns a profile and a clear 404', async () => {
    const r = await json('/api/v1/mediators/alma-austin');
    expect(r.status).toBe(200);
    check('/mediators/{slug}', 200, r.body);
    expect(r.body.offices[0].city).toBe('Austin');
    const missing = await json('/api/v1/mediators/nobody-here');
    expect(missing.status).toBe(404);
    check('/mediators/{slug}', 404, missing.body);
    expect(missing.body.error.message).toMatch(/No listed mediator/);
  });

  it('resolves locations with candidates, and says when a place is unknown', async () => {
    const r = await json('/api/v1/locations?q=Springfield');
    expect(r.status).toBe(200);
    check('/locations', 200, r.body);
    expect(r.body.candidates.length).toBeGreaterThan(0);
    const missing = await json('/api/v1/locations?q=Austn,%20TX');
    expect(missing.status).toBe(404);
    check('/locations', 404, missing.body);
    expect(missing.body.candidates.map((c: any) => c.label).join(' ')).toMatch(/Austin/);
    const empty = await json('/api/v1/locations?q=');
    expect(empty.status).toBe(400);
  });

  it.each([
    ['an unknown place', '/api/v1/mediators?near=Qqzzxxv', /couldn't find/],
    ['a radius out of range', '/api/v1/mediators?near=78701&radius=9000', /Radius must be at most/],
    ['a radius that is not a number', '/api/v1/mediators?near=78701&radius=far', /Radius must be a number/],
    ['a page that is not a number', '/api/v1/mediators?near=78701&page=two', /Page must be a whole number from 1/],
    ['a page of 0', '/api/v1/mediators?near=78701&page=0', /Page must be a whole number from 1/],
    ['a page past the end', '/api/v1/mediators?near=78701&page=99', /only 1 page/],
    ['an unknown practice area', '/api/v1/mediators?near=78701&practice=astrology', /Unknown practice area/],
    ['an unknown language', '/api/v1/mediators?near=78701&language=xx', /Unknown language/],
    ['an unknown format', '/api/v1/mediators?near=78701&format=carrier-pigeon', /Format must be/],
    ['an unknown sort', '/api/v1/mediators?near=78701&sort=random', /Sort must be/],
    ['a 10 KB place', `/api/v1/mediators?near=${'a'.repeat(10_000)}`, /too long/],
    ['script in the place', `/api/v1/mediators?near=${encodeURIComponent(XSS)}`, /couldn't find/],
    ['SQL in the place', `/api/v1/mediators?near=${encodeURIComponent("' OR 1=1; DROP TABLE mediators; --")}`, /couldn't find/],
    ['SQL in the keyword', `/api/v1/mediators?near=78701&q=${encodeURIComponent("') OR 1=1 --")}`, null],
    ['FTS syntax in the keyword', `/api/v1/mediators?near=78701&q=${encodeURIComponent('NEAR(" * AND OR:')}`, null],
  ])('answers %s with a clear message, never a 500', async (_what, path, message) => {
    const r = await json(path);
    expect(r.status).toBeLessThan(500);
    expect(r.type).toMatch(/application\/json/);
    if (message) {
      expect(r.status).toBe(400);
      check('/mediators', 400, r.body);
      const text = [r.body.error.message, ...r.body.error.details.map((d: any) => d.message)].join(' ');
      expect(text).toMatch(message);
    } else {
      expect(r.status).toBe(200);
    }
    expect(JSON.stringify(r.body)).not.toContain('<script>');
  });

  it('still has its data after SQL fragments were sent', async () => {
    const r = await json('/api/v1/mediators?near=78701');
    expect(r.body.total).toBe(3);
  });

  it('hides email addresses typed into a profile, in the API as on the page', async () => {
    await createMediator(s.db.db, engine, {
      name: 'Dee Denver',
      slug: 'dee-denver',
      headline: 'Family mediator — dee.denver@example.org',
      bio: 'Write to me at dee.denver@example.org or dee+cases@mediate.example.com any time.',
      credentials: [{ title: 'Certified mediator (ask cert@example.org)', issuer: 'Council', year: 2010 }],
      offices: [office(39.7392, -104.9903, { city: 'Denver', region: 'CO', postalCode: '80202' })],
    });
    const bodies = [
      await (await s.get('/mediators/dee-denver')).text(),
      await (await s.get('/mediators?near=80202')).text(),
      await (await s.get('/api/v1/mediators/dee-denver')).text(),
      await (await s.get('/api/v1/mediators?near=80202')).text(),
    ];
    for (const body of bodies) {
      expect(body).not.toMatch(/dee\.denver@|dee\+cases@|cert@example/);
      expect(body).toContain('[email address hidden]');
    }
    const profile = await json('/api/v1/mediators/dee-denver');
    expect(profile.body.bio).toBe('Write to me at [email address hidden] or [email address hidden] any time.');
  });
});
