import { expect } from 'vitest';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page; returns the serious and critical WCAG 2.1 A/AA violations. Its source
 * is evaluated through the DevTools protocol, which the page's CSP does not govern, so pages are
 * checked under the site's real CSP (a script tag would need `bypassCSP`, hiding CSP breakage).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Logs in through the log-in page as a person would, and waits to land where the role's work is. */
export async function logInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/(dashboard|editor|admin)$/);
}

/**
 * A browser context under the site's own CSP (never `bypassCSP`) that records, in `errors`, every
 * uncaught page error and every CSP refusal (Chromium reports those as console errors), so a test
 * can fail on them: an inline script or style the policy refuses breaks the page for people too.
 */
export async function strictContext(browser: Browser, errors: string[], options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.on('weberror', (e) => errors.push(e.error().message));
  context.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  return context;
}

/**
 * Opens pages, each in a context of its own under the site's CSP (`strictContext`), in English and
 * UTC, with nothing asked of another machine (map tiles included: such a request gets a 404).
 * `closeAll` closes every context it opened.
 */
export function offlinePages(browser: () => Browser, errors: string[]): { open: (width: number, height?: number) => Promise<Page>; closeAll: () => Promise<void> } {
  const contexts: BrowserContext[] = [];
  return {
    async open(width, height = 900) {
      const context = await strictContext(browser(), errors, { viewport: { width, height }, locale: 'en-US', timezoneId: 'UTC' });
      await context.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)[:/])/, (route) => route.fulfill({ status: 404, body: '' }));
      contexts.push(context);
      return context.newPage();
    },
    async closeAll() {
      for (const context of contexts.splice(0)) await context.close().catch(() => {});
    },
  };
}

/**
 * The names on a results page's featured cards, in their order, after checking each card carries
 * the "Featured" label: a featured place must never show unlabelled.
 */
export async function featuredNames(page: Page, url: string): Promise<string[]> {
  await page.goto(url);
  const cards = page.locator('article.card-featured');
  const names: string[] = [];
  for (let i = 0; i < (await cards.count()); i++) {
    await expect(cards.nth(i).locator('.label-featured').innerText()).resolves.toBe('Featured');
    names.push((await cards.nth(i).locator('h3 a').innerText()).trim());
  }
  return names;
}
