import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/log.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createTestArticle } from '../../test/support/articles.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { routeTable, signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor, type Page } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script>';

/** The entries a page shows, as "action subject", in its order. */
const entries = (p: Page) => [...p.html.matchAll(/<li class="audit-entry">[\s\S]*?<code>([^<]*)<\/code> <span>([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
const countLine = (p: Page) => /<p class="muted">(\d[^<]*entr[^<]*)<\/p>/.exec(p.html)?.[1];

/**
 * The admin area through HTTP on a real server and database: the landing page's queues and counts,
 * and the audit log page: newest first, 50 a page, its filters, refused filters, and admins only.
 */
describe.each(DIALECTS)('the admin area on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  const db = () => s.db.db;
  const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 10, n, hour, 0, 0));

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
    const actor = { id: admin.userId, email: 'admin@example.org', role: 'admin' as const };
    const editor = { id: 999, email: 'eddie.editor@example.org', role: 'editor' as const };
    // 55 role changes by the admin on 1–11 November, then others on later days.
    for (let i = 1; i <= 55; i++) {
      await recordAudit(db(), { actor, action: 'user.role_changed', subject: { kind: 'user', id: i, label: `user-${String(i).padStart(2, '0')}@example.org` }, before: { role: 'member' }, after: { role: 'editor' } }, day(1 + (i % 11), 8 + (i % 10)));
    }
    await recordAudit(db(), { actor: editor, action: 'article.declined', subject: { kind: 'article', id: 7, label: PAYLOAD }, before: { status: 'submitted' }, after: { status: 'declined' }, reason: 'Off topic.' }, day(20));
    await recordAudit(db(), { actor: null, action: 'article.published', subject: { kind: 'article', id: 8, label: 'Due piece' }, before: { status: 'scheduled' }, after: { status: 'published' } }, day(21));
    await recordAudit(db(), { actor, action: 'user.suspended', subject: { kind: 'user', id: 3, label: 'spam@example.org' }, before: { suspended: false }, after: { suspended: true }, reason: 'Spam in the bio.' }, day(22));
    // The queues: one profile waiting, two pieces submitted.
    const waiting = await createMediator(db(), engine, { name: 'Waiting Wanda', status: 'draft' });
    await db().updateTable('mediators').set({ review_requested_at: TEST_NOW.toISOString() }).where('id', '=', waiting).execute();
    for (let i = 0; i < 2; i++) {
      const { id } = await createTestArticle(db(), engine, { status: 'submitted', publishedAt: null });
      await db().updateTable('articles').set({ submitted_at: TEST_NOW.toISOString() }).where('id', '=', id).execute();
    }
  });
  afterAll(() => s.close());

  it('lands on the queues with their counts, linked, and the latest of the log', async () => {
    const home = await admin.get('/admin');
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
    const text = pageText(home.html);
    expect(text).toContain('Profiles waiting for review 1 profile waiting');
    expect(text).toContain('Submitted pieces 2 pieces waiting');
    expect(home.html).toContain('href="/moderation"');
    expect(home.html).toContain('href="/editor"');
    expect(text).toContain('Accounts 1 account .');
    // The newest first: the suspension, the scheduler's publication, the editor's decline.
    expect(entries(home).slice(0, 3)).toEqual(['user.suspended user #3: spam@example.org', 'article.published article #8: Due piece', `article.declined article #7: &#34;>&lt;script>alert(1)&lt;/script>`]);
    expect(executableInjections(home.html)).toEqual([]);
  });

  it('lists every entry newest first, 50 a page, with who, when in UTC, before → after and why', async () => {
    const first = await admin.get('/admin/audit');
    expect(first.status).toBe(200);
    expect(countLine(first)).toBe('58 entries, page 1 of 2.');
    expect(entries(first)).toHaveLength(50);
    expect(entries(first)[0]).toBe('user.suspended user #3: spam@example.org');
    const text = pageText(first.html);
    expect(text).toContain('2026-11-22 09:00:00 UTC · admin@example.org (admin)');
    expect(text).toContain('suspended false → true');
    expect(text).toContain('Why: Spam in the bio.');
    expect(text).toContain('2026-11-21 09:00:00 UTC · Concord (automatic) (site)');
    expect(executableInjections(first.html)).toEqual([]);
    expect(first.html).toContain('href="/admin/audit?page=2" rel="next"');
    const second = await admin.get('/admin/audit?page=2');
    expect(entries(second)).toHaveLength(8);
    const times = [...(await admin.get('/admin/audit')).html.matchAll(/<time datetime="([^"]+)"/g), ...second.html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!);
    expect(times).toEqual([...times].sort().reverse());
    expect((await admin.get('/admin/audit?page=3')).status).toBe(404);
  });

  it('filters by who, action (a noun or one action), subject and days', async () => {
    const only = async (query: string) => admin.get(`/admin/audit?${query}`);
    expect(entries(await only('actor=EDDIE'))).toEqual([`article.declined article #7: &#34;>&lt;script>alert(1)&lt;/script>`]);
    expect(entries(await only('action=article'))).toHaveLength(2);
    expect(entries(await only('action=article.published'))).toEqual(['article.published article #8: Due piece']);
    expect(countLine(await only('kind=user'))).toBe('56 entries, page 1 of 2.');
    expect(entries(await only('kind=user&action=user.suspended'))).toEqual(['user.suspended user #3: spam@example.org']);
    const days = await only('from=2026-11-20&to=2026-11-21');
    expect(entries(days)).toEqual(['article.published article #8: Due piece', `article.declined article #7: &#34;>&lt;script>alert(1)&lt;/script>`]);
    // A filter keeps to its pages' links.
    expect((await only('kind=user')).html).toContain('href="/admin/audit?kind=user&page=2" rel="next"');
    // The action filter's choices are the actions the log holds.
    expect(days.html).toContain('<option value="user.role_changed">user.role_changed</option>');
    const none = await only('actor=nobody');
    expect(none.status).toBe(200);
    expect(pageText(none.html)).toContain('No entry matches this filter.');
    // "%" and "_" in who acted match only themselves.
    expect(entries(await only('actor=%25'))).toEqual([]);
  });

  it('refuses a bad date, a reversed range, an odd action or page with a 400 that keeps what was typed', async () => {
    const bad = await admin.get('/admin/audit?from=2026-02-30&actor=eddie');
    expect(bad.status).toBe(400);
    expect(pageText(bad.html)).toContain('Type the first date as year-month-day, such as 2026-12-06.');
    expect(bad.html).toContain('value="2026-02-30"');
    expect(bad.html).toContain('value="eddie"');
    const reversed = await admin.get('/admin/audit?from=2026-11-21&to=2026-11-20');
    expect(reversed.status).toBe(400);
    expect(pageText(reversed.html)).toContain('The last date comes before the first');
    const action = await admin.get(`/admin/audit?action=${encodeURIComponent(PAYLOAD)}`);
    expect(action.status).toBe(400);
    expect(pageText(action.html)).toContain('Choose an action from the list.');
    expect(executableInjections(action.html)).toEqual([]);
    const page = await admin.get('/admin/audit?page=0');
    expect(page.status).toBe(400);
    expect(pageText(page.html)).toContain('That page number is not right');
    expect((await admin.get(`/admin/audit?actor=${'a'.repeat(255)}`)).status).toBe(400);
  });

  it('is for admins only, and offers no way to change or delete an entry', async () => {
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    for (const path of ['/admin', '/admin/audit']) {
      expect((await editor.get(path)).status, path).toBe(403);
      const anonymous = await new Visitor(s).get(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const routes = routeTable(s.app.printRoutes({ commonPrefix: false })).filter(([, p]) => p.startsWith('/admin/audit') || p === '/admin');
    expect(routes).toEqual([
      ['GET', '/admin'],
      ['GET', '/admin/audit'],
    ]);
    expect((await admin.get('/admin/audit')).html).not.toMatch(/<form[^>]*method="post"/);
  });
});
