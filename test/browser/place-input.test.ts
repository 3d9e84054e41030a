import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium } from '../support/browser.ts';
import { createMediator, office } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const BROOKLYN = { latitude: 40.6782, longitude: -73.9442 };

describe.each(DIALECTS)('the place box in Chromium, under the site’s CSP, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Bea Brooklyn', offices: [office(BROOKLYN.latitude, BROOKLYN.longitude, { city: 'Brooklyn', region: 'NY' })] });
    browser = await launchChromium();
    context = await browser.newContext({ geolocation: BROOKLYN, permissions: ['geolocation'] });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const box = () => page.locator('#near');
  const listbox = () => page.getByRole('listbox', { name: 'Places' });
  const activeOption = async () => {
    const id = await box().getAttribute('aria-activedescendant');
    return id ? page.locator(`[id="${id}"]`) : null;
  };

  it('suggests places as a combobox the keyboard drives', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${s.baseUrl}/`);
    await expect(box().getAttribute('role')).resolves.toBe('combobox');
    await expect(box().getAttribute('aria-expanded')).resolves.toBe('false');

    await box().focus();
    await page.keyboard.type('Springf', { delay: 20 });
    await listbox().getByRole('option').first().waitFor();
    await expect(box().getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(box().getAttribute('aria-controls')).resolves.toBe(await listbox().getAttribute('id'));
    const labels = await listbox().getByRole('option').allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const l of labels) expect(l).toMatch(/^Springfield, /);
    await expect(page.getByRole('status').filter({ hasText: 'suggestions' }).textContent()).resolves.toMatch(/\d+ suggestions/);

    // Down, down, up: the second, then the first; the box keeps the focus throughout.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await (await activeOption())!.textContent()).toBe(labels[1]);
    await expect((await activeOption())!.getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await (await activeOption())!.textContent()).toBe(labels[0]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('near');

    // Escape closes without changing what was typed; Down opens again.
    await page.keyboard.press('Escape');
    await expect(box().getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await listbox().isVisible()).toBe(false);
    expect(await box().inputValue()).toBe('Springf');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await (await activeOption())!.textContent()).toBe(labels[1]);

    // Enter takes the suggestion; a second Enter searches for it.
    await page.keyboard.press('Enter');
    expect(await box().inputValue()).toBe(labels[1]);
    await expect(box().getAttribute('aria-expanded')).resolves.toBe('false');
    expect(page.url()).toBe(`${s.baseUrl}/`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/mediators\?/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Mediators near ${labels[1]}`);
    expect(errors).toEqual([]);
  });

  it('sits under the box, as wide as it, on a phone and a desktop', async () => {
    for (const [width, height] of [[390, 844], [1280, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${s.baseUrl}/`);
      await box().pressSequentially('Portland', { delay: 20 });
      await listbox().getByRole('option').first().waitFor();
      const input = (await box().boundingBox())!;
      const list = (await listbox().boundingBox())!;
      expect(Math.abs(list.x - input.x), `x at ${width}`).toBeLessThanOrEqual(1);
      expect(Math.abs(list.width - input.width), `width at ${width}`).toBeLessThanOrEqual(1);
      expect(list.y - (input.y + input.height), `gap at ${width}`).toBeGreaterThanOrEqual(0);
      expect(list.y - (input.y + input.height), `gap at ${width}`).toBeLessThan(8);
      expect(list.x + list.width, `inside the window at ${width}`).toBeLessThanOrEqual(width);
      // Each suggestion is a comfortable target.
      const option = (await listbox().getByRole('option').first().boundingBox())!;
      expect(option.height).toBeGreaterThanOrEqual(44);
    }
    expect(errors).toEqual([]);
  });

  it('turns "near me" into "Use my location", and names the town it finds', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${s.baseUrl}/`);
    await box().pressSequentially('near me', { delay: 20 });
    await listbox().getByRole('option', { name: 'Use my location' }).waitFor();
    expect(await listbox().getByRole('option').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/near=40\.6782/);
    const title = (await page.getByRole('heading', { level: 1 }).textContent())!;
    expect(title).toMatch(/^Mediators near [A-Z][^\d]*, NY$/);
    const town = title.replace('Mediators near ', '');
    expect(await page.title()).toContain(title);
    expect(await box().inputValue()).toBe(`near ${town}`);
    await expect(page.getByText('Bea Brooklyn')).toBeTruthy();
    expect(await page.getByRole('link', { name: 'Bea Brooklyn' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
