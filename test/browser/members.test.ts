import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('a member’s dashboard in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let context: BrowserContext;
  let page: Page;
  let tileRequests = 0;

  const logIn = async (email: string) => {
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/(dashboard|editor|admin)$/);
  };
  const noSeriousViolations = async (what: string) => expect(JSON.stringify(await seriousAxeViolations(page)), what).toBe('[]');

  beforeAll(async () => {
    s = await startTestServer(engine);
    // Accounts made in the database; the browser logs in through the real page.
    await signedIn(s, 'member@example.org');
    await signedIn(s, 'editor@example.org', 'editor');
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
    context = await strictContext(browser, cspErrors);
    // No network here: map tiles answer at once with nothing, instead of timing out.
    await context.route(/tile\.openstreetmap\.org/, (route) => {
      tileRequests++;
      return route.fulfill({ status: 404, body: '' });
    });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('makes a profile, fixes a mistake, places the office, previews and asks to be listed', async () => {
    await logIn('member@example.org');
    await page.goto(`${s.baseUrl}/dashboard`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your profile');
    await noSeriousViolations('empty dashboard');

    await page.getByLabel('Your name, as clients should see it').fill('Browser Mediator');
    await page.getByLabel('Headline').fill('Workplace mediator for teams in Austin');
    await page.getByRole('checkbox', { name: 'Workplace' }).check();
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByLabel('Lowest hourly fee').fill('200');
    await page.getByLabel('Highest hourly fee').fill('100');
    await page.getByLabel('ZIP or postal code').first().fill('78701');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('The highest fee must be at least the lowest fee.');
    await noSeriousViolations('form with a problem');
    // What was typed is still there; the summary's link leads to the field.
    await expect(page.getByLabel('Your name, as clients should see it').inputValue()).resolves.toBe('Browser Mediator');
    await page.getByRole('link', { name: 'The highest fee must be at least the lowest fee.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fee_max');

    await page.getByLabel('Highest hourly fee').fill('300');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(/done=created/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your profile is saved');
    // The office was placed from its ZIP code; its pin map waits to be asked for, naming the
    // tile server, and nothing is asked of that server before.
    await expect(page.locator('input[name="office_0_city"]').inputValue()).resolves.toBe('Austin');
    const offer = page.getByRole('button', { name: 'Place the pin on a map' });
    await offer.waitFor();
    await expect(page.locator('.map-offer').first().textContent()).resolves.toContain('Map images come from tile.openstreetmap.org');
    expect(await page.locator('[data-office-pin]:not([hidden])').count()).toBe(0);
    expect(tileRequests).toBe(0);
    await offer.click();
    await page.locator('[data-office-pin]:not([hidden])').first().waitFor();
    await expect.poll(() => tileRequests).toBeGreaterThan(0);
    expect(Number(await page.locator('input[name="office_0_lat"]').inputValue())).toBeCloseTo(30.27, 1);
    await noSeriousViolations('saved dashboard with a map');

    await page.getByRole('link', { name: 'Preview your profile' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Browser Mediator');
    await noSeriousViolations('preview');

    await page.goto(`${s.baseUrl}/dashboard`);
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('An editor will review your profile');
    await page.goto(`${s.baseUrl}/dashboard/delete`);
    await noSeriousViolations('delete account page');
  });

  it('lets an editor approve it from the queue, and an admin see the users', async () => {
    await context.clearCookies();
    await logIn('editor@example.org');
    await page.goto(`${s.baseUrl}/moderation`);
    await noSeriousViolations('review queue');
    await page.getByRole('button', { name: 'Approve Browser Mediator' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Approved');
    await page.goto(`${s.baseUrl}/mediators?near=78701`);
    await expect(page.getByRole('link', { name: 'Browser Mediator' }).count()).resolves.toBeGreaterThan(0);

    await context.clearCookies();
    await logIn('admin@example.org');
    await page.goto(`${s.baseUrl}/admin/users`);
    await noSeriousViolations('users');
    // The filter form, without JavaScript's help: a GET with the text and the role.
    await page.getByLabel('Email address or name').fill('MEMBER@');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/\/admin\/users\?q=MEMBER%40&role=member$/);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.getByText('1 of 3 accounts matches “MEMBER@” and has the role Member.').count()).resolves.toBe(1);
    await noSeriousViolations('users, filtered');
    await page.getByLabel('Role of member@example.org').selectOption('editor');
    await page.locator('form[action*="/role"]', { has: page.getByLabel('Role of member@example.org') }).getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('The role of member@example.org is changed');
    // Back on the same filtered list, which she has left with her new role.
    expect(new URL(page.url()).searchParams.get('q')).toBe('MEMBER@');
    await expect(page.getByLabel('Email address or name').inputValue()).resolves.toBe('MEMBER@');
    await expect(page.getByText('0 of 3 accounts match “MEMBER@” and have the role Member.').count()).resolves.toBe(1);
    await page.goto(`${s.baseUrl}/admin/users?q=member&role=owner`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Choose a role from the list');
    await noSeriousViolations('users, a refused filter');
  });
});
