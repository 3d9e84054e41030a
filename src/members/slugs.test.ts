import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { postForm, profileForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

// Names from seven scripts and the addresses a reader of each would expect, written out by hand.
const NAMES: [string, string][] = [
  ['Anna Weiß', 'anna-weiss'],
  ['Đặng Thị Ngọc', 'dang-thi-ngoc'],
  ['Søren Ærø Łukasz Işık', 'soren-aero-lukasz-isik'],
  ['Иван Петров', 'ivan-petrov'],
  ['Γιώργος Παπαδόπουλος', 'giorgos-papadopoylos'],
  ['王小明', 'wang-xiao-ming'],
  ['محمد علي', 'mhmd-aaly'],
  ['דוד כהן', 'dvd-khn'],
  ['राजेश कुमार', 'raajesh-kumaar'],
];

describe.each(DIALECTS)('profile addresses from names in any script on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
  });
  afterAll(() => s.close());

  /** A member creates a profile through the form, publishes it, and an editor approves it. */
  async function listedProfile(email: string, name: string) {
    const v = await signedIn(s, email);
    const saved = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name }));
    expect(saved.status, saved.html).toBe(303);
    await postForm(v, '/dashboard', '/dashboard/publish', []);
    const row = await s.db.db.selectFrom('mediators').select('id').where('user_id', '=', v.userId).executeTakeFirstOrThrow();
    const editor = await signedIn(s, 'slug-editor@example.org', 'editor');
    expect((await postForm(editor, '/moderation', `/moderation/${row.id}/approve`, [])).status).toBe(303);
    return v;
  }

  it('spells every letter out in the new address, and the page answers there', async () => {
    for (const [i, [name, slug]] of NAMES.entries()) {
      const v = await listedProfile(`script-${i}@example.org`, name);
      expect((await v.get('/dashboard')).html, name).toContain(`href="/mediators/${slug}"`);
      const page = await s.get(`/mediators/${slug}`);
      expect(page.status, name).toBe(200);
      expect(await page.text()).toContain(name);
    }
  });

  it('keeps an address made before, when the profile is saved again', async () => {
    const v = await listedProfile('old-slug@example.org', 'Jan Kowalski');
    // A profile from before transliteration: its address dropped the ł.
    await s.db.db.updateTable('mediators').set({ slug: 'jan-kowalski-oz' }).where('user_id', '=', v.userId).execute();
    const saved = await postForm(v, '/dashboard', '/dashboard/profile', profileForm({ name: 'Jan Kowalski Łoś' }));
    expect(saved.status, saved.html).toBe(303);
    expect((await v.get('/dashboard')).html).toContain('href="/mediators/jan-kowalski-oz"');
    expect((await s.get('/mediators/jan-kowalski-oz')).status).toBe(200);
  });
});
