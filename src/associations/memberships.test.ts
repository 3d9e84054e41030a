import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createAssociation, mediatorMember } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { postForm, signedIn, type Entries } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';

/**
 * Memberships through HTTP, on both engines: an association's admin invites, decides, puts on
 * panels and removes; the mediator accepts, declines, applies, withdraws and leaves. Each step is
 * checked where its people would notice it: their pages, their mail, the audit log.
 */

describe.each(DIALECTS)('association memberships, on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let other: Awaited<ReturnType<typeof createAssociation>>;
  const ROSTER = '/associations/scma/admin';

  const state = async (associationId: number, mediatorId: number) =>
    (await s.db.db.selectFrom('association_members').select(['state', 'note']).where('association_id', '=', associationId).where('mediator_id', '=', mediatorId).executeTakeFirst()) ?? null;
  const panelsOf = async (mediatorId: number) =>
    (await s.db.db.selectFrom('association_member_panels').select('panel_id').where('mediator_id', '=', mediatorId).orderBy('panel_id').execute()).map((r) => r.panel_id);
  const audit = async (action: string) => s.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to.includes(to));
  const post = (v: Visitor, page: string, action: string, entries: Entries = []) => postForm(v, page, action, entries);

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'runs-scma@example.org');
    const otherAdmin = await signedIn(s, 'runs-other@example.org');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', panels: ['Court panel', 'Reduced-fee programme'], adminUserIds: [admin.userId] });
    other = await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network', panels: ['Family panel'], adminUserIds: [otherAdmin.userId] });
  });
  afterAll(() => s?.close());

  it('invites a mediator with a profile: a mail, an invitation on their dashboard, and accepting makes them a member', async () => {
    const ann = await mediatorMember(s, 'ann@example.org', 'Ann Invited');
    const r = await post(admin, ROSTER, `${ROSTER}/invite`, [['email', ' Ann@Example.org ']]);
    expect(r.status, r.html).toBe(303);
    expect(pageText((await admin.get(r.location!)).html)).toContain('Invited: the mediator was sent a mail');
    const [mail] = await mailsTo('ann@example.org');
    expect(mail!.subject).toBe('Southern California Mediation Association invites you to join its directory on Concord');
    expect(mail!.links).toContain('http://concord.test/dashboard/associations');

    const page = pageText((await ann.get('/dashboard/associations')).html);
    expect(page).toContain('Southern California Mediation Association Invited');
    expect(page).toContain('The association invited you to join.');
    // Inviting again sends nothing new.
    const again = await post(admin, ROSTER, `${ROSTER}/invite`, [['email', 'ann@example.org']]);
    expect(again.status).toBe(409);
    expect(pageText(again.html)).toContain('Nothing sent: ann@example.org is already “Invited” here.');
    expect(await mailsTo('ann@example.org')).toHaveLength(1);

    const accepted = await post(ann, '/dashboard/associations', '/dashboard/associations/scma/accept');
    expect(accepted.location).toBe('/dashboard/associations?done=accepted');
    expect(await state(scma.id, ann.mediatorId)).toEqual({ state: 'member', note: '' });
    expect(pageText((await admin.get(ROSTER)).html)).toMatch(/Ann Invited Member/);
    const entries = await audit('membership.accepted');
    expect(entries.map((e) => [e.association_id, e.actor_user_id, e.subject_id])).toEqual([[scma.id, ann.userId, String(ann.mediatorId)]]);
    expect((await audit('membership.invited')).find((e) => e.subject_id === String(ann.mediatorId))?.actor_user_id).toBe(admin.userId);
  });

  it('keeps an invitation to an address with no profile until its member makes one', async () => {
    const r = await post(admin, ROSTER, `${ROSTER}/invite`, [['email', 'later@example.org']]);
    expect(r.location).toBe(`${ROSTER}?done=invited_address`);
    const [mail] = await mailsTo('later@example.org');
    expect(mail!.text).toContain('Create an account with this address and make your profile');
    expect(pageText((await admin.get(ROSTER)).html)).toContain('Waiting for a profile later@example.org');

    const later = await signedIn(s, 'later@example.org');
    expect(pageText((await later.get('/dashboard/associations')).html)).toContain('once you have made your profile');
    const mediatorId = (await mediatorMember(s, 'later@example.org', 'Lee Later')).mediatorId;
    expect(pageText((await later.get('/dashboard/associations')).html)).toContain('The association invited you to join.');
    expect(await state(scma.id, mediatorId)).toEqual({ state: 'invited', note: '' });
    expect(pageText((await admin.get(ROSTER)).html)).not.toContain('Waiting for a profile');
    // Declining it is the mediator's own answer.
    expect((await post(later, '/dashboard/associations', '/dashboard/associations/scma/decline')).location).toBe('/dashboard/associations?done=declined');
    expect((await state(scma.id, mediatorId))!.state).toBe('declined');
  });

  it('mails the admins an application, refuses a decline without a note, and the mediator reads the note', async () => {
    const cy = await mediatorMember(s, 'cy@example.org', 'Cy Applicant');
    const page = (await cy.get('/dashboard/associations')).html;
    expect(page).toContain(`<option value="${scma.id}">Southern California Mediation Association</option>`);
    const applied = await post(cy, '/dashboard/associations', '/dashboard/associations/apply', [['association_id', String(scma.id)]]);
    expect(applied.location).toBe('/dashboard/associations?done=applied');
    const [toAdmin] = await mailsTo('runs-scma@example.org');
    expect(toAdmin!.subject).toBe('Cy Applicant applied to join Southern California Mediation Association');
    expect(toAdmin!.links).toContain(`http://concord.test${ROSTER}`);
    expect(await mailsTo('runs-other@example.org')).toEqual([]);

    const noNote = await post(admin, ROSTER, `${ROSTER}/members/${cy.mediatorId}/decline`, [['note', '   ']]);
    expect(noNote.status).toBe(400);
    expect(pageText(noNote.html)).toContain('Write a note telling the mediator why: they will read it.');
    expect((await state(scma.id, cy.mediatorId))!.state).toBe('applied');

    const note = 'We admit members with 40 hours of training; please apply again once you have them.';
    expect((await post(admin, ROSTER, `${ROSTER}/members/${cy.mediatorId}/decline`, [['note', note]])).status).toBe(303);
    expect(await state(scma.id, cy.mediatorId)).toEqual({ state: 'declined', note });
    expect(pageText((await cy.get('/dashboard/associations')).html)).toContain(`Their note: ${note}`);
    expect((await mailsTo('cy@example.org'))[0]!.text).toContain(note);
    const [entry] = await audit('membership.declined');
    expect([entry!.association_id, entry!.actor_user_id, entry!.reason]).toEqual([scma.id, admin.userId, note]);

    // Deciding twice changes nothing, and says why.
    const twice = await post(admin, ROSTER, `${ROSTER}/members/${cy.mediatorId}/approve`, [['note', '']]);
    expect(twice.status).toBe(409);
    expect(pageText(twice.html)).toContain('that mediator’s membership is “Declined” now');
  });

  it('approves, puts a member on a panel and off it with a reason, refuses another association’s panel, and removes', async () => {
    const dee = await mediatorMember(s, 'dee@example.org', 'Dee Member');
    await addMembership(s.db.db, scma.id, dee.mediatorId, 'applied');
    expect((await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/approve`, [['note', 'Welcome!']])).status).toBe(303);
    expect((await state(scma.id, dee.mediatorId))!.state).toBe('member');
    expect((await mailsTo('dee@example.org'))[0]!.subject).toBe('You are a member of Southern California Mediation Association');

    const court = scma.panels[0]!;
    const noReason = await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/assign`, [['panel_id', String(court.id)], ['reason', '']]);
    expect(noReason.status).toBe(400);
    expect(pageText(noReason.html)).toContain('Write why, for the record.');
    const foreign = await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/assign`, [['panel_id', String(other.panels[0]!.id)], ['reason', 'Sneaky']]);
    expect(foreign.status).toBe(400);
    expect(pageText(foreign.html)).toContain('Choose one of the association’s panels.');
    const garbage = await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/assign`, [['panel_id', '1 OR 1=1'], ['reason', 'x']]);
    expect(garbage.status).toBe(400);
    expect(await panelsOf(dee.mediatorId)).toEqual([]);

    expect((await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/assign`, [['panel_id', String(court.id)], ['reason', 'Completed court training']])).status).toBe(303);
    expect(await panelsOf(dee.mediatorId)).toEqual([court.id]);
    expect(pageText((await dee.get('/dashboard/associations')).html)).toContain('Panels: Court panel');
    const [assigned] = await audit('membership.panel_assigned');
    expect([assigned!.association_id, assigned!.reason, assigned!.after_json]).toEqual([scma.id, 'Completed court training', JSON.stringify({ panel: 'Court panel' })]);
    expect((await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/unassign`, [['panel_id', String(court.id)], ['reason', 'Training lapsed']])).status).toBe(303);
    expect(await panelsOf(dee.mediatorId)).toEqual([]);
    const twice = await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/unassign`, [['panel_id', String(court.id)], ['reason', 'Again']]);
    expect(twice.status).toBe(409);

    await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/panels/assign`, [['panel_id', String(court.id)], ['reason', 'Back']]);
    expect((await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/remove`, [['reason', '']])).status).toBe(400);
    expect((await post(admin, ROSTER, `${ROSTER}/members/${dee.mediatorId}/remove`, [['reason', 'Dues unpaid for two years']])).status).toBe(303);
    expect(await state(scma.id, dee.mediatorId)).toEqual({ state: 'removed', note: 'Dues unpaid for two years' });
    expect(await panelsOf(dee.mediatorId)).toEqual([]);
    expect((await mailsTo('dee@example.org')).at(-1)!.text).toContain('Dues unpaid for two years');
    expect((await audit('membership.removed'))[0]!.association_id).toBe(scma.id);
  });

  it('lets a mediator withdraw an application and leave, and refuses what their state does not allow', async () => {
    const eve = await mediatorMember(s, 'eve@example.org', 'Eve Leaving');
    await post(eve, '/dashboard/associations', '/dashboard/associations/apply', [['association_id', String(other.id)]]);
    expect((await post(eve, '/dashboard/associations', '/dashboard/associations/nadn/leave')).status).toBe(409);
    expect((await post(eve, '/dashboard/associations', '/dashboard/associations/nadn/withdraw')).location).toBe('/dashboard/associations?done=withdrawn');
    expect(await state(other.id, eve.mediatorId)).toBeNull();
    await addMembership(s.db.db, scma.id, eve.mediatorId, 'member');
    expect((await post(eve, '/dashboard/associations', '/dashboard/associations/scma/leave')).location).toBe('/dashboard/associations?done=left');
    expect((await state(scma.id, eve.mediatorId))!.state).toBe('left');
    expect((await audit('membership.left')).map((e) => e.association_id)).toEqual([scma.id]);
    // Invitations waiting for this address (sent, say, before an email change) join the profile
    // when its member next opens the tab: a membership left behind is invited again, a current one stays.
    const at = new Date().toISOString();
    await s.db.db.insertInto('association_invitations').values([
      { association_id: scma.id, email: 'eve@example.org', invited_by: admin.userId, created_at: at },
      { association_id: other.id, email: 'eve@example.org', invited_by: null, created_at: at },
      { association_id: scma.id, email: 'ann@example.org', invited_by: admin.userId, created_at: at },
    ]).execute();
    await eve.get('/dashboard/associations');
    expect((await state(scma.id, eve.mediatorId))!.state).toBe('invited');
    expect((await state(other.id, eve.mediatorId))!.state).toBe('invited');
    const ann = await signedIn(s, 'ann@example.org');
    await ann.get('/dashboard/associations');
    const annId = (await s.db.db.selectFrom('mediators').select('id').where('user_id', '=', ann.userId).executeTakeFirstOrThrow()).id;
    expect((await state(scma.id, annId))!.state).toBe('member');
    expect(await s.db.db.selectFrom('association_invitations').select('email').where('email', 'in', ['eve@example.org', 'ann@example.org']).execute()).toEqual([]);
    // An association that does not exist, or one they are not in, is a 404; a made-up id to apply to, a 400.
    expect((await post(eve, '/dashboard/associations', '/dashboard/associations/no-such/accept')).status).toBe(404);
    expect((await post(eve, '/dashboard/associations', '/dashboard/associations/nadn/leave')).status).toBe(409);
    expect((await post(eve, '/dashboard/associations', `/dashboard/associations/${'x'.repeat(101)}/accept`)).status).toBe(404);
    for (const id of ['999999', 'abc', '']) {
      const r = await post(eve, '/dashboard/associations', '/dashboard/associations/apply', [['association_id', id]]);
      expect(r.status, id).toBe(400);
      expect(pageText(r.html)).toContain('Choose an association from the list.');
    }
  });

  it('shows an association’s admin page only to its admins and site admins, and links it from their dashboard', async () => {
    const stranger = await mediatorMember(s, 'stranger@example.org', 'Stranger Danger');
    const otherAdmin = await signedIn(s, 'runs-other@example.org');
    const siteAdmin = await signedIn(s, 'site-admin@example.org', 'admin');
    await addMembership(s.db.db, scma.id, stranger.mediatorId, 'applied');
    for (const v of [stranger, otherAdmin]) {
      const r = await v.get(ROSTER);
      expect(r.status).toBe(404);
      expect(r.html).not.toContain('Stranger Danger');
      // Another association's admin, through their own association's address: not on that roster.
      const approve = await post(v, '/dashboard', `${v === otherAdmin ? '/associations/nadn/admin' : ROSTER}/members/${stranger.mediatorId}/approve`, [['note', '']]);
      expect(approve.status).toBe(404);
    }
    expect((await state(scma.id, stranger.mediatorId))!.state).toBe('applied');
    expect((await siteAdmin.get(ROSTER)).status).toBe(200);
    expect((await admin.get('/associations/scma/admin/members/abc/approve')).status).toBe(404);
    expect((await post(admin, ROSTER, `${ROSTER}/members/12abc/approve`, [['note', '']])).status).toBe(404);
    expect((await admin.get('/dashboard/associations')).html).toContain(`href="${ROSTER}"`);
    expect((await stranger.get('/dashboard/associations')).html).not.toContain('/admin"');
    expect((await new Visitor(s).get(ROSTER)).location).toBe(`/login?next=${encodeURIComponent(ROSTER)}`);
  });
});
