import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { launchChromium, logInAs, seriousAxeViolations, offlinePages } from '../support/browser.ts';
import { createMediator } from '../support/factories.ts';
import { addMembership, createAssociation } from '../support/associations.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 12's verified credentials in real Chromium under the site's CSP: a member sends a PDF as
 * evidence from the Credentials tab, an admin opens the queue from the admin landing and verifies
 * it, and the profile then shows the badge with its date and verifier. The member's tab and the
 * admins' queue are looked at on a phone and a desktop, with axe.
 */

const SHOTS = '.tmp/screenshots';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

describe.each(DIALECTS)('verifying a credential in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  const pages = offlinePages(() => browser, errors);
  const open = (width: number, height: number) => pages.open(width, height);
  const logIn = (page: Page, email: string) => logInAs(page, s.baseUrl, email, PASSWORD);
  const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  beforeAll(async () => {
    s = await startTestServer(engine);
    fs.mkdirSync(SHOTS, { recursive: true });
    const id = await createMediator(s.db.db, engine, {
      name: 'Cora Credentialed',
      slug: 'cora-credentialed',
      credentials: [
        { title: 'Certified Family Mediator', issuer: 'Texas Mediator Council', year: 2015 },
        { title: 'Advanced Workplace Mediation Certificate', issuer: 'Association for Conflict Resolution', year: 2021 },
      ],
    });
    const member = await signedIn(s, 'cora@example.org');
    await s.db.db.updateTable('mediators').set({ user_id: member.userId }).where('id', '=', id).execute();
    // A member of an association with a long name, which the issuer list must fit on a phone.
    const association = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association of Professional Mediators' });
    await addMembership(s.db.db, association.id, id, 'member');
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await s?.close();
  });

  it('lets a member send evidence and an admin verify it; the profile then shows the badge with date and verifier', async () => {
    const member = await open(1280, 900);
    await logIn(member, 'cora@example.org');
    await member.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Credentials' }).click();
    await member.waitForURL(/\/dashboard\/credentials$/);
    const card = member.locator('li.card', { hasText: 'Certified Family Mediator' });
    await card.getByLabel('Evidence').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
    await card.getByRole('button', { name: 'Send for review' }).click();
    await member.waitForURL(/\?done=sent#credential-\d+$/);
    await expect(member.getByRole('status').innerText()).resolves.toContain('your evidence is waiting for review');
    await expect(member.locator('li.card', { hasText: 'Certified Family Mediator' }).locator('.credential-state').innerText()).resolves.toContain('Waiting for review');

    const admin = await open(1280, 900);
    await logIn(admin, 'admin@example.org');
    await expect(admin.locator('.admin-queues').innerText()).resolves.toContain('1 credential waiting');
    await admin.getByRole('link', { name: 'Credentials to verify' }).click();
    await admin.waitForURL(/\/admin\/credentials$/);
    const item = admin.locator('li.review-item', { hasText: 'Cora Credentialed' });
    // The evidence is a download, not a page of this site.
    const [download] = await Promise.all([admin.waitForEvent('download'), item.getByRole('link', { name: /Open the evidence/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^credential-evidence-\d+\.pdf$/);
    await item.getByRole('button', { name: 'Verify' }).click();
    await admin.waitForURL(/\?done=verify$/);
    await expect(admin.getByRole('status').innerText()).resolves.toContain('Verified: the member was mailed');
    await expect(admin.locator('main, body').first().innerText()).resolves.toContain('No evidence is waiting for review.');

    const visitor = await open(1280, 900);
    await visitor.goto(`${s.baseUrl}/mediators/cora-credentialed`);
    const badge = visitor.locator('section[aria-labelledby=experience-title] li', { hasText: 'Certified Family Mediator' }).locator('.badge-verified');
    await expect(badge.innerText()).resolves.toBe('✓ Verified Nov 25, 2026 by Concord');
    await expect(visitor.locator('section[aria-labelledby=experience-title] li', { hasText: 'Advanced Workplace' }).locator('.badge-verified').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('lays out the member’s Credentials tab and the admins’ queue on a phone and a desktop, with no serious axe violation', async () => {
    // Evidence waiting for the second credential, so the queue has an item and the tab every state.
    const member0 = await open(1280, 900);
    await logIn(member0, 'cora@example.org');
    await member0.goto(`${s.baseUrl}/dashboard/credentials`);
    const second = member0.locator('li.card', { hasText: 'Advanced Workplace' });
    await second.getByLabel('Evidence').setInputFiles({ name: 'c.pdf', mimeType: 'application/pdf', buffer: PDF });
    await second.getByRole('button', { name: 'Send for review' }).click();
    await member0.waitForURL(/\?done=sent/);

    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ] as const) {
      const member = await open(width, height);
      await logIn(member, 'cora@example.org');
      await member.goto(`${s.baseUrl}/dashboard/credentials`);
      await member.screenshot({ path: `${SHOTS}/dashboard-credentials-${engine}-${width}.png`, fullPage: true });
      await noOverflow(member);
      const cards = member.locator('li.card');
      expect(await cards.count()).toBe(2);
      for (let i = 0; i < 2; i++) {
        const box = (await cards.nth(i).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        if (width === 390) expect(box.width).toBeGreaterThan(340);
      }
      const secondCard = (await cards.nth(1).boundingBox())!;
      for (const control of [cards.nth(1).getByRole('button', { name: 'Send for review' }), cards.nth(1).getByLabel('Issued by one of your associations?')]) {
        const box = (await control.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(secondCard.x + secondCard.width);
      }
      // The badge reads as one sentence beside its date and verifier, not colour alone.
      await expect(cards.nth(0).locator('.credential-state').innerText()).resolves.toMatch(/^✓ Verified Nov 25, 2026 by Concord, until Nov 25, 2027\.$/);
      expect(await seriousAxeViolations(member)).toEqual([]);

      const admin = await open(width, height);
      await logIn(admin, 'admin@example.org');
      await admin.goto(`${s.baseUrl}/admin/credentials`);
      await admin.screenshot({ path: `${SHOTS}/admin-credentials-${engine}-${width}.png`, fullPage: true });
      await noOverflow(admin);
      const item = admin.locator('li.review-item').first();
      const verify = (await item.getByRole('button', { name: 'Verify' }).boundingBox())!;
      const note = (await item.getByLabel('Why it cannot be verified').boundingBox())!;
      expect(note.x + note.width).toBeLessThanOrEqual(width);
      // On a phone the two decisions stack; on a desk they sit side by side.
      if (width === 390) expect(note.y).toBeGreaterThan(verify.y + verify.height);
      else expect(note.x).toBeGreaterThan(verify.x + verify.width);
      expect(await seriousAxeViolations(admin)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
