import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createAssociation, insertMembership, mediatorMember } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediators, mediatorInput } from '../../test/support/factories.ts';
import { postForm, signedIn, type Entries } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/**
 * Featured places an association grants in its own directory, on both engines, through its
 * admin pages: only to its members, with its own limit per region beside the site's, audited,
 * named on the member's dashboard; another association's grant ids and members are refused.
 */

describe.each(DIALECTS)('an association’s featured places, on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let otherAdmin: Visitor & { userId: number };
  let member: Awaited<ReturnType<typeof mediatorMember>>;
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let nadn: Awaited<ReturnType<typeof createAssociation>>;
  const FEATURED = '/associations/scma/admin/featured';
  const form = (mediator: string, region = 'US', over: Partial<Record<'starts' | 'ends' | 'reason', string>> = {}): Entries => [
    ['mediator', mediator],
    ['region', region],
    ['starts', over.starts ?? '2026-11-25'],
    ['ends', over.ends ?? '2027-02-28'],
    ['reason', over.reason ?? 'Annual sponsor'],
  ];
  const grantRows = (associationId: number | null) =>
    associationId === null
      ? s.db.db.selectFrom('featured_grants').selectAll().where('association_id', 'is', null).execute()
      : s.db.db.selectFrom('featured_grants').selectAll().where('association_id', '=', associationId).orderBy('id').execute();
  const at = TEST_NOW.toISOString();
  const insertGrant = (mediatorId: number, associationId: number | null) =>
    s.db.db
      .insertInto('featured_grants')
      .values({ mediator_id: mediatorId, association_id: associationId, tier: 'featured', region_kind: 'country', country: 'US', region: '', metro_name: '', starts_at: at, ends_at: '2027-06-01T00:00:00.000Z', granted_by: null, created_at: at, updated_at: at })
      .execute();

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'runs-scma@example.org');
    otherAdmin = await signedIn(s, 'runs-nadn@example.org');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', adminUserIds: [admin.userId] });
    nadn = await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network', adminUserIds: [otherAdmin.userId] });
    member = await mediatorMember(s, 'fay@example.org', 'Fay Featured');
    await addMembership(s.db.db, scma.id, member.mediatorId, 'member');
  });
  afterAll(() => s?.close());

  const slugOf = async (id: number) => (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;

  it('grants a member a place in the association’s directory: audited, on their dashboard, not in the site’s list', async () => {
    const page = await admin.get(FEATURED);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<option value="${await slugOf(member.mediatorId)}">Fay Featured</option>`);
    expect((await admin.get('/associations/scma/admin')).html).toContain(`href="${FEATURED}"`);

    const r = await postForm(admin, FEATURED, FEATURED, form(await slugOf(member.mediatorId)));
    expect(r.status, r.html.slice(0, 300)).toBe(303);
    expect(r.location).toMatch(new RegExp(`^${FEATURED}/\\d+\\?done=granted$`));
    const [row] = await grantRows(scma.id);
    expect([row!.mediator_id, row!.association_id, row!.country, row!.granted_by]).toEqual([member.mediatorId, scma.id, 'US', admin.userId]);
    const [entry] = await s.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'featured.granted').execute();
    expect([entry!.association_id, entry!.actor_user_id, entry!.reason]).toEqual([scma.id, admin.userId, 'Annual sponsor']);

    const dashboard = pageText((await member.get('/dashboard')).html);
    expect(dashboard).toMatch(/Featured in United States , in the directory of Southern California Mediation Association/);
    const adminSite = await signedIn(s, 'site@example.org', 'admin');
    expect((await adminSite.get('/admin/featured')).html).not.toContain('Fay Featured');
    expect((await adminSite.get(`/admin/featured/${row!.id}`)).status).toBe(404);
    // A site admin may run the association's page too.
    expect((await adminSite.get(`${FEATURED}/${row!.id}`)).status).toBe(200);
  });

  it('changes and ends its own grant, each audited with the association', async () => {
    const [row] = await grantRows(scma.id);
    const path = `${FEATURED}/${row!.id}`;
    const changed = await postForm(admin, path, path, form('', 'US-CA', { ends: '2027-03-31', reason: 'Moved to California' }).filter(([k]) => k !== 'mediator'));
    expect(changed.location).toBe(`${path}?done=changed`);
    expect((await grantRows(scma.id))[0]!.region).toBe('CA');
    const ended = await postForm(admin, path, `${path}/end`, [['end_reason', 'Sponsorship cancelled']]);
    expect(ended.location).toBe(`${path}?done=ended`);
    expect((await grantRows(scma.id))[0]!.ends_at).toBe(TEST_NOW.toISOString());
    const entries = await s.db.db.selectFrom('audit_log').select(['action', 'association_id']).where('action', 'in', ['featured.changed', 'featured.ended']).orderBy('id').execute();
    expect(entries).toEqual([
      { action: 'featured.changed', association_id: scma.id },
      { action: 'featured.ended', association_id: scma.id },
    ]);
  });

  it('refuses a mediator who is not a member, and a bad form, writing nothing', async () => {
    const outsider = await mediatorMember(s, 'olly@example.org', 'Olly Outsider');
    await addMembership(s.db.db, scma.id, outsider.mediatorId, 'applied');
    const before = (await grantRows(scma.id)).length;
    const r = await postForm(admin, FEATURED, FEATURED, form(await slugOf(outsider.mediatorId)));
    expect(r.status).toBe(400);
    expect(pageText(r.html)).toContain('Olly Outsider is not a member of this association');
    for (const [entries, message] of [
      [form('<script>alert(1)</script>'), 'We found no profile at that address'],
      [form(await slugOf(member.mediatorId), 'Qqqzzz Nowhere'), ''],
      [form(await slugOf(member.mediatorId), 'US', { ends: '2026-13-45' }), 'The end date is not a real date.'],
    ] as const) {
      const bad = await postForm(admin, FEATURED, FEATURED, entries);
      expect(bad.status).toBe(400);
      expect(bad.html).not.toContain('<script>alert(1)');
      if (message) expect(pageText(bad.html)).toContain(message);
    }
    expect((await grantRows(scma.id)).length).toBe(before);
  });

  it('keeps another association’s admin out: its grant ids and its pages are not found', async () => {
    const [row] = await grantRows(scma.id);
    const nadnMember = await mediatorMember(s, 'nell@example.org', 'Nell Nadn');
    await addMembership(s.db.db, nadn.id, nadnMember.mediatorId, 'member');
    const mine = '/associations/nadn/admin/featured';
    expect((await otherAdmin.get(FEATURED)).status).toBe(404);
    expect((await otherAdmin.get(`${mine}/${row!.id}`)).status).toBe(404);
    expect((await postForm(otherAdmin, mine, `${mine}/${row!.id}/end`, [['end_reason', 'x']])).status).toBe(404);
    expect((await postForm(otherAdmin, mine, `${mine}/${row!.id}`, form('', 'US').slice(1))).status).toBe(404);
    expect((await postForm(otherAdmin, mine, `${FEATURED}/${row!.id}/end`, [['end_reason', 'x']])).status).toBe(404);
    // SCMA's member, granted through NADN's page: not one of NADN's members.
    const cross = await postForm(otherAdmin, mine, mine, form(await slugOf(member.mediatorId)));
    expect(cross.status).toBe(400);
    expect(await grantRows(nadn.id)).toEqual([]);
    // A made-up id, and SCMA's admin naming NADN's member.
    expect((await admin.get(`${FEATURED}/999999`)).status).toBe(404);
    expect((await admin.get(`${FEATURED}/1e3`)).status).toBe(404);
    expect((await postForm(admin, FEATURED, FEATURED, form(await slugOf(nadnMember.mediatorId)))).status).toBe(400);
  });

  it('holds at most 16 members a region in the association’s directory, apart from the site’s 16', async () => {
    const ids = await createMediators(s.db.db, engine, Array.from({ length: 33 }, (_, i) => mediatorInput({ name: `Limit Person ${i + 1}` })));
    for (const id of ids) await insertMembership(s.db.db, scma.id, id);
    // The site's own 16 in the United States do not count here.
    for (const id of ids.slice(0, 16)) await insertGrant(id, null);
    for (const id of ids.slice(16, 31)) await insertGrant(id, scma.id);
    const sixteenth = await postForm(admin, FEATURED, FEATURED, form(await slugOf(ids[31]!)));
    expect(sixteenth.status, pageText(sixteenth.html).slice(0, 400)).toBe(303);
    const seventeenth = await postForm(admin, FEATURED, FEATURED, form(await slugOf(ids[32]!)));
    expect(seventeenth.status).toBe(400);
    expect(pageText(seventeenth.html)).toContain('already has 16 featured members for part of that period');
  });
  it('ends a member’s places in its directory when they leave or are removed, each end audited', async () => {
    const leaver = await mediatorMember(s, 'lee@example.org', 'Lee Leaving');
    const removed = await mediatorMember(s, 'rae@example.org', 'Rae Removed');
    for (const m of [leaver, removed]) {
      await addMembership(s.db.db, scma.id, m.mediatorId, 'member');
      await insertGrant(m.mediatorId, scma.id);
      expect(pageText((await m.get('/dashboard')).html)).toContain('in the directory of Southern California Mediation Association');
    }
    expect((await postForm(leaver, '/dashboard/associations', '/dashboard/associations/scma/leave', [])).status).toBe(303);
    expect((await postForm(admin, '/associations/scma/admin', `/associations/scma/admin/members/${removed.mediatorId}/remove`, [['reason', 'Dues unpaid']])).status).toBe(303);
    for (const [m, reason] of [
      [leaver, 'Left the association'],
      [removed, 'Removed from the association'],
    ] as const) {
      const [grant] = await s.db.db.selectFrom('featured_grants').select(['id', 'ends_at']).where('mediator_id', '=', m.mediatorId).execute();
      expect(grant!.ends_at).toBe(at);
      const ended = await s.db.db.selectFrom('audit_log').select(['reason', 'association_id']).where('action', '=', 'featured.ended').where('subject_id', '=', String(grant!.id)).execute();
      expect(ended).toEqual([{ reason, association_id: scma.id }]);
      expect(pageText((await m.get('/dashboard')).html)).not.toContain('in the directory of Southern California Mediation Association');
    }
  });
});
