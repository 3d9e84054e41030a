import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, logInAs, offlinePages, featuredNames } from '../support/browser.ts';
import { createMediator, createMediators, mediatorInput, office } from '../support/factories.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The journey of issue 12's featured places, in real Chromium under the site's own CSP: an admin
 * grants a featured place for Missouri; the member then appears labelled "Featured" in matching
 * searches in Missouri, and in no others (across the state line in Kansas, or with a filter they
 * do not match). The admin pages and the member's panel are looked at on a phone and a desktop.
 */

const KC_MO = { lat: 39.0997, lon: -94.5786 };
const near = (km: number) => office(KC_MO.lat + km / 111.195, KC_MO.lon, { city: 'Kansas City', region: 'MO', postalCode: '64106' });
const SHOTS = '.tmp/screenshots';

describe.each(DIALECTS)('granting a featured place in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  const pages = offlinePages(() => browser, errors);
  const open = (width: number, height: number) => pages.open(width, height);
  const logIn = (page: Page, email: string) => logInAs(page, s.baseUrl, email, PASSWORD);
  const featuredOn = (page: Page, query: string) => featuredNames(page, `${s.baseUrl}/mediators?${query}`);
  const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  beforeAll(async () => {
    s = await startTestServer(engine);
    fs.mkdirSync(SHOTS, { recursive: true });
    await createMediators(s.db.db, engine, Array.from({ length: 20 }, (_, i) => mediatorInput({ name: `Neighbour ${i}`, offices: [near(0.5 + i * 0.1)] })));
    const id = await createMediator(s.db.db, engine, { name: 'Show Me Mediation', slug: 'show-me-mediation', offices: [near(15)] });
    const member = await signedIn(s, 'showme@example.org');
    await s.db.db.updateTable('mediators').set({ user_id: member.userId }).where('id', '=', id).execute();
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await s?.close();
  });

  it('lets an admin grant a place for Missouri; the member is featured in matching Missouri searches and in no others', async () => {
    const visitor = await open(1280, 900);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&sort=distance&radius=50')).toEqual([]);

    const page = await open(1280, 900);
    await logIn(page, 'admin@example.org');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Featured' }).click();
    await page.waitForURL(/\/admin\/featured$/);
    await page.getByLabel('Member’s profile address').fill('/mediators/show-me-mediation');
    await page.getByLabel('Region').fill('Missouri');
    await page.getByLabel('First day').fill('2026-11-20');
    await page.getByLabel('Last day').fill('2026-12-31');
    await page.getByLabel('Reason (for the audit log)').fill('Paid through December');
    await page.getByRole('button', { name: 'Grant' }).click();
    await page.waitForURL(/\/admin\/featured\/\d+\?done=granted$/);
    await expect(page.getByRole('status').innerText()).resolves.toContain('The featured place is granted.');
    await expect(page.locator('.grant-facts').innerText()).resolves.toContain('Missouri, United States');
    // Saved again as it stands, the grant's form keeps its region.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\?done=changed$/);
    await expect(page.locator('.grant-facts').innerText()).resolves.toContain('Missouri, United States');

    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&sort=distance&radius=50')).toEqual(['Show Me Mediation']);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&radius=50&practice=workplace')).toEqual([]);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20KS&sort=distance&radius=50')).toEqual([]);
    // Across the line the member is in the results all the same (the 21st, on the second page), just not featured.
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20KS&sort=distance&radius=50&page=2')).toEqual([]);
    await expect(visitor.locator('.results-list').innerText()).resolves.toContain('Show Me Mediation');
    expect(errors).toEqual([]);
  });

  it('lays out the admin pages and the member’s panel on a phone and a desktop, with no serious axe violation', async () => {
    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ] as const) {
      const admin = await open(width, height);
      await logIn(admin, 'admin@example.org');
      await admin.goto(`${s.baseUrl}/admin/featured`);
      await admin.screenshot({ path: `${SHOTS}/admin-featured-${engine}-${width}.png`, fullPage: true });
      await noOverflow(admin);
      // The form's fields take the column's width, one under another; the grants table fits.
      const region = (await admin.getByLabel('Region').boundingBox())!;
      const first = (await admin.getByLabel('First day').boundingBox())!;
      expect(first.y).toBeGreaterThan(region.y + region.height);
      expect(region.x + region.width).toBeLessThanOrEqual(width);
      if (width === 390) expect(region.width).toBeGreaterThan(300);
      await expect(admin.locator('table.grant-list').innerText()).resolves.toContain('Show Me Mediation');
      expect(await seriousAxeViolations(admin)).toEqual([]);

      await admin.locator('table.grant-list a').first().click();
      await admin.waitForURL(/\/admin\/featured\/\d+$/);
      await admin.screenshot({ path: `${SHOTS}/admin-grant-${engine}-${width}.png`, fullPage: true });
      await noOverflow(admin);
      await expect(admin.getByLabel('Region').inputValue()).resolves.toBe('US-MO');
      expect(await seriousAxeViolations(admin)).toEqual([]);

      const member = await open(width, height);
      await logIn(member, 'showme@example.org');
      const panel = member.locator('.featured-panel');
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: `${SHOTS}/dashboard-featured-${engine}-${width}.png` });
      const text = await panel.innerText();
      expect(text).toContain('Featured in Missouri, United States');
      expect(text).toMatch(/Ends Dec(ember)? 31, 2026\. Shown in a featured place \d+ times? so far\./);
      const box = (await panel.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await noOverflow(member);
      expect(await seriousAxeViolations(member)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
