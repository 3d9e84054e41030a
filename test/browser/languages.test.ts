import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SHOTS = process.env.SCREENSHOT_DIR;

/**
 * /admin/languages in Chromium, under the site's own CSP, at a phone's width and a desk's: it fits
 * without sideways scrolling, the add form's fields are wide enough to type in (side by side on a
 * desk, one above the other on a phone), a refused code says why beside the field, a language added
 * through the form shows in the list and in the search filter; no page error, no serious axe violation.
 */
describe.each(DIALECTS)('the admins’ languages page in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  async function open(width: number): Promise<Page> {
    const page = await (await strictContext(browser, errors, { viewport: { width, height: 900 } })).newPage();
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill('admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${s.baseUrl}/admin`);
    await page.goto(`${s.baseUrl}/admin/languages`);
    return page;
  }
  async function check(page: Page, width: number, name: string): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(width);
    expect(JSON.stringify(await seriousAxeViolations(page)), name).toBe('[]');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${engine}-${name}-${width}.png`, fullPage: true });
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  for (const [width, code, name] of [
    [390, 'sw', 'Swahili'],
    [1280, 'yue', 'Cantonese'],
  ] as const) {
    it(`adds a language through the form at ${width} px, and the page fits`, async () => {
      const page = await open(width);
      await expect(page.getByRole('navigation', { name: 'Admin' }).locator('[aria-current="page"]').textContent()).resolves.toBe('Languages');
      await check(page, width, 'languages');
      const codeBox = (await page.getByLabel('Code', { exact: true }).boundingBox())!;
      const nameBox = (await page.getByLabel('Name in English').boundingBox())!;
      if (width === 390) {
        // One above the other, each as wide as the phone allows.
        expect(Math.round(codeBox.x)).toBe(Math.round(nameBox.x));
        expect(codeBox.y).toBeLessThan(nameBox.y);
        for (const b of [codeBox, nameBox]) expect(b.width).toBeGreaterThan(300);
      } else {
        // Side by side on one line, the name the wider.
        expect(Math.round(codeBox.y)).toBe(Math.round(nameBox.y));
        expect(nameBox.x).toBeGreaterThan(codeBox.x + codeBox.width);
        expect(codeBox.width).toBeGreaterThan(150);
        expect(nameBox.width).toBeGreaterThan(codeBox.width * 1.5);
      }
      // Each card's name field and rename button fit the card.
      const card = (await page.locator('#language-es').boundingBox())!;
      const rename = (await page.getByRole('button', { name: 'Rename Spanish' }).boundingBox())!;
      expect(rename.x + rename.width).toBeLessThanOrEqual(card.x + card.width);
      expect((await page.locator('#es-name').boundingBox())!.width).toBeGreaterThan(200);

      await page.getByLabel('Code', { exact: true }).fill('e1');
      await page.getByLabel('Name in English').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('#code-error, .field-invalid .field-error').first().textContent()).resolves.toContain('Use the ISO 639 code');
      await check(page, width, 'languages-refused');

      await page.getByLabel('Code', { exact: true }).fill(code);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForURL(/done=added/);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('The language is added.');
      await expect(page.locator(`#language-${code} h2`).textContent()).resolves.toBe(name);

      await page.goto(`${s.baseUrl}/mediators?near=78701`);
      await expect(page.locator(`input[name="language"][value="${code}"]`).count()).resolves.toBe(1);
      await page.context().close();
    });
  }
});
