import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/db.ts';
import { executableInjections } from '../../../test/support/html.ts';
import { linkPath } from '../../../test/support/mail.ts';
import { PASSWORD, signedIn } from '../../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { csrfToken, pageText, Visitor, type Page } from '../../../test/support/visitor.ts';
import { UPLOAD_MAX_BYTES } from './views.tsx';

const HEADER = 'name,email,address,city,region,postal_code,country,headline,bio';
const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
const SCRIPT = '<script>alert("pwned")</script>Rosa Script';
const FORMULA = '=HYPERLINK("http://evil.example/x","Click me")';

async function upload(v: Visitor, content: string | Buffer, extra: Record<string, string> = {}): Promise<Page> {
  const form = new FormData();
  form.append('_csrf', csrfToken((await v.get('/admin/import')).html));
  for (const [k, x] of Object.entries(extra)) form.append(k, x);
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: 'text/csv' }), 'mediators.csv');
  return v.request('/admin/import', { method: 'POST', body: form });
}

describe.each(DIALECTS)('importing on the admin page and claiming on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor;
  const count = async () => Number((await s.db.db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
  });
  afterAll(() => s.close());

  it('refuses members, a missing file and a file over the cap, with a message', async () => {
    const member = await signedIn(s, 'member@example.org');
    expect((await member.get('/admin/import')).status).toBe(403);
    const page = await admin.get('/admin/import');
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain('UTF-8 text, at most 5 MB here; a larger file is for npm run import on the server.');
    const none = await upload(admin, '');
    expect(none.status).toBe(400);
    expect(pageText(none.html)).toContain('Choose a CSV file to import.');
    const big = await upload(admin, Buffer.alloc(UPLOAD_MAX_BYTES + 10, 'a'));
    expect(big.status).toBe(413);
    expect(pageText(big.html)).toContain('That file is larger than 5 MB, so nothing was imported.');
    const unknown = await upload(admin, `${HEADER}\n`, { association: 'no-such' });
    expect(unknown.status).toBe(400);
    expect(pageText(unknown.html)).toContain('There is no association with the slug “no-such”.');
  });

  it('imports nothing from a file with one bad row, and lists it with its line', async () => {
    const before = await count();
    const r = await upload(admin, [HEADER, line(['Nia Good', 'nia@example.org', '', 'Austin', 'TX', '78701', 'US', '', '']), line(['Bad Row', 'nia@', '', 'Austin', 'TX', '78701', 'US', '', ''])].join('\n'));
    expect(r.status).toBe(400);
    const text = pageText(r.html);
    expect(text).toContain('Nothing was imported');
    expect(text).toContain('1 row of 2 rows cannot be imported, so nothing was imported.');
    expect(text).toContain('Line Why 3 email: Enter an email address like name@example.org.');
    expect(await count()).toBe(before);
  });

  it('imports a formula and a script as text, mails a claim link that works once, and lists only after consent', async () => {
    const r = await upload(admin, [HEADER, line([SCRIPT, 'rosa@example.org', '1 Main St', 'Austin', 'TX', '78701', 'US', FORMULA, SCRIPT])].join('\n'));
    expect(r.status, pageText(r.html)).toBe(200);
    expect(pageText(r.html)).toContain('Imported 1 mediator of 1 row;');
    const row = await s.db.db.selectFrom('mediators').select(['slug', 'name', 'headline', 'status']).where('name', '=', SCRIPT).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ headline: FORMULA, status: 'draft' });
    // Unlisted: no page, no search result.
    expect((await s.get(`/mediators/${row.slug}`)).status).toBe(404);
    const audit = await s.db.db.selectFrom('audit_log').select(['actor_label', 'action']).where('action', '=', 'mediators.imported').execute();
    expect(audit).toEqual([{ actor_label: 'admin@example.org', action: 'mediators.imported' }]);

    const mail = (await s.mails()).find((m) => m.to === 'rosa@example.org')!;
    const link = linkPath(mail, '/claim');
    const rosa = new Visitor(s);
    const claimPage = await rosa.get(link);
    expect(claimPage.status).toBe(200);
    expect(executableInjections(claimPage.html)).toEqual([]);
    expect(pageText(claimPage.html)).toContain('Choose a password for your account, rosa@example.org.');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const short = await rosa.post('/claim', { _csrf: csrfToken(claimPage.html), token, password: 'short' });
    expect(short.status).toBe(400);
    expect(pageText(short.html)).toContain('Use at least 10 characters for your password.');
    const claimed = await rosa.post('/claim', { _csrf: csrfToken(claimPage.html), token, password: PASSWORD });
    expect(claimed.status, claimed.html).toBe(303);
    expect(claimed.location).toBe('/claim/consent');
    const consent = await rosa.get('/claim/consent');
    expect(pageText(consent.html)).toContain('Do you want to be listed on Concord?');
    expect((await s.get(`/mediators/${row.slug}`)).status).toBe(404);

    // The link is used up, for anyone.
    expect((await new Visitor(s).get(link)).status).toBe(410);
    expect((await rosa.post('/claim', { _csrf: csrfToken(consent.html), token })).status).toBe(410);

    const listed = await rosa.post('/dashboard/publish', { _csrf: csrfToken(consent.html) });
    expect(listed.location).toBe('/dashboard?done=listed');
    const profile = await s.get(`/mediators/${row.slug}`);
    expect(profile.status).toBe(200);
    const html = await profile.text();
    expect(executableInjections(html)).toEqual([]);
    expect(html).toContain('<h1>&lt;script>alert(&#34;pwned&#34;)&lt;/script>Rosa Script</h1>');
  });

  it('asks an account holder to log in first, then attaches the profile to that account', async () => {
    const owner = await signedIn(s, 'owner@example.org');
    await upload(admin, [HEADER, line(['Omar Owner', 'Owner@Example.org', '', 'Austin', 'TX', '78702', 'US', '', ''])].join('\n'));
    const link = linkPath((await s.mails()).find((m) => m.to === 'owner@example.org')!, '/claim');
    const stranger = new Visitor(s);
    const page = await stranger.get(link);
    expect(pageText(page.html)).toContain('owner@example.org has an account on Concord. Log in to take over this profile');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const refused = await stranger.post('/claim', { _csrf: csrfToken((await stranger.get('/login')).html), token, password: 'another long password' });
    expect(refused.location).toMatch(/^\/login\?next=%2Fclaim%3Ftoken%3D/);
    // Someone else, signed in, cannot take it either.
    const other = await signedIn(s, 'someone@example.org');
    const otherPage = await other.get(link);
    expect(pageText(otherPage.html)).toContain('You are logged in as someone@example.org, but this link was mailed to owner@example.org.');
    expect((await other.post('/claim', { _csrf: csrfToken((await other.get('/dashboard')).html), token })).status).toBe(409);
    const ownerPage = await owner.get(link);
    const done = await owner.post('/claim', { _csrf: csrfToken(ownerPage.html), token });
    expect(done.location).toBe('/claim/consent');
    const mediator = await s.db.db.selectFrom('mediators').select(['user_id', 'status']).where('name', '=', 'Omar Owner').executeTakeFirstOrThrow();
    expect(mediator).toEqual({ user_id: owner.userId, status: 'draft' });
  });

  it('refuses a link whose row was deleted, even when a new row has its id', async () => {
    await upload(admin, [HEADER, line(['Del Gone', 'gone@example.org', '', 'Austin', 'TX', '78703', 'US', '', '']), line(['Kai Next', 'kai@example.org', '', 'Austin', 'TX', '78704', 'US', '', ''])].join('\n'));
    const link = linkPath((await s.mails()).find((m) => m.to === 'gone@example.org')!, '/claim');
    const claim = await s.db.db.selectFrom('mediator_claims').select(['id', 'mediator_id']).where('email', '=', 'gone@example.org').executeTakeFirstOrThrow();
    await s.db.db.deleteFrom('mediators').where('id', '=', claim.mediator_id).execute();
    expect((await new Visitor(s).get(link)).status).toBe(404);
    // A row given the same id (a restored backup, or an engine that reuses ids) has its own secret.
    const mediatorId = (await s.db.db.selectFrom('mediators').select('id').where('name', '=', 'Kai Next').executeTakeFirstOrThrow()).id;
    await s.db.db.deleteFrom('mediator_claims').where('mediator_id', '=', mediatorId).execute();
    await s.db.db.insertInto('mediator_claims').values({ id: claim.id, mediator_id: mediatorId, email: 'gone@example.org', source: 'x.csv', created_at: new Date().toISOString() }).execute();
    const page = await new Visitor(s).get(link);
    expect(page.status).toBe(404);
    expect(pageText(page.html)).toContain('This link does not work.');
    expect((await new Visitor(s).get('/claim?token=12.34.nonsense')).status).toBe(404);
  });
});
