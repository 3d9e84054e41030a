import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createAssociation, mediatorMember } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { PASSWORD, postForm, profileForm, signedIn, type Entries } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { sweepLapseReminders } from '../directory/credentials/reminders.ts';
import { csrfToken, pageText as tagsAsSpaces, Visitor, type Page } from '../../test/support/visitor.ts';

/** The page's words as read: no space before punctuation that follows a tag. */
const pageText = (html: string) => tagsAsSpaces(html).replace(/ ([.,:;)])/g, '$1');

/**
 * Verified credentials through HTTP, on both engines: a member sends evidence, who may open it,
 * an admin or the issuing association decides (audited, mailed, the file deleted), the badge on
 * the profile, in results and in the API, its lapse after a year, and the evidence deleted when a
 * profile save changes the credential, when the member leaves the association and with the account.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('verified credentials, on %s', (engine) => {
  let s: TestServer;
  let clock = TEST_NOW;
  let admin: Visitor & { userId: number };
  let scmaAdmin: Visitor & { userId: number };
  let otherAdmin: Visitor & { userId: number };
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    admin = await signedIn(s, 'admin@example.org', 'admin');
    scmaAdmin = await signedIn(s, 'runs-scma@example.org');
    otherAdmin = await signedIn(s, 'runs-nadn@example.org');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', adminUserIds: [scmaAdmin.userId] });
    await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network', adminUserIds: [otherAdmin.userId] });
  });
  afterAll(() => s?.close());

  /** A member with a listed profile whose one credential is the factory's "Certified Family Mediator". */
  async function member(name = `Mediator ${++n}`) {
    const v = await mediatorMember(s, `m${++n}@example.org`, name);
    const credential = await s.db.db.selectFrom('mediator_credentials').select(['id']).where('mediator_id', '=', v.mediatorId).executeTakeFirstOrThrow();
    const slug = (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', v.mediatorId).executeTakeFirstOrThrow()).slug;
    return Object.assign(v, { credentialId: credential.id, slug, email: `m${n}@example.org` });
  }

  async function upload(v: Visitor, credentialId: number, data: Buffer, filename: string, type: string, issuer = ''): Promise<Page> {
    const token = csrfToken((await v.get('/dashboard/credentials')).html);
    const form = new FormData();
    form.append('_csrf', token);
    form.append('issuer_association_id', issuer);
    form.append('evidence', new Blob([new Uint8Array(data)], { type }), filename);
    return v.request(`/dashboard/credentials/${credentialId}/evidence`, { method: 'POST', body: form });
  }

  const evidenceOf = (credentialId: number) => s.db.db.selectFrom('credential_evidence').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
  const fileExists = (name: string) => fs.existsSync(path.join(s.evidenceDir, name));
  const audit = (action: string) => s.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const decide = (v: Visitor, page: string, action: string, entries: Entries = []) => postForm(v, page, action, entries);

  it('takes a PDF as evidence, refuses a fake PDF, an SVG and an oversized file with a message, and re-encodes an image', async () => {
    const m = await member();
    const ok = await upload(m, m.credentialId, PDF, 'certificate.pdf', 'application/pdf');
    expect(ok.status, ok.html).toBe(303);
    const page = pageText((await m.get(ok.location!)).html);
    expect(page).toContain('your evidence is waiting for review');
    expect(page).toContain('Waiting for review since Nov 25, 2026 by Concord');
    const stored = (await evidenceOf(m.credentialId))!;
    expect(stored.media_type).toBe('application/pdf');
    expect(fs.readFileSync(path.join(s.evidenceDir, stored.file_name))).toEqual(PDF);

    const fake = await upload(m, m.credentialId, Buffer.from('<html><script>alert(1)</script></html>'), 'certificate.pdf', 'application/pdf');
    expect(fake.status).toBe(400);
    expect(pageText(fake.html)).toContain('Upload a PDF, or a JPEG, PNG or WebP image of the document');
    const svg = await upload(m, m.credentialId, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'c.svg', 'image/svg+xml');
    expect(svg.status).toBe(400);
    expect(pageText(svg.html)).toContain('Other kinds of file (SVG, Word, HTML) are not accepted');
    const big = await upload(m, m.credentialId, Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf', 'application/pdf');
    expect(big.status).toBe(413);
    expect(pageText(big.html)).toContain('larger than 5 MB');
    // The refusals left the first piece as it was.
    expect((await evidenceOf(m.credentialId))!.id).toBe(stored.id);

    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).png().toBuffer();
    expect((await upload(m, m.credentialId, png, 'scan.png', 'image/png')).status).toBe(303);
    const image = (await evidenceOf(m.credentialId))!;
    expect(image.media_type).toBe('image/webp');
    expect((await sharp(path.join(s.evidenceDir, image.file_name)).metadata()).format).toBe('webp');
    // Replacing the evidence deleted the PDF.
    expect(fileExists(stored.file_name)).toBe(false);
  });

  it('serves evidence to its member, site admins and the issuing association’s admins only; anyone else gets a 404', async () => {
    const m = await member();
    await addMembership(s.db.db, scma.id, m.mediatorId, 'member');
    expect((await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf', String(scma.id))).status).toBe(303);
    const e = (await evidenceOf(m.credentialId))!;
    const url = `/credentials/evidence/${e.id}`;
    for (const v of [m, admin, scmaAdmin]) {
      const r = await v.get(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="credential-evidence-\d+\.pdf"$/);
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    }
    const stranger = await member();
    for (const v of [stranger, otherAdmin, new Visitor(s)]) expect((await v.get(url)).status).toBe(404);
    // The same 404 as a piece that does not exist.
    expect((await stranger.get('/credentials/evidence/999999')).status).toBe(404);
    // Another member's credential id in the upload form is refused like an unknown one.
    expect((await upload(stranger, m.credentialId, PDF, 'c.pdf', 'application/pdf')).status).toBe(404);
    // Naming an association they are not a member of is refused.
    const notMember = await upload(stranger, stranger.credentialId, PDF, 'c.pdf', 'application/pdf', String(scma.id));
    expect(notMember.status).toBe(400);
    expect(pageText(notMember.html)).toContain('only while you are one of its members');
  });

  it('verifies from the admin queue: audited, mailed, the file deleted, and the badge on the profile, in results and in the API', async () => {
    const m = await member('Vera Verified');
    await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf');
    const e = (await evidenceOf(m.credentialId))!;
    const home = pageText((await admin.get('/admin')).html);
    expect(home).toMatch(/Credentials to verify \d+ credentials? waiting/);
    const queue = pageText((await admin.get('/admin/credentials')).html);
    expect(queue).toContain('Certified Family Mediator Vera Verified');

    const r = await decide(admin, '/admin/credentials', `/admin/credentials/${e.id}/verify`);
    expect(r.location).toBe('/admin/credentials?done=verify');
    expect(pageText((await admin.get(r.location!)).html)).toContain('Verified: the member was mailed and the evidence deleted.');
    expect(await evidenceOf(m.credentialId)).toBeUndefined();
    expect(fileExists(e.file_name)).toBe(false);
    const [entry] = (await audit('credential.verified')).filter((x) => x.subject_id === String(m.credentialId));
    expect(entry!.actor_user_id).toBe(admin.userId);
    expect(JSON.parse(entry!.after_json!)).toMatchObject({ verifier: 'Concord', verified_at: TEST_NOW.toISOString() });
    const mail = (await s.mails()).find((x) => x.to === m.email);
    expect(mail!.subject).toBe('Your credential “Certified Family Mediator” is verified');
    expect(mail!.text).toContain('until Nov 25, 2027');

    // A second decision on the same evidence finds nothing to decide.
    const stale = await decide(admin, '/admin/credentials', `/admin/credentials/${e.id}/decline`, [['note', 'Blurry']]);
    expect(stale.status).toBe(404);
    expect(pageText(stale.html)).toContain('It was decided by someone else, or withdrawn'.slice(3));

    const profile = pageText((await s.get(`/mediators/${m.slug}`).then((x) => x.text())));
    expect(profile).toContain('Certified Family Mediator, Test Mediation Council, 2015 ✓ Verified Nov 25, 2026 by Concord');
    const results = pageText(await (await s.get('/mediators?near=78701&radius=100')).text());
    expect(results).toContain('Vera Verified');
    expect(results).toContain('Certified Family Mediator: ✓ Verified Nov 25, 2026 by Concord');
    const api = (await (await s.get(`/api/v1/mediators/${m.slug}`)).json()) as { credentials: { verification: unknown }[] };
    expect(api.credentials[0]!.verification).toEqual({ verifiedAt: TEST_NOW.toISOString(), until: '2027-11-25T12:00:00.000Z', verifier: 'Concord' });
    const list = (await (await s.get('/api/v1/mediators?near=78701&radius=100')).json()) as { results: { slug: string; verifiedCredentials: unknown[] }[] };
    expect(list.results.find((x) => x.slug === m.slug)!.verifiedCredentials).toEqual([{ title: 'Certified Family Mediator', verifiedAt: TEST_NOW.toISOString(), until: '2027-11-25T12:00:00.000Z', verifier: 'Concord' }]);
    expect(pageText((await m.get('/dashboard/credentials')).html)).toContain('✓ Verified Nov 25, 2026 by Concord, until Nov 25, 2027');

    // A year later the badge is gone by itself, and the member may send evidence again.
    clock = new Date(TEST_NOW.getTime() + 366 * DAY);
    try {
      const later = pageText(await (await s.get(`/mediators/${m.slug}`)).text());
      expect(later).toContain('Certified Family Mediator, Test Mediation Council, 2015');
      expect(later).not.toContain('Verified Nov 25, 2026');
      // Sessions do not last a year: the member logs in again.
      const back = await signedIn(s, m.email);
      expect(pageText((await back.get('/dashboard/credentials')).html)).toContain('Lapsed on Nov 25, 2027: verified Nov 25, 2026 by Concord');
      expect((await upload(back, m.credentialId, PDF, 'c.pdf', 'application/pdf')).status).toBe(303);
    } finally {
      clock = TEST_NOW;
    }
  });

  it('lets the issuing association decline with a reason, and keeps out another association and stale or tampered ids', async () => {
    const m = await member('Dee Declined');
    await addMembership(s.db.db, scma.id, m.mediatorId, 'member');
    await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf', String(scma.id));
    const e = (await evidenceOf(m.credentialId))!;
    const ROSTER = '/associations/scma/admin';
    expect(pageText((await scmaAdmin.get(ROSTER)).html)).toContain('Certified Family Mediator Dee Declined');
    // Another association's admin has no such page, nor these routes.
    expect((await decide(scmaAdmin, ROSTER, `/associations/nadn/admin/credentials/${e.id}/verify`)).status).toBe(404);
    // And on their own association's page, another association's evidence is not theirs to decide.
    const tampered = await decide(otherAdmin, '/associations/nadn/admin', `/associations/nadn/admin/credentials/${e.id}/verify`);
    expect(tampered.status).toBe(404);
    expect(pageText(tampered.html)).toContain('There is no evidence waiting at this address');
    expect(pageText((await otherAdmin.get('/associations/nadn/admin')).html)).not.toContain('Dee Declined');
    expect(await evidenceOf(m.credentialId)).toBeDefined();

    const noNote = await decide(scmaAdmin, ROSTER, `${ROSTER}/credentials/${e.id}/decline`, [['note', '  ']]);
    expect(noNote.status).toBe(400);
    expect(pageText(noNote.html)).toContain('Say why it cannot be verified');
    expect((await decide(scmaAdmin, ROSTER, `${ROSTER}/credentials/abc/verify`)).status).toBe(404);

    const r = await decide(scmaAdmin, ROSTER, `${ROSTER}/credentials/${e.id}/decline`, [['note', 'The certificate is for someone else.']]);
    expect(r.location).toBe(`${ROSTER}?done=decline#credentials-title`);
    expect(fileExists(e.file_name)).toBe(false);
    const [entry] = (await audit('credential.declined')).filter((x) => x.subject_id === String(m.credentialId));
    expect([entry!.actor_user_id, entry!.association_id, entry!.reason]).toEqual([scmaAdmin.userId, scma.id, 'The certificate is for someone else.']);
    const mail = (await s.mails()).find((x) => x.to === m.email && x.subject.includes('could not be verified'));
    expect(mail!.text).toContain('Southern California Mediation Association looked at the evidence');
    expect(mail!.text).toContain('The certificate is for someone else.');
    expect(pageText((await m.get('/dashboard/credentials')).html)).toContain('Not verified on Nov 25, 2026. The reason: The certificate is for someone else.');
    expect((await decide(scmaAdmin, ROSTER, `${ROSTER}/credentials/${e.id}/verify`)).status).toBe(404);
  });

  it('keeps an unchanged credential’s verification across profile saves, and drops a changed one’s with its evidence', async () => {
    const m = await member();
    const form = (credentials: [string, string, string][]) =>
      profileForm(Object.fromEntries(credentials.flatMap(([t, i, y], k) => [[`credential_${k}_title`, t], [`credential_${k}_issuer`, i], [`credential_${k}_year`, y]])));
    const save = async (credentials: [string, string, string][]) => {
      const r = await postForm(m, '/dashboard', '/dashboard/profile', form(credentials));
      expect(r.status, r.html).toBe(303);
    };
    await save([['Certified Family Mediator', 'Texas Mediator Council', '2015'], ['Workplace Mediation Certificate', 'ACR', '2019']]);
    const [first, second] = await s.db.db.selectFrom('mediator_credentials').select(['id', 'title']).where('mediator_id', '=', m.mediatorId).orderBy('position').execute();
    await s.db.db.updateTable('mediator_credentials').set({ verified_at: TEST_NOW.toISOString(), verifier_label: 'Concord' }).where('id', '=', first!.id).execute();
    await upload(m, second!.id, PDF, 'c.pdf', 'application/pdf');
    const pending = (await evidenceOf(second!.id))!;

    // The same credentials in another order: both rows stay, the verification and the evidence too.
    await save([['Workplace Mediation Certificate', 'ACR', '2019'], ['Certified Family Mediator', 'Texas Mediator Council', '2015']]);
    const after = await s.db.db.selectFrom('mediator_credentials').select(['id', 'verified_at']).where('mediator_id', '=', m.mediatorId).orderBy('position').execute();
    expect(after.map((c) => c.id)).toEqual([second!.id, first!.id]);
    expect(after[1]!.verified_at).toBe(TEST_NOW.toISOString());
    expect(fileExists(pending.file_name)).toBe(true);
    expect(pageText(await (await s.get(`/mediators/${m.slug}`)).text())).toContain('Certified Family Mediator, Texas Mediator Council, 2015 ✓ Verified');

    // Changing a year makes it another credential: its verification goes; removing one deletes its evidence.
    await save([['Certified Family Mediator', 'Texas Mediator Council', '2016']]);
    const last = await s.db.db.selectFrom('mediator_credentials').select(['id', 'verified_at', 'year']).where('mediator_id', '=', m.mediatorId).execute();
    expect(last).toHaveLength(1);
    expect(last[0]!.verified_at).toBeNull();
    expect(fileExists(pending.file_name)).toBe(false);
    expect(pageText(await (await s.get(`/mediators/${m.slug}`)).text())).not.toContain('✓ Verified');
  });

  it('deletes evidence naming an association when the member leaves it, and all of it with the account', async () => {
    const m = await member();
    await addMembership(s.db.db, scma.id, m.mediatorId, 'member');
    await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf', String(scma.id));
    const named = (await evidenceOf(m.credentialId))!;
    expect((await postForm(m, '/dashboard/associations', '/dashboard/associations/scma/leave', [])).status).toBe(303);
    expect(await evidenceOf(m.credentialId)).toBeUndefined();
    expect(fileExists(named.file_name)).toBe(false);
    expect((await s.db.db.selectFrom('mediator_credentials').select('issuer_association_id').where('id', '=', m.credentialId).executeTakeFirstOrThrow()).issuer_association_id).toBeNull();

    // Removed by the association: the same.
    const removed = await member();
    await addMembership(s.db.db, scma.id, removed.mediatorId, 'member');
    await upload(removed, removed.credentialId, PDF, 'c.pdf', 'application/pdf', String(scma.id));
    const theirs = (await evidenceOf(removed.credentialId))!;
    const r0 = await postForm(scmaAdmin, '/associations/scma/admin', `/associations/scma/admin/members/${removed.mediatorId}/remove`, [['reason', 'Membership not renewed']]);
    expect(r0.status, r0.html).toBe(303);
    expect(await evidenceOf(removed.credentialId)).toBeUndefined();
    expect(fileExists(theirs.file_name)).toBe(false);

    await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf');
    const mine = (await evidenceOf(m.credentialId))!;
    expect(fileExists(mine.file_name)).toBe(true);
    const r = await postForm(m, '/dashboard/delete', '/dashboard/delete', [['current_password', PASSWORD]]);
    expect(r.status, r.html).toBe(303);
    expect(fileExists(mine.file_name)).toBe(false);
    expect(await s.db.db.selectFrom('credential_evidence').select('id').where('id', '=', mine.id).executeTakeFirst()).toBeUndefined();
  });

  it('shows the badge on featured cards and in the comparison', async () => {
    const m = await member('Fay Featured');
    await s.db.db.updateTable('mediator_credentials').set({ verified_at: TEST_NOW.toISOString(), verifier_label: 'Southern California Mediation Association', verifying_association_id: scma.id }).where('id', '=', m.credentialId).execute();
    const at = TEST_NOW.toISOString();
    await s.db.db
      .insertInto('featured_grants')
      .values({ mediator_id: m.mediatorId, tier: 'featured', region_kind: 'country', country: 'US', region: '', metro_name: '', starts_at: new Date(TEST_NOW.getTime() - DAY).toISOString(), ends_at: new Date(TEST_NOW.getTime() + 30 * DAY).toISOString(), created_at: at, updated_at: at })
      .execute();
    const featured = pageText(await (await s.get('/featured')).text());
    expect(featured).toContain('Fay Featured');
    expect(featured).toContain('Certified Family Mediator: ✓ Verified Nov 25, 2026 by Southern California Mediation Association');
    const compare = pageText(await (await s.get(`/compare?m=${m.slug}`)).text());
    expect(compare).toContain('Certified Family Mediator, Test Mediation Council, 2015 (✓ Verified Nov 25, 2026 by Southern California Mediation Association)');
  });

  it('mails the member once, 30 days before a verification lapses, unless evidence is already waiting', async () => {
    const m = await member('Rita Reminded');
    const waiting = await member('Wes Waiting');
    const verifiedAt = TEST_NOW.toISOString();
    for (const x of [m, waiting]) await s.db.db.updateTable('mediator_credentials').set({ verified_at: verifiedAt, verifier_label: 'Concord' }).where('id', '=', x.credentialId).execute();
    const ctx = { ...s.app.deps, logError: () => {} };
    // 334 days on: not yet due.
    expect(await sweepLapseReminders(ctx, new Date(TEST_NOW.getTime() + 334 * DAY))).not.toContain(m.credentialId);
    clock = new Date(TEST_NOW.getTime() + 340 * DAY);
    try {
      // Wes sends new evidence first: nothing to remind.
      const again = await signedIn(s, waiting.email);
      expect((await upload(again, waiting.credentialId, PDF, 'c.pdf', 'application/pdf')).status).toBe(303);
    } finally {
      clock = TEST_NOW;
    }
    const due = new Date(TEST_NOW.getTime() + 340 * DAY);
    const sent = await sweepLapseReminders(ctx, due);
    expect(sent).toContain(m.credentialId);
    expect(sent).not.toContain(waiting.credentialId);
    // A second sweep (another instance, or the next hour) sends nothing more.
    expect(await sweepLapseReminders(ctx, due)).not.toContain(m.credentialId);
    const mails = (await s.mails()).filter((x) => x.to === m.email && x.subject.includes('lapses'));
    expect(mails.map((x) => x.subject)).toEqual(['Your verified credential “Certified Family Mediator” lapses on Nov 25, 2027']);
    expect(mails[0]!.links).toContain('http://concord.test/dashboard/credentials');
  });

  it('says on /how-search-works what “Verified” means and what it does not', async () => {
    const rules = pageText(await (await s.get('/how-search-works')).text());
    expect(rules).toContain('someone saw evidence (a certificate, a letter from the issuer) that the mediator held that credential on that date');
    expect(rules).toContain('It is not an endorsement, a recommendation or a rating of how good a mediator is.');
    expect(rules).toContain('It lapses 365 days after its date');
    expect(rules).toContain('It does not change the order of results');
  });

  it('lets the member withdraw evidence, deleting the file', async () => {
    const m = await member();
    await upload(m, m.credentialId, PDF, 'c.pdf', 'application/pdf');
    const e = (await evidenceOf(m.credentialId))!;
    const r = await postForm(m, '/dashboard/credentials', `/dashboard/credentials/${m.credentialId}/withdraw`, []);
    expect(r.location).toBe(`/dashboard/credentials?done=withdrawn#credential-${m.credentialId}`);
    expect(fileExists(e.file_name)).toBe(false);
    expect((await postForm(m, '/dashboard/credentials', `/dashboard/credentials/${m.credentialId}/withdraw`, [])).status).toBe(404);
  });
});
