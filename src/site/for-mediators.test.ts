import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText } from '../../test/support/visitor.ts';

/** "List your practice": a mediator finds the way in from any page, and learns what joining means. */
describe.each(DIALECTS)('the page for mediators on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('is linked from the header of every kind of page, and from the home page itself', async () => {
    for (const path of ['/', '/articles', '/about', '/mediators?near=78701', '/login', '/no-such-page']) {
      const html = await (await s.get(path)).text();
      const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
      expect(header, path).toMatch(/<a class="header-join" href="\/for-mediators"[^>]*>\s*List your practice\s*<\/a>/);
    }
    const home = await (await s.get('/')).text();
    const main = home.slice(home.indexOf('<main'), home.indexOf('</main>'));
    expect(main).toMatch(/href="\/for-mediators"[^>]*>\s*List your practice/);
  });

  it('says what a listing costs and asks, how review works, and leads to sign-up', async () => {
    const res = await s.get('/for-mediators');
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = pageText(html);
    expect(text).toContain('List your practice on Concord');
    expect(text).toContain('A listing is free.');
    // Featured: granted, capped, labelled, never in place of a result.
    expect(text).toMatch(/Featured is an extra tier\s*, granted by the people who run this site/);
    expect(text).toContain('at most 3 extra places on a page of results');
    expect(text).toContain('never in place of one');
    // Consent and freshness, with the sweep's real numbers.
    expect(text).toContain('Nothing is shown until you press Publish.');
    expect(text).toContain('Confirm it every 90 days');
    expect(text).toContain('After 180 days we unlist it until you confirm again');
    // Review.
    expect(text).toContain('The first time you publish, your profile waits for Concord');
    expect(text).toContain('declines it with a note');
    expect(html).toMatch(/<a class="button" href="\/signup">\s*Create your free account\s*<\/a>/);
    expect(html).toContain('href="/how-search-works#featured"');
    expect(html).toMatch(/<a class="header-join" href="\/for-mediators" aria-current="page">/);
  });

  it('sends a signed-in member to their profile instead of sign-up', async () => {
    const member = await signedIn(s, 'joining@example.org');
    const html = (await member.get('/for-mediators')).html;
    expect(html).toMatch(/<a class="button" href="\/dashboard">\s*Go to your profile\s*<\/a>/);
    expect(html).not.toContain('href="/signup"');
  });

  it('is in the sitemap among the site pages', async () => {
    const xml = await (await s.get('/sitemap.xml')).text();
    expect(xml).toContain('<loc>http://concord.test/for-mediators</loc>');
  });
});
