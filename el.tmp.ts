import { launchChromium } from '/work/wt/credentials/test/support/browser.ts';
const base = 'http://127.0.0.1:3102';
const browser = await launchChromium();
const page = await browser.newPage();
for (const width of [390, 1280]) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(base + '/mediators/francisco-sisneros-armendariz');
  await page.locator('section[aria-labelledby=experience-title]').screenshot({ path: `/tmp/credentials/profile-cred-${width}.png` });
  await page.goto(base + '/mediators?near=Austin%2C+TX&radius=100&association=lone-star-mediators-association');
  const card = page.locator('article.card', { has: page.locator('.card-verified') }).first();
  console.log('cards with badge', await page.locator('.card-verified').count());
  await card.screenshot({ path: `/tmp/credentials/card-${width}.png` });
}
await browser.close();
