import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, logInAs } from '../support/browser.ts';
import { postSmall, writePiece } from '../support/editing.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * After log-in, in Chromium under the site's own CSP: each area's navigation sits in one place
 * above the heading, editors schedule in their browser's time zone, and the profile form adds and
 * removes offices and credentials with JavaScript and without.
 */
describe.each(DIALECTS)('finding one’s way after log-in, in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(opts: { width?: number; height?: number; timezoneId?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
      timezoneId: opts.timezoneId ?? 'UTC',
      javaScriptEnabled: opts.javaScriptEnabled ?? true,
    });
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 404, body: '' }));
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }
  const logIn = (page: Page, email: string) => logInAs(page, s.baseUrl, email, PASSWORD);

  beforeAll(async () => {
    s = await startTestServer(engine);
    await signedIn(s, 'way-member@example.org');
    await signedIn(s, 'way-editor@example.org', 'editor');
    await signedIn(s, 'way-nojs-editor@example.org', 'editor');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('lands a member on the dashboard and keeps its tabs in one place above the heading on every page, at both widths', async () => {
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      const page = await open({ width, height });
      await logIn(page, 'way-member@example.org');
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      let firstTop: number | null = null;
      for (const [path, tab] of [
        ['/dashboard', 'Profile'],
        ['/dashboard/articles', 'Articles'],
        ['/dashboard/inquiries', 'Inquiries'],
        ['/dashboard/numbers', 'Numbers'],
        ['/dashboard/associations', 'Associations'],
        ['/account', 'Account'],
      ] as const) {
        await page.goto(s.baseUrl + path);
        const nav = page.getByRole('navigation', { name: 'Dashboard' });
        const navBox = (await nav.boundingBox())!;
        const h1Box = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
        expect(navBox.y + navBox.height, `${path} at ${width}`).toBeLessThanOrEqual(h1Box.y);
        firstTop ??= navBox.y;
        expect(Math.abs(navBox.y - firstTop), `${path} at ${width}`).toBeLessThan(1);
        // Every tab is on screen and the page's own is marked.
        await expect(nav.locator('[aria-current="page"]').textContent()).resolves.toBe(tab);
        expect(navBox.x + navBox.width, `${path} at ${width}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps the editors’ tabs in one place above the heading on every editor page, and the article forms a readable width, at both widths', async () => {
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      const page = await open({ width, height });
      await logIn(page, 'way-editor@example.org');
      let firstTop: number | null = null;
      for (const [path, tab] of [
        ['/editor', 'Review queue'],
        ['/editor/articles', 'All pieces'],
        ['/editor/articles/new', 'Write'],
        ['/editor/categories', 'Categories'],
        ['/editor/tags', 'Tags'],
        ['/moderation', 'Profiles to review'],
      ] as const) {
        await page.goto(s.baseUrl + path);
        const nav = page.getByRole('navigation', { name: 'Editor' });
        const navBox = (await nav.boundingBox())!;
        const h1Box = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
        expect(navBox.y + navBox.height, `${path} at ${width}`).toBeLessThanOrEqual(h1Box.y);
        firstTop ??= navBox.y;
        expect(Math.abs(navBox.y - firstTop), `${path} at ${width}`).toBeLessThan(1);
        await expect(nav.locator('[aria-current="page"]').textContent()).resolves.toBe(tab);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} at ${width}`).toBe(0);
      }
      // The article form: the whole phone's width, and a line length one can read on a desk.
      for (const path of ['/editor/articles/new', '/dashboard/articles/new']) {
        await page.goto(s.baseUrl + path);
        const title = (await page.getByLabel('Title', { exact: true }).boundingBox())!;
        expect(title.x, `${path} at ${width}`).toBeGreaterThanOrEqual(16);
        if (width === 390) expect(title.width, path).toBeGreaterThan(340);
        else expect(title.width, path).toBeLessThanOrEqual(800);
        expect(title.x + title.width, `${path} at ${width}`).toBeLessThanOrEqual(width - 16);
      }
    }
  });

  it('lands an editor on the editor’s pages and keeps their navigation on the profile review queue too', async () => {
    const page = await open({ width: 390, height: 844 });
    await logIn(page, 'way-editor@example.org');
    expect(new URL(page.url()).pathname).toBe('/editor');
    await page.getByRole('navigation', { name: 'Editor' }).getByRole('link', { name: 'Profiles to review' }).click();
    await page.waitForURL(/\/moderation$/);
    const nav = page.getByRole('navigation', { name: 'Editor' });
    await expect(nav.locator('[aria-current="page"]').textContent()).resolves.toBe('Profiles to review');
    expect((await nav.boundingBox())!.y + (await nav.boundingBox())!.height).toBeLessThanOrEqual((await page.getByRole('heading', { level: 1 }).boundingBox())!.y);
    await nav.getByRole('link', { name: 'Your dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
  });

  it('schedules in the browser’s time zone, stored in UTC; without JavaScript it says UTC is used', async () => {
    const writer = await signedIn(s, 'way-writer@example.org');
    const id = await writePiece(writer, { title: 'Scheduled in New York', byline_name: 'Way Writer' });
    expect((await postSmall(writer, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`)).status).toBe(303);

    // Without JavaScript: UTC, said plainly, and the suggested time in UTC (now is 12:00 UTC).
    const plain = await open({ timezoneId: 'America/New_York', javaScriptEnabled: false });
    await logIn(plain, 'way-nojs-editor@example.org');
    await plain.goto(`${s.baseUrl}/editor/articles/${id}`);
    await expect(plain.getByLabel('Time zone').inputValue()).resolves.toBe('UTC');
    await expect(plain.locator('#time_zone-hint').textContent()).resolves.toContain('Times are in UTC until you choose your zone');
    await expect(plain.getByLabel('Approve and publish on').inputValue()).resolves.toBe('2026-11-25T13:00');

    // With it, the browser's zone, and the same suggested instant shown in it.
    const page = await open({ timezoneId: 'America/New_York' });
    await logIn(page, 'way-editor@example.org');
    await page.goto(`${s.baseUrl}/editor/articles/${id}`);
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('America/New_York');
    await expect(page.getByLabel('Approve and publish on').inputValue()).resolves.toBe('2026-11-25T08:00');
    await expect(page.locator('#time_zone-hint').textContent()).resolves.toContain('Your browser’s time zone, America/New York'.replace('’', "'"));
    await expect(page.locator('#publish_at-hint').textContent()).resolves.toContain('Now it is 25 Nov 2026, 07:00 (America/New York).');
    await page.getByLabel('Approve and publish on').fill('2026-11-26T09:30');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/done=scheduled/);
    await expect(page.locator('.review-status').textContent()).resolves.toContain('Scheduled for 26 Nov 2026, 09:30 (America/New York)');
    const row = await s.db.db.selectFrom('articles').select('publish_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.publish_at).toBe('2026-11-26T14:30:00.000Z');
  });

  it('adds and removes an office and a credential in place with JavaScript, and fills country and region from the postal code', async () => {
    const page = await open({ width: 390, height: 844 });
    await logIn(page, 'way-member@example.org');
    const offices = page.locator('[data-rows="office"] > [data-row]');
    await expect(offices.count()).resolves.toBe(1);

    await page.locator('#office_0_postal_code').fill('78701');
    await page.locator('#office_0_postal_code').press('Tab');
    await expect.poll(() => page.locator('#office_0_country').inputValue()).toBe('US');
    await expect.poll(() => page.locator('#office_0_region').inputValue()).toBe('TX');
    await expect(page.locator('#office_0_region option:checked').textContent()).resolves.toBe('Texas');
    // Only the chosen country's regions are offered.
    await expect(page.locator('#office_0_region optgroup[data-country="CA"]').evaluate((g: HTMLOptGroupElement) => g.disabled)).resolves.toBe(true);

    await page.getByRole('button', { name: 'Add another office' }).click();
    await expect(offices.count()).resolves.toBe(2);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('office_1_label');
    await expect(offices.nth(1).locator('legend').first().textContent()).resolves.toBe('Office 2');
    const added = (await offices.nth(1).boundingBox())!;
    expect(added.width).toBeGreaterThan(300);
    await page.getByRole('button', { name: 'Remove Office 2' }).click();
    await expect(offices.count()).resolves.toBe(1);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('value'))).resolves.toBe('office_0');

    await page.getByRole('button', { name: 'Add another credential' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('credential_1_title');

    // Saved, the typed office and both credentials' fields go to the server as one form.
    await page.getByLabel('Your name, as clients should see it').fill('Way Member');
    await page.locator('#credential_0_title').fill('Certified Mediator');
    await page.locator('#credential_1_title').fill('Family Law Mediator');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(/done=created/);
    const saved = await s.db.db.selectFrom('mediators').innerJoin('users', 'users.id', 'mediators.user_id').select('mediators.id').where('users.email', '=', 'way-member@example.org').executeTakeFirstOrThrow();
    const office = await s.db.db.selectFrom('offices').select(['postal_code', 'region', 'country']).where('mediator_id', '=', saved.id).execute();
    expect(office).toEqual([{ postal_code: '78701', region: 'TX', country: 'US' }]);
    await expect(page.locator('#credential_1_title').inputValue()).resolves.toBe('Family Law Mediator');
  });

  it('adds and removes an office without JavaScript, keeping what was typed', async () => {
    const page = await open({ width: 1280, height: 900, javaScriptEnabled: false });
    await signedIn(s, 'way-plain@example.org');
    await logIn(page, 'way-plain@example.org');
    await page.getByLabel('Your name, as clients should see it').fill('Plain Member');
    await page.locator('#office_0_postal_code').fill('M5V 2T6');
    await page.getByLabel('Country').first().selectOption({ label: 'Canada' });
    await page.getByRole('button', { name: 'Add another office' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('An empty office is added');
    const offices = page.locator('[data-rows="office"] > [data-row]');
    await expect(offices.count()).resolves.toBe(2);
    await expect(page.getByLabel('Your name, as clients should see it').inputValue()).resolves.toBe('Plain Member');
    await expect(page.locator('#office_0_postal_code').inputValue()).resolves.toBe('M5V 2T6');
    await expect(page.locator('#office_0_country').inputValue()).resolves.toBe('CA');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('office_1_label');

    await page.getByRole('button', { name: 'Remove Office 1' }).click();
    await page.waitForLoadState();
    await expect(offices.count()).resolves.toBe(1);
    await expect(page.locator('#office_0_postal_code').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('Your name, as clients should see it').inputValue()).resolves.toBe('Plain Member');
    expect(pageErrors).toEqual([]);
  });
});
