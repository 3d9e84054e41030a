import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/log.ts';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const SHOTS = process.env.SCREENSHOT_DIR;

/**
 * The admin area in Chromium, under the site's own Content-Security-Policy (axe-core goes in
 * through the DevTools protocol, which the policy does not govern, so the page's own scripts are
 * held to it): log-in lands on /admin, the pages fit a phone and a desk without sideways scrolling,
 * the audit filter lines up, suspending and restoring work from the users page; no page error and
 * no serious axe violation.
 */
describe.each(DIALECTS)('the admin area in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await (await strictContext(browser, errors, { viewport })).newPage();
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill('admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${s.baseUrl}/admin`);
    return page;
  }

  /** The page fits its width, has no serious axe violation, and is saved for a person to look at. */
  async function check(page: Page, name: string): Promise<void> {
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(width);
    expect(JSON.stringify(await seriousAxeViolations(page)), name).toBe('[]');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${engine}-${name}-${width}.png`, fullPage: true });
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    await signedIn(s, 'admin@example.org', 'admin');
    await signedIn(s, 'sam@example.org');
    for (let i = 0; i < 3; i++) {
      const actor = { id: 1, email: 'admin@example.org', role: 'admin' as const };
      const subject = { kind: 'user', id: 2, label: 'sam@example.org' };
      await recordAudit(s.db.db, { actor, action: 'user.role_changed', subject, before: { role: 'member' }, after: { role: 'editor' }, reason: 'A long reason that has to wrap on a phone without pushing the page sideways at all.' }, TEST_NOW);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  it('fits every admin page on a phone and a desk, with the audit filter in one row on a desk and one column on a phone', async () => {
    for (const viewport of [PHONE, DESK]) {
      const page = await open(viewport);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Running the site');
      await check(page, 'admin');
      for (const [path, name] of [
        ['/admin/users', 'users'],
        ['/admin/practice-areas', 'practice-areas'],
        ['/admin/audit', 'audit'],
      ] as const) {
        await page.goto(`${s.baseUrl}${path}`);
        await check(page, name);
      }
      const boxes = await Promise.all(['#actor', '#action', '#kind', '#from', '#to'].map(async (sel) => (await page.locator(sel).boundingBox())!));
      if (viewport === DESK) {
        // One row: the same top for all five, left to right, "Who" the widest.
        expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBe(1);
        expect(boxes.map((b) => b.x)).toEqual([...boxes.map((b) => b.x)].sort((a, b) => a - b));
        expect(boxes[0]!.width).toBeGreaterThan(boxes[1]!.width * 1.5);
      } else {
        // One column, each as wide as the phone allows.
        expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBe(1);
        for (const b of boxes) expect(b.width).toBeGreaterThan(300);
        expect(boxes.map((b) => b.y)).toEqual([...boxes.map((b) => b.y)].sort((a, b) => a - b));
      }
      await page.context().close();
    }
  });

  it('suspends an account with a reason and restores it from the users page', async () => {
    const page = await open(PHONE);
    await page.goto(`${s.baseUrl}/admin/users?q=sam`);
    await page.getByText('Suspend… sam@example.org').click();
    await page.getByLabel('Reason, shown to them at log-in for sam@example.org').fill('Fees charged twice.');
    await page.getByRole('button', { name: 'Suspend now' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('sam@example.org is suspended');
    await expect(page.locator('.suspension').textContent()).resolves.toContain('Fees charged twice.');
    const restore = page.getByRole('button', { name: 'Restore sam@example.org' });
    // The accounts table scrolls sideways on a phone, inside its own box; the button scrolls into view.
    await restore.scrollIntoViewIfNeeded();
    const box = (await restore.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await check(page, 'users-suspended');
    await restore.click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('sam@example.org is restored');
    await page.goto(`${s.baseUrl}/admin/audit?action=user`);
    await expect(page.locator('.audit-entry').first().textContent()).resolves.toContain('user.restored');
    await page.context().close();
  });
});
