import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/digest/links.ts';
import { createTestArticle } from '../support/articles.ts';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { linkPath } from '../support/mail.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('the weekly digest in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer(engine);
    browser = await launchChromium();
    page = await (await strictContext(browser, cspErrors)).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('subscribes, confirms and unsubscribes with the keyboard-reachable forms, with no serious axe violation', async () => {
    await page.goto(`${s.baseUrl}/digest`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain('Enter an email address like name@example.org.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('not an address');

    await page.getByLabel('Email address').fill('reader@example.org');
    await page.getByLabel('Email address').press('Enter');
    await page.waitForURL(/\/digest\/check-email/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const mail = (await s.mails()).at(-1)!;
    await page.goto(s.baseUrl + linkPath(mail, '/digest/confirm'));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Yes, send me the digest' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("You're subscribed");
    expect(await seriousAxeViolations(page)).toEqual([]);

    const subscriber = await s.db.db.selectFrom('digest_subscribers').select(['id', 'link_secret']).where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
    const { id } = subscriber;
    await page.goto(`${s.baseUrl}/digest/unsubscribe?token=${unsubscribeToken(s.app.deps.config.secret, subscriber)}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('main').getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("You're unsubscribed");
    expect(await seriousAxeViolations(page)).toEqual([]);
    const row = await s.db.db.selectFrom('digest_subscribers').select('unsubscribed_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.unsubscribed_at).not.toBeNull();
  });

  it('subscribes from an article in one submit, under the site’s own CSP', async () => {
    const { slug } = await createTestArticle(s.db.db, engine);
    const context = await browser.newContext();
    const reader = await context.newPage();
    const errors: Error[] = [];
    reader.on('pageerror', (e) => errors.push(e));
    await reader.goto(`${s.baseUrl}/articles/${slug}`);
    const box = reader.locator('.digest-signup');
    await box.getByLabel('Email address').fill('article-reader@example.org');
    await box.getByRole('button', { name: 'Subscribe' }).click();
    await reader.waitForURL(/\/digest\/check-email/);
    await expect(reader.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
    expect((await s.mails()).filter((m) => m.to === 'article-reader@example.org')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
