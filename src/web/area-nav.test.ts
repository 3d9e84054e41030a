import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { Visitor } from '../../test/support/visitor.ts';

/** The area navigation each page starts with: its aria-label, its links, the one marked current. */
function areaNav(html: string): { label: string; links: string[]; current: string[]; beforeHeading: boolean } | null {
  const navs = [...html.matchAll(/<nav class="dashboard-nav area-nav" aria-label="([^"]+)">([\s\S]*?)<\/nav>/g)];
  if (navs.length !== 1) return null;
  const [whole, label, inner] = navs[0]!;
  const links = [...inner!.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
  const current = [...inner!.matchAll(/<a href="([^"]+)" aria-current="page"/g)].map((m) => m[1]!);
  const main = html.indexOf('<main');
  const h1 = html.indexOf('<h1', main);
  const at = html.indexOf(whole);
  // First in <main>: only the skip target's opening tag comes before it.
  return { label: label!, links, current, beforeHeading: at > main && at < h1 && html.slice(html.indexOf('>', main) + 1, at).trim() === '' };
}

describe.each(DIALECTS)('one navigation per signed-in area on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
  });
  afterAll(() => s.close());

  /** The page opens with its area's one navigation, above its heading, with its own link marked. */
  async function expectAreaPage(v: Visitor, path: string, label: string, links: string[]): Promise<void> {
    const r = await v.get(path);
    expect(r.status, path).toBe(200);
    const nav = areaNav(r.html);
    expect(nav, path).not.toBeNull();
    expect(nav!.label, path).toBe(label);
    expect(nav!.beforeHeading, path).toBe(true);
    expect(nav!.links, path).toEqual(links);
    expect(nav!.current, path).toEqual([path]);
  }

  const DASHBOARD = ['/dashboard', '/dashboard/articles', '/dashboard/inquiries', '/dashboard/numbers', '/dashboard/associations', '/dashboard/credentials', '/account'];
  const EDITOR = ['/editor', '/editor/articles', '/editor/articles/new', '/editor/categories', '/editor/tags', '/moderation'];

  it('starts every dashboard page with the dashboard’s tabs, above the heading, with the page marked', async () => {
    const member = await signedIn(s, 'nav-member@example.org');
    for (const path of DASHBOARD) await expectAreaPage(member, path, 'Dashboard', DASHBOARD);
    const delPage = await member.get('/dashboard/delete');
    expect(areaNav(delPage.html)!.current).toEqual(['/account']);
  });

  it('gives editors one editor navigation on every editor page, the profile queue included, and ways to their other areas', async () => {
    const editor = await signedIn(s, 'nav-editor@example.org', 'editor');
    for (const path of EDITOR) await expectAreaPage(editor, path, 'Editor', [...EDITOR, '/dashboard']);
    // From their dashboard, an editor finds the way back to the editor's pages.
    expect(areaNav((await editor.get('/account')).html)!.links).toEqual([...DASHBOARD, '/editor']);
  });

  const ADMIN = ['/admin', '/admin/users', '/admin/associations', '/admin/credentials', '/admin/featured', '/admin/practice-areas', '/admin/languages', '/admin/audit', '/admin/import', '/admin/claims', '/admin/export'];

  it('gives admins an admin navigation, and the way to every area from each', async () => {
    const admin = await signedIn(s, 'nav-admin@example.org', 'admin');
    for (const path of ADMIN) await expectAreaPage(admin, path, 'Admin', [...ADMIN, '/dashboard', '/editor']);
    expect(areaNav((await admin.get('/moderation')).html)!.links).toEqual([...EDITOR, '/dashboard', '/admin']);
    expect(areaNav((await admin.get('/dashboard')).html)!.links).toEqual([...DASHBOARD, '/editor', '/admin']);
  });

  it('offers members no way into areas that are not theirs', async () => {
    const member = await signedIn(s, 'nav-member@example.org');
    const html = (await member.get('/dashboard')).html;
    expect(html).not.toContain('href="/editor"');
    expect(html).not.toContain('href="/admin');
  });
});
