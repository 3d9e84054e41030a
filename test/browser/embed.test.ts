import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationSite, createAssociation, insertMembership } from '../support/associations.ts';
import { launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createMediator, office } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const WIDTHS = [390, 1280] as const;
const AUSTIN = office(30.27, -97.74, { city: 'Austin' });
/** The frame's height before the directory reports its own (the loader's 40rem). */
const FIRST_HEIGHT = 640;

/**
 * The embedded directory in Chromium, inside a page of another origin that uses the loader
 * snippet: the frame appears and takes its content's height, the visitor filters by panel inside
 * it, and a profile opens at the top level in a new tab. A site the association did not name
 * gets no directory. The branded and the embedded directory fit a phone and a desk, with no
 * serious axe-core violation.
 */
describe.each(DIALECTS)('the embedded directory in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof associationSite>>;
  let stranger: Awaited<ReturnType<typeof associationSite>>;

  beforeAll(async () => {
    s = await startTestServer(engine);
    const scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', panels: ['Court panel', 'Family panel'] });
    const ids: Record<string, number> = {};
    for (const name of ['Ann Panelist', 'Bob Member', 'Cy Member', 'Dee Outsider']) ids[name] = await createMediator(s.db.db, engine, { name, offices: [AUSTIN], headline: `${name.split(' ')[0]} mediates family and workplace disputes in Austin` });
    await insertMembership(s.db.db, scma.id, ids['Ann Panelist']!, [scma.panels[0]!.id]);
    await insertMembership(s.db.db, scma.id, ids['Bob Member']!);
    await insertMembership(s.db.db, scma.id, ids['Cy Member']!, [scma.panels[1]!.id]);
    site = await associationSite(s.baseUrl, 'scma');
    stranger = await associationSite(s.baseUrl, 'scma');
    await s.db.db.updateTable('associations').set({ frame_origins: site.origin }).where('id', '=', scma.id).execute();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stranger?.close();
    await s?.close();
  });

  async function pageAt(width: number): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { page, errors, close: () => context.close() };
  }

  /** The frame's height once the directory has reported its own. */
  async function settledHeight(page: Page): Promise<number> {
    await page.waitForFunction((first) => {
      const f = document.querySelector('iframe');
      return !!f && Math.round(f.getBoundingClientRect().height) !== first;
    }, FIRST_HEIGHT);
    // Let a second report (the filters' sidebar opening on a desk) land.
    await page.waitForTimeout(300);
    return (await page.locator('iframe').boundingBox())!.height;
  }

  const documentHeight = (frame: Frame) =>
    frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().bottom + window.scrollY + (parseFloat(getComputedStyle(document.body).marginBottom) || 0)));
  const names = (frame: Frame) => frame.locator('article.card h3 a').allTextContents();

  for (const width of WIDTHS) {
    it(`embeds the directory in another origin’s page at ${width} px: it takes its height, filters by panel inside, and opens profiles at the top`, async () => {
      const { page, errors, close } = await pageAt(width);
      try {
        await page.goto(site.origin + '/');
        const iframe = page.locator('iframe');
        await iframe.waitFor();
        const height = await settledHeight(page);
        const frame = (await iframe.elementHandle())!.contentFrame();
        const inside = (await frame)!;
        expect(inside.url()).toBe(`${s.baseUrl}/associations/scma/embed`);
        // As tall as the directory, so the page has one scroll bar; and as wide as the page.
        expect(height).toBeGreaterThan(500);
        expect(Math.abs(height - (await documentHeight(inside)))).toBeLessThanOrEqual(3);
        expect((await iframe.boundingBox())!.width).toBe(width);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        expect(await inside.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        // The line after the directory comes right after it.
        const after = (await page.locator('#after').boundingBox())!;
        const box = (await iframe.boundingBox())!;
        expect(after.y).toBeGreaterThanOrEqual(box.y + box.height);
        expect(after.y).toBeLessThan(box.y + box.height + 40);
        expect((await names(inside)).sort()).toEqual(['Ann Panelist', 'Bob Member', 'Cy Member']);
        // The results take the phone's width (less the page's margins).
        if (width === 390) expect((await inside.locator('article.card').first().boundingBox())!.width).toBeGreaterThan(330);

        // The visitor picks a panel: the results follow, inside the frame, and the frame its new height.
        if (width === 390) await inside.getByText('Search and filters').click();
        await inside.getByLabel('Court panel').check();
        await expect.poll(() => names(inside)).toEqual(['Ann Panelist']);
        expect(inside.url()).toBe(`${s.baseUrl}/associations/scma/embed?radius=25&unit=mi&sort=match&panel=court-panel`);
        await expect.poll(async () => Math.abs((await iframe.boundingBox())!.height - (await documentHeight(inside)))).toBeLessThanOrEqual(3);

        // The profile opens at the top level, in a new tab, where the contact form has its cookies.
        const link = inside.getByRole('link', { name: 'Ann Panelist' });
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await link.getAttribute('rel')).toBe('noopener');
        const [profile] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
        await profile.waitForLoadState();
        expect(new URL(profile.url()).pathname).toMatch(/^\/mediators\/ann-panelist/);
        expect(await profile.locator('h1').textContent()).toContain('Ann Panelist');
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it('shows nothing to a site the association did not name', async () => {
    const { page, close } = await pageAt(1280);
    try {
      const refused: string[] = [];
      page.on('console', (m) => refused.push(m.text()));
      await page.goto(stranger.origin + '/');
      const iframe = page.locator('iframe');
      await iframe.waitFor();
      await page.waitForTimeout(1500);
      const frame = (await (await iframe.elementHandle())!.contentFrame())!;
      // Chromium refuses the frame (an error page in its place): no directory, and no height from it.
      expect(await frame.locator('.embed-band, article.card').count()).toBe(0);
      expect((await iframe.boundingBox())!.height).toBe(FIRST_HEIGHT);
      expect(refused.join(' ')).toContain('frame-ancestors');
    } finally {
      await close();
    }
  });

  for (const width of WIDTHS) {
    it(`fits the branded and the embedded directory at ${width} px, with no serious axe-core violation`, async () => {
      const { page, errors, close } = await pageAt(width);
      try {
        for (const path of ['/associations/scma/directory?near=78701', '/associations/scma/directory?near=78701&panel=court-panel', '/associations/scma/embed?near=78701']) {
          const response = await page.goto(s.baseUrl + path);
          expect(response?.status(), path).toBe(200);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} overflows`).toBe(true);
          // The association's band and the results: full width on a phone, the results beside the filters on a desk.
          const band = (await page.locator('.association-band, .embed-band').first().boundingBox())!;
          const card = (await page.locator('article.card').first().boundingBox())!;
          if (width === 390) {
            expect(band.width, path).toBeGreaterThan(350);
            expect(card.width, path).toBeGreaterThan(330);
          } else {
            expect(card.width, path).toBeGreaterThan(600);
            expect(card.x, path).toBeGreaterThan((await page.locator('details.filters').boundingBox())!.x + 200);
          }
          expect(await seriousAxeViolations(page), path).toEqual([]);
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
