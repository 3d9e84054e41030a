import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { linkPath } from '../support/mail.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('an account in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer(engine);
    browser = await launchChromium();
    context = await strictContext(browser, cspErrors);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs up with a mistake, fixes it, confirms by mail, logs in and sees the account', async () => {
    await page.goto(`${s.baseUrl}/`);
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email address').fill('browser@example.org');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Use at least 10 characters');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The summary links to the field.
    await page.getByRole('link', { name: /Use at least 10 characters/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');

    await page.getByLabel('Password').fill('a much longer password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');

    const [mail] = await s.mails();
    // Opened in the browser that signed up, the link logs the person in, straight to their dashboard.
    await page.goto(s.baseUrl + linkPath(mail!, '/verify'));
    await page.waitForURL(/\/dashboard\?done=verified$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your email address is confirmed, and you are logged in');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${s.baseUrl}/account`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your account');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(`${s.baseUrl}/`);
    await expect(page.getByRole('link', { name: 'Log in' }).count()).resolves.toBe(1);
  });
});
