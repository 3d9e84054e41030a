import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorForMediator, editorsAuthor } from '../../src/articles/authors.ts';
import { createTestArticle } from '../support/articles.ts';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createMediator } from '../support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const HERO = { image: 'cd'.repeat(16), alt: 'A table with two cups of tea', width: 1600, height: 900 };
const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * 86_400_000).toISOString();

describe.each(DIALECTS)('reading the publication in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let context: BrowserContext;
  let page: Page;
  let article: { slug: string };
  let video: { slug: string };

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    const mediator = await createMediator(db, engine, {
      name: 'Noor Writer',
      slug: 'noor-writer',
      featuredTier: 'featured',
      featuredFrom: '2026-01-01T00:00:00.000Z',
      featuredUntil: '2027-01-01T00:00:00.000Z',
    });
    const noor = await authorForMediator(db, mediator, TEST_NOW);
    article = await createTestArticle(db, engine, {
      title: 'Listening before answering',
      body: '## Why it matters\n\nPeople in conflict often answer before the other has finished. **Listening first** changes the conversation.\n\n- Summarise\n- Ask\n- Wait',
      authorIds: [noor],
      tags: ['listening'],
      publishedAt: daysAgo(3),
    });
    await createTestArticle(db, engine, {
      kind: 'news',
      title: 'City opens a neighbour mediation service',
      body: 'The city now offers free mediation between neighbours.',
      sourceName: 'Example City News',
      sourceUrl: 'https://news.example.org/neighbours',
      authorIds: [await editorsAuthor(db, TEST_NOW)],
      publishedAt: daysAgo(2),
    });
    video = await createTestArticle(db, engine, {
      kind: 'video',
      title: 'Listening in a first session',
      body: 'A mediator shows how listening shapes the first session.',
      videoUrl: 'https://vimeo.com/76979871',
      videoSeconds: 312,
      hero: HERO,
      authorIds: [noor],
      tags: ['listening'],
      publishedAt: daysAgo(1),
    });
    await createTestArticle(db, engine, { title: 'Listening to children in family mediation', authorIds: [noor], tags: ['listening'], publishedAt: daysAgo(4) });
    browser = await launchChromium();
    context = await strictContext(browser, cspErrors);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('has no serious accessibility problems on the list, an article and the search', async () => {
    for (const path of ['/articles', `/articles/${article.slug}`, `/articles/${video.slug}`, '/search?q=listening', '/search', '/mediators/noor-writer/articles', '/']) {
      await page.goto(`${s.baseUrl}${path}`);
      expect(await seriousAxeViolations(page), path).toEqual([]);
    }
    await page.goto(`${s.baseUrl}/search?q=listening`);
    await expect(page.locator('.article-results mark').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Listening before answering' }).click();
    await page.waitForURL(new RegExp(`/articles/${article.slug}$`));
    await page.getByRole('link', { name: 'Noor Writer', exact: true }).first().click();
    await page.waitForURL(/\/mediators\/noor-writer$/);
    await page.getByRole('link', { name: 'Articles (3)' }).click();
    await page.waitForURL(/\/mediators\/noor-writer\/articles$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Articles by Noor Writer');
  });

  it('loads nothing from the video site until play is pressed, then shows the player', async () => {
    // The site's own CSP applies here (no bypass): the player must be allowed by frame-src.
    const strict = await browser.newContext();
    const requests: string[] = [];
    const blocked: string[] = [];
    strict.on('request', (r) => requests.push(r.url()));
    // No network in tests: refuse anything not ours, and do not wait for the player to load.
    await strict.route((url) => !url.href.startsWith(s.baseUrl), (route) => {
      blocked.push(route.request().url());
      return route.abort();
    });
    const p = await strict.newPage();
    await p.goto(`${s.baseUrl}/articles/${video.slug}`);
    await p.waitForLoadState('networkidle');
    expect(requests.filter((u) => !u.startsWith(s.baseUrl))).toEqual([]);
    expect(await p.locator('iframe').count()).toBe(0);
    const play = p.getByRole('link', { name: /Play the video/ });
    await expect(play.textContent()).resolves.toContain('(5:12)');

    // The frame asks for the player a moment after it is attached; wait for that request itself.
    const playerRequest = p.waitForRequest((r) => r.url().startsWith('https://player.vimeo.com/video/76979871'));
    await play.click();
    const frame = p.locator('[data-video-frame] iframe');
    await frame.waitFor({ state: 'attached' });
    expect(await frame.getAttribute('src')).toBe('https://player.vimeo.com/video/76979871?autoplay=1&dnt=1');
    expect(await frame.getAttribute('title')).toBe('Video: Listening in a first session');
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    // The page stayed; the click only asked for the player.
    expect(p.url()).toBe(`${s.baseUrl}/articles/${video.slug}`);
    expect((await playerRequest).url()).toBe('https://player.vimeo.com/video/76979871?autoplay=1&dnt=1');
    await strict.close();
  });

  it('offers the video as a plain link without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p = await noJs.newPage();
    await p.goto(`${s.baseUrl}/articles/${video.slug}`);
    expect(await p.getByRole('link', { name: /Play the video/ }).getAttribute('href')).toBe('https://vimeo.com/76979871');
    expect(await p.locator('iframe').count()).toBe(0);
    await noJs.close();
  });
});
