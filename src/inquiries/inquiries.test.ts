import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { csrfToken, pageText, Visitor, type Page } from '../../test/support/visitor.ts';
import { hashPassword } from '../accounts/secrets.ts';
import { insertUser } from '../accounts/users.ts';
import { statsFor } from '../directory/stats.ts';

const PASSWORD = 'correct horse battery';
const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const HOUR = 3_600_000;

const FIELDS = {
  name: 'Pat Visitor',
  email: 'pat@example.org',
  phone: '+1 512 555 0100',
  kind: 'family',
  place: 'Austin, TX',
  format: 'online',
  message: 'We are separating and want to agree on a parenting plan without going to court.',
};

describe.each(DIALECTS)('inquiries on %s', (engine) => {
  let s: TestServer;
  let clock = TEST_NOW;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const visitor = () => new Visitor(s);
  const pwHash = hashPassword(PASSWORD);

  /** A member with a listed profile, made directly in the database. */
  async function member(email: string, name: string): Promise<{ userId: number; mediatorId: number; slug: string }> {
    const userId = (await insertUser(s.db.db, { email, passwordHash: await pwHash, verifiedAt: clock.toISOString() }, clock))!;
    const mediatorId = await createMediator(s.db.db, engine, { name });
    await s.db.db.updateTable('mediators').set({ user_id: userId, approved_at: clock.toISOString() }).where('id', '=', mediatorId).execute();
    const { slug } = await s.db.db.selectFrom('mediators').select('slug').where('id', '=', mediatorId).executeTakeFirstOrThrow();
    return { userId, mediatorId, slug };
  }
  async function loggedIn(email: string): Promise<Visitor> {
    const v = visitor();
    const r = await v.submit('/login', '/login', { email, password: PASSWORD });
    expect(r.status, r.html).toBe(303);
    return v;
  }
  /** Opens the form (the profile page or the contact page), waits like a person, and sends it. */
  async function send(v: Visitor, slug: string, fields: Record<string, string>, opts: { from?: 'profile' | 'contact'; waitMs?: number } = {}): Promise<Page> {
    const form = await v.get(opts.from === 'profile' ? `/mediators/${slug}` : `/mediators/${slug}/contact`);
    expect(form.status).toBe(200);
    const started = /name="started" value="([^"]+)"/.exec(form.html)![1]!;
    advance(opts.waitMs ?? 5_000);
    return v.post(`/mediators/${slug}/contact`, { _csrf: csrfToken(form.html), started, website: '', ...fields });
  }
  const inquiriesOf = (mediatorId: number) => s.db.db.selectFrom('inquiries').selectAll().where('mediator_id', '=', mediatorId).orderBy('id').execute();
  const countAll = async () => Number((await s.db.db.selectFrom('inquiries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rawMails = async () => Promise.all((await s.mails()).map((m) => fs.readFile(path.join(s.mailDir, m.file), 'utf8')));

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
  });
  afterAll(() => s.close());
  // Every test comes from 127.0.0.1: a new hour keeps the hourly limit out of tests not about it.
  beforeEach(() => {
    advance(2 * HOUR);
  });

  it('stores an inquiry, mails the member (Reply-To the sender) and confirms to the sender; the member address is never in a page', async () => {
    const a = await member('ann.mediator@example.org', 'Ann Member');
    const v = visitor();
    const profile = await v.get(`/mediators/${a.slug}`);
    expect(profile.html).toContain(`action="/mediators/${a.slug}/contact"`);
    expect(profile.html).toContain('name="website"');
    expect(profile.html).toMatch(/class="trap" aria-hidden="true"/);
    expect(profile.html).toMatch(/name="website" type="text" tabindex="-1"/);
    expect(profile.headers.get('cache-control')).toBe('no-store');

    const mailsBefore = (await s.mails()).length;
    const r = await send(v, a.slug, FIELDS, { from: 'profile' });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe(`/mediators/${a.slug}/contact/sent`);
    const sent = await v.get(r.location!);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Your message is on its way');

    const [row, ...more] = await inquiriesOf(a.mediatorId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ sender_name: 'Pat Visitor', sender_email: 'pat@example.org', sender_phone: '+1 512 555 0100', kind: 'family', place: 'Austin, TX', format: 'online', status: 'new', delivered: 1 });
    expect(row!.message).toBe(FIELDS.message);

    const mails = (await s.mails()).slice(mailsBefore);
    expect(mails.map((m) => m.to).sort()).toEqual(['ann.mediator@example.org', 'pat@example.org']);
    const toMember = mails.find((m) => m.to === 'ann.mediator@example.org')!;
    expect(toMember.headers['reply-to']).toBe('pat@example.org');
    expect(toMember.headers['content-type']).toMatch(/^text\/plain/);
    expect(toMember.text).toContain(FIELDS.message);
    expect(toMember.text).toContain('+1 512 555 0100');
    expect(toMember.text).toContain('Family & divorce');
    expect(toMember.text).toContain(`http://concord.test/dashboard/inquiries/${row!.id}`);
    const toSender = mails.find((m) => m.to === 'pat@example.org')!;
    expect(toSender.subject).toContain('Ann Member');
    // The confirmation never repeats the message: the form must not mail any text to any address.
    expect(toSender.text).not.toContain(FIELDS.message);
    expect(toSender.text).not.toContain('ann.mediator@example.org');

    for (const page of [profile.html, sent.html, (await v.get(`/mediators/${a.slug}/contact`)).html, await (await s.get(`/api/v1/mediators/${a.slug}`)).text(), await (await s.get('/api/v1/mediators')).text()]) {
      expect(page).not.toContain('ann.mediator@example.org');
    }
  });

  it('keeps a message to a demo profile (no owner), mails only the sender, and says no one will read it', async () => {
    const id = await createMediator(s.db.db, engine, { name: 'Demo Person' });
    const { slug } = await s.db.db.selectFrom('mediators').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    const v = visitor();
    expect((await v.get(`/mediators/${slug}`)).html).toContain('This is a demo profile.');
    const before = (await s.mails()).length;
    const r = await send(v, slug, { ...FIELDS, email: 'demo.sender@example.org' });
    expect(r.status).toBe(303);
    expect((await v.get(r.location!)).html).toContain('no one will receive or answer it');
    const [row] = await inquiriesOf(id);
    expect(row).toMatchObject({ delivered: 0, sender_email: 'demo.sender@example.org' });
    const mails = (await s.mails()).slice(before);
    expect(mails.map((m) => m.to)).toEqual(['demo.sender@example.org']);
    expect(mails[0]!.text).toContain('This is a demo profile');
  });

  it('refuses a form with the robot trap filled in: 400, what was typed kept, nothing stored or mailed', async () => {
    const a = await member('trap@example.org', 'Trap Member');
    const before = { stored: await countAll(), mails: (await s.mails()).length };
    const r = await send(visitor(), a.slug, { ...FIELDS, website: 'http://spam.example' });
    expect(r.status).toBe(400);
    expect(r.html).toContain('a hidden field meant for robots was filled in');
    expect(r.html).toContain('value="Pat Visitor"');
    expect(r.html).toContain(FIELDS.message);
    expect(r.html).not.toContain('spam.example');
    expect(await countAll()).toBe(before.stored);
    expect((await s.mails()).length).toBe(before.mails);
  });

  it('refuses a form sent within 3 seconds of being shown, or with a forged start time, and takes it once a person would have', async () => {
    const a = await member('fast@example.org', 'Fast Member');
    const v = visitor();
    const fast = await send(v, a.slug, FIELDS, { waitMs: 1_000 });
    expect(fast.status).toBe(400);
    expect(fast.html).toContain('quicker than a person usually types');
    expect(fast.html).toContain(FIELDS.message);
    expect(await inquiriesOf(a.mediatorId)).toEqual([]);

    const form = await v.get(`/mediators/${a.slug}/contact`);
    advance(10_000);
    const forged = await v.post(`/mediators/${a.slug}/contact`, { _csrf: csrfToken(form.html), started: `${clock.getTime() - 60_000}.${'A'.repeat(43)}`, ...FIELDS });
    expect(forged.status).toBe(400);
    const missing = await v.post(`/mediators/${a.slug}/contact`, { _csrf: csrfToken(form.html), ...FIELDS });
    expect(missing.status).toBe(400);
    // A stamp made for another profile's form is refused too.
    const other = await member('other.form@example.org', 'Other Member');
    const otherForm = await v.get(`/mediators/${other.slug}/contact`);
    advance(10_000);
    const started = /name="started" value="([^"]+)"/.exec(otherForm.html)![1]!;
    expect((await v.post(`/mediators/${a.slug}/contact`, { _csrf: csrfToken(otherForm.html), started, ...FIELDS })).status).toBe(400);
    expect(await inquiriesOf(a.mediatorId)).toEqual([]);

    // The refusal page carries a fresh start time: waiting and sending again works.
    const again = await v.post(`/mediators/${a.slug}/contact`, { _csrf: csrfToken(fast.html), started: /name="started" value="([^"]+)"/.exec(fast.html)![1]!, ...FIELDS });
    expect(again.status).toBe(303);
    expect(await inquiriesOf(a.mediatorId)).toHaveLength(1);
  });

  it('refuses a 10 KB message with a clear 400 that keeps the text, and explains each missing field', async () => {
    const a = await member('long@example.org', 'Long Member');
    const long = 'x'.repeat(10_240);
    const r = await send(visitor(), a.slug, { ...FIELDS, message: long });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Your message is 10,240 characters long. Please shorten it to 5,000 characters or fewer');
    expect(r.html).toContain(long);
    expect(r.html).toContain('href="#contact-message"');
    const empty = await send(visitor(), a.slug, { name: '', email: 'nope', phone: 'call me', kind: 'nonsense', place: '', format: 'teleport', message: '' });
    expect(empty.status).toBe(400);
    for (const text of ['Enter your name.', 'Enter an email address like name@example.org.', 'Use only digits', 'Choose the kind of dispute', 'Say where you are', 'Choose how you would like to meet.', 'Write your message']) {
      expect(empty.html).toContain(text);
    }
    expect(await inquiriesOf(a.mediatorId)).toEqual([]);
  });

  it('takes 5 inquiries an hour from one address, then answers 429 with Retry-After, keeping the message', async () => {
    const a = await member('busy@example.org', 'Busy Member');
    const v = visitor();
    for (let i = 0; i < 5; i++) expect((await send(v, a.slug, { ...FIELDS, email: `sender${i}@example.org` })).status).toBe(303);
    const sixth = await send(v, a.slug, { ...FIELDS, email: 'sender6@example.org' });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sixth.html).toContain('too many messages');
    expect(sixth.html).toContain(FIELDS.message);
    expect(await inquiriesOf(a.mediatorId)).toHaveLength(5);
    advance(HOUR);
    expect((await send(v, a.slug, { ...FIELDS, email: 'sender7@example.org' })).status).toBe(303);
  });

  it('holds the hourly limit when 12 messages from one sender arrive at once: 5 stored, 7 answered 429', async () => {
    const a = await member('rush@example.org', 'Rush Member');
    const v = visitor();
    const form = await v.get(`/mediators/${a.slug}/contact`);
    const started = /name="started" value="([^"]+)"/.exec(form.html)![1]!;
    advance(5_000);
    const fields = { _csrf: csrfToken(form.html), started, website: '', ...FIELDS, email: 'rush.sender@example.org' };
    // SQLite's one connection is held, as a longer write would hold it, until all twelve have
    // arrived: otherwise each request could run its queries before the next one is even read.
    let release = () => {};
    const holding = s.db.db.connection().execute(() => new Promise<void>((resolve) => (release = resolve)));
    const arrived = new Promise<void>((resolve) => {
      let n = 0;
      const count = () => {
        if (++n < 12) return;
        s.app.server.off('request', count);
        resolve();
      };
      s.app.server.on('request', count);
    });
    const posting = Promise.all(Array.from({ length: 12 }, () => v.post(`/mediators/${a.slug}/contact`, fields)));
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await holding;
    const answers = await posting;

    expect(answers.map((r) => r.status).sort()).toEqual([...Array(5).fill(303), ...Array(7).fill(429)]);
    for (const r of answers.filter((x) => x.status === 429)) expect(r.html).toContain('too many messages have come from this address or this connection');
    expect(await inquiriesOf(a.mediatorId)).toHaveLength(5);
  });

  it('keeps script payloads inert in every inquiry field: refusal page, member pages and mail', async () => {
    const a = await member('xss@example.org', 'Xss Member');
    const v = visitor();
    // Every field at once: the refusal page shows them all again.
    const refused = await send(v, a.slug, { name: PAYLOAD, email: PAYLOAD, phone: PAYLOAD, kind: PAYLOAD, place: PAYLOAD, format: PAYLOAD, message: PAYLOAD });
    expect(refused.status).toBe(400);
    expect(executableInjections(refused.html)).toEqual([]);
    // The fields that take free text, stored and shown to the member.
    const before = (await s.mails()).length;
    const r = await send(v, a.slug, { ...FIELDS, name: `Eve ${PAYLOAD}`, place: PAYLOAD, message: `${PAYLOAD}\n</textarea>${PAYLOAD}` });
    expect(r.status, r.html).toBe(303);
    const [row] = await inquiriesOf(a.mediatorId);
    const m = await loggedIn('xss@example.org');
    for (const p of ['/dashboard/inquiries', '/dashboard/inquiries?status=all', `/dashboard/inquiries/${row!.id}`]) {
      const page = await m.get(p);
      expect(page.status, p).toBe(200);
      expect(page.html).toContain('&lt;script>alert(1)');
      expect(executableInjections(page.html), p).toEqual([]);
    }
    const reply = await m.post(`/dashboard/inquiries/${row!.id}/reply`, { _csrf: csrfToken((await m.get(`/dashboard/inquiries/${row!.id}`)).html), message: PAYLOAD });
    expect(reply.status).toBe(303);
    expect(executableInjections((await m.get(`/dashboard/inquiries/${row!.id}`)).html)).toEqual([]);

    const mails = (await s.mails()).slice(before);
    expect(mails).toHaveLength(3);
    for (const mail of mails) expect(mail.headers['content-type']).toMatch(/^text\/plain/);
    // Plain text only: no HTML part in which a payload could run.
    for (const raw of (await rawMails()).slice(before)) expect(raw).not.toMatch(/text\/html/i);
    expect(mails.find((x) => x.to === 'xss@example.org')!.text).toContain(PAYLOAD);
  });

  it('lets the member reply (Reply-To their own address) and close; the list filters by status', async () => {
    const a = await member('replier@example.org', 'Replier Member');
    await send(visitor(), a.slug, { ...FIELDS, email: 'asker@example.org' });
    const [row] = await inquiriesOf(a.mediatorId);
    const m = await loggedIn('replier@example.org');
    const inbox = await m.get('/dashboard/inquiries');
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain(`href="/dashboard/inquiries/${row!.id}"`);
    expect(pageText(inbox.html)).toContain('New (1)');

    const page = await m.get(`/dashboard/inquiries/${row!.id}`);
    expect(page.html).toContain('asker@example.org');
    expect(page.html).toContain(FIELDS.message);
    const empty = await m.post(`/dashboard/inquiries/${row!.id}/reply`, { _csrf: csrfToken(page.html), message: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write your reply.');

    const before = (await s.mails()).length;
    const reply = await m.post(`/dashboard/inquiries/${row!.id}/reply`, { _csrf: csrfToken(page.html), message: 'Happy to help. Are you free on Tuesday?' });
    expect(reply.status).toBe(303);
    const [mail, ...more] = (await s.mails()).slice(before);
    expect(more).toEqual([]);
    expect(mail!.to).toBe('asker@example.org');
    expect(mail!.headers['reply-to']).toBe('replier@example.org');
    expect(mail!.text).toContain('Are you free on Tuesday?');
    expect((await inquiriesOf(a.mediatorId))[0]).toMatchObject({ status: 'replied', replied_at: clock.toISOString() });
    expect((await m.get(reply.location!)).html).toContain('Your reply is sent.');
    // The reply form of the member's own page never shows their address.
    expect((await m.get(reply.location!)).html).not.toContain('replier@example.org');

    const close = await m.post(`/dashboard/inquiries/${row!.id}/close`, { _csrf: csrfToken(page.html) });
    expect(close.status).toBe(303);
    expect((await inquiriesOf(a.mediatorId))[0]!.status).toBe('closed');
    expect((await m.get('/dashboard/inquiries?status=new')).html).not.toContain(`/dashboard/inquiries/${row!.id}"`);
    expect((await m.get('/dashboard/inquiries?status=closed')).html).toContain(`/dashboard/inquiries/${row!.id}"`);
  });

  it('pages the inbox 25 at a time: a bad page is a 400 that says why, a page past the last a 404', async () => {
    const a = await member('pages@example.org', 'Pages Member');
    const m = await loggedIn('pages@example.org');
    const oneEmpty = await m.get('/dashboard/inquiries?page=2');
    expect(oneEmpty.status).toBe(404);
    expect(pageText(oneEmpty.html)).toContain('There is only 1 page of your new inquiries, so there is no page 2.');

    const row = (i: number) => ({
      mediator_id: a.mediatorId,
      sender_name: `Sender ${String(i).padStart(2, '0')}`,
      sender_email: `s${i}@example.org`,
      sender_phone: '',
      kind: 'family',
      place: 'Austin, TX',
      format: 'any',
      message: `Message ${i}`,
      status: 'new' as const,
      delivered: 1,
      created_at: new Date(clock.getTime() - i * 60_000).toISOString(),
      replied_at: null,
      closed_at: null,
    });
    await s.db.db.insertInto('inquiries').values(Array.from({ length: 26 }, (_, i) => row(i + 1))).execute();
    const first = await m.get('/dashboard/inquiries');
    expect(pageText(first.html)).toContain('Page 1 of 2');
    expect(first.html).toContain('Sender 01');
    expect(first.html).not.toContain('Sender 26');
    const second = await m.get('/dashboard/inquiries?page=2');
    expect(second.status).toBe(200);
    expect(pageText(second.html)).toContain('Page 2 of 2');
    expect(second.html).toContain('Sender 26');
    expect(second.html).not.toContain('Sender 01');
    // A status the tabs do not have shows the new ones, as before.
    expect(pageText((await m.get('/dashboard/inquiries?status=bogus&page=2')).html)).toContain('Page 2 of 2');

    for (const bad of ['abc', '0', '-1', '1.5', '1234567']) {
      const r = await m.get(`/dashboard/inquiries?page=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(pageText(r.html), bad).toContain('Page must be a whole number from 1.');
    }
    const past = await m.get('/dashboard/inquiries?status=all&page=3');
    expect(past.status).toBe(404);
    expect(pageText(past.html)).toContain('There are only 2 pages of your inquiries, so there is no page 3.');
  });

  it("never lets member B read, reply to or close member A's inquiries (404, nothing changed)", async () => {
    const a = await member('owner.a@example.org', 'Owner A');
    await member('owner.b@example.org', 'Owner B');
    await send(visitor(), a.slug, { ...FIELDS, email: 'private@example.org', message: 'Private matter for A only' });
    const [row] = await inquiriesOf(a.mediatorId);
    const b = await loggedIn('owner.b@example.org');
    // A valid token of B's own session, so only ownership decides.
    const csrf = csrfToken((await b.get('/account')).html);
    const list = await b.get('/dashboard/inquiries?status=all');
    expect(list.html).not.toContain('private@example.org');
    expect(list.html).not.toContain(`/dashboard/inquiries/${row!.id}"`);
    const read = await b.get(`/dashboard/inquiries/${row!.id}`);
    expect(read.status).toBe(404);
    expect(read.html).not.toContain('Private matter');
    const before = (await s.mails()).length;
    expect((await b.post(`/dashboard/inquiries/${row!.id}/reply`, { _csrf: csrf, message: 'Hijack' })).status).toBe(404);
    expect((await b.post(`/dashboard/inquiries/${row!.id}/close`, { _csrf: csrf })).status).toBe(404);
    expect((await s.mails()).length).toBe(before);
    expect((await inquiriesOf(a.mediatorId))[0]).toMatchObject({ status: 'new', replied_at: null, closed_at: null });
    expect(await s.db.db.selectFrom('inquiry_replies').selectAll().where('inquiry_id', '=', row!.id).execute()).toEqual([]);
    for (const bad of ['abc', '0', '99999999', '1e3']) expect((await b.get(`/dashboard/inquiries/${bad}`)).status).toBe(404);

    // A signed-in user without a profile sees none; a visitor is sent to log in.
    await insertUser(s.db.db, { email: 'noprofile@example.org', passwordHash: await pwHash, verifiedAt: clock.toISOString() }, clock);
    const n = await loggedIn('noprofile@example.org');
    expect((await n.get('/dashboard/inquiries')).html).toContain("You don't have a mediator profile yet");
    expect((await n.get(`/dashboard/inquiries/${row!.id}`)).status).toBe(404);
    const anon = await visitor().get(`/dashboard/inquiries/${row!.id}`);
    expect(anon.status).toBe(303);
    expect(anon.location).toMatch(/^\/login\?next=/);
  });

  it('keeps an inquiry, with no link to anyone, when the profile is deleted', async () => {
    const a = await member('leaving@example.org', 'Leaving Member');
    await send(visitor(), a.slug, { ...FIELDS, message: 'Message to someone who leaves' });
    const [row] = await inquiriesOf(a.mediatorId);
    // Counts still in memory would go to whoever gets the id next (SQLite reuses the highest rowid).
    await statsFor(s.db.db).flush(s.db.db);
    await s.db.db.deleteFrom('mediators').where('id', '=', a.mediatorId).execute();
    const kept = await s.db.db.selectFrom('inquiries').selectAll().where('id', '=', row!.id).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ mediator_id: null, message: 'Message to someone who leaves' });
  });

  it('shows the listing numbers per month (views, search appearances, inquiries) once counts are flushed', async () => {
    const c = await member('numbers@example.org', 'Numbers Member');
    const v = visitor();
    await v.get(`/mediators/${c.slug}`);
    await v.get(`/mediators/${c.slug}`);
    await v.get(`/mediators/${c.slug}`);
    // Appearances: the results page and the JSON API, both with no place (every listed mediator; fewer than a page).
    expect((await v.get('/mediators')).html).toContain('Numbers Member');
    expect(await (await s.get('/api/v1/mediators')).text()).toContain(c.slug);
    await send(v, c.slug, FIELDS);
    await statsFor(s.db.db).flush(s.db.db);

    const m = await loggedIn('numbers@example.org');
    const page = await m.get('/dashboard/numbers');
    expect(page.status).toBe(200);
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(clock);
    expect(pageText(page.html)).toContain(`${month} 3 2 1`);
    // Counts add up across flushes.
    await v.get(`/mediators/${c.slug}`);
    await statsFor(s.db.db).flush(s.db.db);
    expect(pageText((await m.get('/dashboard/numbers')).html)).toContain(`${month} 4 2 1`);
  });
});
