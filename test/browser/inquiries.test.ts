import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/secrets.ts';
import { insertUser } from '../../src/accounts/users.ts';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { createMediator } from '../support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('contacting a mediator in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let context: BrowserContext;
  let page: Page;
  // A clock that moves with real time, so the form's "at least 3 seconds" check can pass.
  const started = Date.now();

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(TEST_NOW.getTime() + Date.now() - started) });
    const userId = (await insertUser(s.db.db, { email: 'iris@example.org', passwordHash: await hashPassword(PASSWORD), verifiedAt: TEST_NOW.toISOString() }, TEST_NOW))!;
    const id = await createMediator(s.db.db, engine, { name: 'Iris Member', slug: 'iris-member' });
    await s.db.db.updateTable('mediators').set({ user_id: userId }).where('id', '=', id).execute();
    browser = await launchChromium();
    context = await strictContext(browser, cspErrors);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('leads a visitor on a phone from the top of the profile to the contact form', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    await p.goto(`${s.baseUrl}/mediators/iris-member`);
    const name = p.getByLabel('Your name');
    expect(await name.evaluate((el) => el.getBoundingClientRect().top > innerHeight)).toBe(true);
    await p.getByRole('link', { name: 'Send a message' }).click();
    await expect(p.getByRole('heading', { name: 'Contact this mediator' }).evaluate((el) => Math.round(el.getBoundingClientRect().top))).resolves.toBeLessThan(100);
    expect(p.url()).toBe(`${s.baseUrl}/mediators/iris-member#contact-title`);
    // On a wide screen the form is beside the profile, in view, and the link is not needed.
    await p.setViewportSize({ width: 1280, height: 900 });
    await expect(p.getByRole('link', { name: 'Send a message' }).isVisible()).resolves.toBe(false);
    await phone.close();
  });

  it('sends a message from the profile, fixing a mistake, and the member reads it in the dashboard', async () => {
    await page.goto(`${s.baseUrl}/mediators/iris-member`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The robot trap is not in the accessibility tree.
    await expect(page.getByRole('textbox', { name: 'Leave this field empty' }).count()).resolves.toBe(0);
    await expect(page.locator('input[name="website"]').count()).resolves.toBe(1);
    await page.getByLabel('Your name').fill('Pat Visitor');
    await page.getByLabel('Your email address').fill('not-an-address');
    await page.getByLabel('Kind of dispute').selectOption('workplace');
    await page.getByLabel('Where you are').fill('Austin');
    await page.getByLabel('Your message').fill('My manager and I no longer talk; can you help us?');
    await page.waitForTimeout(3_100);
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL(/\/contact$/);
    expect(await page.locator('.error-summary').textContent()).toContain('Enter an email address like name@example.org.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expect(page.getByLabel('Your message').inputValue()).resolves.toContain('My manager and I');

    await page.getByLabel('Your email address').fill('pat@example.org');
    await page.waitForTimeout(3_100);
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL(/\/contact\/sent$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your message is on its way');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const member = await (await strictContext(browser, cspErrors)).newPage();
    await member.goto(`${s.baseUrl}/login?next=%2Fdashboard%2Finquiries`);
    await member.getByLabel('Email address').fill('iris@example.org');
    await member.getByLabel('Password').fill(PASSWORD);
    await member.getByRole('button', { name: 'Log in' }).click();
    await member.waitForURL(/\/dashboard\/inquiries$/);
    expect(await seriousAxeViolations(member)).toEqual([]);
    await member.getByRole('link', { name: 'Pat Visitor' }).click();
    await member.waitForURL(/\/dashboard\/inquiries\/\d+$/);
    expect(await member.locator('main').textContent()).toContain('My manager and I no longer talk');
    expect(await seriousAxeViolations(member)).toEqual([]);
    await member.goto(`${s.baseUrl}/dashboard/numbers`);
    expect(await seriousAxeViolations(member)).toEqual([]);
  });
});
