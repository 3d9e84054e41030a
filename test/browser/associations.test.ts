import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership } from '../support/associations.ts';
import { launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createMediators, mediatorInput } from '../support/factories.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const WIDTHS = [390, 1280] as const;
const SHOTS = process.env.SCREENSHOT_DIR;

/**
 * An admin creates an association in Chromium (details, logo, a panel), and a visitor sees the list
 * and its page in the association's colours, at a phone's and a desktop's width: no page error
 * under the site's CSP, nothing wider than the window, no serious axe-core violation.
 */
describe.each(DIALECTS)('associations in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  let logo: Buffer;

  async function open(page: Page, path: string, errors: string[]) {
    const response = await page.goto(s.baseUrl + path);
    expect(response?.status(), path).toBe(200);
    // Nothing sideways: the page fits the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} overflows`).toBe(true);
    expect(await seriousAxeViolations(page), path).toEqual([]);
    expect(errors, path).toEqual([]);
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    await signedIn(s, 'admin@example.org', 'admin');
    logo = await sharp({ create: { width: 480, height: 160, channels: 3, background: '#5a1e3c' } }).png().toBuffer();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A page in a new context of this width, signed in as the admin when asked, collecting page errors. */
  async function pageAt(width: number, admin: boolean): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A CSP refusal shows as a console error: the theme must come from a stylesheet, not inline.
      if (m.type() === 'error') errors.push(m.text());
    });
    if (admin) {
      await page.goto(`${s.baseUrl}/login`);
      await page.getByLabel('Email address').fill('admin@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    }
    return { page, errors, close: () => context.close() };
  }

  it('lets an admin create an association with a logo and a panel, and shows its page in its colours', async () => {
    const { page, errors, close } = await pageAt(1280, true);

    await open(page, '/admin/associations', errors);
    await page.getByLabel('Name').fill('Capital Area Mediation Network');
    await page.getByLabel('Description').fill('Mediators of the capital region.\n\nWe run a reduced-fee programme.');
    await page.getByLabel('Admission criteria').fill('Forty hours of training.');
    await page.getByLabel('Website (optional)').fill('https://camn.example.org');
    await page.getByLabel('Main colour').fill('#5a1e3c');
    await page.getByLabel('Background colour').fill('#f4d9e4');
    await page.getByRole('button', { name: 'Add association' }).click();
    await page.waitForURL(/\/admin\/associations\/\d+\?done=created/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.waitForURL(/done=logo_saved/);
    await page.getByLabel('New panel').fill('Reduced-fee programme');
    await page.getByRole('button', { name: 'Add panel' }).click();
    await page.waitForURL(/done=panel_added/);
    expect(await page.locator('main img.association-logo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const adminPath = new URL(page.url()).pathname;
    expect(errors).toEqual([]);
    await close();
    for (const width of WIDTHS) {
      const a = await pageAt(width, true);
      await open(a.page, adminPath, a.errors);
      // A panel's name and its Rename button share a row; Remove sits beside or below, never on top.
      const input = (await a.page.getByLabel(/^Panel name/).boundingBox())!;
      const rename = (await a.page.getByRole('button', { name: /^Rename/ }).boundingBox())!;
      expect(Math.abs(input.y + input.height - (rename.y + rename.height))).toBeLessThan(4);
      expect(rename.x).toBeGreaterThan(input.x + input.width - 1);
      expect(input.width).toBeGreaterThan(150);
      if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/assoc-admin-${engine}-${width}.png`, fullPage: true });
      await a.close();
    }

    // Members: one on the panel.
    const db = s.db.db;
    const [ann, bob] = await createMediators(db, engine, [mediatorInput({ name: 'Ann Capital' }), mediatorInput({ name: 'Bob Reduced-Fee' })]);
    const association = await db.selectFrom('associations').select('id').where('slug', '=', 'capital-area-mediation-network').executeTakeFirstOrThrow();
    const panel = await db.selectFrom('association_panels').select('id').where('association_id', '=', association.id).executeTakeFirstOrThrow();
    await insertMembership(db, association.id, ann!);
    await insertMembership(db, association.id, bob!, [panel.id]);

    for (const width of WIDTHS) {
      const { page: p, errors: seen, close: closeVisitor } = await pageAt(width, false);
      // Every page's footer leads to the list.
      await open(p, '/about', seen);
      await p.getByRole('contentinfo').getByRole('link', { name: 'Associations' }).click();
      await p.waitForURL(/\/associations$/);
      await open(p, '/associations', seen);
      const card = (await p.locator('main .association-card').first().boundingBox())!;
      const cardLogo = (await p.locator('main .association-card img').first().boundingBox())!;
      const cardTitle = (await p.locator('main .association-card h2').first().boundingBox())!;
      // The logo beside the name, the name given most of the card.
      expect(cardLogo.x + cardLogo.width).toBeLessThanOrEqual(cardTitle.x);
      expect(cardTitle.width).toBeGreaterThan(card.width / 2);
      if (SHOTS) await p.screenshot({ path: `${SHOTS}/associations-${engine}-${width}.png`, fullPage: true });

      await p.getByRole('link', { name: 'Capital Area Mediation Network' }).click();
      await p.waitForURL(/\/associations\/capital-area-mediation-network$/);
      await open(p, '/associations/capital-area-mediation-network', seen);
      const band = p.locator('main .association-band');
      // The association's main colour behind white text, from its stylesheet (the CSP forbids inline style).
      expect(await band.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(90, 30, 60)', 'rgb(255, 255, 255)']);
      const main = (await p.locator('main').boundingBox())!;
      const bandBox = (await band.boundingBox())!;
      expect(bandBox.width).toBeGreaterThan(main.width * 0.9);
      const bandLogo = (await p.locator('main .association-band img').boundingBox())!;
      expect(bandLogo.width).toBeLessThanOrEqual(bandBox.width);
      expect(bandLogo.y).toBeGreaterThanOrEqual(bandBox.y);
      const panelList = p.locator('main .association-panel');
      await expect.poll(() => panelList.innerText()).toContain('Bob Reduced-Fee');
      expect(await panelList.innerText()).not.toContain('Ann Capital');
      expect(await p.getByRole('list', { name: 'Members of Capital Area Mediation Network' }).innerText()).toMatch(/Ann Capital[\s\S]*Bob Reduced-Fee/);
      if (SHOTS) await p.screenshot({ path: `${SHOTS}/association-${engine}-${width}.png`, fullPage: true });

      // The roster leads to the profile, which names the association and the panel.
      await p.getByRole('link', { name: 'Bob Reduced-Fee' }).last().click();
      await p.waitForURL(/\/mediators\//);
      const memberships = p.locator('section[aria-labelledby="associations-title"]');
      expect(await memberships.innerText()).toContain('Capital Area Mediation Network · Reduced-fee programme');
      expect(await seriousAxeViolations(p)).toEqual([]);
      expect(seen).toEqual([]);
      await closeVisitor();
    }
  }, 180_000);
});
