import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { linkPath } from '../../test/support/mail.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';

// The article's own form, as a reader sees it: one submit from the article mails the link.
const articleDigestForm = (html: string) => /<form[^>]*action="\/digest"[^>]*>[\s\S]*?id="article-digest-email"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';

describe.each(DIALECTS)('subscribing to the digest from an article on %s', (engine) => {
  let s: TestServer;
  let articlePath: string;

  beforeAll(async () => {
    s = await startTestServer(engine);
    articlePath = `/articles/${(await createTestArticle(s.db.db, engine)).slug}`;
  });
  afterAll(() => s.close());

  it('posts the address straight to the digest, so one submit leads to "check your email"', async () => {
    const v = new Visitor(s);
    const page = await v.get(articlePath);
    expect(page.status).toBe(200);
    // The form carries a token made for this visitor, so the page must not be cached for others.
    expect(page.headers.get('cache-control')).toBe('no-store');
    const form = articleDigestForm(page.html);
    expect(form).toMatch(/method="post"/);
    expect(form).toMatch(/name="_csrf"/);

    const r = await v.submit(articlePath, '/digest', { email: 'Reader@Example.org' });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe('/digest/check-email?email=reader%40example.org');
    expect(pageText((await v.get(r.location!)).html)).toContain("We've sent a message to reader@example.org");
    const mail = (await s.mails()).filter((m) => m.to === 'reader@example.org');
    expect(mail).toHaveLength(1);
    expect(linkPath(mail[0]!, '/digest/confirm')).toMatch(/^\/digest\/confirm\?token=/);
  });

  it('keeps the digest form’s checks and limits: a bad address is shown again, a flood is refused', async () => {
    const bad = await new Visitor(s).submit(articlePath, '/digest', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.html)).toContain('Enter an email address like name@example.org.');

    // Without the token the post is refused, as every form on the site is.
    expect((await new Visitor(s).post('/digest', { email: 'forged@example.org' })).status).toBe(403);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await new Visitor(s).submit(articlePath, '/digest', { email: 'flood@example.org' })).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('fills in a signed-in reader’s own address', async () => {
    const member = await signedIn(s, 'member@example.org');
    expect(articleDigestForm((await member.get(articlePath)).html)).toContain('value="member@example.org"');
  });
});
