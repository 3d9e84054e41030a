import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TMP_DIR } from '../support/db.ts';
import { launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { linkPath } from '../support/mail.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Visitor } from '../support/visitor.ts';

/**
 * An admin imports mediators on the upload page, reads the report of a wrong file, imports a good
 * one; the mediator claims the profile from the mailed link and agrees to be listed. At a phone's
 * width and a desktop's, under the site's own CSP, with axe-core on each page.
 */
const HEADER = 'name,email,address,city,region,postal_code,country,headline';
const BAD = `${HEADER}\nWide Report,not-an-email-address-at-all-and-rather-long,,Austin,TX,78701,US,"=HYPERLINK(""http://evil.example"",""x"")"\n`;


describe.each(DIALECTS)('importing and claiming in Chromium on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let adminVisitor: Visitor;

  /** A browser at that size; signed in as `as` (its session cookie, from a log-in over HTTP). */
  async function open(width: number, height: number, as?: Visitor): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    if (as) await context.addCookies([...as.cookies].map(([name, value]) => ({ name, value, url: s.baseUrl })));
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }
  /** The page fits its width: nothing sticks out sideways. */
  const fits = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  async function upload(page: Page, csv: string) {
    await page.goto(`${s.baseUrl}/admin/import`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'mediators.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check and import' }).click();
    await page.waitForLoadState('load');
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    adminVisitor = await signedIn(s, 'import-admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await s?.close();
  });

  for (const [width, height] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    it(`reports a wrong file, imports a good one, and the mediator claims and lists it, at ${width} px`, async () => {
      const admin = await open(width, height, adminVisitor);
      await upload(admin, BAD);
      const report = admin.getByRole('alert').filter({ hasText: 'nothing was imported' });
      await expect(report.textContent()).resolves.toContain('1 row of 1 row cannot be imported');
      const cell = admin.getByRole('cell', { name: /^email: Enter an email address/ });
      const table = (await admin.locator('.import-table').boundingBox())!;
      expect(table.x).toBeGreaterThanOrEqual(0);
      expect(table.x + table.width).toBeLessThanOrEqual(width);
      expect((await cell.boundingBox())!.width).toBeGreaterThan(100);
      // The upload form comes after the report, still on the page, nav above the heading.
      const nav = (await admin.getByRole('navigation', { name: 'Admin' }).boundingBox())!;
      const h1 = (await admin.getByRole('heading', { level: 1, name: 'Import mediators' }).boundingBox())!;
      expect(nav.y + nav.height).toBeLessThanOrEqual(h1.y);
      await expect(admin.getByRole('navigation', { name: 'Admin' }).locator('[aria-current="page"]').textContent()).resolves.toBe('Import');
      await fits(admin, width);
      expect(await seriousAxeViolations(admin)).toEqual([]);
      await admin.screenshot({ path: `${TMP_DIR}/import-report-${engine}-${width}.png`, fullPage: true });

      const email = `claim-${width}@example.org`;
      await upload(admin, `${HEADER}\nClaire Width${width},${email},,Austin,TX,78701,US,Family mediation\n`);
      await expect(admin.getByRole('status').textContent()).resolves.toContain('Imported 1 mediator of 1 row');
      expect(await seriousAxeViolations(admin)).toEqual([]);

      await admin.goto(`${s.baseUrl}/admin/export`);
      await fits(admin, width);
      expect(await seriousAxeViolations(admin)).toEqual([]);

      const mediator = await open(width, height);
      const link = linkPath((await s.mails()).find((m) => m.to === email)!, '/claim');
      await mediator.goto(s.baseUrl + link);
      await fits(mediator, width);
      expect(await seriousAxeViolations(mediator)).toEqual([]);
      await mediator.screenshot({ path: `${TMP_DIR}/claim-${engine}-${width}.png`, fullPage: true });
      // The password field is as wide as a password needs, not the page.
      expect((await mediator.getByLabel('Password').boundingBox())!.width).toBeLessThanOrEqual(Math.min(width, 720));
      await mediator.getByLabel('Password').fill(PASSWORD);
      await mediator.getByRole('button', { name: 'Take over this profile' }).click();
      await mediator.waitForURL(/\/claim\/consent$/);
      const yes = mediator.getByRole('button', { name: 'Yes, list my profile' });
      const button = (await yes.boundingBox())!;
      expect(button.x + button.width).toBeLessThanOrEqual(width);
      await fits(mediator, width);
      expect(await seriousAxeViolations(mediator)).toEqual([]);
      await mediator.screenshot({ path: `${TMP_DIR}/consent-${engine}-${width}.png`, fullPage: true });
      await yes.click();
      await mediator.waitForURL(/\/dashboard\?done=listed$/);
      const slug = (await s.db.db.selectFrom('mediators').select('slug').where('name', '=', `Claire Width${width}`).executeTakeFirstOrThrow()).slug;
      expect((await s.get(`/mediators/${slug}`)).status).toBe(200);
      expect(pageErrors).toEqual([]);
    });
  }
});
