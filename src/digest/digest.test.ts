import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { executableInjections } from '../../test/support/html.ts';
import { linkPath, type CapturedMail } from '../../test/support/mail.ts';
import { PASSWORD, postForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';
import { confirmToken } from './links.ts';
import { SUBSCRIBE_LIMITS } from './limits.ts';
import { runWeeklyDigest } from './service.ts';
import type { Context } from '../web/context.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The Monday 14:00 UTC after TEST_NOW (Wednesday 25 November 2026): the week 2026-W49 digest. */
const SEND_AT = new Date('2026-11-30T14:00:00.000Z');

describe.each(DIALECTS)('the weekly digest on %s', (engine) => {
  let s: TestServer;
  let clock = TEST_NOW;
  let ctx: Context;
  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to === to);
  const digestsTo = async (to: string) => (await mailsTo(to)).filter((m) => m.subject.startsWith('This week on Concord'));
  const row = (email: string) => s.db.db.selectFrom('digest_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  const tokenOf = (path: string) => new URLSearchParams(path.split('?')[1]).get('token')!;

  /** Subscribes through the form as a visitor and follows the mailed link; returns the confirmation mail. */
  async function subscribeAndConfirm(email: string): Promise<CapturedMail> {
    const v = new Visitor(s);
    const r = await v.submit('/digest', '/digest', { email });
    expect(r.status, r.html).toBe(303);
    const mail = (await mailsTo(email)).at(-1)!;
    const confirmed = await new Visitor(s).post('/digest/confirm', { token: tokenOf(linkPath(mail, '/digest/confirm')) });
    expect(confirmed.status).toBe(200);
    return mail;
  }

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    ctx = s.app.deps;
  });
  afterAll(() => s.close());

  it('subscribes a visitor only once they follow the mailed link', async () => {
    const v = new Visitor(s);
    const page = await v.get('/digest');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>The weekly digest</h1>');
    expect(page.headers.get('cache-control')).toBe('no-store');

    const r = await v.submit('/digest', '/digest', { email: '  Reader@Example.org ' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/digest/check-email?email=reader%40example.org');
    expect(pageText((await v.get(r.location!)).html)).toContain("We've sent a message to reader@example.org");

    const [mail, ...more] = await mailsTo('reader@example.org');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Confirm your Concord weekly digest');
    expect(await row('reader@example.org')).toMatchObject({ confirmed_at: null, unsubscribed_at: null });

    // The link opens a question and changes nothing (mail scanners open links); the button confirms.
    const link = linkPath(mail!, '/digest/confirm');
    const question = await new Visitor(s).get(link);
    expect(question.status).toBe(200);
    expect(question.html).toContain('Yes, send me the digest');
    expect((await row('reader@example.org'))!.confirmed_at).toBeNull();
    later(HOUR);
    const done = await new Visitor(s).post('/digest/confirm', { token: tokenOf(link) });
    expect(done.status).toBe(200);
    expect(pageText(done.html)).toContain('The weekly digest will come to reader@example.org');
    expect(await row('reader@example.org')).toMatchObject({ confirmed_at: clock.toISOString(), unsubscribed_at: null });
    // A second use is harmless.
    expect(pageText((await new Visitor(s).post('/digest/confirm', { token: tokenOf(link) })).html)).toContain('already gets the weekly digest');
  });

  it('answers the same whether an address is new, waiting or subscribed', async () => {
    later(2 * HOUR);
    const answers: string[] = [];
    for (const email of ['reader@example.org', 'waiting@example.org', 'brand-new@example.org']) {
      if (email === 'waiting@example.org') await new Visitor(s).submit('/digest', '/digest', { email });
      const r = await new Visitor(s).submit('/digest', '/digest', { email });
      expect(r.status).toBe(303);
      answers.push(pageText((await new Visitor(s).get(r.location!)).html).replace(email, 'ADDRESS'));
      // The mail says the same too: a confirmation link, whatever the state.
      expect((await mailsTo(email)).at(-1)!.subject).toBe('Confirm your Concord weekly digest');
    }
    expect(new Set(answers).size).toBe(1);
  });

  it('sends each week once to confirmed subscribers only, even run twice and at once, with one-click unsubscribe headers', async () => {
    later(2 * HOUR);
    await subscribeAndConfirm('second@example.org');
    // Waiting (never confirmed) and unsubscribed addresses get nothing.
    await new Visitor(s).submit('/digest', '/digest', { email: 'unconfirmed@example.org' });
    const stamp = clock.toISOString();
    await s.db.db
      .insertInto('digest_subscribers')
      .values({ email: 'gone@example.org', user_id: null, created_at: stamp, confirmed_at: stamp, unsubscribed_at: stamp, last_sent_at: null })
      .execute();

    const at = (ms: number) => new Date(SEND_AT.getTime() + ms).toISOString();
    await createTestArticle(s.db.db, engine, { title: 'Last week, not this', publishedAt: at(-8 * DAY) });
    const older = await createTestArticle(s.db.db, engine, { title: 'Early in the week', publishedAt: at(-6 * DAY) });
    const evil = await createTestArticle(s.db.db, engine, {
      title: '<script>alert(1)</script> Payload',
      excerpt: '<img src=x onerror=alert(2)> short',
      kind: 'video',
      videoUrl: 'https://vimeo.com/123456',
      body: 'Transcript.',
      publishedAt: at(-1 * HOUR),
    });
    await createTestArticle(s.db.db, engine, { title: 'A draft in the week', status: 'draft', publishedAt: null });
    await createTestArticle(s.db.db, engine, { title: 'After the send time', publishedAt: at(30 * 60_000) });

    clock = new Date(SEND_AT.getTime() + HOUR);
    // Two instances at once, then once more: one run sends.
    const runs = await Promise.all([runWeeklyDigest(ctx, clock), runWeeklyDigest(ctx, clock)]);
    expect(runs.map((r) => r.status).sort(), JSON.stringify(runs)).toEqual(['already', 'sent']);
    expect(runs.find((r) => r.status === 'sent')).toEqual({ week: '2026-W49', status: 'sent', sent: 2 });
    expect(await runWeeklyDigest(ctx, new Date(clock.getTime() + 3 * HOUR))).toEqual({ week: '2026-W49', status: 'already' });
    expect(await s.db.db.selectFrom('digest_runs').select(['week', 'sent']).execute()).toEqual([{ week: '2026-W49', sent: 2 }]);

    for (const email of ['unconfirmed@example.org', 'gone@example.org']) expect(await digestsTo(email)).toEqual([]);
    for (const email of ['reader@example.org', 'second@example.org']) {
      const [digest, ...more] = await digestsTo(email);
      expect(more).toEqual([]);
      expect(digest!.subject).toBe('This week on Concord: <script>alert(1)</script> Payload, and 1 more');
      const unsubscribe = digest!.headers['list-unsubscribe']!;
      expect(unsubscribe).toMatch(/^<http:\/\/concord\.test\/digest\/unsubscribe\?token=\d+\.[\w-]{43}>$/);
      expect(digest!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(digest!.links).toContain(unsubscribe.slice(1, -1));
      // Newest first, with kind, byline, excerpt and link; nothing from outside the week.
      const text = digest!.text;
      expect(text.indexOf('Payload')).toBeLessThan(text.indexOf('Early in the week'));
      expect(text).toContain(`Video · by `);
      expect(text).toContain(`http://concord.test/articles/${evil.slug}`);
      expect(text).toContain(`http://concord.test/articles/${older.slug}`);
      expect(text).not.toMatch(/Last week, not this|A draft in the week|After the send time/);
      // The HTML part shows writers' text as text.
      expect(digest!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Payload');
      expect(digest!.html).toContain('&lt;img src=x onerror=alert(2)&gt; short');
      expect(digest!.html).not.toMatch(/<script|<img/);
      expect(executableInjections(digest!.html)).toEqual([]);
      expect(digest!.html).toContain(`href="${unsubscribe.slice(1, -1)}"`);
    }

    // A piece published just after the send time belongs to the next week's digest.
    clock = new Date(SEND_AT.getTime() + 7 * DAY + HOUR);
    expect(await runWeeklyDigest(ctx, clock)).toEqual({ week: '2026-W50', status: 'sent', sent: 2 });
    expect((await digestsTo('second@example.org')).at(-1)!.subject).toBe('This week on Concord: After the send time');

    // The week after has nothing new: claimed, and nothing sent.
    clock = new Date(SEND_AT.getTime() + 14 * DAY + HOUR);
    const before = (await s.mails()).length;
    expect(await runWeeklyDigest(ctx, clock)).toEqual({ week: '2026-W51', status: 'empty' });
    expect((await s.mails()).length).toBe(before);
  });

  it('unsubscribes with one click: a POST to the link, with no CSRF token; the link itself only asks', async () => {
    const [digest] = await digestsTo('reader@example.org');
    const url = new URL(digest!.headers['list-unsubscribe']!.slice(1, -1));
    const path = url.pathname + url.search;
    const ask = await new Visitor(s).get(path);
    expect(ask.status).toBe(200);
    expect(pageText(ask.html)).toContain('Stop sending the weekly digest to reader@example.org');
    expect((await row('reader@example.org'))!.unsubscribed_at).toBeNull();

    // As RFC 8058 mail clients send it: no cookies, a form body naming the one-click action.
    const oneClick = await fetch(s.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await row('reader@example.org'))!.unsubscribed_at).toBe(clock.toISOString());
    // Some clients send multipart/form-data.
    const [other] = await digestsTo('second@example.org');
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    const multipart = await fetch(other!.headers['list-unsubscribe']!.slice(1, -1).replace('http://concord.test', s.baseUrl), { method: 'POST', body: form });
    expect(multipart.status).toBe(200);
    expect((await row('second@example.org'))!.unsubscribed_at).toBe(clock.toISOString());
    // Again: nothing changes, and the page says so.
    expect((await new Visitor(s).post(path, {})).status).toBe(200);
    expect((await row('reader@example.org'))!.unsubscribed_at).toBe(clock.toISOString());
    expect(pageText((await new Visitor(s).get(path)).html)).toContain("doesn't get the digest");

    // The next week's digest skips them.
    await createTestArticle(s.db.db, engine, { title: 'A new week', publishedAt: new Date(clock.getTime() + DAY).toISOString() });
    expect(await runWeeklyDigest(ctx, new Date(SEND_AT.getTime() + 21 * DAY + HOUR))).toEqual({ week: '2026-W52', status: 'sent', sent: 0 });
    expect(await digestsTo('reader@example.org')).toHaveLength(2);
  });

  it('lets an unsubscribed address subscribe again, and an old link cannot undo an unsubscription', async () => {
    // A confirmation link sent before the unsubscription, still within its 7 days.
    const old = confirmToken(s.app.deps.config.secret, (await row('reader@example.org'))!, new Date(clock.getTime() - 3 * DAY));
    const stale = await new Visitor(s).post('/digest/confirm', { token: old });
    expect(stale.status).toBe(400);
    expect(pageText(stale.html)).toContain('unsubscribed after this link was sent');
    expect((await row('reader@example.org'))!.unsubscribed_at).not.toBeNull();

    later(HOUR);
    const r = await new Visitor(s).submit('/digest', '/digest', { email: 'reader@example.org' });
    expect(r.status).toBe(303);
    // Still unsubscribed until the new link is followed.
    expect((await row('reader@example.org'))!.unsubscribed_at).not.toBeNull();
    const mail = (await mailsTo('reader@example.org')).at(-1)!;
    later(60_000);
    await new Visitor(s).post('/digest/confirm', { token: tokenOf(linkPath(mail, '/digest/confirm')) });
    expect(await row('reader@example.org')).toMatchObject({ unsubscribed_at: null, confirmed_at: clock.toISOString() });
  });

  it('refuses bad addresses and bad links with a 400 and a message, and keeps typed scripts inert', async () => {
    later(2 * HOUR);
    const v = new Visitor(s);
    for (const [email, message] of [
      ['', 'Enter your email address.'],
      ['not-an-address', 'Enter an email address like name@example.org.'],
      ['<script>alert(1)</script>', 'Enter an email address like name@example.org.'],
      ['"><script>alert(1)</script>@example.org', 'Enter an email address like name@example.org.'],
      [`${'a'.repeat(250)}@example.org`, 'That email address is too long.'],
    ]) {
      const r = await v.submit('/digest', '/digest', { email: email! });
      expect(r.status, email).toBe(400);
      expect(r.html).toContain(message);
      expect(executableInjections(r.html)).toEqual([]);
      // The form comes back with what was typed, as the value of the field.
      if (email!.includes('<script>')) expect(r.html).toContain(`value="${email!.replace(/"/g, '&#34;')}"`);
    }
    expect((await v.post('/digest', { email: 'csrf@example.org' })).status).toBe(403);
    expect(await row('csrf@example.org')).toBeUndefined();

    // Reflected addresses are escaped too.
    for (const path of ['/digest?email=%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/digest/check-email?email=%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      const page = await v.get(path);
      expect(page.status).toBe(200);
      expect(executableInjections(page.html)).toEqual([]);
      expect(page.html).toContain('alert(1)');
    }

    const secret = s.app.deps.config.secret;
    const waiting = (await row('second@example.org'))!;
    const good = confirmToken(secret, waiting, clock);
    const tampered = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const expired = confirmToken(secret, waiting, new Date(clock.getTime() - 8 * DAY));
    for (const [token, message] of [
      ['garbage', 'not complete or not right'],
      [tampered, 'not complete or not right'],
      ['<script>alert(1)</script>', 'not complete or not right'],
      [expired, 'has expired'],
    ]) {
      for (const page of [await v.get(`/digest/confirm?token=${encodeURIComponent(token!)}`), await v.post('/digest/confirm', { token: token! })]) {
        expect(page.status).toBe(400);
        expect(pageText(page.html)).toContain(message);
        expect(executableInjections(page.html)).toEqual([]);
      }
    }
    expect(await row('late@example.org')).toBeUndefined();
    for (const token of ['', 'garbage', '1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '<script>']) {
      expect((await v.get(`/digest/unsubscribe?token=${encodeURIComponent(token)}`)).status).toBe(400);
      const post = await fetch(`${s.baseUrl}/digest/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(post.status).toBe(400);
      expect(await post.text()).toContain('unsubscribe link');
    }
  });

  it('holds the limit when requests for one address arrive at once', async () => {
    later(2 * HOUR);
    const answers = await Promise.all(Array.from({ length: 8 }, () => new Visitor(s).submit('/digest', '/digest', { email: 'burst@example.org' })));
    expect(answers.filter((a) => a.status === 303)).toHaveLength(SUBSCRIBE_LIMITS.email);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(8 - SUBSCRIBE_LIMITS.email);
    expect(await mailsTo('burst@example.org')).toHaveLength(SUBSCRIBE_LIMITS.email);
  });

  it('limits requests per address and per client', async () => {
    later(2 * HOUR);
    for (let i = 0; i < SUBSCRIBE_LIMITS.email; i++) expect((await new Visitor(s).submit('/digest', '/digest', { email: 'flood@example.org' })).status).toBe(303);
    const limited = await new Visitor(s).submit('/digest', '/digest', { email: 'flood@example.org' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(pageText(limited.html)).toContain('there have been too many requests for this address or from this connection in the last hour');
    expect(limited.html).toContain('value="flood@example.org"');
    expect(await mailsTo('flood@example.org')).toHaveLength(SUBSCRIBE_LIMITS.email);

    later(2 * HOUR);
    for (let i = 0; i < SUBSCRIBE_LIMITS.address; i++) expect((await new Visitor(s).submit('/digest', '/digest', { email: `client-${i}@example.org` })).status).toBe(303);
    expect((await new Visitor(s).submit('/digest', '/digest', { email: 'one-more@example.org' })).status).toBe(429);
    expect(await mailsTo('one-more@example.org')).toEqual([]);
    later(HOUR + 60_000);
    expect((await new Visitor(s).submit('/digest', '/digest', { email: 'one-more@example.org' })).status).toBe(303);
  });

  it('fills in a member’s address and subscribes their own confirmed address at once', async () => {
    later(2 * HOUR);
    const member = await signedIn(s, 'member@example.org');
    const page = await member.get('/digest');
    expect(page.html).toContain('value="member@example.org"');
    const r = await member.submit('/digest', '/digest', { email: 'member@example.org' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/digest?done=subscribed');
    expect(await row('member@example.org')).toMatchObject({ user_id: member.userId, confirmed_at: clock.toISOString(), unsubscribed_at: null });
    expect(await mailsTo('member@example.org')).toEqual([]);
    const after = await member.get(r.location!);
    expect(pageText(after.html)).toContain('You get the digest at member@example.org');
    // Their unsubscribe button works like the mailed link.
    const action = /action="(\/digest\/unsubscribe\?token=[^"]+)"/.exec(after.html)![1]!.replace(/&amp;/g, '&');
    expect((await member.post(action, {})).status).toBe(200);
    expect((await row('member@example.org'))!.unsubscribed_at).not.toBeNull();

    // Another address is a visitor's request: confirmed by mail first.
    const other = await member.submit('/digest', '/digest', { email: 'elsewhere@example.org' });
    expect(other.location).toBe('/digest/check-email?email=elsewhere%40example.org');
    expect((await row('elsewhere@example.org'))!.confirmed_at).toBeNull();

    // Their subscription is part of "Download my data", and goes with the account.
    const exported = JSON.parse((await member.get('/dashboard/export')).html) as { digest_subscriptions: { email: string }[] };
    expect(exported.digest_subscriptions.map((d) => d.email)).toEqual(['member@example.org']);
    const deleted = await postForm(member, '/dashboard/delete', '/dashboard/delete', [['current_password', PASSWORD]]);
    expect(deleted.status).toBe(303);
    expect(await row('member@example.org')).toBeUndefined();
    expect(await row('elsewhere@example.org')).toBeDefined();
  });

  it('takes over a run that died half-way, mailing only those it had not reached', async () => {
    const sendAt = new Date(SEND_AT.getTime() + 28 * DAY);
    const at = (ms: number) => new Date(sendAt.getTime() + ms).toISOString();
    await createTestArticle(s.db.db, engine, { title: 'Between the holidays', publishedAt: at(-3 * DAY) });
    await s.db.db
      .insertInto('digest_subscribers')
      .values([
        { email: 'reached@example.org', user_id: null, created_at: at(-DAY), confirmed_at: at(-DAY), unsubscribed_at: null, last_sent_at: at(5 * 60_000) },
        { email: 'not-reached@example.org', user_id: null, created_at: at(-DAY), confirmed_at: at(-DAY), unsubscribed_at: null, last_sent_at: null },
      ])
      .execute();
    // The instance that claimed the week stopped before finishing.
    await s.db.db.insertInto('digest_runs').values({ week: '2026-W53', started_at: at(5 * 60_000), finished_at: null, sent: 1 }).execute();
    // While it may still be running, nobody else sends.
    expect(await runWeeklyDigest(ctx, new Date(sendAt.getTime() + 20 * 60_000))).toEqual({ week: '2026-W53', status: 'already' });
    const taken = await runWeeklyDigest(ctx, new Date(sendAt.getTime() + HOUR));
    expect(taken).toEqual({ week: '2026-W53', status: 'sent', sent: 2 });
    expect(await digestsTo('reached@example.org')).toEqual([]);
    expect((await digestsTo('not-reached@example.org')).map((m) => m.subject)).toEqual(['This week on Concord: Between the holidays']);
    expect((await digestsTo('reader@example.org')).at(-1)!.subject).toBe('This week on Concord: Between the holidays');
    expect(await s.db.db.selectFrom('digest_runs').select(['sent', 'finished_at']).where('week', '=', '2026-W53').executeTakeFirst()).toEqual({
      sent: 3,
      finished_at: new Date(sendAt.getTime() + HOUR).toISOString(),
    });
  });

  it('never lets an old link reach a subscriber who later has the same id', async () => {
    later(2 * HOUR);
    // A member's own unsubscribe button carries the same link as their digests.
    const leaver = await signedIn(s, 'leaver@example.org');
    await leaver.submit('/digest', '/digest', { email: 'leaver@example.org' });
    const unsubscribeLink = /action="(\/digest\/unsubscribe\?token=[^"]+)"/.exec((await leaver.get('/digest')).html)![1]!.replace(/&amp;/g, '&');
    const leaverId = (await row('leaver@example.org'))!.id;
    // A visitor's confirmation link, not yet followed.
    await new Visitor(s).submit('/digest', '/digest', { email: 'waiting@example.org' });
    const confirmLink = linkPath((await mailsTo('waiting@example.org')).at(-1)!, '/digest/confirm');
    const waitingId = (await row('waiting@example.org'))!.id;

    // Both go (account deletion does this), and new subscribers come.
    expect((await postForm(leaver, '/dashboard/delete', '/dashboard/delete', [['current_password', PASSWORD]])).status).toBe(303);
    await s.db.db.deleteFrom('digest_subscribers').where('id', '=', waitingId).execute();
    await subscribeAndConfirm('newcomer@example.org');
    expect((await row('newcomer@example.org'))!.id).toBeGreaterThan(Math.max(leaverId, waitingId));

    // Even subscribers holding the old ids (as ones made before ids were kept apart might) do not answer them.
    await s.db.db.updateTable('digest_subscribers').set({ id: leaverId }).where('email', '=', 'newcomer@example.org').execute();
    await s.db.db
      .insertInto('digest_subscribers')
      .values({ id: waitingId, email: 'later@example.org', user_id: null, created_at: clock.toISOString(), confirmed_at: null, unsubscribed_at: null, last_sent_at: null })
      .execute();
    for (const page of [await new Visitor(s).get(unsubscribeLink), await new Visitor(s).post(unsubscribeLink, {})]) {
      expect(page.status).toBe(400);
      expect(page.html).not.toContain('newcomer@example.org');
    }
    for (const page of [await new Visitor(s).get(confirmLink), await new Visitor(s).post('/digest/confirm', { token: tokenOf(confirmLink) })]) {
      expect(page.status).toBe(400);
      expect(page.html).not.toContain('later@example.org');
    }
    expect(await row('newcomer@example.org')).toMatchObject({ id: leaverId, unsubscribed_at: null });
    expect(await row('later@example.org')).toMatchObject({ id: waitingId, confirmed_at: null });
  });
});
