import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, strictContext } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The browser journeys trust `strictContext` to fail them on a CSP refusal or a page error; this
 * proves it notices both on a real page of the site, and that a clean page records nothing.
 */
describe.each(DIALECTS)('the browser tests’ error watch, on %s', (engine) => {
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

  it('records nothing on a clean page, and an inline script the CSP refuses and an uncaught error', async () => {
    const errors: string[] = [];
    const context = await strictContext(browser, errors);
    const page = await context.newPage();
    await page.goto(`${s.baseUrl}/about`);
    expect(errors).toEqual([]);
    // An inline script, as a careless view might write one: the site's CSP refuses it.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "ran"';
      document.body.append(script);
    });
    await page.evaluate(() => setTimeout(() => { throw new Error('a broken handler'); }));
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
    expect(errors.join('\n')).toContain('a broken handler');
    expect(await page.title()).not.toBe('ran');
    await context.close();
  });
});
