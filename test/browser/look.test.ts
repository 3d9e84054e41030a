import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../support/articles.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createMediator } from '../support/factories.ts';
import { PASSWORD, postForm, profileForm, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * What a visitor sees first, in Chromium under the site's own CSP: a header that fits a phone in
 * one row with a menu that opens by keyboard, the way in for mediators at every width, links that
 * read as links only in running text, hero art on pieces without a picture, and no dead columns
 * on the contact and dashboard pages. Light and dark, with no serious axe findings.
 */

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

describe.each(DIALECTS)('the look of the site in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  const pageErrors: string[] = [];

  const open = async (path: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const context = await browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${path}: ${e.message}`));
    const res = await page.goto(s.baseUrl + path);
    expect(res?.status(), path).toBe(200);
    return page;
  };
  const box = async (page: Page, selector: string) => {
    const b = await page.locator(selector).first().boundingBox();
    expect(b, selector).not.toBeNull();
    return b!;
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Iris Member', slug: 'iris-member' });
    for (let i = 0; i < 3; i++) await createTestArticle(s.db.db, engine, { title: `Three things to bring to a first session ${i}`, slug: `three-things-${i}` });
    const member = await signedIn(s, 'member@example.org');
    expect((await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ name: 'Maya Member' }))).status).toBe(303);
    browser = await launchChromium();
  }, 120_000);
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('fits the header of a phone in one row, with "List your practice" and a menu that opens by keyboard', async () => {
    const page = await open('/', PHONE);
    const header = await box(page, '.site-header');
    expect(header.height).toBeLessThan(80);
    const brand = await box(page, '.brand');
    const menu = await box(page, '.site-menu > summary');
    const join = await box(page, 'header >> role=link[name="List your practice"]');
    for (const b of [menu, join]) expect(Math.abs(b.y + b.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(8);
    expect(join.x + join.width).toBeLessThanOrEqual(PHONE.width);
    // The menu's links are out of sight until it is opened.
    await expect(page.getByRole('link', { name: 'Articles', exact: true }).isVisible()).resolves.toBe(false);

    // Keyboard only: the skip link, the brand, then the menu button.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('link', { name: 'Articles', exact: true }).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Find a mediator');
    // The open panel lies over the page below the header, the whole width.
    const panel = await box(page, '.site-menu > nav');
    expect(panel.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
    expect(panel.width).toBeGreaterThan(PHONE.width - 2);
    await page.context().close();
  });

  it('shows every header link in one row on a desktop, without a menu button', async () => {
    const page = await open('/articles', DESK);
    expect((await box(page, '.site-header')).height).toBeLessThan(80);
    await expect(page.locator('.site-menu > summary').isVisible()).resolves.toBe(false);
    const tops = new Set<number>();
    for (const name of ['Find a mediator', 'Articles', 'Featured', 'How search works', 'About', 'Log in', 'List your practice']) {
      const link = page.locator('header').getByRole('link', { name, exact: true });
      await expect(link.isVisible(), name).resolves.toBe(true);
      const b = (await link.boundingBox())!;
      tops.add(Math.round((b.y + b.height / 2) / 6));
    }
    expect(tops.size).toBe(1);
    await page.context().close();
  });

  it('underlines links in running text only, at normal weight', async () => {
    const page = await open('/about', DESK);
    const style = (selector: string) =>
      page.locator(selector).first().evaluate((el) => {
        const cs = getComputedStyle(el);
        return { line: cs.textDecorationLine, weight: Number(cs.fontWeight) };
      });
    await expect(style('main li a[href="/how-search-works"]')).resolves.toEqual({ line: 'underline', weight: 400 });
    await expect(style('header nav a')).resolves.toMatchObject({ line: 'none', weight: 400 });
    await page.goto(`${s.baseUrl}/articles`);
    await expect(style('.article-card h2 a, .article-card h3 a')).resolves.toMatchObject({ line: 'none' });
    await page.context().close();
  });

  it('draws art for a piece without a picture, different from its neighbour', async () => {
    const page = await open('/articles', DESK);
    const arts = page.locator('.article-card svg.article-card-image');
    expect(await arts.count()).toBeGreaterThanOrEqual(3);
    const first = (await arts.nth(0).boundingBox())!;
    expect(first.width / first.height).toBeCloseTo(16 / 9, 1);
    const shot = async (i: number) => (await arts.nth(i).screenshot()).toString('base64');
    expect(await shot(0)).not.toBe(await shot(1));
    await page.context().close();
  });

  it('keeps AA contrast in light and dark mode, with the phone menu open', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ['/', '/articles', '/for-mediators']) {
        const context = await strictContext(browser, cspErrors, { viewport: PHONE, colorScheme });
        const page = await context.newPage();
        await page.goto(s.baseUrl + path);
        await page.locator('.site-menu > summary').click();
        expect(JSON.stringify(await seriousAxeViolations(page)), `${path} ${colorScheme}`).toBe('[]');
        await context.close();
      }
    }
  }, 150_000);

  it('uses the width of a desktop on the contact and dashboard pages', async () => {
    const contact = await open('/mediators/iris-member/contact', DESK);
    const form = await box(contact, 'main form');
    const aside = await box(contact, 'main aside');
    expect(aside.x).toBeGreaterThan(form.x + form.width);
    expect(aside.x + aside.width).toBeGreaterThan(DESK.width * 0.8);
    await contact.context().close();

    const context = await browser.newContext({ viewport: DESK });
    const page = await context.newPage();
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill('member@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${s.baseUrl}/dashboard`);
    const listing = await box(page, 'section[aria-labelledby="listing-title"]');
    const availability = await box(page, 'section[aria-labelledby="availability-title"]');
    // Side by side, not one wide box of short lines above another.
    expect(Math.abs(availability.y - listing.y)).toBeLessThan(4);
    expect(availability.x).toBeGreaterThan(listing.x + listing.width);
    await context.close();
  }, 90_000);
});
