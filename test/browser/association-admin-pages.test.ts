import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../support/articles.ts';
import { addMembership, createAssociation, mediatorMember } from '../support/associations.ts';
import { launchChromium, logInAs, seriousAxeViolations } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

/**
 * The association pages added for its news, featured places, roster import and deletion, in Chromium under the
 * site's CSP, at 390 and 1280 px: no sideways scroll, the key blocks the page's width (less its
 * margins) or a readable part of it, and no serious axe violation. The site admin deletes the
 * association at the end, through the confirm page.
 */
describe.each(DIALECTS)('an association’s news, featured places and deletion in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  let taggedSlug = '';
  const A = '/associations/scma';

  async function as(email: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 400')) errors.push(m.text());
    });
    await logInAs(page, s.baseUrl, email, PASSWORD);
    return page;
  }

  /** No sideways scroll, `selector` inside the window and at least `share` of it wide at 390. */
  async function fits(page: Page, width: number, selector: string, what: string): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(width);
    const box = (await page.locator(selector).first().boundingBox())!;
    expect(box, what).not.toBeNull();
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(width);
    if (width === 390) expect(box.width, what).toBeGreaterThan(300);
    else expect(box.width, what).toBeGreaterThan(400);
    expect(await seriousAxeViolations(page), what).toEqual([]);
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    const runner = await signedIn(s, 'secretary@scma.example.org');
    await signedIn(s, 'site@example.org', 'admin');
    await signedIn(s, 'editor@example.org', 'editor');
    const scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', panels: ['Court panel'], adminUserIds: [runner.userId] });
    const fay = await mediatorMember(s, 'fay@example.org', 'Fay Featured');
    await addMembership(s.db.db, scma.id, fay.mediatorId, 'member');
    for (const [i, title] of ['The court panel opens to new members', 'A reduced-fee programme for families in Riverside County and the Inland Empire'].entries()) {
      const made = await createTestArticle(s.db.db, engine, { title, publishedAt: new Date(TEST_NOW.getTime() - (i + 1) * 3_600_000).toISOString() });
      await s.db.db.insertInto('article_associations').values({ article_id: made.id, association_id: scma.id }).execute();
      taggedSlug ||= made.slug;
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it.each([390, 1280])('names the association under a tagged piece, and offers the associations on an editor’s form, at %i px', async (width) => {
    const reader = await browser.newPage({ viewport: { width, height: 900 } });
    await reader.goto(`${s.baseUrl}/articles/${taggedSlug}`);
    const line = reader.locator('.piece-associations');
    await expect(line.innerText()).resolves.toBe('Association: Southern California Mediation Association');
    await fits(reader, width, '.piece-associations', `a tagged piece at ${width}`);
    // Under the piece's tags, and leading to the association's page.
    const tags = (await reader.getByRole('list', { name: 'Tags' }).boundingBox())!;
    expect((await line.boundingBox())!.y).toBeGreaterThanOrEqual(tags.y + tags.height - 1);
    await line.getByRole('link').click();
    await reader.waitForURL(/\/associations\/scma$/);
    await reader.close();

    const editor = await as('editor@example.org', width);
    await editor.goto(`${s.baseUrl}/editor/articles/new`);
    const choices = 'fieldset:has(> legend:text("Associations (optional)"))';
    await fits(editor, width, choices, `the editor’s form at ${width}`);
    const box = (await editor.getByLabel('Southern California Mediation Association').boundingBox())!;
    const fieldset = (await editor.locator(choices).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(fieldset.x);
    expect(box.x + box.width).toBeLessThanOrEqual(fieldset.x + fieldset.width);
    await editor.context().close();
    expect(errors).toEqual([]);
  });

  it.each([390, 1280])('shows the news block, grants a featured place and confirms a deletion at %i px', async (width) => {
    const visitor = await browser.newPage({ viewport: { width, height: 900 } });
    await visitor.goto(`${s.baseUrl}${A}`);
    const news = visitor.getByRole('region', { name: 'News' });
    await expect(news.getByRole('link', { name: 'The court panel opens to new members' }).isVisible()).resolves.toBe(true);
    await fits(visitor, width, 'section[aria-labelledby="news-title"]', `news block at ${width}`);
    // Each piece's kind and date sit on their own line under its title.
    const title = (await news.getByRole('link').nth(1).boundingBox())!;
    const date = (await news.locator('time').nth(1).boundingBox())!;
    expect(date.y).toBeGreaterThanOrEqual(title.y + title.height - 1);
    await visitor.close();

    const runner = await as('secretary@scma.example.org', width);
    await runner.goto(`${s.baseUrl}${A}/admin`);
    await runner.getByRole('link', { name: 'Featured members in your directory' }).click();
    await fits(runner, width, 'form.grant-form', `featured page at ${width}`);
    await runner.getByLabel('Member').selectOption({ label: 'Fay Featured' });
    // A region per run: the first run's ended place still covers today in its own.
    await runner.getByLabel('Region').fill(width === 390 ? 'US-CA' : 'US-NY');
    await runner.getByLabel('Last day').fill('2027-01-31');
    await runner.getByRole('button', { name: 'Grant' }).click();
    await runner.waitForURL(/\/admin\/featured\/\d+\?done=granted$/);
    await expect(runner.getByRole('status').textContent()).resolves.toContain('The featured place is granted in your directory.');
    await fits(runner, width, 'form.grant-form', `grant page at ${width}`);
    await runner.getByLabel('Why it ends early (for the audit log)').fill('Test over');
    await runner.getByRole('button', { name: 'End now' }).click();
    await runner.waitForURL(/\?done=ended$/);
    await runner.goto(`${s.baseUrl}${A}/admin`);
    await runner.getByRole('link', { name: 'Import members from a CSV file' }).click();
    await expect(runner.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Southern California Mediation Association: import members');
    await fits(runner, width, 'form.import-form', `import page at ${width}`);
    await runner.context().close();

    const admin = await as('site@example.org', width);
    const { id } = await s.db.db.selectFrom('associations').select('id').where('slug', '=', 'scma').executeTakeFirstOrThrow();
    await admin.goto(`${s.baseUrl}/admin/associations/${id}`);
    await admin.getByRole('link', { name: /^Delete Southern California Mediation Association/ }).click();
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Delete Southern California Mediation Association?');
    await fits(admin, width, 'section[aria-labelledby="goes-title"]', `delete confirm at ${width}`);
    const button = (await admin.getByRole('button', { name: 'Delete Southern California Mediation Association' }).boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(width);
    // Deleted only once, at the wider width: the narrow run leaves it for the next.
    if (width === 1280) {
      await admin.getByRole('button', { name: 'Delete Southern California Mediation Association' }).click();
      await admin.waitForURL(/\/admin\/associations\?done=deleted$/);
      await expect(admin.getByRole('status').textContent()).resolves.toContain('The association is deleted');
    }
    await admin.context().close();
    expect(errors).toEqual([]);
  });
});
