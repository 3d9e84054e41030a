import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, strictContext } from '../support/browser.ts';
import { createMediator, office } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AUSTIN = { lat: 30.2672, lon: -97.7431 };
const KM_PER_DEG_LAT = 111.195;
const near = (km: number, city: string) => office(AUSTIN.lat + km / KM_PER_DEG_LAT, AUSTIN.lon, { city });
const NAMES = ['Ada One', 'Ben Two', 'Cleo Three', 'Dev Four', 'Eva Five'];

describe.each(DIALECTS)('comparing mediators in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A page under the site's own CSP that fails the test on any script error. */
  async function openPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    const context = await strictContext(browser, errors, options);
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors };
  }

  const columnNames = (page: Page) => page.locator('.compare-table thead th a').allInnerTexts();
  const resultBox = (page: Page, name: string) => page.locator('ol.cards li', { hasText: name }).getByRole('checkbox', { name: `Compare ${name}` });

  beforeAll(async () => {
    s = await startTestServer(engine);
    // At 1, 2, 3… km from Austin, so the results list them in this order.
    for (const [i, name] of NAMES.entries()) await createMediator(s.db.db, engine, { name, offices: [near(i + 1, 'Austin')] });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('picks three from the results, keeps them across pages, refuses a fifth, and shares the comparison as a link', async () => {
    const { page, errors } = await openPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${s.baseUrl}/mediators?near=Austin,%20TX`);
    await resultBox(page, 'Ada One').check();
    await resultBox(page, 'Cleo Three').check();
    await expect(page.locator('.compare-tray a').innerText()).resolves.toBe('Compare 2');

    // The picks stay for the visit: a profile adds a third, and the results remember all three.
    await page.goto(`${s.baseUrl}/mediators?near=Austin,%20TX&sort=distance`);
    expect(await resultBox(page, 'Ada One').isChecked()).toBe(true);
    await page.locator('ol.cards').getByRole('link', { name: 'Eva Five' }).click();
    await page.getByRole('checkbox', { name: 'Compare Eva Five' }).check();
    await expect(page.locator('.compare-tray a').innerText()).resolves.toBe('Compare 3');

    // A fourth is fine; a fifth is refused, and the tray says why.
    await page.goBack();
    await resultBox(page, 'Dev Four').check();
    await resultBox(page, 'Ben Two').click();
    expect(await resultBox(page, 'Ben Two').isChecked()).toBe(false);
    await expect(page.locator('.compare-tray').innerText()).resolves.toContain('You can compare up to 4 mediators at a time.');
    await expect(page.locator('.compare-tray a').innerText()).resolves.toBe('Compare 4');
    await resultBox(page, 'Dev Four').uncheck();

    // The tray never hides the last result.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const tray = (await page.locator('.compare-tray').boundingBox())!;
    const lastCard = (await page.locator('ol.cards li').last().boundingBox())!;
    expect(lastCard.y + lastCard.height).toBeLessThanOrEqual(tray.y);

    await page.locator('.compare-tray a').click();
    await page.waitForURL(/\/compare\?m=/);
    expect(await columnNames(page)).toEqual(['Ada One', 'Cleo Three', 'Eva Five']);
    // The search set the place, so distances show.
    await expect(page.getByRole('rowheader', { name: 'Distance from Austin, TX' }).count()).resolves.toBe(1);
    // Side by side on a desktop: every column in view, none squeezed.
    for (const th of await page.locator('.compare-table thead th').all()) {
      const box = (await th.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(box.width).toBeGreaterThan(200);
    }

    const link = await page.getByLabel('Link to this comparison').inputValue();
    const path = new URL(link).pathname + new URL(link).search;
    const fresh = await openPage();
    await fresh.page.goto(s.baseUrl + path);
    expect(await columnNames(fresh.page)).toEqual(['Ada One', 'Cleo Three', 'Eva Five']);
    // A fresh browser has no searched place: no distances, and no error.
    await expect(fresh.page.getByRole('rowheader', { name: /Distance/ }).count()).resolves.toBe(0);
    expect([...errors, ...fresh.errors]).toEqual([]);
  }, 90_000);

  it('is readable on a phone: one column at a time scrolling sideways, the row names staying put', async () => {
    const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${s.baseUrl}/compare?m=ada-one,ben-two,cleo-three,dev-four`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const rowName = page.getByRole('rowheader', { name: 'Hourly fee' });
    const before = (await rowName.boundingBox())!;
    const firstColumn = (await page.locator('.compare-table thead th').first().boundingBox())!;
    expect(firstColumn.width).toBeGreaterThanOrEqual(150);
    // Part of the next mediator shows, so it is plain there is more to the side.
    const second = (await page.locator('.compare-table thead th').nth(1).boundingBox())!;
    expect(second.x).toBeLessThan(390 - 40);

    await page.locator('.compare-scroll').evaluate((el) => el.scrollBy(600, 0));
    const after = (await rowName.boundingBox())!;
    expect(after.x).toBe(before.x);
    const fourth = (await page.locator('.compare-table thead th').nth(3).boundingBox())!;
    expect(fourth.x).toBeGreaterThanOrEqual(before.x + before.width - 1);
    expect(fourth.x).toBeLessThan(390);
    expect(errors).toEqual([]);
  }, 90_000);

  it('works without JavaScript: tick boxes on the results and press the button', async () => {
    const { page } = await openPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await page.goto(`${s.baseUrl}/mediators?near=Austin,%20TX`);
    await resultBox(page, 'Ben Two').check();
    await resultBox(page, 'Dev Four').check();
    await page.getByRole('button', { name: 'Compare ticked mediators' }).click();
    await page.waitForURL(/\/compare\?m=ben-two&m=dev-four/);
    expect(await columnNames(page)).toEqual(['Ben Two', 'Dev Four']);

    // Five ticked: a clear refusal, and a form to keep four.
    await page.goto(`${s.baseUrl}/mediators?near=Austin,%20TX`);
    for (const name of NAMES) await resultBox(page, name).check();
    await page.getByRole('button', { name: 'Compare ticked mediators' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('You can compare up to 4 mediators at a time, and 5 were picked.');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/compare\?/);
    expect(await columnNames(page)).toEqual(NAMES.slice(0, 4));
  }, 90_000);
});
