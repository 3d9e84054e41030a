import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

/** A profile's back link returns to the results the visitor came from, and only to this site's results. */
describe.each(DIALECTS)('the profile’s link back to the results on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Bea Backlink', slug: 'bea-backlink', offices: [office(30.27, -97.74, { city: 'Austin' })] });
  });
  afterAll(() => s.close());

  const backLink = async (referer?: string) => {
    const r = await s.get('/mediators/bea-backlink', referer ? { headers: { referer } } : {});
    expect(r.status).toBe(200);
    const html = await r.text();
    const m = /<a href="([^"]*)">← (Back to your search results|Find other mediators)<\/a>/.exec(html);
    // As a browser reads the attribute, whether or not "&" is written as "&amp;".
    return m ? [m[1]!.replace(/&amp;/g, '&'), m[2]!] : null;
  };

  it('lets our own pages see the address they came from, and other sites never', async () => {
    const r = await s.get('/mediators');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('links back to the same search, filters and page', async () => {
    const search = '/mediators?near=78701&radius=25&practice=family&language=es&page=2';
    expect(await backLink(`${s.baseUrl}${search}`)).toEqual([search, 'Back to your search results']);
    expect(await backLink(`http://concord.test/mediators?near=Austin%2C%20TX`)).toEqual(['/mediators?near=Austin%2C%20TX', 'Back to your search results']);
  });

  it('falls back to the search page for any other page, another site or nonsense, so it never leads away', async () => {
    for (const referer of [
      `${s.baseUrl}/`,
      `${s.baseUrl}/mediators/someone-else`,
      `${s.baseUrl}/mediatorsx?near=1`,
      'https://evil.example/mediators?near=10001',
      'javascript:alert(1)//mediators',
      '//evil.example/mediators',
      'not a url',
    ]) {
      expect(await backLink(referer), referer).toEqual(['/mediators', 'Find other mediators']);
    }
    expect(await backLink()).toEqual(['/mediators', 'Find other mediators']);
  });

  it('keeps a quote or script in the carried search inert', async () => {
    const [href] = (await backLink(`${s.baseUrl}/mediators?near="><script>alert(1)</script>`))!;
    expect(href).not.toContain('<script>');
    expect(href).not.toContain('"');
  });
});
