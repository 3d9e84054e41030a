import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { heroJpeg } from '../support/editing.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/server.ts';

const MINUTE = 60_000;

/**
 * The editorial journey in Chromium: a member writes a piece with a hero image and submits it,
 * an editor asks for a change, the member edits and resubmits, the editor schedules it a minute
 * ahead, and the server publishes it when the clock passes. axe-core checks each page on the way.
 */
describe.each(DIALECTS)('writing and editing a piece in Chromium, on %s', (engine) => {
  let clock = TEST_NOW.getTime();
  let s: TestServer;
  let browser: Browser;
  let memberContext: BrowserContext;
  let editorContext: BrowserContext;
  let member: Page;
  let editor: Page;
  let pieceUrl = '';

  const logIn = async (page: Page, email: string) => {
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account$/);
  };
  const noSeriousViolations = async (page: Page, what: string) => expect(JSON.stringify(await seriousAxeViolations(page)), what).toBe('[]');

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(clock) });
    await signedIn(s, 'writer@example.org');
    await signedIn(s, 'editor@example.org', 'editor');
    browser = await launchChromium();
    // axe-core is injected as a script, which the site's own CSP would rightly refuse.
    memberContext = await browser.newContext({ bypassCSP: true });
    editorContext = await browser.newContext({ bypassCSP: true });
    member = await memberContext.newPage();
    editor = await editorContext.newPage();
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
    await member.getByLabel('Your name, as readers will see it').fill('Wren Writer');
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
    await expect(member.getByRole('img', { name: 'The current image: A notebook and a pen on a wooden table' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBeGreaterThan(0);
    await noSeriousViolations(member, 'saved draft form');

    await member.getByRole('link', { name: 'Preview' }).click();
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Coming prepared to a first session');
    await expect(member.getByRole('img', { name: 'A notebook and a pen on a wooden table' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBeGreaterThan(0);
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
    await editor.getByLabel('Approve and publish on (UTC)').fill(new Date(clock + MINUTE).toISOString().slice(0, 16));
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
  }, 180_000);
});
