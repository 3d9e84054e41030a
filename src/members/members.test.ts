import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { declaredPng } from '../../test/support/images.ts';
import { PASSWORD, postForm, postPhoto, profileForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { Visitor } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

describe.each(DIALECTS)('member profiles on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
    // Someone else nearby, so searches have more than one result to list.
    await createMediator(s.db.db, engine, { name: 'Neighbour Mediator' });
  });
  afterAll(() => s.close());

  const mediatorOf = (userId: number) => s.db.db.selectFrom('mediators').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to === to);
  const search = async () => (await (await s.get('/api/v1/mediators?near=78701')).json()) as { results: { slug: string }[] };

  it('creates a profile with an office placed by its ZIP code, and shows it in the preview', async () => {
    const v = await signedIn(s, 'ada@example.org');
    const empty = await v.get('/dashboard');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('no-store');
    for (const href of ['/dashboard', '/dashboard/inquiries', '/dashboard/numbers', '/account']) expect(empty.html).toContain(`href="${href}"`);
    expect((await v.get('/dashboard/preview')).status).toBe(303);

    const saved = await postForm(v, '/dashboard', '/dashboard/profile', profileForm());
    expect(saved.status, saved.html).toBe(303);
    expect(saved.location).toBe('/dashboard?done=created');

    const row = (await mediatorOf(v.userId))!;
    expect(row).toMatchObject({ name: 'Ada Mediator', status: 'draft', fee_min: 150, fee_max: 250, free_consultation: 1, accepting_cases: 1, years_in_practice: 12 });
    expect(row.accepting_confirmed_at).not.toBeNull();
    expect(row.completeness).toBe(90); // everything but the photo
    const [office] = await s.db.db.selectFrom('offices').selectAll().where('mediator_id', '=', row.id).execute();
    expect(office).toMatchObject({ label: 'Downtown office', city: 'Austin', region: 'TX', country: 'US', postal_code: '78701' });
    expect(office!.lat).toBeCloseTo(30.27, 1);
    expect(office!.lon).toBeCloseTo(-97.74, 1);
    const areas = await s.db.db.selectFrom('mediator_practice_areas').select('practice_area').where('mediator_id', '=', row.id).orderBy('practice_area').execute();
    expect(areas.map((a) => a.practice_area)).toEqual(['family', 'workplace']);

    const page = await v.get('/dashboard?done=created');
    expect(page.html).toContain('value="Ada Mediator"');
    expect(page.html).toContain('Not listed.');
    const preview = await v.get('/dashboard/preview');
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('It is not listed yet');
    expect(preview.html).toContain('<strong>parents</strong>');
    expect(preview.html).toContain('name="robots" content="noindex"');
    // Not listed: not on its public address, nor in search.
    expect((await s.get(`/mediators/${row.slug}`)).status).toBe(404);
    expect((await search()).results.map((r) => r.slug)).not.toContain(row.slug);

    // Editing keeps one profile; a dragged pin near the place is kept, a far one is not.
    const edited = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Ada B. Mediator', office_0_lat: '30.2700', office_0_lon: '-97.7400' }));
    expect(edited.location).toBe('/dashboard?done=saved');
    const offices = await s.db.db.selectFrom('offices').select(['lat', 'lon']).where('mediator_id', '=', row.id).execute();
    expect(offices).toEqual([{ lat: 30.27, lon: -97.74 }]);
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ office_0_lat: '40.7', office_0_lon: '-74.0' }));
    const moved = await s.db.db.selectFrom('offices').select(['lat']).where('mediator_id', '=', row.id).execute();
    expect(moved[0]!.lat).toBeCloseTo(30.27, 1);
    expect(await s.db.db.selectFrom('mediators').select('id').where('user_id', '=', v.userId).execute()).toHaveLength(1);
  });

  it('answers two first saves sent at once (a double click) with one profile, never an error', async () => {
    const v = await signedIn(s, 'double@example.org');
    const [a, b] = await Promise.all([
      postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Double Click' })),
      postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Double Click' })),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await s.db.db.selectFrom('mediators').select('id').where('user_id', '=', v.userId).execute()).toHaveLength(1);
  });

  it('refuses bad input with a 400, a message per field, the typed values kept and nothing saved', async () => {
    const v = await signedIn(s, 'bad@example.org');
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ fee_min: '300', fee_max: '100' }, 'fee_max', 'The highest fee must be at least the lowest fee.'],
      [{ practice: ['family', 'astrology'] }, 'practice', 'Choose kinds of dispute from the list.'],
      [{ office_0_postal_code: '00001' }, 'office_0_postal_code', 'We couldn&#39;t find the postal code'],
      [{ headline: 'x'.repeat(10_240) }, 'headline', 'Keep the headline under 160 characters.'],
      [{ name: '' }, 'name', 'Enter your name.'],
      [{ fee_min: 'cheap' }, 'fee_min', 'must be a whole number'],
      [{ area_0_country: 'Narnia' }, 'area_0_country', 'Choose the country from the list'],
    ];
    for (const [over, field, message] of cases) {
      const r = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ bio: 'Typed bio that must come back', ...over }));
      expect(r.status, field).toBe(400);
      expect(r.html, field).toContain(message);
      expect(r.html, field).toContain(`href="#${field}"`);
      expect(r.html, field).toContain('Typed bio that must come back');
    }
    expect(await mediatorOf(v.userId)).toBeUndefined();
  });

  it('keeps script typed into every text field inert on the form, the preview, the profile and the results', async () => {
    const v = await signedIn(s, 'xss@example.org');
    const text = {
      name: `N${PAYLOAD}`,
      headline: `H${PAYLOAD}`,
      bio: `B${PAYLOAD} [x](javascript:alert(3)) <iframe src=//evil></iframe>`,
      credential_0_title: `T${PAYLOAD}`,
      credential_0_issuer: `I${PAYLOAD}`,
      office_0_label: `L${PAYLOAD}`,
      office_0_address: `A${PAYLOAD}`,
      office_0_city: `C${PAYLOAD}`,
    };
    // Fields that must be codes or places are refused, and shown back inert.
    for (const bad of ['office_0_postal_code', 'office_0_region', 'office_0_country', 'area_0_country', 'area_0_region', 'credential_0_year', 'fee_min']) {
      const r = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ ...text, [bad]: PAYLOAD }));
      expect(r.status, bad).toBe(400);
      expect(r.html, bad).toContain('&#34;><script>');
      expect(executableInjections(r.html), bad).toEqual([]);
    }
    const saved = await postForm(v, '/dashboard', '/dashboard/profile', profileForm(text));
    expect(saved.status, saved.html).toBe(303);
    const row = (await mediatorOf(v.userId))!;
    expect(row.name).toBe(text.name);
    for (const path of ['/dashboard', '/dashboard/preview']) {
      const r = await v.get(path);
      expect(r.html, path).toContain('alert(1)'); // shown, as text or inside a quoted attribute
      expect(executableInjections(r.html), path).toEqual([]);
    }
    await s.db.db.updateTable('mediators').set({ approved_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', row.id).execute();
    expect((await postForm(v, '/dashboard', '/dashboard/publish', [])).location).toBe('/dashboard?done=listed');
    for (const path of [`/mediators/${row.slug}`, '/mediators?near=78701', `/mediators?near=78701&q=${encodeURIComponent('script')}`]) {
      const r = await s.get(path);
      const html = await r.text();
      expect(r.status, path).toBe(200);
      expect(html, path).toMatch(/N&#34;(&gt;|>)&lt;script(&gt;|>)alert\(1\)/);
      expect(executableInjections(html), path).toEqual([]);
    }
    expect((await postForm(v, '/dashboard', '/dashboard/unlist', [])).location).toBe('/dashboard?done=unlisted');
  });

  it('stores a photo re-encoded to three sizes without its metadata, and refuses what is not a photo', async () => {
    const v = await signedIn(s, 'photo@example.org');
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Photo Person' }));
    const files = () => (fs.existsSync(s.photoDir) ? fs.readdirSync(s.photoDir).sort() : []);

    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret-exif-marker', Artist: 'Somebody' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const ok = await postPhoto(v, jpeg, 'me.jpg', 'image/jpeg');
    expect(ok.status, ok.html).toBe(303);
    expect(ok.location).toBe('/dashboard?done=photo_saved');
    const stored = files();
    expect(stored).toHaveLength(3);
    const row = (await mediatorOf(v.userId))!;
    expect(row.photo_url).toMatch(/^\/media\/photos\/[0-9a-f]{32}-320\.webp$/);
    expect(row.completeness).toBe(100);
    // Not listed yet: only its member (and editors) see the photo.
    expect((await s.get(row.photo_url!)).status).toBe(404);
    const cookie = [...v.cookies].map(([k, x]) => `${k}=${x}`).join('; ');
    const served = await s.get(row.photo_url!, { headers: { cookie } });
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    const body = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(body).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 320 });
    expect(meta.exif).toBeUndefined();
    expect(body.includes('secret-exif-marker')).toBe(false);
    for (const f of stored) expect((await sharp(`${s.photoDir}/${f}`).metadata()).exif, f).toBeUndefined();
    expect((await s.get('/media/photos/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await s.get('/media/photos/notaphoto.webp')).status).toBe(404);

    // A PNG replaces it; the old files go.
    const png = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#336699' } }).png().toBuffer();
    expect((await postPhoto(v, png, 'me.png', 'image/png')).status).toBe(303);
    const afterPng = files();
    expect(afterPng).toHaveLength(3);
    expect(afterPng.some((f) => stored.includes(f))).toBe(false);

    const before = files();
    const current = (await mediatorOf(v.userId))!.photo_url;
    const text = await postPhoto(v, Buffer.from('just some text, not a picture\n'.repeat(50)), 'holiday.jpg', 'image/jpeg');
    expect(text.status).toBe(400);
    expect(text.html).toContain('That file is not an image we can read');

    const big = await postPhoto(v, Buffer.alloc(6 * 1024 * 1024, 1), 'big.jpg');
    expect(big.status).toBe(413);
    expect(big.html).toContain('larger than 5 MB');

    const bomb = await postPhoto(v, await declaredPng(20_000, 20_000), 'bomb.png', 'image/png');
    expect(bomb.status).toBe(400);
    expect(bomb.html).toContain('too large in pixels');
    expect(files()).toEqual(before);
    expect((await mediatorOf(v.userId))!.photo_url).toBe(current);

    const removed = await postForm(v, '/dashboard', '/dashboard/photo/delete', []);
    expect(removed.location).toBe('/dashboard?done=photo_removed');
    expect(files()).toEqual([]);
    expect((await mediatorOf(v.userId))!.photo_url).toBeNull();
  });

  it('refuses a pixel bomb and a 16-bit giant with a clear 400, and the 11th upload in an hour with a 429', async () => {
    const v = await signedIn(s, 'uploads@example.org');
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Upload Person' }));
    const files = () => (fs.existsSync(s.photoDir) ? fs.readdirSync(s.photoDir).length : 0);
    const before = files();
    // A few hundred bytes that declare 900 megapixels.
    const bomb = await postPhoto(v, await declaredPng(30_000, 30_000), 'bomb.png', 'image/png');
    expect(bomb.status).toBe(400);
    expect(bomb.html).toContain('That image is too large in pixels. Upload one under 40 megapixels.');
    // 40 megapixels, within the pixel limit, but 16 bits per colour: 240 MB once decoded.
    const giant = await postPhoto(v, await declaredPng(8000, 5000, 16), 'giant.png', 'image/png');
    expect(giant.status).toBe(400);
    expect(giant.html).toContain('That image holds too much data to process. Upload one under 40 megapixels with ordinary 8-bit colour');
    expect(files()).toBe(before);

    // Refused uploads count too: each cost a look. Eight more make ten in the hour.
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#663399' } }).png().toBuffer();
    for (let i = 0; i < 8; i++) expect((await postPhoto(v, png, 'me.png', 'image/png')).status).toBe(303);
    const current = (await mediatorOf(v.userId))!.photo_url;
    const eleventh = await postPhoto(v, png, 'me.png', 'image/png');
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(eleventh.html).toContain('You have uploaded 10 files in the last hour (photos, pictures and evidence together), the most we take, so this one was not saved.');
    expect((await mediatorOf(v.userId))!.photo_url).toBe(current);
    // Another member is not held back by it.
    const other = await signedIn(s, 'uploads-other@example.org');
    await postForm(other, '/dashboard', '/dashboard/profile', profileForm({ name: 'Other Uploader' }));
    expect((await postPhoto(other, png, 'me.png', 'image/png')).status).toBe(303);
  });

  it('lists a profile only after the member publishes and an editor approves; unlisting removes it at once', async () => {
    const v = await signedIn(s, 'flow@example.org');
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Flow Mediator' }));
    const { slug, id } = (await mediatorOf(v.userId))!;

    expect((await v.get('/moderation')).status).toBe(403);
    const asked = await postForm(v, '/dashboard', '/dashboard/publish', []);
    expect(asked.location).toBe('/dashboard?done=waiting');
    expect((await v.get('/dashboard')).html).toContain('Waiting for review');
    expect((await mediatorOf(v.userId))!.status).toBe('draft');
    expect((await search()).results.map((r) => r.slug)).not.toContain(slug);

    const editor = await signedIn(s, 'editor@example.org', 'editor');
    const queue = await editor.get('/moderation');
    expect(queue.status).toBe(200);
    expect(queue.html).toContain('Flow Mediator');
    expect((await editor.get(`/moderation/${id}/preview`)).html).toContain('Flow Mediator');
    const approved = await postForm(editor, '/moderation', `/moderation/${id}/approve`, []);
    expect(approved.location).toBe('/moderation?done=approved');
    const [mail] = await mailsTo('flow@example.org');
    expect(mail!.subject).toBe('Your Concord profile is listed');
    expect(mail!.text).toContain(`/mediators/${slug}`);

    expect((await search()).results.map((r) => r.slug)).toContain(slug);
    expect((await s.get(`/mediators/${slug}`)).status).toBe(200);

    expect((await postForm(v, '/dashboard', '/dashboard/unlist', [])).location).toBe('/dashboard?done=unlisted');
    expect((await search()).results.map((r) => r.slug)).not.toContain(slug);
    expect((await s.get(`/mediators/${slug}`)).status).toBe(404);
    expect((await s.get(`/api/v1/mediators/${slug}`)).status).toBe(404);

    // Approved once: publishing again is immediate.
    expect((await postForm(v, '/dashboard', '/dashboard/publish', [])).location).toBe('/dashboard?done=listed');
    expect((await search()).results.map((r) => r.slug)).toContain(slug);
    await postForm(v, '/dashboard', '/dashboard/unlist', []);
  });

  it('declines with a note mailed to the member, who can ask again', async () => {
    const v = await signedIn(s, 'declined@example.org');
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Declined Mediator' }));
    await postForm(v, '/dashboard', '/dashboard/publish', []);
    const { id } = (await mediatorOf(v.userId))!;
    const editor = await signedIn(s, 'editor2@example.org', 'editor');
    const empty = await postForm(editor, '/moderation', `/moderation/${id}/decline`, [['note', '  ']]);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write a note');
    const declined = await postForm(editor, '/moderation', `/moderation/${id}/decline`, [['note', 'Please add your mediation credentials.']]);
    expect(declined.location).toBe('/moderation?done=declined');
    const [mail] = await mailsTo('declined@example.org');
    expect(mail!.text).toContain('Please add your mediation credentials.');
    expect((await editor.get('/moderation')).html).not.toContain('Declined Mediator');
    expect((await mediatorOf(v.userId))).toMatchObject({ status: 'draft', review_requested_at: null, approved_at: null });
    expect((await postForm(v, '/dashboard', '/dashboard/publish', [])).location).toBe('/dashboard?done=waiting');
  });

  it('confirms availability', async () => {
    const v = await signedIn(s, 'ada@example.org');
    await s.db.db.updateTable('mediators').set({ accepting_confirmed_at: null }).where('user_id', '=', v.userId).execute();
    const r = await postForm(v, '/dashboard', '/dashboard/availability', []);
    expect(r.location).toBe('/dashboard?done=confirmed');
    expect((await mediatorOf(v.userId))!.accepting_confirmed_at).toBe('2026-11-25T12:00:00.000Z');
  });

  it('exports the member’s data as a JSON download, without secrets', async () => {
    const v = await signedIn(s, 'ada@example.org');
    const mediator = (await mediatorOf(v.userId))!;
    const inquiry = await s.db.db
      .insertInto('inquiries')
      .values({ mediator_id: mediator.id, sender_name: 'Sam Sender', sender_email: 'sam@example.org', sender_phone: '', kind: 'family', place: 'Austin', format: 'any', message: 'Can we talk?', status: 'replied', delivered: 1, created_at: '2026-11-20T10:00:00.000Z', replied_at: '2026-11-21T10:00:00.000Z', closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s.db.db.insertInto('inquiry_replies').values({ inquiry_id: inquiry.id, message: 'Yes, call me on Monday.', created_at: '2026-11-21T10:00:00.000Z' }).execute();
    const r = await v.get('/dashboard/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="concord-my-data-2026-11-25\.json"$/);
    const data = JSON.parse(r.html);
    expect(data.account).toMatchObject({ email: 'ada@example.org', role: 'member' });
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.profile).toMatchObject({ name: 'Ada Mediator', practice_areas: ['family', 'workplace'], languages: ['en', 'es'] });
    expect(data.profile.offices[0]).toMatchObject({ city: 'Austin', postal_code: '78701' });
    expect(data.profile.credentials[0]).toMatchObject({ title: 'Certified Family Mediator' });
    expect(data.profile.service_areas[0]).toMatchObject({ kind: 'online', country: 'US', region: 'TX' });
    expect(data.inquiries).toEqual([expect.objectContaining({ sender_name: 'Sam Sender', message: 'Can we talk?', replies: [{ message: 'Yes, call me on Monday.', created_at: '2026-11-21T10:00:00.000Z' }] })]);
    expect(r.html).not.toMatch(/password|argon2/i);
  });

  it('deletes the account and profile with the password; sessions end and the page is gone', async () => {
    const v = await signedIn(s, 'leaving@example.org');
    await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Leaving Mediator' }));
    const row = (await mediatorOf(v.userId))!;
    await s.db.db.updateTable('mediators').set({ approved_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', row.id).execute();
    await postForm(v, '/dashboard', '/dashboard/publish', []);
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#123456' } }).png().toBuffer();
    await postPhoto(v, png, 'p.png', 'image/png');
    const photo = (await mediatorOf(v.userId))!.photo_url!;
    const other = await signedIn(s, 'leaving@example.org');
    expect((await search()).results.map((r) => r.slug)).toContain(row.slug);
    const inquiry = await s.db.db
      .insertInto('inquiries')
      .values({ mediator_id: row.id, sender_name: 'Kim Sender', sender_email: 'kim@example.org', sender_phone: '', kind: 'family', place: 'Austin', format: 'any', message: 'Hello', status: 'replied', delivered: 1, created_at: '2026-11-20T10:00:00.000Z', replied_at: '2026-11-21T10:00:00.000Z', closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s.db.db.insertInto('inquiry_replies').values({ inquiry_id: inquiry.id, message: 'Regards, Leaving Mediator', created_at: '2026-11-21T10:00:00.000Z' }).execute();

    const wrong = await postForm(v, '/dashboard/delete', '/dashboard/delete', [['current_password', 'not the password']]);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('nothing was deleted');
    expect(await mediatorOf(v.userId)).toBeDefined();

    const done = await postForm(v, '/dashboard/delete', '/dashboard/delete', [['current_password', PASSWORD]]);
    expect(done.status).toBe(303);
    expect(await mediatorOf(v.userId)).toBeUndefined();
    expect(await s.db.db.selectFrom('users').select('id').where('id', '=', v.userId).executeTakeFirst()).toBeUndefined();
    expect(await s.db.db.selectFrom('sessions').select('id').where('user_id', '=', v.userId).execute()).toEqual([]);
    expect(await s.db.db.selectFrom('offices').select('id').where('mediator_id', '=', row.id).execute()).toEqual([]);
    // The sender's inquiry stays, unlinked; the member's reply, their own words, is gone.
    expect(await s.db.db.selectFrom('inquiries').select('mediator_id').where('id', '=', inquiry.id).executeTakeFirst()).toEqual({ mediator_id: null });
    expect(await s.db.db.selectFrom('inquiry_replies').select('id').where('inquiry_id', '=', inquiry.id).execute()).toEqual([]);
    expect((await s.get(`/mediators/${row.slug}`)).status).toBe(404);
    expect((await s.get(photo)).status).toBe(404);
    expect((await search()).results.map((r) => r.slug)).not.toContain(row.slug);
    expect((await other.get('/dashboard')).status).toBe(303);
    expect((await v.get('/dashboard')).status).toBe(303);
    expect((await new Visitor(s).submit('/login', '/login', { email: 'leaving@example.org', password: PASSWORD })).status).toBe(400);
  });

  it('lets admins, and only admins, change roles; the changed user is logged out', async () => {
    const target = await signedIn(s, 'promote@example.org');
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    const admin = await signedIn(s, 'admin@example.org', 'admin');
    expect((await target.get('/admin/users')).status).toBe(403);
    expect((await editor.get('/admin/users')).status).toBe(403);
    const list = await admin.get('/admin/users');
    expect(list.status).toBe(200);
    expect(list.html).toContain('promote@example.org');

    const changed = await postForm(admin, '/admin/users', `/admin/users/${target.userId}/role`, [['role', 'editor']]);
    expect(changed.status).toBe(303);
    expect((await admin.get(changed.location!)).html).toContain('The role of promote@example.org is changed');
    expect((await target.get('/dashboard')).status).toBe(303); // logged out
    const again = await signedIn(s, 'promote@example.org');
    expect((await again.get('/moderation')).status).toBe(200);

    expect((await postForm(admin, '/admin/users', `/admin/users/${target.userId}/role`, [['role', 'owner']])).status).toBe(400);
    expect((await postForm(admin, '/admin/users', `/admin/users/${admin.userId}/role`, [['role', 'member']])).status).toBe(400);
    expect((await postForm(admin, '/admin/users', '/admin/users/999999/role', [['role', 'member']])).status).toBe(404);
    expect((await postForm(editor, '/moderation', `/admin/users/${target.userId}/role`, [['role', 'admin']])).status).toBe(403);
    expect((await s.db.db.selectFrom('users').select('role').where('id', '=', target.userId).executeTakeFirst())!.role).toBe('editor');
  });
});
