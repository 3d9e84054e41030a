import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { createAssociation } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, postArticle } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/**
 * An association's news, on both engines: an editor ticks associations in the article form, the
 * association's page lists its latest published pieces, its news pages list them all, and the
 * piece names its associations. Drafts never show; a tampered association id is refused.
 */

const HOUR = 3_600_000;

describe.each(DIALECTS)('an association’s news, on %s', (engine) => {
  let s: TestServer;
  let editor: Visitor & { userId: number };
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let nadn: Awaited<ReturnType<typeof createAssociation>>;

  const associationsOf = async (articleId: number) =>
    (await s.db.db.selectFrom('article_associations').select('association_id').where('article_id', '=', articleId).orderBy('association_id').execute()).map((r) => r.association_id);

  beforeAll(async () => {
    s = await startTestServer(engine);
    editor = await signedIn(s, 'editor@example.org', 'editor');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association' });
    nadn = await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network' });
  });
  afterAll(() => s?.close());

  it('tags a piece from the editor’s form: the association’s page lists it, and the piece links back', async () => {
    const form = await editor.get('/editor/articles/new');
    expect(pageText(form.html)).toContain('Associations (optional)');
    expect(form.html).toContain(`name="associations" value="${scma.id}"`);

    const made = await postArticle(editor, '/editor/articles/new', '/editor/articles', articleForm({ title: 'SCMA opens its court panel', byline: 'editors', associations: [String(scma.id), String(nadn.id)], after: 'publish' }));
    expect(made.status, made.html.slice(0, 500)).toBe(303);
    const id = Number(/\/editor\/articles\/(\d+)/.exec(made.location!)![1]);
    expect(await associationsOf(id)).toEqual([scma.id, nadn.id].sort((a, b) => a - b));
    const { slug } = await s.db.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow();

    const page = await s.get('/associations/scma');
    const html = await page.text();
    expect(pageText(html)).toMatch(/News SCMA opens its court panel Article · \w{3} \d+, 2026/);
    expect(html).toContain(`<a href="/articles/${slug}">SCMA opens its court panel</a>`);

    const piece = await (await s.get(`/articles/${slug}`)).text();
    expect(pageText(piece)).toMatch(/Associations: National Divorce Network ?, Southern California Mediation Association/);
    expect(piece).toContain('<a href="/associations/scma">Southern California Mediation Association</a>');

    // Saving again without a tick takes the tags off, and the revision keeps what was chosen.
    const edited = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, articleForm({ title: 'SCMA opens its court panel', associations: [String(nadn.id)] }));
    expect(edited.status, edited.html.slice(0, 300)).toBe(303);
    expect(await associationsOf(id)).toEqual([nadn.id]);
    expect(pageText(await (await s.get('/associations/scma')).text())).not.toContain('SCMA opens its court panel');
    const revisions = await s.db.db.selectFrom('article_revisions').select('content').where('article_id', '=', id).orderBy('id').execute();
    expect(revisions.map((r) => JSON.parse(r.content).associations)).toEqual([[scma.id, nadn.id].sort((a, b) => a - b), [nadn.id]]);
  });

  it('refuses an association id that is not in the list, and keeps what was typed', async () => {
    const r = await postArticle(editor, '/editor/articles/new', '/editor/articles', articleForm({ title: 'Tampered tags', associations: [String(scma.id), '999999'] }));
    expect(r.status).toBe(400);
    expect(pageText(r.html)).toContain('Choose associations from the list.');
    expect(r.html).toContain('value="Tampered tags"');
    const junk = await postArticle(editor, '/editor/articles/new', '/editor/articles', articleForm({ title: 'Tampered tags', associations: ['<script>alert(1)</script>'] }));
    expect(junk.status).toBe(400);
    expect(junk.html).not.toContain('<script>alert(1)');
    expect(await s.db.db.selectFrom('articles').select('id').where('title', '=', 'Tampered tags').execute()).toEqual([]);
  });

  it('gives members’ own pieces no association field, and their saves keep an editor’s tags', async () => {
    const member = await signedIn(s, 'writer@example.org');
    const form = await member.get('/dashboard/articles/new');
    expect(form.status).toBe(200);
    expect(form.html).not.toContain('name="associations"');
    // A member posting the field anyway changes nothing.
    const r = await postArticle(member, '/dashboard/articles/new', '/dashboard/articles', articleForm({ title: 'A member tries', byline_name: 'Wren Writer', associations: [String(scma.id)] }));
    expect(r.status).toBe(303);
    const id = Number(/\/dashboard\/articles\/(\d+)/.exec(r.location!)![1]);
    expect(await associationsOf(id)).toEqual([]);
  });

  it('lists only published pieces, newest first, five on the page and the rest on paged news pages', async () => {
    const other = await createAssociation(s.db.db, { slug: 'court-panel', name: 'County Court Panel' });
    for (let i = 1; i <= 23; i++) {
      const made = await createTestArticle(s.db.db, engine, { title: `Panel news ${String(i).padStart(2, '0')}`, publishedAt: new Date(TEST_NOW.getTime() - (30 - i) * HOUR).toISOString() });
      await s.db.db.insertInto('article_associations').values({ article_id: made.id, association_id: other.id }).execute();
    }
    const draft = await createTestArticle(s.db.db, engine, { title: 'Panel draft', status: 'draft', publishedAt: null });
    await s.db.db.insertInto('article_associations').values({ article_id: draft.id, association_id: other.id }).execute();

    const text = pageText(await (await s.get('/associations/court-panel')).text());
    const shown = [...text.matchAll(/Panel news (\d\d)/g)].map((m) => m[1]);
    expect(shown).toEqual(['23', '22', '21', '20', '19']);
    expect(text).toContain('All 23 pieces about County Court Panel');
    expect(text).not.toContain('Panel draft');

    const first = pageText(await (await s.get('/associations/court-panel/news')).text());
    expect(first).toContain('23 pieces');
    expect([...first.matchAll(/Panel news (\d\d)/g)]).toHaveLength(20);
    const second = await s.get('/associations/court-panel/news?page=2');
    expect([...pageText(await second.text()).matchAll(/Panel news (\d\d)/g)].map((m) => m[1])).toEqual(['03', '02', '01']);
    expect((await s.get('/associations/court-panel/news?page=3')).status).toBe(404);
    const bad = await s.get('/associations/court-panel/news?page=two');
    expect(bad.status).toBe(400);
    expect(pageText(await bad.text())).toContain('Page must be a whole number from 1.');
    expect((await s.get('/associations/no-such/news')).status).toBe(404);
  });
});
