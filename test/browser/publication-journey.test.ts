import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { launchChromium, seriousAxeViolations, strictContext } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createTestArticle } from '../support/articles.ts';
import { createMediator } from '../support/factories.ts';
import { SITEMAP_XSD, xmllint } from '../support/xml.ts';
import { authorForMediator } from '../../src/articles/authors.ts';
import { heroJpeg } from '../support/editing.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const MINUTE = 60_000;

/** The image's width once it has finished loading (0 when it failed): read right after a page loads, it may still be on its way. */
const loadedWidth = (img: HTMLImageElement) =>
  img.complete ? img.naturalWidth : new Promise<number>((done) => {
    img.addEventListener('load', () => done(img.naturalWidth), { once: true });
    img.addEventListener('error', () => done(0), { once: true });
  });

/**
 * The editorial journey in Chromium: a member writes a piece with a hero image and submits it,
 * an editor asks for a change, the member edits and resubmits, the editor schedules it a minute
 * ahead, and the server publishes it when the clock passes. Then a visitor finds it on /articles,
 * in the RSS feed (read by a real parser), in the sitemap (checked by xmllint against the
 * sitemaps.org schema) and on the writer's profile, with three related pieces under "Read these
 * next". axe-core checks each page on the way.
 */
describe.each(DIALECTS)('from a member’s draft to a published article with related reading, in Chromium, on %s', (engine) => {
  let clock = TEST_NOW.getTime();
  let s: TestServer;
  let browser: Browser;
  /** Page errors and CSP refusals: every test here runs under the site's real CSP and fails on them. */
  const cspErrors: string[] = [];
  afterEach(() => expect(cspErrors.splice(0)).toEqual([]));
  let memberContext: BrowserContext;
  let editorContext: BrowserContext;
  let member: Page;
  let editor: Page;
  let visitor: Page;
  let pieceUrl = '';
  let profileSlug = '';
  let related: string[] = [];
  let otherSlug = '';

  const logIn = async (page: Page, email: string) => {
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/(dashboard|editor|admin)$/);
  };
  const noSeriousViolations = async (page: Page, what: string) => expect(JSON.stringify(await seriousAxeViolations(page)), what).toBe('[]');

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(clock) });
    const writer = await signedIn(s, 'writer@example.org');
    await signedIn(s, 'editor@example.org', 'editor');
    // The writer is a listed mediator, so the piece shows on their profile.
    const mediatorId = await createMediator(s.db.db, engine, { name: 'Wren Writer' });
    await s.db.db.updateTable('mediators').set({ user_id: writer.userId, approved_at: TEST_NOW.toISOString() }).where('id', '=', mediatorId).execute();
    profileSlug = (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', mediatorId).executeTakeFirstOrThrow()).slug;
    // Three earlier pieces by someone else on the same topic, and one on another topic.
    const olaId = await createMediator(s.db.db, engine, { name: 'Ola Other' });
    otherSlug = (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', olaId).executeTakeFirstOrThrow()).slug;
    const other = [await authorForMediator(s.db.db, olaId, TEST_NOW)];
    const day = (n: number) => new Date(TEST_NOW.getTime() - n * 86_400_000);
    for (const [n, title] of ['What to bring to a first mediation session', 'Preparing for a first session with your mediator', 'Before the first session: a checklist'].entries()) {
      const made = await createTestArticle(s.db.db, engine, { title, authorIds: other, categories: ['choosing'], tags: ['preparation', 'first session'], now: day(10 + n) });
      related.push(made.slug);
    }
    await createTestArticle(s.db.db, engine, { title: 'Construction payment disputes on large sites', body: 'Contractors, retention and payment schedules on building sites.', authorIds: other, categories: ['business'], tags: ['construction'], now: day(1) });
    browser = await launchChromium();
    memberContext = await strictContext(browser, cspErrors);
    editorContext = await strictContext(browser, cspErrors);
    member = await memberContext.newPage();
    editor = await editorContext.newPage();
    visitor = await (await strictContext(browser, cspErrors)).newPage();
    await logIn(member, 'writer@example.org');
    await logIn(editor, 'editor@example.org');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('takes a piece from a member’s draft through a requested change to a scheduled publication', async () => {
    // The member finds "Articles" in the dashboard and starts writing.
    await member.goto(`${s.baseUrl}/dashboard`);
    await member.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Articles' }).click();
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your articles');
    await noSeriousViolations(member, 'empty list of pieces');
    await member.getByRole('link', { name: 'Write an article' }).click();
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Write an article');
    await noSeriousViolations(member, 'new piece form');

    await member.getByLabel('Title').fill('Coming prepared to a first session');
    await member.getByLabel('Text', { exact: true }).fill('Bring the papers you need.\n\n## Before the day\n\nWrite down what matters most to you.');
    await member.getByRole('checkbox', { name: 'Choosing and preparing' }).check();
    await member.getByLabel('Tags (optional)').fill('preparation, first session');
    await member.getByLabel('Choose an image').setInputFiles({ name: 'table.jpg', mimeType: 'image/jpeg', buffer: await heroJpeg() });
    // Forgetting the description is caught, and what was typed stays.
    await member.getByRole('button', { name: 'Save draft' }).click();
    await expect(member.getByRole('alert').first().textContent()).resolves.toContain('Describe the image for people who cannot see it.');
    await noSeriousViolations(member, 'form with a problem');
    await expect(member.getByLabel('Title').inputValue()).resolves.toBe('Coming prepared to a first session');
    await member.getByRole('link', { name: 'Describe the image for people who cannot see it.' }).click();
    expect(await member.evaluate(() => document.activeElement?.id)).toBe('hero_alt');
    await member.getByLabel('Describe the image').fill('A notebook and a pen on a wooden table');
    await member.getByLabel('Choose an image').setInputFiles({ name: 'table.jpg', mimeType: 'image/jpeg', buffer: await heroJpeg() });
    await member.getByRole('button', { name: 'Save draft' }).click();
    await member.waitForURL(/\/dashboard\/articles\/\d+\?done=created$/);
    pieceUrl = new URL(member.url()).pathname;
    const id = Number(pieceUrl.split('/').pop());
    await expect(member.getByRole('status').first().textContent()).resolves.toContain('Your draft is saved.');
    await expect(member.getByRole('img', { name: 'The current image: A notebook and a pen on a wooden table' }).evaluate(loadedWidth)).resolves.toBeGreaterThan(0);
    await noSeriousViolations(member, 'saved draft form');

    await member.getByRole('link', { name: 'Preview' }).click();
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Coming prepared to a first session');
    await expect(member.getByRole('img', { name: 'A notebook and a pen on a wooden table' }).evaluate(loadedWidth)).resolves.toBeGreaterThan(0);
    await noSeriousViolations(member, 'preview');
    await member.goBack();
    await member.locator('.panel').getByRole('button', { name: 'Submit for review' }).click();
    await member.waitForURL(/done=submitted/);
    await noSeriousViolations(member, 'list with a submitted piece');

    // The editor asks for a change.
    await editor.goto(`${s.baseUrl}/editor`);
    await noSeriousViolations(editor, 'editor queue');
    await editor.getByRole('link', { name: 'Coming prepared to a first session' }).click();
    await expect(editor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Coming prepared to a first session');
    await noSeriousViolations(editor, 'review page');
    await editor.getByRole('button', { name: 'Ask for changes' }).click();
    await expect(editor.getByRole('alert').first().textContent()).resolves.toContain('Write what the writer should change.');
    await noSeriousViolations(editor, 'review page with a problem');
    await editor.getByLabel('Your comment: what should change?').fill('Could you add one sentence on bringing a support person?');
    await editor.getByRole('button', { name: 'Ask for changes' }).click();
    await expect(editor.getByRole('status').first().textContent()).resolves.toContain('Sent back to the writer');
    const mail = (await s.mails()).at(-1)!;
    expect(mail.subject).toBe('An editor asked for a change to your piece');

    // The member reads the comment, edits and resubmits.
    await member.goto(`${s.baseUrl}/dashboard/articles`);
    await expect(member.locator('.editor-comment').first().textContent()).resolves.toContain('bringing a support person');
    await member.getByRole('link', { name: 'Edit Coming prepared to a first session' }).click();
    await expect(member.locator('.editor-comment').first().textContent()).resolves.toContain('bringing a support person');
    const text = member.getByLabel('Text', { exact: true });
    await text.fill(`${await text.inputValue()}\n\nYou may bring a support person if the other side agrees.`);
    await member.getByRole('button', { name: 'Save and submit for review' }).click();
    await member.waitForURL(/done=submitted/);

    // The editor sees what changed, then schedules it a minute ahead (in UTC).
    await editor.goto(`${s.baseUrl}/editor/articles/${id}`);
    await editor.getByRole('list').filter({ hasText: 'current' }).getByRole('link').first().click();
    await expect(editor.locator('.diff ins', { hasText: 'You may bring a support person' }).count()).resolves.toBe(1);
    await noSeriousViolations(editor, 'revision diff');
    await editor.goto(`${s.baseUrl}/editor/articles/${id}`);
    await editor.getByLabel('Time zone').selectOption('UTC');
    await editor.getByLabel('Approve and publish on').fill(new Date(clock + MINUTE).toISOString().slice(0, 16));
    await editor.getByRole('button', { name: 'Schedule' }).click();
    await expect(editor.getByRole('status').first().textContent()).resolves.toContain('Scheduled.');
    await expect(editor.locator('.review-status').textContent()).resolves.toContain('Scheduled for 25 Nov 2026, 12:01 UTC');
    await noSeriousViolations(editor, 'review page of a scheduled piece');

    // The clock passes the time; the server's scheduler publishes it.
    clock += 2 * MINUTE;
    await s.app.articleScheduler.run();
    await member.goto(`${s.baseUrl}/dashboard/articles`);
    await expect(member.locator('.piece-card').first().textContent()).resolves.toContain('Published');
    await expect(member.getByRole('link', { name: 'Read it on the site Coming prepared to a first session' }).getAttribute('href')).resolves.toBe('/articles/coming-prepared-to-a-first-session');
    await noSeriousViolations(member, 'list with a published piece');
    expect((await s.mails()).at(-1)!.subject).toBe('Your piece is published on Concord');

    // A visitor finds it first on /articles, and reads it.
    await visitor.goto(`${s.baseUrl}/articles`);
    await noSeriousViolations(visitor, 'article list');
    const firstCard = visitor.locator('.article-card').first();
    await expect(firstCard.textContent()).resolves.toContain('Coming prepared to a first session');
    await firstCard.getByRole('link', { name: 'Coming prepared to a first session' }).first().click();
    await visitor.waitForURL(/\/articles\/coming-prepared-to-a-first-session$/);
    await expect(visitor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Coming prepared to a first session');
    await expect(visitor.getByRole('img', { name: 'A notebook and a pen on a wooden table' }).first().evaluate(loadedWidth)).resolves.toBeGreaterThan(0);
    await noSeriousViolations(visitor, 'article page');
    // "Read these next": the three pieces on the same topic, not the one about construction.
    const readNext = visitor.getByRole('region', { name: 'Read these next' });
    const nextHrefs = await readNext.locator('h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(nextHrefs.sort()).toEqual(related.map((slug) => `/articles/${slug}`).sort());
    await expect(readNext.textContent()).resolves.toContain('Ola Other');

    // The byline leads to the writer's profile, whose Articles tab lists the piece.
    await visitor.getByRole('link', { name: 'Wren Writer' }).first().click();
    await visitor.waitForURL(new RegExp(`/mediators/${profileSlug}$`));
    await visitor.getByRole('link', { name: /^Articles/ }).first().click();
    await expect(visitor.locator('main').textContent()).resolves.toContain('Coming prepared to a first session');

    // The RSS and Atom feeds carry it, read by a real feed parser.
    const parser = new Parser();
    const rss = await parser.parseString(await (await s.get('/feeds/rss.xml')).text());
    expect(rss.items[0]!.title).toBe('Coming prepared to a first session');
    expect(rss.items[0]!.link).toBe('http://concord.test/articles/coming-prepared-to-a-first-session');
    const atom = await parser.parseString(await (await s.get('/feeds/atom.xml')).text());
    expect(atom.items.map((i) => i.title)).toContain('Coming prepared to a first session');

    // The sitemap lists it and is valid against the sitemaps.org schema.
    const sitemap = await (await s.get('/sitemap.xml')).text();
    expect(sitemap).toContain('<loc>http://concord.test/articles/coming-prepared-to-a-first-session</loc>');
    const valid = xmllint(sitemap, SITEMAP_XSD);
    expect(valid.ok, valid.output).toBe(true);
  }, 180_000);

  it('names a co-author on the form, lists them with a Remove box, and withdraws the piece from review', async () => {
    await member.goto(`${s.baseUrl}/dashboard/articles/new`);
    await member.getByLabel('Title').fill('Two voices on a first session');
    await member.getByLabel('Text', { exact: true }).fill('Two mediators compare how they open a first session.');
    await member.getByRole('checkbox', { name: 'Choosing and preparing' }).check();
    // A mistyped address is named back, with what was typed kept.
    await member.getByLabel('Add co-authors').fill(`${s.baseUrl}/mediators/no-such-mediator`);
    await member.getByRole('button', { name: 'Save draft' }).click();
    await expect(member.getByRole('alert').first().textContent()).resolves.toContain(`at “${s.baseUrl}/mediators/no-such-mediator”`);
    await noSeriousViolations(member, 'form with an unknown co-author');
    await member.getByLabel('Add co-authors').fill(`${s.baseUrl}/mediators/${otherSlug}`);
    await member.getByRole('button', { name: 'Save draft' }).click();
    await member.waitForURL(/\/dashboard\/articles\/\d+\?done=created$/);
    await expect(member.locator('.byline-list').textContent()).resolves.toMatch(/Wren Writer \(you\).*writer.*Ola Other/);
    await expect(member.getByRole('checkbox', { name: 'Remove Ola Other' }).isChecked()).resolves.toBe(false);
    await noSeriousViolations(member, 'form with a co-author listed');

    await member.locator('.panel').getByRole('button', { name: 'Submit for review' }).click();
    await member.waitForURL(/done=submitted/);
    await member.getByRole('button', { name: 'Withdraw from review Two voices on a first session' }).click();
    await member.waitForURL(/done=withdrawn$/);
    await expect(member.getByRole('status').first().textContent()).resolves.toContain('withdrawn from review');
    await noSeriousViolations(member, 'piece withdrawn from review');
  }, 60_000);

  it('lets an editor add a category, fixing a mistake, and open it to edit', async () => {
    await editor.goto(`${s.baseUrl}/editor`);
    await editor.getByRole('navigation', { name: 'Editor' }).getByRole('link', { name: 'Categories' }).click();
    await editor.waitForURL(/\/editor\/categories$/);
    await noSeriousViolations(editor, 'categories');
    await editor.getByLabel('Description (optional)').fill('Care homes, ageing parents and the choices families make together.');
    await editor.getByRole('button', { name: 'Add category' }).click();
    await expect(editor.getByRole('alert').first().textContent()).resolves.toContain('Enter a name for the category.');
    await expect(editor.getByLabel('Description (optional)').inputValue()).resolves.toBe('Care homes, ageing parents and the choices families make together.');
    await noSeriousViolations(editor, 'categories with a problem');
    await editor.getByLabel('Name', { exact: true }).fill('Elder care');
    await editor.getByRole('button', { name: 'Add category' }).click();
    await editor.waitForURL(/done=added#category-\d+$/);
    await expect(editor.getByRole('status').first().textContent()).resolves.toContain('The category is added');
    await editor.getByRole('link', { name: 'Elder care', exact: true }).click();
    await expect(editor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Category: Elder care');
    await noSeriousViolations(editor, 'one category');
  }, 60_000);

  it('lets an editor find a tag, fixing a mistake in its name, with its pieces’ new home suggested', async () => {
    await editor.getByRole('navigation', { name: 'Editor' }).getByRole('link', { name: 'Tags' }).click();
    await editor.waitForURL(/\/editor\/tags$/);
    await noSeriousViolations(editor, 'tags');
    await editor.getByLabel('Find tags by name').fill('PREP');
    await editor.getByRole('button', { name: 'Filter' }).click();
    await editor.waitForURL(/\/editor\/tags\?q=PREP$/);
    await editor.getByRole('link', { name: 'preparation', exact: true }).click();
    await expect(editor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tag: preparation');
    await noSeriousViolations(editor, 'one tag');
    await editor.getByLabel('Name', { exact: true }).fill('preparing, first steps');
    await editor.getByRole('button', { name: 'Save name' }).click();
    await expect(editor.getByRole('alert').first().textContent()).resolves.toContain('Leave out the comma');
    await expect(editor.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('preparing, first steps');
    await noSeriousViolations(editor, 'one tag with a problem');
    // The suggestions for "Move its pieces to" are the other tags.
    await expect(editor.locator('#tag-names option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).resolves.toContain('first session');
  }, 60_000);
});
