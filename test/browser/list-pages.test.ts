import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorsAuthor } from '../../src/articles/authors.ts';
import { createTestArticle } from '../support/articles.ts';
import { launchChromium } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { postSmall, writePiece } from '../support/editing.ts';
import { createMediators, mediatorInput } from '../support/factories.ts';
import { createAccounts, PASSWORD, postForm, profileForm, signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

/**
 * Every list page of every area, in Chromium at a phone's and a desktop's width: no text block in
 * a card or list item may be squeezed into less than a third of it. The inbox and the review queue
 * once poured each message into a 3rem avatar column meant for cards with a picture, one word a
 * line; this walk catches that on any list, whatever the page.
 */

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

interface Squeezed {
  text: string;
  width: number;
  card: number;
}

/**
 * The text blocks (headings, paragraphs, list items laid out as blocks) in the page's cards and
 * list items, each measured against its card. Items of a horizontal flex row (tags, meta lines)
 * are short by design and are left out.
 */
async function measure(page: Page): Promise<{ measured: number; squeezed: Squeezed[] }> {
  return page.evaluate(() => {
    const CARD = 'li, article, .card, .piece-card, .article-card';
    const squeezed: { text: string; width: number; card: number }[] = [];
    let measured = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main :is(p, h2, h3, h4, dd, blockquote, li)'))) {
      const card = el.parentElement?.closest<HTMLElement>(CARD);
      if (!card || !document.querySelector('main')!.contains(card)) continue;
      const style = getComputedStyle(el);
      if (style.display !== 'block' && style.display !== 'list-item') continue;
      const parent = getComputedStyle(el.parentElement!);
      if (parent.display.includes('flex') && !parent.flexDirection.startsWith('column')) continue;
      const text = (el.textContent ?? '').trim();
      const box = el.getBoundingClientRect();
      if (!text || box.width === 0) continue;
      measured++;
      const cardWidth = card.getBoundingClientRect().width;
      if (box.width < cardWidth / 3) squeezed.push({ text: text.slice(0, 60), width: Math.round(box.width), card: Math.round(cardWidth) });
    }
    return { measured, squeezed };
  });
}

describe.each(DIALECTS)('every list page keeps its text readable, in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const contexts: Record<'visitor' | 'member' | 'admin', BrowserContext[]> = { visitor: [], member: [], admin: [] };
  let authorSlug = '';

  // Each page, who opens it, and what shows that its list has rows to measure.
  const pages = (): { path: string; who: keyof typeof contexts; rows: string }[] => [
    { path: '/mediators?near=78701', who: 'visitor', rows: 'main .card' },
    { path: '/featured', who: 'visitor', rows: 'main .card' },
    { path: '/articles', who: 'visitor', rows: 'main .article-card' },
    { path: '/articles/category/choosing', who: 'visitor', rows: 'main .article-card' },
    { path: '/articles/tag/preparation', who: 'visitor', rows: 'main .article-card' },
    { path: `/authors/${authorSlug}`, who: 'visitor', rows: 'main .article-card' },
    { path: '/search?q=mediation', who: 'visitor', rows: 'main .article-card' },
    { path: '/dashboard/inquiries?status=all', who: 'member', rows: 'main .card' },
    { path: '/dashboard/articles', who: 'member', rows: 'main .piece-card' },
    { path: '/dashboard/numbers', who: 'member', rows: 'main table tbody tr' },
    { path: '/editor', who: 'admin', rows: 'main .piece-card' },
    { path: '/editor/articles', who: 'admin', rows: 'main .piece-card' },
    { path: '/editor/categories', who: 'admin', rows: 'main .category-card' },
    { path: '/editor/tags', who: 'admin', rows: 'main table tbody tr' },
    { path: '/moderation', who: 'admin', rows: 'main .card' },
    { path: '/admin/users', who: 'admin', rows: 'main table tbody tr' },
  ];

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    const soon = new Date(TEST_NOW.getTime() + 30 * 86_400_000).toISOString();
    await createMediators(db, engine, [
      mediatorInput({ name: 'Rosa Alvarez-Whitfield', headline: 'Calm, practical mediation for separating parents and their children' }),
      mediatorInput({ name: 'Tomás Ng', headline: 'Workplace disputes between colleagues, teams and managers' }),
      mediatorInput({ name: 'Featured Person', featuredTier: 'featured', featuredFrom: TEST_NOW.toISOString(), featuredUntil: soon }),
    ]);
    for (let i = 0; i < 3; i++) await createTestArticle(db, engine, { title: `What mediation can do for neighbours in a long dispute ${i}` });
    const editors = await editorsAuthor(db, TEST_NOW);
    await createTestArticle(db, engine, { title: 'Courts widen mediation referrals for small claims', authorIds: [editors] });
    authorSlug = 'editors';

    // The member: a profile waiting for review, two inquiries (one long), a submitted piece.
    const member = await signedIn(s, 'member@example.org');
    expect((await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ name: 'Maya Member' }))).status).toBe(303);
    expect((await postForm(member, '/dashboard', '/dashboard/publish', [])).status).toBe(303);
    const mine = await db.selectFrom('mediators').select('id').where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    const message = 'My ex-husband and I need help agreeing a parenting schedule for our two kids. Are you free in the evenings, and could we meet online?';
    for (const [name, status] of [['Pat Party', 'new'], ['Sam Sender', 'replied']] as const) {
      await db
        .insertInto('inquiries')
        .values({ mediator_id: mine.id, sender_name: name, sender_email: 'sender@example.org', sender_phone: '', kind: 'family', place: 'Austin', format: 'any', message, status, delivered: 1, created_at: '2026-11-20T10:00:00.000Z', replied_at: null, closed_at: null })
        .execute();
    }
    const piece = await writePiece(member, { title: 'Listening before answering, in a first joint session' });
    expect((await postSmall(member, `/dashboard/articles/${piece}`, `/dashboard/articles/${piece}/submit`)).status).toBe(303);
    await signedIn(s, 'admin@example.org', 'admin');
    await createAccounts(db, [{ email: 'one@example.org' }, { email: 'two@example.org', role: 'editor' }]);

    browser = await launchChromium();
    for (const viewport of WIDTHS) {
      for (const who of ['visitor', 'member', 'admin'] as const) {
        const context = await browser.newContext({ viewport });
        if (who !== 'visitor') {
          const page = await context.newPage();
          await page.goto(`${s.baseUrl}/login`);
          await page.getByLabel('Email address').fill(`${who}@example.org`);
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Log in' }).click();
          await page.waitForURL((url) => !url.pathname.startsWith('/login'));
          await page.close();
        }
        contexts[who].push(context);
      }
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it.each(WIDTHS.map((viewport, i) => [viewport.width, i] as const))('gives every text block in a card at least a third of the card, at %i px', async (width, i) => {
    const problems: string[] = [];
    for (const { path, who, rows } of pages()) {
      const page = await contexts[who][i]!.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const response = await page.goto(s.baseUrl + path);
      expect(response?.status(), `${path} as ${who}`).toBe(200);
      // The walk proves nothing about an empty list.
      expect(await page.locator(rows).count(), `${path}: ${rows}`).toBeGreaterThan(0);
      const { measured, squeezed } = await measure(page);
      if (!rows.includes('table')) expect(measured, `${path}: text blocks measured`).toBeGreaterThan(0);
      for (const q of squeezed) problems.push(`${path} at ${width}px: "${q.text}" is ${q.width}px wide in a ${q.card}px card`);
      expect(errors, path).toEqual([]);
      await page.close();
    }
    expect(problems).toEqual([]);
  }, 240_000);

  it('shows a whole inquiry line by line at a readable width, not one word a line', async () => {
    const page = await contexts.member[0]!.newPage();
    await page.goto(`${s.baseUrl}/dashboard/inquiries?status=all`);
    const card = await page.locator('main .card').first().boundingBox();
    const message = await page.locator('main .card p').first().boundingBox();
    expect(message!.width).toBeGreaterThan(card!.width * 0.8);
    // At 390 px a 140-character message takes a few lines, not twenty.
    expect(message!.height).toBeLessThan(24 * 6);
    await page.close();
  });
});
