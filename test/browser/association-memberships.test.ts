import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssociation, mediatorMember } from '../support/associations.ts';
import { launchChromium, type AxeViolation } from '../support/browser.ts';
import { DIALECTS, TMP_DIR } from '../support/db.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * An association's memberships in Chromium, under the site's own CSP (axe-core is evaluated
 * through the DevTools protocol, which the CSP does not govern): its admin invites two mediators,
 * they accept from their dashboards, one is put on a panel; a third applies and is declined with a
 * note she then reads. The admin page and the dashboard tab are measured at 390 and 1280 px.
 */
describe.each(DIALECTS)('an association’s memberships in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function as(email: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // CSP refusals are console errors; a form answered with its 400 is the one expected kind.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 400')) pageErrors.push(m.text());
    });
    await page.goto(`${s.baseUrl}/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard$/);
    return page;
  }

  async function noSeriousViolations(page: Page, what: string): Promise<void> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
    });
    expect(JSON.stringify(violations), what).toBe('[]');
  }

  /** Nothing wider than the window, the tabs above the heading, and every button inside the page. */
  async function fitsWidth(page: Page, width: number, what: string): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(width);
    const nav = (await page.getByRole('navigation', { name: 'Dashboard' }).boundingBox())!;
    const h1 = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    expect(nav.y + nav.height, what).toBeLessThanOrEqual(h1.y);
    for (const button of await page.locator('main button').all()) {
      const box = await button.boundingBox();
      if (box) expect(box.x + box.width, what).toBeLessThanOrEqual(width);
    }
  }

  beforeAll(async () => {
    s = await startTestServer(engine);
    const admin = await signedIn(s, 'secretary@scma.example.org');
    await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', panels: ['Court panel', 'Family panel'], adminUserIds: [admin.userId] });
    await mediatorMember(s, 'ana@example.org', 'Ana Alvarez');
    await mediatorMember(s, 'ben@example.org', 'Ben Brook');
    await mediatorMember(s, 'cleo@example.org', 'Cleo Carter');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('invites two mediators who accept, puts one on a panel, and declines an application with a note she reads', async () => {
    const admin = await as('secretary@scma.example.org');
    // The association's admin finds its page from the dashboard's Associations tab.
    await admin.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Associations' }).click();
    await admin.getByRole('link', { name: 'Southern California Mediation Association: members' }).click();
    await admin.waitForURL(/\/associations\/scma\/admin$/);
    await noSeriousViolations(admin, 'empty roster');

    await admin.getByRole('button', { name: 'Invite' }).click();
    await expect(admin.getByRole('alert').textContent()).resolves.toContain('Enter the mediator’s email address.');
    for (const email of ['ana@example.org', 'ben@example.org']) {
      await admin.getByLabel('Their email address').fill(email);
      await admin.getByRole('button', { name: 'Invite' }).click();
      await expect(admin.getByRole('status').textContent()).resolves.toContain('Invited: the mediator was sent a mail');
    }

    for (const email of ['ana@example.org', 'ben@example.org']) {
      const mediator = await as(email);
      await mediator.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Associations' }).click();
      await expect(mediator.getByText('The association invited you to join.').isVisible()).resolves.toBe(true);
      await mediator.getByRole('button', { name: 'Accept Southern California Mediation Association' }).click();
      await expect(mediator.getByRole('status').textContent()).resolves.toContain('You are a member now.');
      await mediator.context().close();
    }

    await admin.reload();
    await admin.getByLabel('Panel for Ana Alvarez').selectOption({ label: 'Court panel' });
    await admin.getByRole('button', { name: 'Put on the panel Ana Alvarez' }).click();
    await expect(admin.getByRole('alert').textContent()).resolves.toContain('Write why, for the record.');
    await admin.getByLabel('Panel for Ana Alvarez').selectOption({ label: 'Court panel' });
    await admin.locator(`#panel-reason-${await memberId('Ana Alvarez')}`).fill('Completed the court’s 40-hour training');
    await admin.getByRole('button', { name: 'Put on the panel Ana Alvarez' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toBe('The member is on the panel.');
    await expect(admin.locator(`#member-${await memberId('Ana Alvarez')}`).textContent()).resolves.toContain('Panels: Court panel');

    const cleo = await as('cleo@example.org');
    await cleo.goto(`${s.baseUrl}/dashboard/associations`);
    await cleo.getByLabel('Association', { exact: true }).selectOption({ label: 'Southern California Mediation Association' });
    await cleo.getByRole('button', { name: 'Apply' }).click();
    await expect(cleo.getByRole('status').textContent()).resolves.toContain('You applied');

    await admin.reload();
    const note = 'Our members need two years of practice in California; you are welcome to apply again next year.';
    await admin.getByLabel('Note to Cleo Carter (needed to decline)').fill(note);
    await admin.getByRole('button', { name: 'Decline Cleo Carter' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Declined: the mediator was sent your note.');

    await cleo.reload();
    await expect(cleo.getByText(`Their note: ${note}`).isVisible()).resolves.toBe(true);
    await noSeriousViolations(cleo, 'a declined application');

    // Both pages at a phone's width and a desktop's, with their pictures kept for a look.
    for (const width of [390, 1280]) {
      for (const [email, url, name] of [
        ['secretary@scma.example.org', '/associations/scma/admin', 'roster'],
        ['cleo@example.org', '/dashboard/associations', 'memberships'],
      ] as const) {
        const page = await as(email, width);
        await page.goto(s.baseUrl + url);
        await fitsWidth(page, width, `${name} at ${width}`);
        // On a wide screen the roster's forms keep a readable measure (40rem) instead of the card's width.
        if (name === 'roster' && width === 1280) {
          for (const form of await page.locator('main .card form').all()) expect((await form.boundingBox())!.width).toBeLessThanOrEqual(640);
        }
        await noSeriousViolations(page, `${name} at ${width}`);
        await page.screenshot({ path: path.join(TMP_DIR, `association-${name}-${width}-${engine}.png`), fullPage: true });
        await page.context().close();
      }
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  const memberId = async (name: string) => (await s.db.db.selectFrom('mediators').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
});
