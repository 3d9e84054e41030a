import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createAssociation } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { postForm, postPhoto, profileForm, routeTable, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { csrfToken, Visitor } from '../../test/support/visitor.ts';

/**
 * Authorization, route by route: every route the server has is tried by member B against member
 * A's things (ids in paths and in form fields), and A's data must come out unchanged and unseen.
 * The table comes from the running server, so a new route is walked without editing this test.
 */

const MARKER = 'AlicePrivateMarker';

/** Routes that end B's own session; they act on nothing of A's, and are tried last, apart. */
const ENDS_SESSION = new Set(['POST /logout', 'POST /account/logout-everywhere']);
/** Routes that must refuse a member outright (staff only). */
const STAFF_ONLY = /^\/(moderation|admin|editor)(\/|$)/;
/** A's association, which B does not run, and B's own, whose roster A is not on. */
const A_ASSOCIATION = 'alices-association';
const B_ASSOCIATION = 'bobs-association';

describe.each(DIALECTS)('who may touch a member’s profile, on %s', (engine) => {
  let s: TestServer;
  let a: Visitor & { userId: number };
  let b: Visitor & { userId: number };
  let aMediator: { id: number; slug: string; photo_url: string | null };
  let aAssociation: Awaited<ReturnType<typeof createAssociation>>;
  let aCredential: number;
  let aEvidence: { id: number; file_name: string };

  const snapshot = async () => {
    const db = s.db.db;
    const id = aMediator.id;
    const rows = await Promise.all([
      db.selectFrom('mediators').selectAll().where('id', '=', id).execute(),
      db.selectFrom('offices').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('service_areas').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('mediator_credentials').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('credential_evidence').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('mediator_practice_areas').selectAll().where('mediator_id', '=', id).orderBy('practice_area').execute(),
      db.selectFrom('mediator_languages').selectAll().where('mediator_id', '=', id).orderBy('language').execute(),
      db.selectFrom('users').selectAll().where('id', '=', a.userId).execute(),
      db.selectFrom('sessions').select('id').where('user_id', '=', a.userId).orderBy('id').execute(),
      db.selectFrom('association_members').selectAll().where('mediator_id', '=', id).orderBy('association_id').execute(),
      db.selectFrom('association_member_panels').selectAll().where('mediator_id', '=', id).orderBy('panel_id').execute(),
      db.selectFrom('association_admins').selectAll().where('association_id', '=', aAssociation.id).orderBy('user_id').execute(),
      db.selectFrom('association_panels').selectAll().where('association_id', '=', aAssociation.id).orderBy('id').execute(),
      db.selectFrom('association_invitations').selectAll().where('association_id', '=', aAssociation.id).orderBy('id').execute(),
      db.selectFrom('featured_grants').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('associations').selectAll().orderBy('id').execute(),
      // The taxonomy A's profile uses, and the audit log: nothing B did as an admin may stand.
      db.selectFrom('practice_areas').selectAll().orderBy('slug').execute(),
      db.selectFrom('languages').selectAll().orderBy('code').execute(),
      // Entries of the site's admin and editor actions. (Association entries are B's own: B runs an
      // association and may apply to A's; what they change is checked row by row above.)
      db.selectFrom('audit_log').select('id').where('association_id', 'is', null).execute(),
    ]);
    const aPhotoId = /([0-9a-f]{32})-320/.exec(aMediator.photo_url ?? '')![1]!;
    const photos = fs.readdirSync(s.photoDir).filter((f) => f.startsWith(aPhotoId)).sort();
    expect(photos).toHaveLength(3);
    const evidence = fs.readdirSync(s.evidenceDir).sort();
    expect(evidence).toContain(aEvidence.file_name);
    // search_vector (PostgreSQL) holds the same text; JSON keeps the comparison simple.
    return JSON.stringify({ rows, photos, evidence });
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    a = await signedIn(s, 'alice@example.org');
    b = await signedIn(s, 'bob@example.org');
    for (const [v, name] of [
      [a, `Alice ${MARKER}`],
      [b, 'Bob Mediator'],
    ] as const) {
      const r = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name, bio: `${name} ${'works with families. '.repeat(12)}`, office_1_postal_code: '78702' }));
      expect(r.status, r.html).toBe(303);
      const png = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#884422' } }).png().toBuffer();
      expect((await postPhoto(v, png, 'me.png', 'image/png')).status).toBe(303);
    }
    // A waits for review: nothing of A's is public, so any sight of it is a leak.
    expect((await postForm(a, '/dashboard', '/dashboard/publish', [])).location).toBe('/dashboard?done=waiting');
    aMediator = (await s.db.db.selectFrom('mediators').select(['id', 'slug', 'photo_url']).where('user_id', '=', a.userId).executeTakeFirst())!;
    // A is a member on a panel of an association A runs, with an invitation waiting; B runs another.
    aAssociation = await createAssociation(s.db.db, { slug: A_ASSOCIATION, name: "Alice’s association", panels: ['Court panel'], adminUserIds: [a.userId] });
    await addMembership(s.db.db, aAssociation.id, aMediator.id, 'member');
    await s.db.db.insertInto('association_member_panels').values({ association_id: aAssociation.id, mediator_id: aMediator.id, panel_id: aAssociation.panels[0]!.id }).execute();
    await s.db.db.insertInto('association_invitations').values({ association_id: aAssociation.id, email: 'invited-by-alice@example.org', invited_by: a.userId, created_at: new Date().toISOString() }).execute();
    // …and has granted A a featured place in its own directory.
    const at = new Date().toISOString();
    await s.db.db.insertInto('featured_grants').values({ mediator_id: aMediator.id, association_id: aAssociation.id, tier: 'featured', region_kind: 'country', country: 'US', region: '', metro_name: '', starts_at: at, ends_at: '2099-01-01T00:00:00.000Z', granted_by: a.userId, created_at: at, updated_at: at }).execute();
    await createAssociation(s.db.db, { slug: B_ASSOCIATION, name: 'Bob’s association', panels: ['Family panel'], adminUserIds: [b.userId] });
    // A sent evidence for a credential, naming A's association as its issuer: private to A, site admins and A's association.
    aCredential = (await s.db.db.selectFrom('mediator_credentials').select('id').where('mediator_id', '=', aMediator.id).executeTakeFirstOrThrow()).id;
    const form = new FormData();
    form.append('_csrf', csrfToken((await a.get('/dashboard/credentials')).html));
    form.append('issuer_association_id', String(aAssociation.id));
    form.append('evidence', new Blob([new TextEncoder().encode(`%PDF-1.4 ${MARKER}\n%%EOF\n`)], { type: 'application/pdf' }), 'a.pdf');
    expect((await a.request(`/dashboard/credentials/${aCredential}/evidence`, { method: 'POST', body: form })).status).toBe(303);
    aEvidence = await s.db.db.selectFrom('credential_evidence').select(['id', 'file_name']).where('credential_id', '=', aCredential).executeTakeFirstOrThrow();
  });
  afterAll(() => s.close());

  it('walks every route as member B against member A’s ids: refused or about B only, and A unchanged', async () => {
    const before = await snapshot();
    const routes = routeTable(s.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(30);
    const aOffice = (await s.db.db.selectFrom('offices').select('id').where('mediator_id', '=', aMediator.id).executeTakeFirstOrThrow()).id;
    const aPhoto = aMediator.photo_url!.split('/').pop()!;
    const aGrant = (await s.db.db.selectFrom('featured_grants').select('id').where('association_id', '=', aAssociation.id).executeTakeFirstOrThrow()).id;
    const aInvitation = (await s.db.db.selectFrom('association_invitations').select('id').where('association_id', '=', aAssociation.id).executeTakeFirstOrThrow()).id;
    // Every id of A's that a route or a form could name.
    const paramValues: Record<string, string[]> = {
      id: [String(aMediator.id), String(a.userId), String(aOffice), String(aAssociation.id), String(aCredential), String(aEvidence.id)],
      evidenceId: [String(aEvidence.id)],
      // A's profile's slug, a practice area A's profile lists (the admins' practice-area routes), the associations.
      slug: [aMediator.slug, 'family', A_ASSOCIATION, B_ASSOCIATION],
      // Languages A's profile lists (the admins' language routes).
      code: ['en', 'es'],
      mediatorId: [String(aMediator.id)],
      panelId: [String(aAssociation.panels[0]!.id)],
      invitationId: [String(aInvitation)],
      grantId: [String(aGrant)],
      userId: [String(a.userId)],
      rev: ['1'],
      name: [aPhoto, aPhoto.replace('-320', '-640')],
      file: ['x.eml'],
      '*': ['dashboard/../dashboard'],
    };
    const injected: [string, string][] = [
      ['id', String(aMediator.id)],
      ['mediator_id', String(aMediator.id)],
      ['user_id', String(a.userId)],
      ['office_id', String(aOffice)],
      ['association_id', String(aAssociation.id)],
      ['panel_id', String(aAssociation.panels[0]!.id)],
      ['email', 'bob@example.org'],
      ['slug', aMediator.slug],
      ['photo', aPhoto],
      ['note', 'Declined by B'],
      ['reason', 'Removed by B'],
      ['panel_id', String(aAssociation.panels[0]!.id)],
      ['association_id', String(aAssociation.id)],
      ['role', 'admin'],
      ['reason', 'Suspended by B'],
      ['direction', 'up'],
      ['description', 'Changed by B'],
      ['code', 'zz'],
      ['current_password', 'not A’s password'],
      ['new_email', 'bob2@example.org'],
    ];
    const walked: string[] = [];
    for (const [method, pattern] of routes) {
      const key = `${method} ${pattern}`;
      if (ENDS_SESSION.has(key)) continue;
      const params = [...pattern.matchAll(/:(\w+)|(\*)/g)].map((m) => m[1] ?? '*');
      // Every parameter filled with each of A's values (an association's slug beside A's mediator id).
      const paths = params.reduce((acc, p) => acc.flatMap((path) => paramValues[p]!.map((value) => path.replace(p === '*' ? '*' : `:${p}`, value))), [pattern]);
      for (const path of paths) {
        let status: number;
        let body: string;
        if (method === 'GET') {
          const r = await b.get(path);
          status = r.status;
          body = r.html;
        } else {
          const token = csrfToken((await b.get('/dashboard')).html);
          const fields = path === '/dashboard/profile' ? [...profileForm({ name: 'Bob Mediator' }), ...injected] : injected;
          const r = await b.request(path, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams([['_csrf', token], ...fields]).toString(),
          });
          status = r.status;
          body = r.html;
        }
        walked.push(key);
        expect(body, `${method} ${path} shows A's data`).not.toContain(MARKER);
        if (STAFF_ONLY.test(path)) expect(status, `${method} ${path}`).toBe(403);
        if (/^\/(media|mediators|api\/v1\/mediators|credentials)\//.test(path)) expect(status, `${method} ${path}`).toBe(404);
        // A's credential in B's credential forms is no credential of B's.
        if (/^\/dashboard\/credentials\/\d/.test(path) && path.includes(`/${aCredential}/`)) expect([400, 404], `${method} ${path}`).toContain(status);
        // Another's association's admin pages are not there for B; B's own roster has no A on it.
        if (path.startsWith(`/associations/${A_ASSOCIATION}/admin`) || path.startsWith(`/associations/${aMediator.slug}/admin`)) expect(status, `${method} ${path}`).toBe(404);
        // (A's panel id in B's form is no panel of B's: a 400 that says so.)
        if (path.startsWith(`/associations/${B_ASSOCIATION}/admin/members/`)) expect([400, 404], `${method} ${path}`).toContain(status);
        // The directories are public: there for each association, 404 for any other slug; A's profile, waiting for review, is in neither (the marker check above).
        if (/^\/associations\/[^/]+\/(directory|embed)$/.test(path)) expect(status, `${method} ${path}`).toBe(path.includes(A_ASSOCIATION) || path.includes(B_ASSOCIATION) ? 200 : 404);
        if (path.startsWith(`/associations/${B_ASSOCIATION}/admin/invitations/`) || path.startsWith(`/associations/${B_ASSOCIATION}/admin/featured/`)) expect(status, `${method} ${path}`).toBe(404);
        expect(await snapshot(), `${method} ${path} changed A's data`).toBe(before);
      }
    }
    // The photo form too, with A's ids beside the file.
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000000' } }).png().toBuffer();
    expect((await postPhoto(b, png, 'x.png', 'image/png', { mediator_id: String(aMediator.id), user_id: String(a.userId) })).status).toBe(303);
    expect(await snapshot()).toBe(before);
    for (const key of ENDS_SESSION) {
      const [, path] = key.split(' ');
      await b.request(path!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([['_csrf', csrfToken((await b.get('/dashboard')).html)]]).toString() });
      expect(await snapshot(), key).toBe(before);
      b = await signedIn(s, 'bob@example.org');
    }
    // Every route B reached, the dashboard's above all, was walked.
    for (const route of ['GET /dashboard', 'POST /dashboard/profile', 'POST /dashboard/photo', 'POST /dashboard/photo/delete', 'POST /dashboard/unlist', 'POST /dashboard/delete', 'GET /dashboard/export', 'POST /moderation/:id/approve', 'POST /admin/users/:id/role', 'GET /media/photos/:name', 'GET /associations/:slug/admin', 'POST /associations/:slug/admin/invite', 'POST /associations/:slug/admin/members/:mediatorId/approve', 'POST /associations/:slug/admin/members/:mediatorId/decline', 'POST /associations/:slug/admin/members/:mediatorId/panels/assign', 'POST /associations/:slug/admin/members/:mediatorId/panels/unassign', 'POST /associations/:slug/admin/members/:mediatorId/remove', 'GET /dashboard/associations', 'POST /dashboard/associations/apply', 'POST /dashboard/associations/:slug/accept', 'POST /dashboard/associations/:slug/decline', 'POST /dashboard/associations/:slug/withdraw', 'POST /dashboard/associations/:slug/leave', 'GET /admin/associations/:id', 'POST /admin/associations/:id/panels/:panelId', 'POST /admin/associations/:id/admins', 'GET /associations/:slug', 'GET /admin/featured/:id', 'POST /admin/featured/:id', 'POST /admin/featured/:id/end', 'POST /admin/users/:id/suspend', 'POST /admin/users/:id/restore', 'GET /admin', 'GET /admin/audit', 'GET /admin/practice-areas', 'POST /admin/practice-areas/:slug', 'POST /admin/practice-areas/:slug/delete', 'POST /admin/import', 'GET /admin/export/associations/:id/roster.csv', 'GET /claim', 'POST /claim', 'GET /claim/consent', 'GET /associations/:slug/directory', 'GET /associations/:slug/embed', 'POST /associations/:slug/admin/embed', 'GET /embed.js', 'GET /admin/claims', 'POST /admin/claims/:id/resend', 'POST /associations/:slug/admin/members/:mediatorId/cancel', 'POST /associations/:slug/admin/invitations/:invitationId/cancel', 'GET /associations/:slug/news', 'GET /admin/associations/:id/delete', 'POST /admin/associations/:id/delete', 'GET /associations/:slug/admin/featured', 'POST /associations/:slug/admin/featured', 'GET /associations/:slug/admin/featured/:grantId', 'POST /associations/:slug/admin/featured/:grantId', 'POST /associations/:slug/admin/featured/:grantId/end', 'GET /associations/:slug/admin/import', 'POST /associations/:slug/admin/import', 'GET /dashboard/credentials', 'POST /dashboard/credentials/:id/evidence', 'POST /dashboard/credentials/:id/withdraw', 'GET /credentials/evidence/:id', 'GET /admin/credentials', 'POST /admin/credentials/:evidenceId/verify', 'POST /admin/credentials/:evidenceId/decline', 'POST /associations/:slug/admin/credentials/:evidenceId/verify', 'POST /associations/:slug/admin/credentials/:evidenceId/decline', 'GET /admin/languages', 'POST /admin/languages', 'POST /admin/languages/:code', 'POST /admin/languages/:code/hide', 'POST /admin/languages/:code/show', 'POST /admin/languages/:code/delete']) {
      expect(walked, route).toContain(route);
    }
    // B's own profile did take B's changes: the routes worked, on B.
    const bRow = await s.db.db.selectFrom('mediators').select(['name', 'photo_url']).where('user_id', '=', b.userId).executeTakeFirstOrThrow();
    expect(bRow.name).toBe('Bob Mediator');
    // A still sees their own photo; B's export holds only B.
    const cookie = [...a.cookies].map(([k, x]) => `${k}=${x}`).join('; ');
    expect((await s.get(aMediator.photo_url!, { headers: { cookie } })).status).toBe(200);
    const exported = await b.get('/dashboard/export');
    expect(exported.html).toContain('bob@example.org');
    expect(exported.html).not.toContain('alice@example.org');
  });

  it('walks every association route as an admin of the site against one association with another’s ids: refused, and the other unchanged', async () => {
    const db = s.db.db;
    const admin = await signedIn(s, 'root@example.org', 'admin');
    const mine = await createAssociation(db, { slug: 'the-admins-own', name: 'The admin’s own', panels: ['Own panel'] });
    const y = aAssociation.id;
    const theirs = async () =>
      JSON.stringify(
        await Promise.all([
          db.selectFrom('associations').selectAll().where('id', '=', y).execute(),
          db.selectFrom('association_panels').selectAll().where('association_id', '=', y).orderBy('id').execute(),
          db.selectFrom('association_admins').selectAll().where('association_id', '=', y).execute(),
          db.selectFrom('association_members').selectAll().where('association_id', '=', y).execute(),
          db.selectFrom('association_member_panels').selectAll().where('association_id', '=', y).execute(),
        ]),
      );
    const before = await theirs();
    const routes = routeTable(s.app.printRoutes({ commonPrefix: false }))
      .filter(([m, p]) => m === 'POST' && p.startsWith('/admin/associations/:id'))
      // Deleting the admin's own association goes last, so every other route still finds it.
      .sort(([, p], [, q]) => Number(p === '/admin/associations/:id/delete') - Number(q === '/admin/associations/:id/delete'));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.at(-1)![1]).toBe('/admin/associations/:id/delete');
    const fields: [string, string][] = [
      ['association_id', String(y)],
      ['panel_id', String(aAssociation.panels[0]!.id)],
      ['user_id', String(a.userId)],
      ['name', 'Hijacked'],
      ['panel_name', 'Hijacked panel'],
      ['email', 'bob@example.org'],
    ];
    for (const [, pattern] of routes) {
      const path = pattern.replace(':id', String(mine.id)).replace(':panelId', String(aAssociation.panels[0]!.id)).replace(':userId', String(a.userId));
      const token = csrfToken((await admin.get(`/admin/associations/${mine.id}`)).html);
      const r = await admin.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([['_csrf', token], ...fields]).toString() });
      expect(r.status, `POST ${path}`).toBeLessThan(500);
      // A panel or an admin of the other association, named through this one's address: not found.
      if (/:(panelId|userId)/.test(pattern)) expect(r.status, `POST ${path}`).toBe(404);
      expect(await theirs(), `POST ${path} changed the other association`).toBe(before);
    }
  });

  it('sends visitors who are not logged in to the log-in page, and refuses their posts', async () => {
    const routes = routeTable(s.app.printRoutes({ commonPrefix: false })).filter(([, p]) => /^\/(dashboard|moderation|admin|editor)(\/|$)|^\/associations\/:slug\/admin/.test(p));
    expect(routes.length).toBeGreaterThan(10);
    const anonymous = new Visitor(s);
    const token = csrfToken((await anonymous.get('/login')).html);
    for (const [method, pattern] of routes) {
      const path = pattern.replace(/:\w+/, String(aMediator.id));
      if (method === 'GET') {
        const r = await anonymous.get(path);
        expect(r.status, path).toBe(303);
        expect(r.location, path).toMatch(/^\/login\?next=/);
      } else {
        const r = await anonymous.post(path, { _csrf: token, id: String(aMediator.id) });
        expect([401, 403], `${method} ${path}`).toContain(r.status);
      }
    }
  });
});
