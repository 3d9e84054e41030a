import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationSite } from '../support/associations.ts';
import { launchChromium, logInAs, seriousAxeViolations, offlinePages, featuredNames } from '../support/browser.ts';
import { DIALECTS } from '../support/db.ts';
import { createMediator, createMediators, mediatorInput, office } from '../support/factories.ts';
import { PASSWORD, signedIn } from '../support/members.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 12's journey, end to end in real Chromium under the site's own CSP, every step through the
 * pages a person uses: an admin creates an association and names its admin; the association's
 * admin invites two mediators; they accept from their dashboards; one is put on a panel and sends
 * evidence of a credential the association issued, which its admin verifies; the
 * association names its own site and pastes the code from its admin page there, where a visitor
 * filters the embedded directory by the panel and opens her profile; an admin grants her a
 * featured place for Missouri, and she appears labelled "Featured" in matching searches there and
 * in no others. axe-core finds no serious violation on the pages on the way.
 */

const KC_MO = { lat: 39.0997, lon: -94.5786 };
const near = (km: number) => office(KC_MO.lat + km / 111.195, KC_MO.lon, { city: 'Kansas City', region: 'MO', postalCode: '64106' });
const NAME = 'Heartland Mediation Association';
const SLUG = 'heartland-mediation-association';
const SECRETARY = 'secretary@heartland.example.org';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const BADGE = `✓ Verified Nov 25, 2026 by ${NAME}`;

describe.each(DIALECTS)('issue 12’s journey in Chromium, on %s', (engine) => {
  let s: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  const pages = offlinePages(() => browser, errors);
  const open = (width = 1280) => pages.open(width);
  async function as(email: string, width = 1280): Promise<Page> {
    const page = await open(width);
    await logInAs(page, s.baseUrl, email, PASSWORD);
    return page;
  }
  async function noSeriousViolations(page: Page, what: string): Promise<void> {
    expect(await seriousAxeViolations(page), what).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what} scrolls sideways`).toBe(true);
  }
  const featuredOn = (page: Page, query: string) => featuredNames(page, `${s.baseUrl}/mediators?${query}`);

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    // Twenty neighbours fill the first page, so a featured place is what brings a member up.
    await createMediators(db, engine, Array.from({ length: 20 }, (_, i) => mediatorInput({ name: `Neighbour ${i}`, offices: [near(0.5 + i * 0.1)] })));
    for (const [email, name, slug, km] of [
      ['ana@example.org', 'Ana Alvarez', 'ana-alvarez', 15],
      ['ben@example.org', 'Ben Brook', 'ben-brook', 16],
    ] as const) {
      const credentials = [{ title: 'Court-Annexed Mediator Certificate', issuer: NAME, year: 2019 }];
      const id = await createMediator(db, engine, { name, slug, offices: [near(km)], credentials });
      const member = await signedIn(s, email);
      await db.updateTable('mediators').set({ user_id: member.userId }).where('id', '=', id).execute();
    }
    await signedIn(s, SECRETARY);
    await signedIn(s, 'admin@example.org', 'admin');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await s?.close();
  });

  it('goes from a new association to a verified panel member, in an embed on the association’s site and featured in her region', async () => {
    // 1. An admin creates the association, adds a panel and names its admin.
    const admin = await as('admin@example.org');
    await admin.goto(`${s.baseUrl}/admin/associations`);
    await admin.getByLabel('Name').fill(NAME);
    await admin.getByLabel('Description').fill('Mediators of the Missouri and Kansas heartland.');
    await admin.getByLabel('Admission criteria').fill('Forty hours of training and two years of practice.');
    await admin.getByLabel('Main colour').fill('#5a1e3c');
    await admin.getByLabel('Background colour').fill('#f4d9e4');
    await admin.getByRole('button', { name: 'Add association' }).click();
    await admin.waitForURL(/\/admin\/associations\/\d+\?done=created/);
    await admin.getByLabel('New panel').fill('Court panel');
    await admin.getByRole('button', { name: 'Add panel' }).click();
    await admin.waitForURL(/done=panel_added/);
    await admin.getByLabel('Email address').fill(SECRETARY);
    await admin.getByRole('button', { name: 'Name admin' }).click();
    await expect(admin.locator('section[aria-labelledby="admins-title"]').innerText()).resolves.toContain(SECRETARY);
    await noSeriousViolations(admin, 'the admin’s association page');

    // 2. Its admin finds the roster from the dashboard and invites two mediators.
    const secretary = await as(SECRETARY);
    await secretary.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Associations' }).click();
    await secretary.getByRole('link', { name: `${NAME}: members` }).click();
    await secretary.waitForURL(new RegExp(`/associations/${SLUG}/admin$`));
    for (const email of ['ana@example.org', 'ben@example.org']) {
      await secretary.getByLabel('Their email address').fill(email);
      await secretary.getByRole('button', { name: 'Invite' }).click();
      await expect(secretary.getByRole('status').textContent()).resolves.toContain('Invited: the mediator was sent a mail');
    }

    // 3. Both accept from their dashboards.
    for (const email of ['ana@example.org', 'ben@example.org']) {
      const mediator = await as(email);
      await mediator.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Associations' }).click();
      await mediator.getByRole('button', { name: `Accept ${NAME}` }).click();
      await expect(mediator.getByRole('status').textContent()).resolves.toContain('You are a member now.');
      await mediator.context().close();
    }

    // 4. Ana is put on the court panel, with the reason recorded.
    await secretary.reload();
    await secretary.getByLabel('Panel for Ana Alvarez').selectOption({ label: 'Court panel' });
    await secretary.locator('form', { has: secretary.getByLabel('Panel for Ana Alvarez') }).getByLabel('Why (for the record)').fill('Completed the court’s 40-hour training');
    await secretary.getByRole('button', { name: 'Put on the panel Ana Alvarez' }).click();
    await expect(secretary.getByRole('status').textContent()).resolves.toBe('The member is on the panel.');
    await noSeriousViolations(secretary, 'the association’s roster');

    // The association's public page lists both, Ana on the panel.
    const visitor = await open();
    await visitor.goto(`${s.baseUrl}/associations/${SLUG}`);
    await expect(visitor.locator('main .association-panel').innerText()).resolves.toContain('Ana Alvarez');
    expect(await visitor.locator('main .association-panel').innerText()).not.toContain('Ben Brook');
    await noSeriousViolations(visitor, 'the association’s page');

    // 5. Ana sends evidence of the certificate the association issued; its admin verifies it.
    const ana = await as('ana@example.org');
    await ana.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Credentials' }).click();
    const certificate = ana.locator('li.card', { hasText: 'Court-Annexed Mediator Certificate' });
    await certificate.getByLabel('Evidence').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
    await certificate.getByLabel('Issued by one of your associations?').selectOption({ label: NAME });
    await certificate.getByRole('button', { name: 'Send for review' }).click();
    await expect(ana.getByRole('status').innerText()).resolves.toContain('your evidence is waiting for review');
    await secretary.reload();
    const waiting = secretary.locator('li.review-item', { hasText: 'Ana Alvarez' });
    await expect(waiting.innerText()).resolves.toContain('Court-Annexed Mediator Certificate');
    await waiting.getByRole('button', { name: 'Verify' }).click();
    await expect(secretary.getByRole('status').innerText()).resolves.toContain('Verified: the member was mailed');
    await ana.reload();
    await expect(ana.locator('li.card', { hasText: 'Court-Annexed Mediator Certificate' }).locator('.credential-state').innerText()).resolves.toContain(BADGE);

    // 6. The association pastes the code from its admin page on its own site, and names that site.
    // The page's first lines lead to the code, below a long roster.
    await secretary.getByRole('link', { name: 'Your directory and the code to show it on your site' }).click();
    await expect.poll(() => secretary.locator('#embed-code').evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    const code = (await secretary.locator('#embed-code').inputValue()).replaceAll('http://concord.test', s.baseUrl);
    const own = await associationSite(s.baseUrl, SLUG, code);
    try {
      await secretary.getByLabel('Your site’s addresses, one a line').fill(own.origin);
      await secretary.getByRole('button', { name: 'Save the sites' }).click();
      await expect(secretary.getByRole('status').textContent()).resolves.toContain('only these sites may show your directory');
      // A visitor on the association's site filters the embedded directory by the panel.
      const reader = await open(390);
      await reader.goto(own.origin + '/');
      const frame = (await (await reader.locator('iframe').elementHandle())!.contentFrame())!;
      await frame.waitForSelector('article.card');
      const names = () => frame.locator('article.card h3 a').allTextContents();
      expect((await names()).sort()).toEqual(['Ana Alvarez', 'Ben Brook']);
      await frame.getByText('Search and filters').click();
      await frame.getByLabel('Court panel').check();
      await expect.poll(names).toEqual(['Ana Alvarez']);
      await expect(frame.locator('article.card', { hasText: 'Ana Alvarez' }).locator('.badge-verified').innerText()).resolves.toContain(BADGE);
      // Her profile opens at the top, in a new tab, with the badge beside the certificate.
      const [profile] = await Promise.all([reader.context().waitForEvent('page'), frame.getByRole('link', { name: 'Ana Alvarez' }).click()]);
      await profile.waitForLoadState();
      expect(new URL(profile.url()).pathname).toBe('/mediators/ana-alvarez');
      await expect(profile.locator('section[aria-labelledby="associations-title"]').innerText()).resolves.toContain(`${NAME} · Court panel`);
      const held = profile.locator('section[aria-labelledby=experience-title] li', { hasText: 'Court-Annexed Mediator Certificate' });
      await expect(held.locator('.badge-verified').innerText()).resolves.toBe(BADGE);
      await noSeriousViolations(profile, 'her profile');
      await reader.goto(`${s.baseUrl}/associations/${SLUG}/embed?panel=court-panel`);
      await noSeriousViolations(reader, 'the embedded directory');
      await reader.goto(`${s.baseUrl}/associations/${SLUG}/directory?panel=court-panel`);
      await noSeriousViolations(reader, 'the association’s directory');
    } finally {
      await own.close();
    }

    // 7. An admin grants Ana a featured place for Missouri: labelled in matching Missouri searches, in no others.
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&sort=distance&radius=50')).toEqual([]);
    await admin.goto(`${s.baseUrl}/admin/featured`);
    await admin.getByLabel('Member’s profile address').fill('/mediators/ana-alvarez');
    await admin.getByLabel('Region').fill('Missouri');
    await admin.getByLabel('First day').fill('2026-11-20');
    await admin.getByLabel('Last day').fill('2026-12-31');
    await admin.getByLabel('Reason (for the audit log)').fill('Paid through December');
    await admin.getByRole('button', { name: 'Grant' }).click();
    await admin.waitForURL(/\/admin\/featured\/\d+\?done=granted$/);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&sort=distance&radius=50')).toEqual(['Ana Alvarez']);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20MO&radius=50&practice=workplace')).toEqual([]);
    expect(await featuredOn(visitor, 'near=Kansas%20City,%20KS&sort=distance&radius=50')).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
