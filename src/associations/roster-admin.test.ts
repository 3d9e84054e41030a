import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createAssociation, insertMembership, mediatorMember } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediators, mediatorInput } from '../../test/support/factories.ts';
import { postForm, signedIn } from '../../test/support/members.ts';
import { openDatabase } from '../db/database.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/**
 * The rosters a page at a time, withdrawing invitations, and deleting an association, on both
 * engines, through the pages their people use.
 */

describe.each(DIALECTS)('rosters, invitations withdrawn and associations deleted, on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let otherAdmin: Visitor & { userId: number };
  let siteAdmin: Visitor & { userId: number };
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let other: Awaited<ReturnType<typeof createAssociation>>;
  const ROSTER = '/associations/scma/admin';

  const state = async (associationId: number, mediatorId: number) =>
    (await s.db.db.selectFrom('association_members').select('state').where('association_id', '=', associationId).where('mediator_id', '=', mediatorId).executeTakeFirst())?.state ?? null;
  const audit = async (action: string) => s.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'runs-scma@example.org');
    otherAdmin = await signedIn(s, 'runs-nadn@example.org');
    siteAdmin = await signedIn(s, 'site@example.org', 'admin');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', panels: ['Court panel'], adminUserIds: [admin.userId] });
    other = await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network', adminUserIds: [otherAdmin.userId] });
  });
  afterAll(() => s?.close());

  it('pages the public roster and the admins’ roster fifty at a time, and refuses a bad page or one past the last', async () => {
    const ids = await createMediators(
      s.db.db,
      engine,
      Array.from({ length: 52 }, (_, i) => mediatorInput({ name: `Roster Person ${String(i + 1).padStart(2, '0')}` })),
    );
    for (const id of ids) await insertMembership(s.db.db, scma.id, id, id === ids[0] ? [scma.panels[0]!.id] : []);
    // Linked names only: the page's JSON-LD names its members too.
    const names = (html: string) => [...html.matchAll(/>Roster Person (\d\d)</g)].map((m) => m[1]);

    const first = await (await s.get('/associations/scma')).text();
    expect(pageText(first)).toContain('52 listed members');
    // Person 01 is on the court panel, so named there as well as in the list.
    expect(names(first).filter((n) => n !== '01')).toHaveLength(49);
    expect(first).toContain('href="/associations/scma?page=2"');
    const second = await (await s.get('/associations/scma?page=2')).text();
    expect(names(second).filter((n) => n !== '01')).toEqual(['51', '52']);
    // The court panel is shown whole on every page.
    expect(pageText(second)).toMatch(/Court panel Roster Person 01/);
    expect(second).toContain('<link rel="canonical" href="http://concord.test/associations/scma?page=2"/>');

    const past = await s.get('/associations/scma?page=3');
    expect(past.status).toBe(404);
    expect(pageText(await past.text())).toContain('There is no page 3 of this roster: it has 2 pages.');
    for (const bad of ['0', 'two', '-1', '1e3']) {
      const r = await s.get(`/associations/scma?page=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(pageText(await r.text())).toContain('Page must be a whole number from 1.');
    }

    const adminFirst = await admin.get(ROSTER);
    expect(pageText(adminFirst.html)).toContain('52 people');
    expect(names(adminFirst.html)).toHaveLength(50);
    expect(names((await admin.get(`${ROSTER}?page=2`)).html)).toEqual(['51', '52']);
    expect((await admin.get(`${ROSTER}?page=3`)).status).toBe(404);
    expect((await admin.get(`${ROSTER}?page=x`)).status).toBe(400);
  });

  it('lets the admin withdraw an unanswered invitation: gone from the dashboard, and accepting it is refused', async () => {
    const ivy = await mediatorMember(s, 'ivy@example.org', 'Ivy Invited');
    expect((await postForm(admin, ROSTER, `${ROSTER}/invite`, [['email', 'ivy@example.org']])).status).toBe(303);
    // The mediator's dashboard, still open with the invitation on it.
    const open = await ivy.get('/dashboard/associations');
    expect(pageText(open.html)).toContain('The association invited you to join.');

    const r = await postForm(admin, ROSTER, `${ROSTER}/members/${ivy.mediatorId}/cancel`, []);
    expect(r.location).toBe(`${ROSTER}?done=cancelled`);
    expect(pageText((await admin.get(r.location!)).html)).toContain('Invitation withdrawn');
    expect(await state(scma.id, ivy.mediatorId)).toBeNull();
    expect(pageText((await ivy.get('/dashboard/associations')).html)).not.toContain('The association invited you to join.');
    const accept = await postForm(ivy, '/dashboard/associations', '/dashboard/associations/scma/accept', []);
    expect(accept.status).toBe(404);
    expect(pageText(accept.html)).toContain('its invitation is no longer valid');
    expect(await state(scma.id, ivy.mediatorId)).toBeNull();
    const [entry] = await audit('membership.invitation_cancelled');
    expect([entry!.association_id, entry!.actor_user_id, entry!.subject_id, entry!.before_json]).toEqual([scma.id, admin.userId, String(ivy.mediatorId), JSON.stringify({ state: 'invited' })]);

    // Withdrawing twice, or a member's membership, changes nothing and says why.
    expect((await postForm(admin, ROSTER, `${ROSTER}/members/${ivy.mediatorId}/cancel`, [])).status).toBe(404);
    const member = await mediatorMember(s, 'mo@example.org', 'Mo Member');
    await addMembership(s.db.db, scma.id, member.mediatorId, 'member');
    const wrong = await postForm(admin, ROSTER, `${ROSTER}/members/${member.mediatorId}/cancel`, []);
    expect(wrong.status).toBe(409);
    expect(pageText(wrong.html)).toContain('that mediator’s membership is “Member” now');
    expect(await state(scma.id, member.mediatorId)).toBe('member');

    // A later invitation to the same pair is a new one, and can be accepted.
    expect((await postForm(admin, ROSTER, `${ROSTER}/invite`, [['email', 'ivy@example.org']])).status).toBe(303);
    expect((await postForm(ivy, '/dashboard/associations', '/dashboard/associations/scma/accept', [])).location).toBe('/dashboard/associations?done=accepted');
    expect(await state(scma.id, ivy.mediatorId)).toBe('member');
  });

  it('withdraws an invitation waiting for a profile, so the profile made later is not invited', async () => {
    expect((await postForm(admin, ROSTER, `${ROSTER}/invite`, [['email', 'later@example.org']])).location).toBe(`${ROSTER}?done=invited_address`);
    const { id } = await s.db.db.selectFrom('association_invitations').select('id').where('email', '=', 'later@example.org').executeTakeFirstOrThrow();
    expect((await admin.get(ROSTER)).html).toContain(`${ROSTER}/invitations/${id}/cancel`);
    expect((await postForm(admin, ROSTER, `${ROSTER}/invitations/${id}/cancel`, [])).location).toBe(`${ROSTER}?done=cancelled`);
    expect(pageText((await admin.get(ROSTER)).html)).not.toContain('Waiting for a profile');
    const later = await mediatorMember(s, 'later@example.org', 'Lee Later');
    expect(pageText((await later.get('/dashboard/associations')).html)).not.toContain('The association invited you to join.');
    expect(await state(scma.id, later.mediatorId)).toBeNull();
    expect((await postForm(admin, ROSTER, `${ROSTER}/invitations/${id}/cancel`, [])).status).toBe(404);
  });

  it('refuses another association’s admin: their invitation and member ids find nothing through either address', async () => {
    const nia = await mediatorMember(s, 'nia@example.org', 'Nia Nadn');
    await addMembership(s.db.db, other.id, nia.mediatorId, 'invited');
    await s.db.db.insertInto('association_invitations').values({ association_id: other.id, email: 'waits@example.org', invited_by: otherAdmin.userId, created_at: TEST_NOW.toISOString() }).execute();
    const { id: waiting } = await s.db.db.selectFrom('association_invitations').select('id').where('email', '=', 'waits@example.org').executeTakeFirstOrThrow();
    // SCMA's admin, through SCMA's address with NADN's ids: not on this roster.
    expect((await postForm(admin, ROSTER, `${ROSTER}/members/${nia.mediatorId}/cancel`, [])).status).toBe(404);
    expect((await postForm(admin, ROSTER, `${ROSTER}/invitations/${waiting}/cancel`, [])).status).toBe(404);
    // …and through NADN's address: not an association they run.
    expect((await postForm(admin, ROSTER, `/associations/nadn/admin/members/${nia.mediatorId}/cancel`, [])).status).toBe(404);
    expect((await postForm(admin, ROSTER, `/associations/nadn/admin/invitations/${waiting}/cancel`, [])).status).toBe(404);
    expect((await postForm(admin, ROSTER, `${ROSTER}/invitations/1%20OR%201=1/cancel`, [])).status).toBe(404);
    expect(await state(other.id, nia.mediatorId)).toBe('invited');
    expect(await s.db.db.selectFrom('association_invitations').select('id').where('id', '=', waiting).executeTakeFirst()).toBeDefined();
  });

  it('deletes an association from a confirm page that names what goes; its members stop matching association= and its pieces stay', async () => {
    const doomed = await createAssociation(s.db.db, { slug: 'doomed', name: 'Doomed Panel Society', panels: ['Family panel'], adminUserIds: [otherAdmin.userId] });
    const dan = await mediatorMember(s, 'dan@example.org', 'Dan Doomed');
    await insertMembership(s.db.db, doomed.id, dan.mediatorId, [doomed.panels[0]!.id]);
    await insertMembership(s.db.db, scma.id, dan.mediatorId);
    const amy = await mediatorMember(s, 'amy@example.org', 'Amy Applies');
    await addMembership(s.db.db, doomed.id, amy.mediatorId, 'applied');
    const piece = await s.db.db.selectFrom('articles').select('id').executeTakeFirst();
    const { createTestArticle } = await import('../../test/support/articles.ts');
    const article = piece ?? (await createTestArticle(s.db.db, engine, { title: 'About the society' }));
    await s.db.db.insertInto('article_associations').values({ article_id: article.id, association_id: doomed.id }).execute();
    await s.db.db
      .insertInto('featured_grants')
      .values({ mediator_id: dan.mediatorId, association_id: doomed.id, tier: 'featured', region_kind: 'country', country: 'US', region: '', metro_name: '', starts_at: TEST_NOW.toISOString(), ends_at: '2027-06-01T00:00:00.000Z', granted_by: otherAdmin.userId, created_at: TEST_NOW.toISOString(), updated_at: TEST_NOW.toISOString() })
      .execute();
    const base = `/admin/associations/${doomed.id}`;
    const near = '/mediators?near=78701&association=doomed';
    expect(pageText(await (await s.get(near)).text())).toContain('Dan Doomed');
    // A second instance on the same database, with its own search index, sees the deletion too.
    const handle = openDatabase(engine, s.db.url);
    const second = await startTestServer(engine, { db: { ...handle, url: s.db.url, drop: () => handle.close() } });
    const directory = '/associations/doomed/directory?near=78701';
    try {
      const shown = await (await second.get(directory)).text();
      expect(pageText(shown)).toContain('Dan Doomed');
      expect(shown).toContain('class="label-featured"');

      // Only site admins: the association's own admin and a member get the 403 or 404 of the admin area.
      for (const v of [otherAdmin, dan]) {
        expect([403, 404]).toContain((await v.get(`${base}/delete`)).status);
        expect([403, 404]).toContain((await postForm(v, '/dashboard', `${base}/delete`, [])).status);
      }
      expect((await siteAdmin.get('/admin/associations/999999/delete')).status).toBe(404);

      const confirm = await siteAdmin.get(`${base}/delete`);
      expect(confirm.status).toBe(200);
      const said = pageText(confirm.html);
      for (const line of ['Delete Doomed Panel Society?', '1 membership', '1 application', 'Its panels: Family panel.', 'Its admins lose their role here: runs-nadn@example.org.', '1 featured place it granted in its own directory end now.', 'Its tag on 1 piece of the publication. The pieces stay.']) {
        expect(said).toContain(line);
      }
      expect(await s.db.db.selectFrom('associations').select('id').where('id', '=', doomed.id).executeTakeFirst()).toBeDefined();

      const done = await postForm(siteAdmin, `${base}/delete`, `${base}/delete`, []);
      expect(done.location).toBe('/admin/associations?done=deleted');
      expect(pageText((await siteAdmin.get(done.location!)).html)).toContain('The association is deleted');
      expect((await s.get('/associations/doomed')).status).toBe(404);
      for (const table of ['association_members', 'association_panels', 'association_admins', 'featured_grants', 'article_associations'] as const) {
        expect(await s.db.db.selectFrom(table).select('association_id').where('association_id', '=', doomed.id).execute(), table).toEqual([]);
      }
      expect(await s.db.db.selectFrom('articles').select('id').where('id', '=', article.id).executeTakeFirst()).toBeDefined();
      expect(await state(scma.id, dan.mediatorId)).toBe('member');
      const [entry] = await audit('association.deleted');
      const before = JSON.parse(entry!.before_json!);
      expect([entry!.actor_user_id, entry!.association_id, before.slug, before.panels, before.admins, before.memberships, before.activeGrants]).toEqual([
        siteAdmin.userId,
        doomed.id,
        'doomed',
        ['Family panel'],
        ['runs-nadn@example.org'],
        { member: 1, applied: 1 },
        1,
      ]);

      // Search forgets it: the filter names no association, and the API names it on no result.
      const search = await s.get(near);
      expect(search.status).toBe(400);
      expect(pageText(await search.text())).toContain('There is no association “doomed”.');
      const api = (await (await s.get('/api/v1/mediators?near=78701&association=scma')).json()) as { results: { name: string; associations: { slug: string }[] }[] };
      const danResult = api.results.find((r) => r.name === 'Dan Doomed');
      expect(danResult?.associations.map((a) => a.slug)).toEqual(['scma']);
      expect((await postForm(siteAdmin, '/admin/associations', `${base}/delete`, [])).status).toBe(404);

      // On the other instance: gone, and a new association under the old address starts empty.
      expect((await second.get(directory)).status).toBe(404);
      expect((await second.get(near)).status).toBe(400);
      await createAssociation(s.db.db, { slug: 'doomed', name: 'Doomed Panel Society, again' });
      for (const server of [s, second]) {
        const again = await server.get(directory);
        expect(again.status).toBe(200);
        const html = await again.text();
        expect(pageText(html)).not.toContain('Dan Doomed');
        expect(html).not.toContain('label-featured');
        expect(pageText(await (await server.get(near)).text())).not.toContain('Dan Doomed');
      }
    } finally {
      await second.close();
    }
  });
});
