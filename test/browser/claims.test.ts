import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';
import { csrfToken, type Visitor } from '../support/visitor.ts';

/**
 * The admins' list of imported profiles waiting for their claim, at a phone's width and a
 * desktop's: nothing sticks out sideways, each profile's long name and address wrap inside the
 * column, "Mail the claim link again" works and says so, and axe-core finds nothing serious.
 */
const FILE = [
  'name,email,address,city,region,postal_code,country,headline,bio',
  'Wilhelmina Waitingforaverylongsurname-Doublebarrelled,wilhelmina.with.a.very.long.address@a-rather-long-domain-name.example.org,,Austin,TX,78701,US,,',
  'Carl Claim,carl@example.org,,Austin,TX,78702,US,,',
].join('\n');

describe.each(DIALECTS)('the claims page in Chromium on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  let admin: Visitor;
  let clock = TEST_NOW;
  const contexts: BrowserContext[] = [];

  async function open(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    await context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: s.baseUrl })));
    return context.newPage();
  }

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    admin = await signedIn(s, 'claims-admin@example.org', 'admin');
    const form = new FormData();
    form.append('_csrf', csrfToken((await admin.get('/admin/import')).html));
    form.append('file', new Blob([FILE], { type: 'text/csv' }), 'list.csv');
    expect((await admin.request('/admin/import', { method: 'POST', body: form })).status).toBe(200);
    // Two hours on, so every link may be mailed again.
    clock = new Date(TEST_NOW.getTime() + 2 * 3_600_000);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await s?.close();
  });

  for (const width of [390, 1280]) {
    it(`lists the waiting profiles and mails a link again, at ${width} px`, async () => {
      const page = await open(width);
      await page.goto(`${s.baseUrl}/admin/claims`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const items = page.locator('.claim-item');
      expect(await items.count()).toBe(2);
      const main = (await page.locator('main').boundingBox())!;
      for (let i = 0; i < 2; i++) {
        const box = (await items.nth(i).boundingBox())!;
        // Inside the page's column, and on a desk a readable width rather than the whole screen.
        expect(box.x).toBeGreaterThanOrEqual(main.x - 1);
        expect(box.x + box.width).toBeLessThanOrEqual(main.x + main.width + 1);
        if (width === 390) expect(box.width).toBeGreaterThan(300);
        else expect(box.width).toBeLessThanOrEqual(800);
      }
      // The long address wraps inside its item rather than running out of it.
      const facts = (await items.first().locator('.claim-facts').boundingBox())!;
      const first = (await items.first().boundingBox())!;
      expect(facts.x + facts.width).toBeLessThanOrEqual(first.x + first.width + 1);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await items.filter({ hasText: width === 390 ? 'Wilhelmina' : 'Carl Claim' }).getByRole('button', { name: 'Mail the claim link again' }).click();
      await page.waitForLoadState('load');
      await expect(page.getByRole('status').textContent()).resolves.toContain('The claim link is mailed again');
      expect(await items.filter({ hasText: width === 390 ? 'Wilhelmina' : 'Carl Claim' }).textContent()).toContain('It can be mailed again from');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  }
});
