import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { createMediator, office } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AUSTIN = { lat: 30.2672, lon: -97.7431 };
const KM_PER_DEG_LAT = 111.195;
const near = (km: number, city: string) => office(AUSTIN.lat + km / KM_PER_DEG_LAT, AUSTIN.lon, { city, label: `${city} office` });

describe.each(DIALECTS)('finding a mediator in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer(engine);
    // Several mediators at known distances, one with two offices, and a featured one.
    await createMediator(s.db.db, engine, { name: 'Nadia Twelve', offices: [near(12, 'Pflugerville')] });
    await createMediator(s.db.db, engine, { name: 'Omar Three', offices: [near(3, 'Austin')] });
    await createMediator(s.db.db, engine, { name: 'Priya Twenty', offices: [near(20, 'Round Rock')], headline: 'Workplace mediator' });
    await createMediator(s.db.db, engine, {
      name: 'Quinn Two Offices',
      slug: 'quinn-two-offices',
      offices: [near(7, 'North Austin'), office(29.4241, -98.4936, { city: 'San Antonio', label: 'San Antonio office' })],
    });
    await createMediator(s.db.db, engine, {
      name: 'Rae Featured',
      offices: [near(30, 'Georgetown')],
      featuredTier: 'featured',
      featuredFrom: '2026-01-01T00:00:00.000Z',
      featuredUntil: '2027-06-01T00:00:00.000Z',
    });
    browser = await launchChromium();
    context = await strictContext(browser, cspErrors);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('goes from the home page to a profile with its offices and map', async () => {
    await page.goto(`${s.baseUrl}/`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Find mediators near you/i);

    await page.locator('form[action="/mediators"] input[name="near"]').first().fill('Austin, TX');
    await page.locator('form[action="/mediators"] button[type="submit"]').first().click();
    await page.waitForURL(/\/mediators\?/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Austin, TX/);

    // Changing the sort updates the results in place (filters.ts), the address with them.
    await page.locator('select[name="sort"]').selectOption('distance');
    await page.waitForURL(/sort=distance/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const results = page.locator('section[aria-labelledby="results-title"] ol.cards > li');
    const distances = (await results.allTextContents())
      .map((text) => /([\d.]+) mi away/.exec(text))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    expect(distances.length).toBe(5);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeCloseTo(1.9, 1);
    // The map waits to be asked for; the choice then holds for the visit (the profile below).
    await page.getByRole('button', { name: 'Show map' }).click();
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    await expect(page.locator('[data-map] .leaflet-marker-icon').count()).resolves.toBeGreaterThanOrEqual(5);

    await page.getByRole('link', { name: 'Quinn Two Offices' }).first().click();
    await page.waitForURL(/\/mediators\/quinn-two-offices$/);
    const body = await page.locator('main').textContent();
    expect(body).toContain('North Austin office');
    expect(body).toContain('San Antonio office');
    await expect(page.locator('[data-map]').count()).resolves.toBeGreaterThanOrEqual(1);
    await page.locator('[data-map] .leaflet-marker-icon').first().waitFor();
    await expect(page.locator('[data-map] .leaflet-marker-icon').count()).resolves.toBeGreaterThanOrEqual(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('works without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p = await noJs.newPage();
    await p.goto(`${s.baseUrl}/`);
    await p.locator('form[action="/mediators"] input[name="near"]').first().fill('78701');
    await p.locator('form[action="/mediators"] button[type="submit"]').first().click();
    await p.waitForURL(/near=78701/);
    expect(await p.locator('section[aria-labelledby="results-title"] ol.cards > li').count()).toBe(5);
    await noJs.close();
  });
});
