import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/secrets.ts';
import { insertUser } from '../../src/accounts/users.ts';
import { launchChromium, strictContext } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { linkPath } from '../support/mail.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';
import { Visitor } from '../support/visitor.ts';

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

describe.each(DIALECTS)('log-in limits and retired links in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    s = await startTestServer(engine);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A page at one size under the site's own CSP, failing the test on any script error. */
  async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    const context = await strictContext(browser, errors, { viewport });
    const page = await context.newPage();
    await page.goto(s.baseUrl + path);
    return { page, errors };
  }

  it('shows how the log-in limits work under the form, readable at both sizes', async () => {
    for (const viewport of SIZES) {
      const { page, errors } = await open('/login', viewport);
      const note = page.locator('#login-limits');
      await expect(note.textContent()).resolves.toContain('Wrong guesses made elsewhere never lock you out.');
      const box = (await note.boundingBox())!;
      const form = (await page.locator('form[action="/login"]').boundingBox())!;
      const forgot = (await page.getByRole('link', { name: 'Forgot your password?' }).boundingBox())!;
      // Below the form and its links, as wide as the form's column, and inside the window.
      expect(box.y, `${viewport.width}`).toBeGreaterThan(forgot.y + forgot.height);
      expect(box.x).toBeCloseTo(form.x, 0);
      expect(box.width).toBeGreaterThan(form.width * 0.9);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('says a move link retired by a password change is no longer valid, at the top of the page', async () => {
    await insertUser(s.db.db, { email: 'shown@example.org', passwordHash: await hashPassword('the first password'), verifiedAt: TEST_NOW.toISOString() }, TEST_NOW);
    const owner = new Visitor(s);
    await owner.submit('/login', '/login', { email: 'shown@example.org', password: 'the first password' });
    await owner.submit('/account', '/account/email', { new_email: 'taker@example.org', current_password: 'the first password' });
    const move = (await s.mails()).find((m) => m.to === 'taker@example.org')!;
    await owner.submit('/account', '/account/password', { current_password: 'the first password', password: 'the second password' });

    for (const viewport of SIZES) {
      const { page, errors } = await open(linkPath(move, '/verify'), viewport);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("This link can't be used");
      const alert = page.getByRole('alert');
      await expect(alert.textContent()).resolves.toContain('This link is no longer valid');
      const box = (await alert.boundingBox())!;
      // In the first screen, and not squeezed: at least half the window's width on a phone.
      expect(box.y + box.height, `${viewport.width}`).toBeLessThan(viewport.height);
      expect(box.width).toBeGreaterThan(Math.min(viewport.width / 2, 600));
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
