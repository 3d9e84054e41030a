import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { linkPath } from '../support/mail.ts';
import { signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const PASSWORD = 'a long enough password';

/**
 * The members issue's whole journey, in one browser: a mediator signs up and confirms by mail,
 * builds a profile with an office placed by its postal code and a photo, publishes, an admin
 * approves, a visitor finds the profile by searching near that postal code and writes to the
 * mediator, who reads it in the dashboard; the captured mail holds it too.
 */
describe.each(DIALECTS)('from sign-up to a first inquiry, in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  const contexts: BrowserContext[] = [];
  // A clock that moves with real time: the contact form wants a few seconds between showing and sending.
  const started = Date.now();

  const newPage = async (): Promise<Page> => {
    const context = await strictContext(browser, cspErrors);
    // No network here: map tiles answer at once with nothing.
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 404, body: '' }));
    contexts.push(context);
    return context.newPage();
  };
  const logIn = async (page: Page, email: string, password: string) => {
    await page.goto(`${s.baseUrl}/login`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/(dashboard|editor|admin)$/);
  };

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(TEST_NOW.getTime() + Date.now() - started) });
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  // A whole journey through a dozen pages: its own limit, so a loaded machine does not fail it.
  it('works end to end', { timeout: 90_000 }, async () => {
    // 1. Sign up, and confirm the address from the captured mail.
    const mediator = await newPage();
    await mediator.goto(`${s.baseUrl}/signup`);
    expect(await seriousAxeViolations(mediator)).toEqual([]);
    await mediator.getByLabel('Email address').fill('journey@example.org');
    await mediator.getByLabel('Password').fill(PASSWORD);
    await mediator.getByRole('button', { name: 'Create account' }).click();
    await expect(mediator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
    const confirmation = (await s.mails()).find((m) => m.to.includes('journey@example.org'))!;
    // Opened in the browser that signed up, the link logs them in: no password asked again.
    await mediator.goto(s.baseUrl + linkPath(confirmation, '/verify'));
    await mediator.waitForURL(/\/dashboard\?done=verified$/);
    await expect(mediator.getByRole('status').first().textContent()).resolves.toContain('Your email address is confirmed, and you are logged in');
    expect(await seriousAxeViolations(mediator)).toEqual([]);

    // 2. Build the profile: an office placed by its ZIP code, then a photo.
    await mediator.goto(`${s.baseUrl}/dashboard`);
    await mediator.getByLabel('Your name, as clients should see it').fill('Jo Journey');
    await mediator.getByLabel('Headline').fill('Neighbour and housing disputes, settled in a day');
    await mediator.getByRole('checkbox', { name: 'Community & neighbours' }).check();
    await mediator.getByRole('checkbox', { name: 'English' }).check();
    await mediator.getByLabel('ZIP or postal code').first().fill('78701');
    await mediator.getByRole('button', { name: 'Save profile' }).click();
    await mediator.waitForURL(/done=created/);
    await expect(mediator.locator('input[name="office_0_city"]').inputValue()).resolves.toBe('Austin');
    expect(await seriousAxeViolations(mediator)).toEqual([]);

    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 120, b: 90 } } }).jpeg().toBuffer();
    await mediator.getByLabel('Choose a photo').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
    await mediator.getByRole('button', { name: 'Upload photo' }).click();
    await expect(mediator.getByRole('status').first().textContent()).resolves.toContain('Your photo is saved');

    // 3. Publish: the first time it waits for review.
    await mediator.getByRole('button', { name: 'Publish' }).click();
    await expect(mediator.getByRole('status').first().textContent()).resolves.toContain('An editor will review your profile');
    const visitor = await newPage();
    await visitor.goto(`${s.baseUrl}/mediators?near=78701`);
    await expect(visitor.getByRole('link', { name: 'Jo Journey' }).count()).resolves.toBe(0);

    // 4. An admin approves it.
    const admin = await newPage();
    await logIn(admin, 'admin@example.org', 'correct horse battery');
    await admin.goto(`${s.baseUrl}/moderation`);
    await admin.getByRole('button', { name: 'Approve Jo Journey' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Approved');

    // 5. A visitor finds it near the ZIP code, with its photo, and writes.
    await visitor.goto(`${s.baseUrl}/`);
    await visitor.locator('form[action="/mediators"] input[name="near"]').first().fill('78701');
    await visitor.locator('form[action="/mediators"] button[type="submit"]').first().click();
    await visitor.waitForURL(/\/mediators\?/);
    const card = visitor.getByRole('link', { name: 'Jo Journey' }).first();
    await card.click();
    await visitor.waitForURL(/\/mediators\/[a-z0-9-]+$/);
    const photoSrc = await visitor.locator('main img').first().getAttribute('src');
    expect(photoSrc).toMatch(/^\/media\/photos\//);
    expect((await s.get(photoSrc!)).headers.get('content-type')).toBe('image/webp');
    expect(await seriousAxeViolations(visitor)).toEqual([]);
    await visitor.getByLabel('Your name').fill('Val Visitor');
    await visitor.getByLabel('Your email address').fill('val@example.org');
    await visitor.getByLabel('Kind of dispute').selectOption('community');
    await visitor.getByLabel('Where you are').fill('Austin');
    await visitor.getByLabel('Your message').fill('Our neighbour’s tree keeps falling on our fence. Can you help?');
    await visitor.waitForTimeout(3_100);
    await visitor.getByRole('button', { name: 'Send message' }).click();
    await visitor.waitForURL(/\/contact\/sent$/);

    // 6. The mediator reads it in the dashboard, and the mail reached their address.
    await mediator.goto(`${s.baseUrl}/dashboard/inquiries`);
    await mediator.getByRole('link', { name: 'Val Visitor' }).click();
    expect(await mediator.locator('main').textContent()).toContain('tree keeps falling on our fence');
    expect(await seriousAxeViolations(mediator)).toEqual([]);
    const delivered = (await s.mails()).find((m) => m.to.includes('journey@example.org') && m.text.includes('tree keeps falling'));
    expect(delivered, 'the inquiry mailed to the mediator').toBeDefined();
    expect(delivered!.headers['reply-to']).toContain('val@example.org');
  });
});
