import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { PASSWORD, postForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';

const REASON = 'Three clients reported fees charged twice; we are looking into it.';

/**
 * Suspending an account from the admins' users page, through HTTP on a real server and database:
 * every session ends at once, log-in shows the reason, the profile leaves the directory's pages,
 * search and API; restoring brings all of it back; both are in the audit log with before and after.
 */
describe.each(DIALECTS)('suspending and restoring an account on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let sam: Visitor & { userId: number };
  let slug: string;
  const db = () => s.db.db;
  const searchSlugs = async () => ((await (await s.get('/api/v1/mediators?near=78701')).json()) as { results: { slug: string }[] }).results.map((r) => r.slug);
  const auditOf = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
    sam = await signedIn(s, 'sam@example.org');
    const id = await createMediator(db(), engine, { name: 'Sam Suspendable' });
    await db().updateTable('mediators').set({ user_id: sam.userId }).where('id', '=', id).execute();
    slug = (await db().selectFrom('mediators').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  });
  afterAll(() => s.close());

  it('ends every session, shows the reason at log-in and takes the profile out of the directory', async () => {
    const phone = await signedIn(s, 'sam@example.org');
    expect((await sam.get('/dashboard')).status).toBe(200);
    expect(await searchSlugs()).toContain(slug);
    expect((await s.get(`/mediators/${slug}`)).status).toBe(200);

    const done = await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/suspend?q=sam`, [['reason', `  ${REASON}  `]]);
    expect(done.status, done.html).toBe(303);
    expect(done.location).toBe('/admin/users?q=sam&done=suspended&email=sam%40example.org');
    const list = await admin.get(done.location!);
    expect(pageText(list.html)).toContain('sam@example.org is suspended');
    expect(pageText(list.html)).toContain(REASON);

    // Both of Sam's browsers are logged out at once.
    for (const v of [sam, phone]) {
      const r = await v.get('/dashboard');
      expect(r.status).toBe(303);
      expect(r.location).toMatch(/^\/login/);
    }
    expect(await db().selectFrom('sessions').select('id').where('user_id', '=', sam.userId).execute()).toEqual([]);
    // Log-in is refused with the reason, and no session starts.
    const again = new Visitor(s);
    const login = await again.submit('/login', '/login', { email: 'sam@example.org', password: PASSWORD });
    expect(login.status).toBe(403);
    expect(pageText(login.html)).toContain(`This account is suspended, so you cannot log in. The reason given: “${REASON}”.`);
    expect((await again.get('/dashboard')).status).toBe(303);
    // A wrong password learns nothing about the suspension.
    const wrong = await new Visitor(s).submit('/login', '/login', { email: 'sam@example.org', password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.html)).not.toContain('suspended');

    // Gone from the profile page, the API and search (the index follows the change log).
    expect((await s.get(`/mediators/${slug}`)).status).toBe(404);
    expect((await s.get(`/api/v1/mediators/${slug}`)).status).toBe(404);
    expect(await searchSlugs()).not.toContain(slug);
    expect(pageText(await (await s.get('/mediators?near=78701')).text())).not.toContain('Sam Suspendable');

    const [entry] = await auditOf('user.suspended');
    expect(entry).toMatchObject({ actor_user_id: admin.userId, actor_label: 'admin@example.org', subject_kind: 'user', subject_id: String(sam.userId), subject_label: 'sam@example.org', reason: REASON });
    expect(JSON.parse(entry!.before_json!)).toEqual({ suspended: false, profile: 'published' });
    expect(JSON.parse(entry!.after_json!)).toEqual({ suspended: true, profile: 'suspended' });
  });

  it('restores the account: log-in works and the profile is listed again as it was', async () => {
    const done = await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/restore`, []);
    expect(done.location).toBe('/admin/users?done=restored&email=sam%40example.org');
    expect(pageText((await admin.get(done.location!)).html)).toContain('sam@example.org is restored');
    sam = await signedIn(s, 'sam@example.org');
    expect((await sam.get('/dashboard')).status).toBe(200);
    expect((await s.get(`/mediators/${slug}`)).status).toBe(200);
    expect((await s.get(`/api/v1/mediators/${slug}`)).status).toBe(200);
    expect(await searchSlugs()).toContain(slug);
    const [entry] = await auditOf('user.restored');
    expect(JSON.parse(entry!.before_json!)).toEqual({ suspended: true, reason: REASON, profile: 'suspended' });
    expect(JSON.parse(entry!.after_json!)).toEqual({ suspended: false, profile: 'published' });
    // Restoring again changes nothing and records nothing.
    expect((await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/restore`, [])).location).toContain('done=not_suspended');
    expect(await auditOf('user.restored')).toHaveLength(1);
  });

  it('keeps a profile that was not listed unlisted after a restore', async () => {
    const drafty = await signedIn(s, 'drafty@example.org');
    const id = await createMediator(db(), engine, { name: 'Drafty Draft', status: 'draft' });
    await db().updateTable('mediators').set({ user_id: drafty.userId }).where('id', '=', id).execute();
    await postForm(admin, '/admin/users', `/admin/users/${drafty.userId}/suspend`, [['reason', 'Spam.']]);
    expect((await db().selectFrom('mediators').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('suspended');
    await postForm(admin, '/admin/users', `/admin/users/${drafty.userId}/restore`, []);
    expect((await db().selectFrom('mediators').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('refuses a missing reason, the admin’s own account and an unknown id with a message, changing nothing', async () => {
    const before = await db().selectFrom('audit_log').select('id').execute();
    const empty = await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/suspend`, [['reason', '   ']]);
    expect(empty.status).toBe(400);
    expect(pageText(empty.html)).toContain('Write the reason: the person reads it when they try to log in.');
    const long = await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/suspend`, [['reason', 'x'.repeat(1001)]]);
    expect(long.status).toBe(400);
    expect(pageText(long.html)).toContain('Keep the reason under 1000 characters.');
    const own = await postForm(admin, '/admin/users', `/admin/users/${admin.userId}/suspend`, [['reason', 'Testing.']]);
    expect(own.status).toBe(400);
    expect(pageText(own.html)).toContain('You cannot suspend your own account.');
    expect((await postForm(admin, '/admin/users', '/admin/users/999999/suspend', [['reason', 'Who?']])).status).toBe(404);
    expect((await postForm(admin, '/admin/users', '/admin/users/abc/restore', [])).status).toBe(404);
    expect((await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/suspend?page=x`, [['reason', 'Spam.']])).status).toBe(400);
    expect((await sam.get('/dashboard')).status).toBe(200);
    expect(await db().selectFrom('audit_log').select('id').execute()).toEqual(before);
  });

  it('records a role change with the role before and after', async () => {
    const r = await postForm(admin, '/admin/users', `/admin/users/${sam.userId}/role`, [['role', 'editor']]);
    expect(r.location).toContain('done=changed');
    const [entry] = await auditOf('user.role_changed');
    expect(entry).toMatchObject({ actor_label: 'admin@example.org', actor_role: 'admin', subject_label: 'sam@example.org' });
    expect(JSON.parse(entry!.before_json!)).toEqual({ role: 'member' });
    expect(JSON.parse(entry!.after_json!)).toEqual({ role: 'editor' });
  });
});
