import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { executableInjections } from '../../test/support/html.ts';
import { linkPath } from '../../test/support/mail.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';
import { buildApp } from '../app.ts';
import { hashPassword } from './secrets.ts';
import { requireUser } from './session.ts';
import { createSession } from './sessions.ts';
import { findUserByEmail, insertUser } from './users.ts';

const PASSWORD = 'correct horse battery';
const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const MINUTE = 60_000;

describe.each(DIALECTS)('accounts on %s', (engine) => {
  let s: TestServer;
  // A clock the tests move on, for link expiry and the attempt window.
  let clock = TEST_NOW;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const visitor = () => new Visitor(s);

  /** A confirmed account, made directly in the database. */
  async function account(email: string, password = PASSWORD): Promise<void> {
    await insertUser(s.db.db, { email, passwordHash: await hashPassword(password), verifiedAt: clock.toISOString() }, clock);
  }
  async function loggedIn(email: string, password = PASSWORD): Promise<Visitor> {
    const v = visitor();
    const r = await v.submit('/login', '/login', { email, password });
    expect(r.status, r.html).toBe(303);
    return v;
  }
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to === to);
  /** The newest mail to `to` with `subject` (of at least `count`); s.mails() waits for mail sent after a response. */
  async function mailArrives(to: string, subject: string, count = 1) {
    const found = (await mailsTo(to)).filter((m) => m.subject === subject);
    if (found.length < count) throw new Error(`No mail "${subject}" to ${to}`);
    return found.at(-1)!;
  }

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
  });
  afterAll(() => s.close());

  it('signs up, mails a confirmation link, confirms, logs in and shows the account', async () => {
    const v = visitor();
    const form = await v.get('/signup');
    expect(form.status).toBe(200);
    expect(form.html).toContain('autocomplete="new-password"');
    expect(form.headers.get('cache-control')).toBe('no-store');

    const sent = await v.submit('/signup', '/signup', { email: '  Ann@Example.ORG ', password: PASSWORD });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Check your email');
    const [mail, ...more] = await mailsTo('ann@example.org');
    expect(more).toEqual([]);
    expect(mail!.subject).toMatch(/Confirm your email address/);
    expect(mail!.headers['content-type']).toMatch(/text\/plain/);

    // Not before the address is confirmed: refused, and a fresh link is sent.
    const early = await v.submit('/login', '/login', { email: 'ann@example.org', password: PASSWORD });
    expect(early.status).toBe(403);
    expect(early.html).toMatch(/confirm your email address first/);
    expect(await mailsTo('ann@example.org')).toHaveLength(2);

    // Opened in another browser (a phone's mail app), the link confirms but does not log in, and says why.
    const phone = visitor();
    const verified = await phone.get(linkPath(mail!, '/verify'));
    expect(verified.status).toBe(303);
    expect(verified.location).toBe('/login?done=verified_elsewhere');
    expect(verified.setCookies.some((c) => c.startsWith('concord_session='))).toBe(false);
    const told = await phone.get(verified.location!);
    expect(told.html).toContain('Your email address is confirmed');
    expect(told.html).toContain('only in the browser you signed up in');

    // A member's work is their dashboard.
    const login = await v.submit('/login', '/login', { email: 'ANN@example.org', password: PASSWORD });
    expect(login.status).toBe(303);
    expect(login.location).toBe('/dashboard');
    const page = await v.get('/account');
    expect(page.status).toBe(200);
    expect(page.html).toContain('ann@example.org');
    expect(page.html).toMatch(/Yes, on <time/);
    expect(page.html).toContain('href="/account"');

    // The confirmation link was single-use (the second one sent is still good, once).
    const again = await v.get(linkPath(mail!, '/verify'));
    expect(again.status).toBe(303);
    expect(again.location).toBe('/account');
  });

  it('shows "Log in" in the header to visitors and "Account" to a signed-in user, on every page', async () => {
    await account('header@example.org');
    const anonymous = await visitor().get('/about');
    expect(anonymous.html).toContain('<a href="/login">Log in</a>');
    const v = await loggedIn('header@example.org');
    for (const path of ['/about', '/', '/no/such/page']) {
      const r = await v.get(path);
      expect(r.html, path).toContain('<a href="/account">Account</a>');
    }
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, on path / (not Secure over plain HTTP)', async () => {
    await account('cookie@example.org');
    const v = visitor();
    const r = await v.submit('/login', '/login', { email: 'cookie@example.org', password: PASSWORD });
    const cookie = r.setCookies.find((c) => c.startsWith('concord_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);
    expect(cookie!.split(';')[0]!.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a wrong password with a clear message, and starts no session', async () => {
    await account('wrong@example.org');
    const v = visitor();
    const r = await v.submit('/login', '/login', { email: 'wrong@example.org', password: 'not the password' });
    expect(r.status).toBe(400);
    expect(r.html).toContain('That email address and password do not match an account');
    expect(r.html).toContain('href="#email"');
    expect(r.html).toContain('value="wrong@example.org"');
    expect(r.html).not.toContain('not the password');
    expect(r.setCookies.some((c) => c.startsWith('concord_session='))).toBe(false);
    expect((await v.get('/account')).status).toBe(303);
  });

  it('explains what is wrong with a sign-up form, field by field', async () => {
    const v = visitor();
    const r = await v.submit('/signup', '/signup', { email: 'not-an-address', password: 'short' });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Enter an email address like name@example.org.');
    expect(r.html).toContain('Use at least 10 characters for your password.');
    expect(r.html).toContain('aria-describedby="password-hint password-error"');
    expect(r.html).toContain('aria-invalid="true"');
    const long = await v.submit('/signup', '/signup', { email: 'long@example.org', password: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.html).toContain('Use at most 200 characters for your password.');
  });

  it('sends people to log in, and back, for the account page; never to another site', async () => {
    await account('next@example.org');
    const v = visitor();
    const r = await v.get('/account');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/login?next=%2Faccount');
    const login = await v.submit('/login?next=%2Faccount%3Fx%3D1', '/login?next=%2Faccount%3Fx%3D1', { email: 'next@example.org', password: PASSWORD });
    expect(login.location).toBe('/account?x=1');
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/']) {
      const other = await visitor().submit('/login', `/login?next=${encodeURIComponent(next)}`, { email: 'next@example.org', password: PASSWORD });
      expect(other.location, next).toBe('/dashboard');
    }
  });

  it('logs the person in from the confirmation link opened in the browser that signed up, once', async () => {
    const v = visitor();
    const sent = await v.submit('/signup', '/signup', { email: 'same@example.org', password: PASSWORD });
    const marker = sent.setCookies.find((c) => c.startsWith('concord_signup='));
    expect(marker).toMatch(/; Path=\/verify/i);
    expect(marker).toMatch(/; HttpOnly/i);
    const [mail] = await mailsTo('same@example.org');
    const link = linkPath(mail!, '/verify');
    // The cookie is not the link: it cannot be turned into one.
    expect(link).not.toContain(v.cookies.get('concord_signup'));

    const opened = await v.get(link);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/dashboard?done=verified');
    expect(opened.setCookies.some((c) => c.startsWith('concord_session='))).toBe(true);
    const dashboard = await v.get(opened.location!);
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain('Your email address is confirmed, and you are logged in.');

    // Logged out, the same link in the same browser no longer logs in: the marker went with its use.
    expect(v.cookies.has('concord_signup')).toBe(false);
    await v.submit('/account', '/logout', {});
    const again = await v.get(link);
    expect(again.location).toBe('/login?done=already_verified');

    // Another browser's marker (made for another link) does not open this account.
    const other = visitor();
    await other.submit('/signup', '/signup', { email: 'other-browser@example.org', password: PASSWORD });
    const [otherMail] = await mailsTo('other-browser@example.org');
    const someoneElse = visitor();
    await someoneElse.submit('/signup', '/signup', { email: 'someone-else@example.org', password: PASSWORD });
    expect(someoneElse.cookies.get('concord_signup')).not.toBe(other.cookies.get('concord_signup'));
    const wrongPair = await someoneElse.get(linkPath(otherMail!, '/verify'));
    expect(wrongPair.location).toBe('/login?done=verified_elsewhere');
  });

  it('marks the browser the same way when the address already has an account, so sign-up tells nothing', async () => {
    await account('taken-signup@example.org');
    const r = await visitor().submit('/signup', '/signup', { email: 'taken-signup@example.org', password: PASSWORD });
    expect(r.status).toBe(200);
    const marker = r.setCookies.find((c) => c.startsWith('concord_signup='));
    expect(marker).toMatch(/^concord_signup=[A-Za-z0-9_-]{43}; Max-Age=172800; Path=\/verify; HttpOnly; SameSite=Lax$/);
  });

  it('lands each role where its work is after log-in, unless a page on this site was asked for', async () => {
    await insertUser(s.db.db, { email: 'land-editor@example.org', passwordHash: await hashPassword(PASSWORD), role: 'editor', verifiedAt: clock.toISOString() }, clock);
    await insertUser(s.db.db, { email: 'land-admin@example.org', passwordHash: await hashPassword(PASSWORD), role: 'admin', verifiedAt: clock.toISOString() }, clock);
    await account('land-member@example.org');
    const landing = async (email: string, next?: string) => {
      const path = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
      return (await visitor().submit(path, path, { email, password: PASSWORD })).location;
    };
    expect(await landing('land-member@example.org')).toBe('/dashboard');
    expect(await landing('land-editor@example.org')).toBe('/editor');
    expect(await landing('land-admin@example.org')).toBe('/admin');
    expect(await landing('land-editor@example.org', '/moderation')).toBe('/moderation');
    // Already logged in, the log-in page sends them on the same way.
    const editor = await loggedIn('land-editor@example.org');
    expect((await editor.get('/login')).location).toBe('/editor');
  });

  it('answers the same for a known and an unknown email: log-in, reset and sign-up', async () => {
    await account('known@example.org');
    const same = async (submit: (email: string) => Promise<{ status: number; html: string }>) => {
      const known = await submit('known@example.org');
      const unknown = await submit('nobody@example.org');
      expect(unknown.status).toBe(known.status);
      expect(pageText(unknown.html).replaceAll('nobody@example.org', 'EMAIL')).toBe(pageText(known.html).replaceAll('known@example.org', 'EMAIL'));
    };
    await same((email) => visitor().submit('/login', '/login', { email, password: 'a wrong password' }));
    await same((email) => visitor().submit('/forgot-password', '/forgot-password', { email }));
    await same((email) => visitor().submit('/signup', '/signup', { email, password: 'another password here' }));
    // The owner of the taken address is told by mail instead; the password did not change.
    const owner = await mailsTo('known@example.org');
    expect(owner.map((m) => m.subject)).toContain('Someone tried to create a Concord account with your address');
    expect((await loggedIn('known@example.org')).cookies.has('concord_session')).toBe(true);
  });

  it('answers a reset request for a known and an unknown address identically, and mails the known one after', async () => {
    await account('known1@example.org');
    const ask = (email: string) => visitor().submit('/forgot-password', '/forgot-password', { email });
    // Addresses of one length, so even the length of the page is compared.
    const known = await ask('known1@example.org');
    const unknown = await ask('nouser@example.org');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    for (const header of ['content-type', 'content-length', 'cache-control', 'content-security-policy', 'set-cookie']) {
      expect(unknown.headers.get(header), header).toBe(known.headers.get(header));
    }
    expect(unknown.html.replaceAll('nouser@example.org', 'EMAIL')).toBe(known.html.replaceAll('known1@example.org', 'EMAIL'));

    const mail = await mailArrives('known1@example.org', 'Reset your Concord password');
    const link = linkPath(mail, '/reset-password');
    expect((await visitor().get(link)).status).toBe(200);
    expect(await mailsTo('nouser@example.org')).toEqual([]);
  });

  it('tells the owner of a taken address about sign-ups at most once an hour', async () => {
    await account('popular@example.org');
    const signUp = () => visitor().submit('/signup', '/signup', { email: 'popular@example.org', password: 'someone else typed this' });
    const notices = async () => (await mailsTo('popular@example.org')).filter((m) => m.subject === 'Someone tried to create a Concord account with your address');
    for (let i = 0; i < 3; i++) {
      const r = await signUp();
      expect(r.status).toBe(200);
      expect(r.html).toContain('Check your email');
    }
    expect(await notices()).toHaveLength(1);
    advance(59 * MINUTE);
    await signUp();
    expect(await notices()).toHaveLength(1);
    advance(2 * MINUTE);
    await signUp();
    expect(await notices()).toHaveLength(2);
    // Counted per address: another owner is told at once.
    await account('other-owner@example.org');
    await visitor().submit('/signup', '/signup', { email: 'other-owner@example.org', password: 'someone else typed this' });
    expect((await mailsTo('other-owner@example.org')).map((m) => m.subject)).toEqual(['Someone tried to create a Concord account with your address']);
  });

  it('resets a password by a mailed link that works once and for one hour', async () => {
    await account('reset@example.org', 'the old password');
    const other = await loggedIn('reset@example.org', 'the old password');
    const v = visitor();
    const sent = await v.submit('/forgot-password', '/forgot-password', { email: 'reset@example.org' });
    expect(sent.status).toBe(200);
    const mail = await mailArrives('reset@example.org', 'Reset your Concord password');
    const link = linkPath(mail!, '/reset-password');
    const token = new URL(link, s.baseUrl).searchParams.get('token')!;

    const tooShort = await v.submit(link, '/reset-password', { token, password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.html).toContain('Use at least 10 characters');

    const done = await v.submit(link, '/reset-password', { token, password: 'the new password' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login?done=reset');
    // Every session ended with the reset.
    expect((await other.get('/account')).status).toBe(303);
    expect((await visitor().submit('/login', '/login', { email: 'reset@example.org', password: 'the old password' })).status).toBe(400);
    await loggedIn('reset@example.org', 'the new password');

    const reused = await v.get(link);
    expect(reused.status).toBe(400);
    expect(reused.html).toContain('This link has already been used');
    const repost = await v.post('/reset-password', { _csrf: (await v.get('/forgot-password')).html.match(/name="_csrf" value="([^"]+)"/)![1]!, token, password: 'a third password' });
    expect(repost.status).toBe(400);
    expect(repost.html).toContain('This link has already been used');

    await v.submit('/forgot-password', '/forgot-password', { email: 'reset@example.org' });
    const late = await mailArrives('reset@example.org', 'Reset your Concord password', 2);
    advance(61 * MINUTE);
    const expired = await v.get(linkPath(late, '/reset-password'));
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('This link has expired');
    expect((await v.get('/reset-password?token=nonsense')).status).toBe(400);
  });

  it('refuses a form without the right CSRF token with a 403 page, and changes nothing', async () => {
    await account('csrf@example.org');
    const v = await loggedIn('csrf@example.org');
    const missing = await v.post('/account/password', { current_password: PASSWORD, password: 'a changed password' });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('This form had expired, or was sent from somewhere other than Concord');
    const wrong = await v.post('/account/password', { _csrf: 'x'.repeat(52), current_password: PASSWORD, password: 'a changed password' });
    expect(wrong.status).toBe(403);
    const everywhere = await v.post('/account/logout-everywhere', { _csrf: 'nope' });
    expect(everywhere.status).toBe(403);
    expect((await v.get('/account')).status).toBe(200);
    // A token from another browser (with its own secret) does not fit this one.
    const elsewhere = (await visitor().get('/login')).html.match(/name="_csrf" value="([^"]+)"/)![1]!;
    expect((await v.post('/logout', { _csrf: elsewhere })).status).toBe(403);
    expect((await v.get('/account')).status).toBe(200);
    // No cookie secret at all (a cross-site form): also refused.
    const stranger = visitor();
    expect((await stranger.post('/signup', { email: 'forged@example.org', password: PASSWORD })).status).toBe(403);
    expect(await mailsTo('forged@example.org')).toEqual([]);
    await loggedIn('csrf@example.org', PASSWORD);
  });

  it('logs out, and logs out everywhere: another browser\'s cookie stops working', async () => {
    await account('everywhere@example.org');
    const phone = await loggedIn('everywhere@example.org');
    const laptop = await loggedIn('everywhere@example.org');
    const oldCookie = phone.cookies.get('concord_session')!;

    const out = await laptop.submit('/account', '/account/logout-everywhere', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/login?done=logged_out_everywhere');
    expect((await phone.get('/account')).status).toBe(303);
    expect((await laptop.get('/account')).status).toBe(303);
    const replay = await s.get('/account', { headers: { cookie: `concord_session=${oldCookie}` } });
    expect(replay.status).toBe(303);

    const tablet = await loggedIn('everywhere@example.org');
    const bye = await tablet.submit('/account', '/logout', {});
    expect(bye.status).toBe(303);
    expect(tablet.cookies.has('concord_session')).toBe(false);
    expect((await tablet.get('/account')).status).toBe(303);
  });

  it('changes the password with the current one; other sessions end and this one gets a new id', async () => {
    await account('change@example.org');
    const here = await loggedIn('change@example.org');
    const there = await loggedIn('change@example.org');
    const before = here.cookies.get('concord_session');

    const wrong = await here.submit('/account', '/account/password', { current_password: 'not my password', password: 'my brand new password' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Your current password is not right.');
    expect(wrong.html).toContain('href="#change-password-current_password"');

    const ok = await here.submit('/account', '/account/password', { current_password: PASSWORD, password: 'my brand new password' });
    expect(ok.status).toBe(303);
    expect(here.cookies.get('concord_session')).not.toBe(before);
    expect((await here.get('/account?done=password_changed')).html).toContain('Your password is changed');
    expect((await there.get('/account')).status).toBe(303);
    expect((await s.get('/account', { headers: { cookie: `concord_session=${before}` } })).status).toBe(303);
    expect((await mailsTo('change@example.org')).map((m) => m.subject)).toContain('Your Concord password was changed');
    await loggedIn('change@example.org', 'my brand new password');
  });

  it('changes the email address once the link sent to the new address is followed', async () => {
    await account('old@example.org');
    const v = await loggedIn('old@example.org');
    const r = await v.submit('/account', '/account/email', { new_email: 'New@Example.org', current_password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.html).toContain("We've sent a link to <strong>new@example.org</strong>");
    const [mail] = await mailsTo('new@example.org');
    expect(mail!.subject).toBe('Confirm your new email address for Concord');
    expect((await v.get('/account')).html).toContain('old@example.org');

    const followed = await v.get(linkPath(mail!, '/verify'));
    expect(followed.status).toBe(303);
    const page = await v.get('/account');
    expect(page.html).toContain('new@example.org');
    expect(page.html).not.toContain('old@example.org');
    expect((await mailsTo('old@example.org')).map((m) => m.subject)).toContain('Your Concord email address was changed');
    expect((await v.get(linkPath(mail!, '/verify'))).status).toBe(400);
    await loggedIn('new@example.org');

    // Moving to an address another account has: the same answer, its owner is told.
    await account('taken@example.org');
    const taken = await v.submit('/account', '/account/email', { new_email: 'taken@example.org', current_password: PASSWORD });
    expect(taken.status).toBe(200);
    expect((await mailsTo('taken@example.org')).map((m) => m.subject)).toEqual(['Someone tried to move a Concord account to your address']);
  });

  it('tells the current address of an asked move, and a password reset cancels the move (the attack replayed)', async () => {
    await account('victim@example.org');
    // The attacker knows the victim's password and asks to move the account to their own address.
    const attacker = await loggedIn('victim@example.org');
    const asked = await attacker.submit('/account', '/account/email', { new_email: 'mallory@attacker.example', current_password: PASSWORD });
    expect(asked.status).toBe(200);
    const moveLink = linkPath(await mailArrives('mallory@attacker.example', 'Confirm your new email address for Concord'), '/verify');

    // The owner hears of it at the current address, with the new one masked, and what to do.
    const warning = await mailArrives('victim@example.org', 'Someone asked to move your Concord account to another address');
    expect(warning.text).toContain('m…@attacker.example');
    expect(warning.text).not.toContain('mallory@');
    expect(warning.links.map((l) => new URL(l).pathname)).toEqual(['/account', '/forgot-password']);

    // The owner resets the password; the attacker's link no longer moves the account.
    const owner = visitor();
    await owner.submit('/forgot-password', '/forgot-password', { email: 'victim@example.org' });
    const reset = linkPath(await mailArrives('victim@example.org', 'Reset your Concord password'), '/reset-password');
    const token = new URL(reset, s.baseUrl).searchParams.get('token')!;
    expect((await owner.submit(reset, '/reset-password', { token, password: 'a brand new secret' })).status).toBe(303);

    const replay = await attacker.get(moveLink);
    expect(replay.status).toBe(400);
    expect(pageText(replay.html)).toContain('This link is no longer valid: the password or the email address of the account was changed after it was sent');
    expect((await visitor().submit('/login', '/login', { email: 'mallory@attacker.example', password: 'a brand new secret' })).status).toBe(400);
    const back = await loggedIn('victim@example.org', 'a brand new secret');
    expect((await back.get('/account')).html).toContain('victim@example.org');
  });

  it('retires every outstanding link when the password or the address changes', async () => {
    await account('links@example.org');
    const v = await loggedIn('links@example.org');
    // A move asked, and a reset link mailed, before the owner changes the password.
    await v.submit('/account', '/account/email', { new_email: 'elsewhere@example.org', current_password: PASSWORD });
    const move = linkPath(await mailArrives('elsewhere@example.org', 'Confirm your new email address for Concord'), '/verify');
    await visitor().submit('/forgot-password', '/forgot-password', { email: 'links@example.org' });
    const reset = linkPath(await mailArrives('links@example.org', 'Reset your Concord password'), '/reset-password');
    expect((await v.submit('/account', '/account/password', { current_password: PASSWORD, password: 'the changed password' })).status).toBe(303);

    const moved = await visitor().get(move);
    expect(moved.status).toBe(400);
    expect(moved.html).toContain('This link is no longer valid');
    const resetPage = await visitor().get(reset);
    expect(resetPage.status).toBe(400);
    expect(resetPage.html).toContain('This link is no longer valid');
    expect((await v.get('/account')).html).toContain('links@example.org');

    // A reset link to the old address stops working once the account moves to a new one.
    await visitor().submit('/forgot-password', '/forgot-password', { email: 'links@example.org' });
    const oldReset = linkPath(await mailArrives('links@example.org', 'Reset your Concord password', 2), '/reset-password');
    await v.submit('/account', '/account/email', { new_email: 'moved@example.org', current_password: 'the changed password' });
    expect((await v.get(linkPath(await mailArrives('moved@example.org', 'Confirm your new email address for Concord'), '/verify'))).status).toBe(303);
    const stale = await visitor().get(oldReset);
    expect(stale.status).toBe(400);
    expect(stale.html).toContain('This link is no longer valid');
  });

  it('lets requireUser(role) admit the role and above, and answer others with 403 or a log-in', async () => {
    const app = await buildApp(s.app.deps);
    app.get('/test/editors', { preHandler: requireUser('editor') }, async () => 'for editors');
    app.post('/test/editors', { preHandler: requireUser('editor') }, async () => 'for editors');
    try {
      const cookieFor = async (email: string, role: 'member' | 'editor' | 'admin') => {
        await insertUser(s.db.db, { email, passwordHash: 'unused', role, verifiedAt: clock.toISOString() }, clock);
        const user = await findUserByEmail(s.db.db, email);
        return `concord_session=${await createSession(s.db.db, user!.id, 'test', clock)}`;
      };
      const member = await app.inject({ url: '/test/editors', headers: { cookie: await cookieFor('m@example.org', 'member') } });
      expect(member.statusCode).toBe(403);
      expect(member.body).toContain('This page is for editors only.');
      for (const role of ['editor', 'admin'] as const) {
        const r = await app.inject({ url: '/test/editors', headers: { cookie: await cookieFor(`${role}@example.org`, role) } });
        expect(r.statusCode, role).toBe(200);
      }
      const anonymous = await app.inject({ url: '/test/editors?x=1' });
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Ftest%2Feditors%3Fx%3D1');
      const post = await app.inject({ method: 'POST', url: '/test/editors' });
      expect(post.statusCode).toBe(401);
      expect(post.body).toContain('You are no longer logged in');
    } finally {
      await app.close();
    }
  });

  it('keeps script typed into the email fields inert', async () => {
    for (const [page, action, fields] of [
      ['/signup', '/signup', { email: PAYLOAD, password: PASSWORD }],
      ['/login', '/login', { email: PAYLOAD, password: PASSWORD }],
      ['/forgot-password', '/forgot-password', { email: PAYLOAD }],
      ['/signup', '/signup', { email: `a${PAYLOAD}@example.org`, password: 'short' }],
    ] as const) {
      const r = await visitor().submit(page, action, fields);
      expect(r.status, action).toBe(400);
      expect(r.html).toContain('&#34;><script>alert(1)</script>');
      expect(executableInjections(r.html), action).toEqual([]);
    }
    const nextPayload = await visitor().get(`/login?next=${encodeURIComponent(`/x${PAYLOAD}`)}`);
    expect(executableInjections(nextPayload.html)).toEqual([]);
  });

  it('limits failed log-ins per account and per address, with a clear message, in the database', async () => {
    advance(16 * MINUTE); // past the window of earlier tests' failures
    await account('target@example.org');
    const attempt = (email: string, password = 'a wrong password') => visitor().submit('/login', '/login', { email, password });
    for (let i = 0; i < 10; i++) expect((await attempt('target@example.org')).status).toBe(400);
    for (let i = 0; i < 10; i++) {
      const refused = await attempt('target@example.org', i === 9 ? PASSWORD : undefined);
      expect(refused.status).toBe(429);
      expect(refused.html).toContain('Too many attempts. Please try again in 15 minutes.');
      expect(refused.headers.get('retry-after')).toBe('900');
    }
    // An unknown address is limited exactly the same way.
    for (let i = 0; i < 10; i++) expect((await attempt(`other${i}@example.org`)).status).toBe(400);
    const address = await attempt('fresh@example.org');
    expect(address.status).toBe(429);
    expect(address.html).toContain('Too many attempts');

    advance(6 * MINUTE);
    expect((await attempt('target@example.org')).html).toContain('try again in 9 minutes');
    advance(10 * MINUTE);
    await loggedIn('target@example.org');
  });
});
