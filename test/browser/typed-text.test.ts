import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium } from '../support/browser.ts';
import { declaredPng } from '../support/images.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** What people type that looks like markup or a character reference must come back as typed. */
const NAME = 'Tom &amp; Jerry';
const HEADLINE = 'R&D disputes, "fair" & <b>calm</b> &lt;always&gt;';

describe.each(DIALECTS)('the profile form in Chromium under the site’s CSP, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const saved = () => s.db.db.selectFrom('mediators').select(['name', 'headline']).executeTakeFirstOrThrow();

  beforeAll(async () => {
    s = await startTestServer(engine);
    await signedIn(s, 'typist@example.org');
    browser = await launchChromium();
    const context = await browser.newContext();
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 404, body: '' }));
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('saves, reloads and saves again without changing a character', async () => {
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill('typist@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard$/);

    await page.goto(`${s.baseUrl}/dashboard`);
    await page.getByLabel('Your name, as clients should see it').fill(NAME);
    await page.getByLabel('Headline').fill(HEADLINE);
    await page.getByRole('checkbox', { name: 'Workplace' }).check();
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByLabel('ZIP or postal code').first().fill('78701');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(/done=created/);
    expect(await saved()).toEqual({ name: NAME, headline: HEADLINE });

    for (let round = 0; round < 2; round++) {
      await page.goto(`${s.baseUrl}/dashboard`);
      await expect(page.getByLabel('Your name, as clients should see it').inputValue()).resolves.toBe(NAME);
      await expect(page.getByLabel('Headline').inputValue()).resolves.toBe(HEADLINE);
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.waitForURL(/done=saved/);
      expect(await saved()).toEqual({ name: NAME, headline: HEADLINE });
    }
    await page.getByRole('link', { name: 'Preview your profile' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(NAME);
    expect(pageErrors).toEqual([]);
  });

  it('says why a 16-bit giant photo was refused, beside the field, readable on a phone', async () => {
    for (const [width, height] of [[390, 844], [1280, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${s.baseUrl}/dashboard`);
      await page.getByLabel('Choose a photo').setInputFiles({ name: 'giant.png', mimeType: 'image/png', buffer: await declaredPng(8000, 5000, 16) });
      await page.getByRole('button', { name: 'Upload photo' }).click();
      await page.waitForLoadState();
      const message = page.getByText('That image holds too much data to process.');
      const box = (await message.boundingBox())!;
      const panel = (await page.locator('section[aria-labelledby="photo-title"]').boundingBox())!;
      expect(box.x, `${width}`).toBeGreaterThanOrEqual(panel.x);
      expect(box.x + box.width, `${width}`).toBeLessThanOrEqual(Math.min(panel.x + panel.width, width));
      expect(box.y, `${width}`).toBeGreaterThan(panel.y);
      expect(box.y + box.height, `${width}`).toBeLessThan(panel.y + panel.height);
    }
    expect(pageErrors).toEqual([]);
  });
});
