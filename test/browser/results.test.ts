import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium } from '../support/browser.ts';
import { createMediators, mediatorInput, office } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AUSTIN = { lat: 30.2672, lon: -97.7431 };
const KM_PER_DEG_LAT = 111.195;
const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// A 1×1 transparent PNG: what the stand-in tile server answers.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const FEATURED = { featuredTier: 'featured', featuredFrom: '2026-01-01T00:00:00.000Z', featuredUntil: '2027-06-01T00:00:00.000Z' };

describe.each(DIALECTS)('the results page in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A page under the site's own CSP that fails the test on a script error, with every request leaving 127.0.0.1 recorded. */
  async function open(viewport: { width: number; height: number }, opts: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({ viewport, locale: 'en-US', ...opts });
    contexts.push(context);
    const outside: string[] = [];
    const errors: Error[] = [];
    // Nothing may reach the network; the tile server's answer is a stand-in, and every ask is counted.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
      outside.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE });
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e));
    return { context, page, outside, errors };
  }

  const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.y;

  beforeAll(async () => {
    s = await startTestServer(engine);
    // 24 mediators at 1–24 km (26 results with the two below), the farthest three featured (so ranked past the first page of 20
    // and given featured places), and two who meet clients in Texas online.
    await createMediators(
      s.db.db,
      engine,
      Array.from({ length: 24 }, (_, i) =>
        mediatorInput({
          name: `Near ${String(i + 1).padStart(2, '0')}`,
          offices: [office(AUSTIN.lat + (i + 1) / KM_PER_DEG_LAT, AUSTIN.lon, { city: 'Austin' })],
          practiceAreas: i % 3 === 0 ? ['workplace'] : ['family'],
          ...(i >= 21 ? FEATURED : {}),
        }),
      ),
    );
    await createMediators(s.db.db, engine, [
      mediatorInput({ name: 'Web Texan', formats: ['online'], offices: [office(29.76, -95.37, { city: 'Houston' })], serviceAreas: [{ kind: 'online', country: 'US', region: 'TX' }] }),
      mediatorInput({ name: 'Web Anywhere', formats: ['online'], offices: [], serviceAreas: [{ kind: 'online', country: 'US', region: null }] }),
    ]);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('keeps the first unpaid result in the first screen, with at most 3 labelled featured cards after every third result', async () => {
    for (const [viewport, limit] of [
      [DESK, DESK.height],
      [PHONE, 1.5 * PHONE.height],
    ] as const) {
      const { page, errors } = await open(viewport);
      await page.goto(`${s.baseUrl}/mediators?near=78701&radius=30&unit=km`);
      const results = page.locator('.results-list ol.cards > li');
      const slots = page.locator('.featured-slot');
      await expect(slots.count()).resolves.toBeGreaterThan(0);
      await expect(slots.count()).resolves.toBeLessThanOrEqual(3);
      const first = (await results.first().boundingBox())!;
      // The whole heading of the first result card is on the first screen (phone: within one and a half).
      expect(first.y + 40).toBeLessThanOrEqual(limit);
      const third = (await results.nth(2).boundingBox())!;
      const slot = (await slots.first().boundingBox())!;
      expect(slot.y).toBeGreaterThan(third.y + third.height - 1);
      // A compact card: shorter than a result card.
      expect(slot.height).toBeLessThan(first.height);
      for (const text of await slots.allTextContents()) expect(text).toContain('Featured');
      expect(errors).toEqual([]);
    }
  });

  it('asks no one outside the site until "Show map", then asks the tile server, and remembers it for the visit', async () => {
    const { page, outside, errors } = await open(DESK);
    await page.goto(`${s.baseUrl}/mediators?near=78701&radius=30&unit=km`);
    await page.waitForLoadState('networkidle');
    expect(outside).toEqual([]);
    expect(await page.evaluate(() => 'L' in window)).toBe(false);
    // No empty map box before it is asked for: the offer is one line above the list.
    const offer = page.locator('[data-map-offer]');
    await expect(offer.textContent()).resolves.toContain('tile.openstreetmap.org');
    expect((await offer.boundingBox())!.height).toBeLessThan(80);
    expect(await page.locator('[data-map]').isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Show map' }).click();
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    await expect.poll(() => outside.filter((u) => u.startsWith('https://tile.openstreetmap.org/')).length).toBeGreaterThan(0);
    expect(outside.every((u) => u.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    // Markers meet the 24 px target size.
    for (const box of await page.locator('[data-map] .leaflet-marker-icon').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    // Shown, the map takes the third column beside the list.
    const map = (await page.locator('[data-map]').boundingBox())!;
    const list = (await page.locator('.results-main').boundingBox())!;
    expect(map.x).toBeGreaterThan(list.x + list.width);

    // The same visit: the next page shows its map without asking again.
    await page.reload();
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    await page.locator('.results-list a').first().click();
    await page.waitForURL(/\/mediators\/near-/);
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('asks no one outside the site on a profile either, in a new visit', async () => {
    const { page, outside, errors } = await open(PHONE);
    await page.goto(`${s.baseUrl}/mediators/near-01`);
    await page.waitForLoadState('networkidle');
    expect(outside).toEqual([]);
    await expect(page.locator('main').textContent()).resolves.toContain('Austin');
    await page.getByRole('button', { name: 'Show map' }).click();
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    await expect.poll(() => outside.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('updates the results and the address when a filter is ticked, without loading the page again', async () => {
    const { page, errors } = await open(PHONE);
    await page.goto(`${s.baseUrl}/mediators?near=78701&radius=30&unit=km`);
    await expect(page.locator('.results-summary').textContent()).resolves.toMatch(/^26 mediators/);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.locator('details.filters > summary').click();
    await page.getByLabel('Workplace').check();
    await page.waitForURL(/practice=workplace/);
    await expect.poll(() => page.locator('.results-summary').textContent()).toMatch(/^8 mediators/);
    await expect(page.locator('[data-results-status]').textContent()).resolves.toMatch(/^8 mediators/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const names = await page.locator('.results-list h3 a').allTextContents();
    expect(names.sort()).toEqual(['Near 01', 'Near 04', 'Near 07', 'Near 10', 'Near 13', 'Near 16', 'Near 19', 'Near 22']);

    // The button that says the count stays in view while the long form is scrolled.
    const button = page.getByRole('button', { name: 'Show 8 mediators' });
    await page.getByLabel('Spanish').scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(errors).toEqual([]);
  });

  it('submits the filters with JavaScript off', async () => {
    const { page } = await open(PHONE, { javaScriptEnabled: false });
    await page.goto(`${s.baseUrl}/mediators?near=78701&radius=30&unit=km`);
    await page.locator('details.filters > summary').click();
    await page.getByLabel('Workplace').check();
    await page.getByRole('button', { name: 'Show 26 mediators' }).click();
    await page.waitForURL(/practice=workplace/);
    await expect(page.locator('.results-summary').textContent()).resolves.toMatch(/^8 mediators/);
  });

  it('uses the width of a wide screen for online-only results, with where each mediator is based', async () => {
    const { page, errors } = await open(DESK);
    await page.goto(`${s.baseUrl}/mediators?format=online`);
    await page.waitForURL(/area=US/);
    await page.locator('#area').selectOption('US-TX');
    await page.getByRole('button', { name: 'Show mediators there' }).click();
    await page.waitForURL(/area=US-TX/);
    const cards = page.locator('.results-list ol.cards > li');
    const texts = await cards.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts.every((t) => t.includes('Meets online with clients in Texas'))).toBe(true);
    expect(texts.some((t) => t.includes('based in Houston, TX, United States'))).toBe(true);
    // No empty right third: the list reaches to the page's right margin.
    const list = (await page.locator('.results-list').boundingBox())!;
    expect(list.x + list.width).toBeGreaterThan(DESK.width - 40);
    expect(list.width).toBeGreaterThan(DESK.width * 0.6);
    expect(errors).toEqual([]);
  });
});
