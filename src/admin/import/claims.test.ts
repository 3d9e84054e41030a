import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/db.ts';
import { linkPath } from '../../../test/support/mail.ts';
import { PASSWORD, postForm, signedIn } from '../../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../../test/support/server.ts';
import { csrfToken, pageText, Visitor, type Page } from '../../../test/support/visitor.ts';

/**
 * The admins' list of imported profiles waiting for their claim, and "mail the claim link again":
 * at most once an hour a profile, whoever asks; the new link works and the old one is retired.
 * Through HTTP on a real server and database, on both engines.
 */

const FILE = ['name,email,address,city,region,postal_code,country,headline,bio', 'Wendy Waiting,wendy@example.org,,Austin,TX,78701,US,,', 'Carl Claimed,carl@example.org,,Austin,TX,78702,US,,'].join('\n');

async function upload(v: Visitor): Promise<Page> {
  const form = new FormData();
  form.append('_csrf', csrfToken((await v.get('/admin/import')).html));
  form.append('file', new Blob([FILE], { type: 'text/csv' }), 'list.csv');
  return v.request('/admin/import', { method: 'POST', body: form });
}

describe.each(DIALECTS)('mailing a claim link again on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let clock = TEST_NOW;
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to === to);
  const claimId = async (email: string) => (await s.db.db.selectFrom('mediator_claims').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const resend = (id: number | string, v: Visitor = admin) => postForm(v, '/admin/import', `/admin/claims/${id}/resend`, []);

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    admin = await signedIn(s, 'admin@example.org', 'admin');
    expect((await upload(admin)).status).toBe(200);
    // Carl claims his at once: he leaves the list.
    const carl = new Visitor(s);
    const link = linkPath((await mailsTo('carl@example.org'))[0]!, '/claim');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    expect((await carl.post('/claim', { _csrf: csrfToken((await carl.get(link)).html), token, password: PASSWORD })).status).toBe(303);
  });
  afterAll(() => s.close());

  it('lists the profiles still waiting, with when each link was last mailed', async () => {
    const page = await admin.get('/admin/claims');
    expect(page.status).toBe(200);
    const text = pageText(page.html);
    expect(text).toContain('1 profile is waiting');
    expect(text).toContain('Wendy Waiting wendy@example.org Imported Nov 25, 2026 from upload.csv. Link last mailed Nov 25, 2026, 12:00 UTC.');
    expect(text).not.toContain('Carl Claimed');
    // Within the hour of the import's mail, it cannot be mailed again yet.
    expect(text).toContain('It can be mailed again from Nov 25, 2026, 13:00 UTC.');
  });

  it('refuses a second mail within the hour, keyed on the profile whoever asks', async () => {
    const id = await claimId('wendy@example.org');
    const other = await signedIn(s, 'other-admin@example.org', 'admin');
    for (const v of [admin, other]) {
      const r = await resend(id, v);
      expect(r.status).toBe(429);
      expect(pageText(r.html)).toContain('was mailed less than an hour ago. It can be mailed again from Nov 25, 2026, 13:00 UTC.');
    }
    expect(await mailsTo('wendy@example.org')).toHaveLength(1);
  });

  it('mails a new link that works, and the old link answers that it is no longer valid', async () => {
    const id = await claimId('wendy@example.org');
    const oldLink = linkPath((await mailsTo('wendy@example.org'))[0]!, '/claim');
    clock = new Date(TEST_NOW.getTime() + 2 * 3_600_000);
    const r = await resend(id);
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe('/admin/claims?page=1&done=resent');
    const after = pageText((await admin.get(r.location!)).html);
    expect(after).toContain('The claim link is mailed again; the links mailed before no longer work.');
    expect(after).toContain('Link last mailed Nov 25, 2026, 14:00 UTC.');
    const mails = await mailsTo('wendy@example.org');
    expect(mails).toHaveLength(2);
    const newLink = linkPath(mails[1]!, '/claim');
    expect(newLink).not.toBe(oldLink);

    const old = await new Visitor(s).get(oldLink);
    expect(old.status).toBe(410);
    expect(pageText(old.html)).toContain('This link is no longer valid: a newer one was mailed to you since.');
    const wendy = new Visitor(s);
    const page = await wendy.get(newLink);
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain('Choose a password for your account, wendy@example.org.');
    const token = new URL(newLink, 'http://x').searchParams.get('token')!;
    const claimed = await wendy.post('/claim', { _csrf: csrfToken(page.html), token, password: PASSWORD });
    expect(claimed.location).toBe('/claim/consent');

    const audit = await s.db.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject_label', 'after_json']).where('action', '=', 'claim.resent').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: admin.userId, subject_label: 'Wendy Waiting' });
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ mailed_at: '2026-11-25T14:00:00.000Z', to: 'wendy@example.org' });
    // Claimed now: no link to mail, and the list is empty.
    expect((await resend(id)).status).toBe(409);
    expect(pageText((await admin.get('/admin/claims')).html)).toContain('No imported profile is waiting');
    clock = TEST_NOW;
  });

  it('refuses members, tampered ids and bad pages', async () => {
    const member = await signedIn(s, 'member@example.org');
    expect((await member.get('/admin/claims')).status).toBe(403);
    for (const id of ['999999', 'abc', '0', '99999999999']) expect((await resend(id)).status, id).toBe(404);
    expect((await admin.get('/admin/claims?page=x')).status).toBe(400);
    expect((await admin.get('/admin/claims?page=5')).status).toBe(404);
  });
});
