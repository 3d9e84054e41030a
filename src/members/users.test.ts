import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { createAccounts, postForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, type Page, type Visitor } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script>';
/** How kitajs writes the payload as text: quotes and "<" escaped, so no tag can open. */
const PAYLOAD_TEXT = '&#34;>&lt;script>alert(1)&lt;/script>';
/** The same in an attribute's quotes: the quote is escaped, so the value cannot end early. */
const PAYLOAD_VALUE = 'value="&#34;><script>alert(1)</script>';

/** The email addresses the page lists, in its order. */
const emails = (p: Page) => [...p.html.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((m) => m[1]!);
const count = (p: Page) => /<p class="muted">([^<]*)<\/p>/.exec(p.html)?.[1];

/**
 * The admins' user list (GET /admin/users) through HTTP on a real server and database: the filter
 * by text and role (the same on both engines, LIKE's wildcards taken literally), pages of 50 with
 * the filter kept, refused filters, and the role form coming back to the filtered page.
 */
describe.each(DIALECTS)('the admins’ user list on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  const id: Record<string, number> = {};
  const db = () => s.db.db;
  const roleOf = async (userId: number) => (await db().selectFrom('users').select('role').where('id', '=', userId).executeTakeFirstOrThrow()).role;

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
    const named = ['ann.lee@example.org', 'joanna@example.com', 'per%cent@example.org', 'under_score@example.org', 'underxscore@example.org', 'back\\slash@example.org', 'kate@mediation.test', 'mallory@example.org'];
    const ids = await createAccounts(db(), named.map((email) => ({ email, role: email.startsWith('joanna') || email.startsWith('kate') ? 'editor' : 'member' })));
    named.forEach((email, i) => (id[email] = ids[i]!));
    // Profiles, found by their names too.
    for (const [email, name] of [
      ['kate@mediation.test', 'Katherine Østergaard'],
      ['mallory@example.org', PAYLOAD],
    ] as const) {
      const mediator = await createMediator(db(), engine, { name, status: 'draft' });
      await db().updateTable('mediators').set({ user_id: id[email]! }).where('id', '=', mediator).execute();
    }
    // Sixty more members, for pages: bulk-001 … bulk-060, in that order of ids.
    const bulk = Array.from({ length: 60 }, (_, i) => `bulk-${String(i + 1).padStart(3, '0')}@example.org`);
    (await createAccounts(db(), bulk.map((email) => ({ email })))).forEach((userId, i) => (id[bulk[i]!] = userId));
  });
  afterAll(() => s.close());

  it('lists every account in pages of 50, oldest first, with the count and links that keep the filter', async () => {
    const first = await admin.get('/admin/users');
    expect(first.status).toBe(200);
    expect(count(first)).toBe('69 accounts, page 1 of 2.');
    expect(emails(first)).toHaveLength(50);
    expect(emails(first).slice(0, 3)).toEqual(['admin@example.org', 'ann.lee@example.org', 'joanna@example.com']);
    expect(first.html).toContain('href="/admin/users?page=2" rel="next"');

    const bulk = await admin.get('/admin/users?q=bulk');
    expect(count(bulk)).toBe('60 of 69 accounts match “bulk”, page 1 of 2.');
    expect(emails(bulk)).toEqual(Array.from({ length: 50 }, (_, i) => `bulk-${String(i + 1).padStart(3, '0')}@example.org`));
    expect(bulk.html).toContain('href="/admin/users?q=bulk&page=2" rel="next"');
    const second = await admin.get('/admin/users?q=bulk&page=2');
    expect(emails(second)).toEqual(Array.from({ length: 10 }, (_, i) => `bulk-0${51 + i}@example.org`));
    expect(second.html).toContain('href="/admin/users?q=bulk" rel="prev"');
    expect(second.html).not.toContain('rel="next"');
    // The role forms come back to this page.
    expect(second.html).toContain(`action="/admin/users/${id['bulk-060@example.org']}/role?q=bulk&page=2"`);

    const past = await admin.get('/admin/users?q=bulk&page=3');
    expect(past.status).toBe(404);
    expect(pageText(past.html)).toContain('There is no page 3 of this list: it has 2 pages.');
    expect((await admin.get('/admin/users?page=3')).status).toBe(404);
    // An empty result is one page, and page 2 of it is past the end.
    expect((await admin.get('/admin/users?q=nobody-at-all')).status).toBe(200);
    expect((await admin.get('/admin/users?q=nobody-at-all&page=2')).status).toBe(404);
  });

  it('finds part of an email address or a profile’s name, capitals A–Z aside, the same on both engines', async () => {
    const found = async (path: string) => emails(await admin.get(path));
    expect(await found('/admin/users?q=ANN')).toEqual(['ann.lee@example.org', 'joanna@example.com']);
    expect(await found('/admin/users?q=%20%20example.COM%20')).toEqual(['joanna@example.com']);
    expect(await found('/admin/users?q=katherine')).toEqual(['kate@mediation.test']);
    expect(await found('/admin/users?q=%C3%98STERGAARD')).toEqual(['kate@mediation.test']);
    // Only A–Z fold, on both engines (SQLite knows no more): "ø" is not "Ø".
    expect(await found('/admin/users?q=%C3%B8stergaard')).toEqual([]);
    const none = await admin.get('/admin/users?q=nothing+like+this');
    expect(none.status).toBe(200);
    expect(count(none)).toBe('0 of 69 accounts match “nothing like this”.');
    expect(pageText(none.html)).toContain('No account matches this.');
    expect(none.html).toContain('value="nothing like this"');
  });

  it('takes %, _ and \\ in the text literally', async () => {
    const found = async (q: string) => emails(await admin.get(`/admin/users?q=${encodeURIComponent(q)}`));
    expect(await found('%')).toEqual(['per%cent@example.org']);
    expect(await found('_')).toEqual(['under_score@example.org']);
    // Unescaped, "r_s" would also match "underxscore", and "%" and "_" everything.
    expect(await found('r_s')).toEqual(['under_score@example.org']);
    expect(await found('r%c')).toEqual(['per%cent@example.org']);
    expect(await found('\\')).toEqual(['back\\slash@example.org']);
    expect(await found('k\\s')).toEqual(['back\\slash@example.org']);
  });

  it('filters by role, alone or with text', async () => {
    const editors = await admin.get('/admin/users?role=editor');
    expect(emails(editors)).toEqual(['joanna@example.com', 'kate@mediation.test']);
    expect(count(editors)).toBe('2 of 69 accounts have the role Editor.');
    expect(editors.html).toMatch(/<option value="editor" selected>Editor<\/option>/);
    const admins = await admin.get('/admin/users?role=admin&q=example');
    expect(emails(admins)).toEqual(['admin@example.org']);
    expect(count(admins)).toBe('1 of 69 accounts matches “example” and has the role Administrator.');
    expect(emails(await admin.get('/admin/users?role=member&q=ann'))).toEqual(['ann.lee@example.org']);
    expect(emails(await admin.get('/admin/users?role=any&q=ann'))).toEqual(['ann.lee@example.org', 'joanna@example.com']);
    expect(emails(await admin.get('/admin/users?role=&q=ann'))).toEqual(['ann.lee@example.org', 'joanna@example.com']);
  });

  it('refuses a long text, an unknown role or an odd page with a 400 that keeps the filter as typed', async () => {
    const long = 'a'.repeat(255);
    const tooLong = await admin.get(`/admin/users?q=${long}&role=editor`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain('<a href="#q">Keep the search to 254 characters or fewer: no email address is longer.</a>');
    expect(tooLong.html).toContain(`value="${long}"`);
    expect(tooLong.html).toMatch(/<option value="editor" selected>Editor<\/option>/);
    expect(emails(tooLong)).toEqual([]);
    expect((await admin.get(`/admin/users?q=${'a'.repeat(254)}`)).status).toBe(200);

    const role = await admin.get('/admin/users?q=ann&role=owner');
    expect(role.status).toBe(400);
    expect(role.html).toContain('<a href="#role">Choose a role from the list: any role, member, editor or administrator.</a>');
    expect(role.html).toContain('value="ann"');
    expect(emails(role)).toEqual([]);

    for (const page of ['0', 'abc', '-1', '1.5', '1e3', '9999999']) {
      const odd = await admin.get(`/admin/users?q=bulk&role=member&page=${page}`);
      expect(odd.status, page).toBe(400);
      expect(pageText(odd.html), page).toContain('That page number is not right: pages are whole numbers from 1.');
      expect(odd.html, page).toContain('value="bulk"');
      expect(emails(odd), page).toEqual([]);
    }
  });

  it('keeps script in the filter and in a profile’s name as text', async () => {
    for (const [path, status, shown] of [
      [`/admin/users?q=${encodeURIComponent(PAYLOAD)}`, 200, [PAYLOAD_TEXT, PAYLOAD_VALUE]],
      ['/admin/users?q=mallory', 200, [PAYLOAD_TEXT]],
      [`/admin/users?q=${encodeURIComponent(PAYLOAD + 'x'.repeat(260))}`, 400, [PAYLOAD_VALUE]],
      [`/admin/users?q=${encodeURIComponent(PAYLOAD)}&role=${encodeURIComponent(PAYLOAD)}`, 400, [PAYLOAD_VALUE]],
    ] as const) {
      const r = await admin.get(path);
      expect(r.status, path).toBe(status);
      expect(executableInjections(r.html), path).toEqual([]);
      for (const text of shown) expect(r.html, path).toContain(text);
    }
    // The name is found by its text, as typed.
    expect(emails(await admin.get(`/admin/users?q=${encodeURIComponent(PAYLOAD)}`))).toEqual(['mallory@example.org']);
  });

  it('brings the admin back to the filtered page after a role change, and keeps it on the error page', async () => {
    const target = id['ann.lee@example.org']!;
    const from = '/admin/users?q=ann&role=member';
    const changed = await postForm(admin, from, `/admin/users/${target}/role?q=ann&role=member`, [['role', 'editor']]);
    expect(changed.status).toBe(303);
    expect(changed.location).toBe('/admin/users?q=ann&role=member&done=changed&email=ann.lee%40example.org');
    expect(await roleOf(target)).toBe('editor');
    const back = await admin.get(changed.location!);
    expect(back.status).toBe(200);
    expect(pageText(back.html)).toContain('The role of ann.lee@example.org is changed.');
    // She left the filter with her new role.
    expect(count(back)).toBe('0 of 69 accounts match “ann” and have the role Member.');
    expect(back.html).toContain('value="ann"');

    // From page 2 of the members: still two pages after one leaves, so back to page 2.
    const bulk = (n: number) => id[`bulk-${String(n).padStart(3, '0')}@example.org`]!;
    const page2 = '/admin/users?q=bulk&role=member&page=2';
    const stays = await postForm(admin, page2, `/admin/users/${bulk(60)}/role?q=bulk&role=member&page=2`, [['role', 'editor']]);
    expect(stays.location).toBe('/admin/users?q=bulk&role=member&page=2&done=changed&email=bulk-060%40example.org');
    // 51 members left after eight more leave; one more from page 2 and the list has one page.
    await db().updateTable('users').set({ role: 'editor' }).where('id', 'in', [1, 2, 3, 4, 5, 6, 7, 8].map(bulk)).execute();
    const shrinks = await postForm(admin, page2, `/admin/users/${bulk(59)}/role?q=bulk&role=member&page=2`, [['role', 'admin']]);
    expect(shrinks.location).toBe('/admin/users?q=bulk&role=member&done=changed&email=bulk-059%40example.org');
    expect((await admin.get(shrinks.location!)).status).toBe(200);
    const unchanged = await postForm(admin, '/admin/users?q=ann', `/admin/users/${target}/role?q=ann`, [['role', 'editor']]);
    expect(unchanged.location).toBe('/admin/users?q=ann&done=unchanged&email=ann.lee%40example.org');

    // The error pages show the same filtered page, with forms that still come back to it.
    const own = await postForm(admin, '/admin/users?q=example', `/admin/users/${admin.userId}/role?q=example&role=member&page=1`, [['role', 'member']]);
    expect(own.status).toBe(400);
    expect(pageText(own.html)).toContain('You cannot change your own role. Ask another administrator.');
    expect(own.html).toContain('value="example"');
    expect(emails(own)).toContain('per%cent@example.org');
    expect(own.html).toContain(`action="/admin/users/${id['per%cent@example.org']}/role?q=example&role=member"`);
    expect(await roleOf(admin.userId)).toBe('admin');
    const badRole = await postForm(admin, '/admin/users?q=bulk', `/admin/users/${bulk(10)}/role?q=bulk&role=member&page=2`, [['role', 'owner']]);
    expect(badRole.status).toBe(400);
    expect(pageText(badRole.html)).toContain('Choose member, editor or admin.');
    // Page 2 is gone since: the last page is shown instead of a 404.
    expect(count(badRole)).toBe('50 of 69 accounts match “bulk” and have the role Member.');

    // A mangled filter on the form's address: 400, and nothing changes.
    const mangled = await postForm(admin, '/admin/users?q=ann', `/admin/users/${id['joanna@example.com']}/role?q=ann&role=owner`, [['role', 'member']]);
    expect(mangled.status).toBe(400);
    expect(mangled.html).toContain('<a href="#role">Choose a role from the list: any role, member, editor or administrator.</a>');
    expect(await roleOf(id['joanna@example.com']!)).toBe('editor');
    expect((await postForm(admin, '/admin/users?q=ann', `/admin/users/${target}/role?page=0`, [['role', 'member']])).status).toBe(400);
    expect(await roleOf(target)).toBe('editor');
  });
});
