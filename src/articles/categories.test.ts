import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { expectEditorsOnly, expectInertFeed, expectRelatedAsFresh, postSmall } from '../../test/support/editing.ts';
import { executableInjections } from '../../test/support/html.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor, type Page } from '../../test/support/visitor.ts';
import { DEFAULT_CATEGORIES } from './categories.ts';
import { SITEMAP_KEEP_MS } from './sitemap.ts';

// 55 characters: fits the 60 a name may have.
const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const PAYLOAD_SLUG = 'script-alert-1-script-img-src-x-onerror-alert-2';
/** How kitajs writes the payload as text: quotes and "<" escaped, so no tag can open. */
const PAYLOAD_TEXT = '&#34;>&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>';

/**
 * The editors' category pages through HTTP, on a real server and database: adding (names unique
 * whatever their case), renaming with the address kept, reordering, deleting an unused category,
 * refusing to delete a used one, and moving its pieces to another before deleting it. Members are
 * kept out, and a script in a name or description stays text everywhere it shows.
 */
describe.each(DIALECTS)('category management on %s', (engine) => {
  /** The server's clock; only the sitemap check moves it on. */
  let clock = TEST_NOW.getTime();
  let s: TestServer;
  let editor: Visitor & { userId: number };
  let member: Visitor & { userId: number };

  const db = () => s.db.db;
  const idOf = async (slug: string) => (await db().selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const order = async () => (await db().selectFrom('categories').select('slug').orderBy('position').orderBy('name').execute()).map((c) => c.slug);
  const linksOf = async (articleId: number) =>
    (await db().selectFrom('article_categories').innerJoin('categories', 'categories.id', 'article_categories.category_id').select('categories.slug').where('article_id', '=', articleId).execute())
      .map((r) => r.slug)
      .sort();
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        db().selectFrom('categories').selectAll().orderBy('id').execute(),
        db().selectFrom('article_categories').selectAll().orderBy('article_id').orderBy('category_id').execute(),
      ]),
    );
  const add = (fields: Record<string, string>) => postSmall(editor, '/editor/categories', '/editor/categories', fields);
  const edit = (id: number, fields: Record<string, string>) => postSmall(editor, `/editor/categories/${id}`, `/editor/categories/${id}`, fields);
  const get = async (path: string): Promise<Page> => new Visitor(s).get(path);
  /** The names in the list's rows, in order. */
  const listedNames = (html: string) => [...html.matchAll(/<h2 class="card-title"><a href="\/editor\/categories\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
  /** The category checkboxes of the article form, in order. */
  const formChoices = (html: string) => [...html.matchAll(/name="categories" value="([^"]+)"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => new Date(clock) });
    editor = await signedIn(s, 'editor@example.org', 'editor');
    member = await signedIn(s, 'member@example.org');
  });
  afterAll(() => s.close());

  it('lists every category in order with its published and total pieces, linked from the editor’s pages', async () => {
    await createTestArticle(db(), engine, { title: 'Workplace piece one', categories: ['workplace'] });
    await createTestArticle(db(), engine, { title: 'Workplace piece two', categories: ['workplace', 'family'] });
    await createTestArticle(db(), engine, { title: 'Workplace draft', categories: ['workplace'], status: 'draft' });

    const home = await editor.get('/editor');
    expect(home.html).toContain('<a href="/editor/categories">Categories</a>');
    const list = await editor.get('/editor/categories');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.html).toContain('aria-current="page">Categories</a>');
    expect(listedNames(list.html)).toEqual(DEFAULT_CATEGORIES.map((c) => c.name));
    // Each row: its name, public page, published and total pieces, and which order buttons it has.
    const rows = [...list.html.matchAll(/<li class="piece-card category-card" id="category-\d+">([\s\S]*?)<\/li>/g)].map((m) => ({
      page: /Page: <a href="([^"]+)"/.exec(m[1]!)![1],
      counts: /<span class="counts">([^<]*)<\/span>/.exec(m[1]!)![1],
      buttons: [...m[1]!.matchAll(/value="(up|down)"/g)].map((b) => b[1]),
    }));
    expect(rows.map((r) => r.page)).toEqual(DEFAULT_CATEGORIES.map((c) => `/articles/category/${c.slug}`));
    const row = (slug: string) => rows.find((r) => r.page === `/articles/category/${slug}`)!;
    expect(row('family')).toEqual({ page: '/articles/category/family', counts: '1 published · 1 piece in all', buttons: ['down'] });
    expect(row('workplace')).toEqual({ page: '/articles/category/workplace', counts: '2 published · 3 pieces in all', buttons: ['up', 'down'] });
    expect(row('news')).toEqual({ page: '/articles/category/news', counts: '0 published · 0 pieces in all', buttons: ['up'] });
    expect(list.html).toContain('<a href="/articles/category/workplace">/articles/category/workplace</a>');
  });

  it('adds a category with a slug from its name, and refuses a missing, long or taken name with the form as typed', async () => {
    const empty = await add({ name: '   ', description: 'Care homes and ageing parents' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('There is a problem');
    expect(empty.html).toContain('<a href="#name">Enter a name for the category.</a>');
    expect(empty.html).toContain('Care homes and ageing parents</textarea>');
    const long = await add({ name: 'E'.repeat(61), description: 'x'.repeat(301) });
    expect(long.status).toBe(400);
    expect(long.html).toContain('Keep the name to 60 characters or fewer.');
    expect(long.html).toContain('Keep the description to 300 characters or fewer.');
    expect(long.html).toContain(`value="${'E'.repeat(61)}"`);
    expect(await order()).toEqual(DEFAULT_CATEGORIES.map((c) => c.slug));

    const added = await add({ name: '  Elder   care ', description: 'Care homes, ageing parents and the decisions families share.' });
    expect(added.status).toBe(303);
    const id = await idOf('elder-care');
    expect(added.location).toBe(`/editor/categories?done=added#category-${id}`);
    const list = await editor.get(added.location!);
    expect(list.html).toContain('The category is added');
    expect(listedNames(list.html).at(-1)).toBe('Elder care');
    expect((await order()).at(-1)).toBe('elder-care');
    // Readers find it, with its description; writers can choose it.
    const page = await get('/articles/category/elder-care');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Elder care</h1>');
    expect(page.html).toContain('Care homes, ageing parents and the decisions families share.');
    expect(formChoices((await editor.get('/editor/articles/new')).html).at(-1)).toBe('elder-care');
    expect(formChoices((await member.get('/dashboard/articles/new')).html).at(-1)).toBe('elder-care');

    // The same name in other capitals and spacing is the same name.
    for (const name of ['ELDER CARE', 'elder  care', 'Workplace']) {
      const taken = await add({ name, description: 'Kept as typed' });
      expect(taken.status, name).toBe(400);
      expect(taken.html).toContain(`There is already a category named “${name.replace(/\s+/g, ' ')}”`);
      expect(taken.html).toContain(`value="${name}"`);
      expect(taken.html).toContain('Kept as typed</textarea>');
    }
    // Another name with the same slug gets a free one.
    expect((await add({ name: 'Elder-care!', description: '' })).status).toBe(303);
    expect(await db().selectFrom('categories').select(['name', 'description']).where('slug', '=', 'elder-care-2').executeTakeFirst()).toEqual({ name: 'Elder-care!', description: '' });
  });

  it('renames a category and its description, keeping its address, and shows the change on its page and feeds at once', async () => {
    const id = await idOf('workplace');
    const form = await editor.get(`/editor/categories/${id}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Workplace"');
    expect(pageText(form.html)).toContain('Its address stays /articles/category/workplace (feeds: /feeds/category/workplace/rss.xml and /feeds/category/workplace/atom.xml) when you rename it');
    const feedBefore = await s.get('/feeds/category/workplace/rss.xml');
    const etag = feedBefore.headers.get('etag')!;

    const taken = await edit(id, { name: 'family AND divorce', description: 'Typed description' });
    expect(taken.status).toBe(400);
    expect(taken.html).toContain('There is already a category named “family AND divorce”');
    expect(taken.html).toContain('Typed description</textarea>');
    expect(taken.html).toContain('<h1>Category: Workplace</h1>');
    const bad = await edit(id, { name: '', description: 'y'.repeat(301) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('<a href="#name">Enter a name for the category.</a>');
    expect(bad.html).toContain('<a href="#description">Keep the description to 300 characters or fewer.</a>');

    const saved = await edit(id, { name: 'Work and jobs', description: 'Colleagues, managers and the jobs they share.' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/editor/categories/${id}?done=saved`);
    expect((await editor.get(saved.location!)).html).toContain('Saved.');
    expect(await db().selectFrom('categories').select(['slug', 'name']).where('id', '=', id).executeTakeFirst()).toEqual({ slug: 'workplace', name: 'Work and jobs' });
    // Its own name in other capitals is not "taken".
    expect((await edit(id, { name: 'Work and Jobs', description: 'Colleagues, managers and the jobs they share.' })).status).toBe(303);

    const page = await get('/articles/category/workplace');
    expect(page.html).toContain('<h1>Work and Jobs</h1>');
    expect(page.html).toContain('Colleagues, managers and the jobs they share.');
    const article = await get(`/articles/${(await db().selectFrom('articles').select('slug').where('title', '=', 'Workplace piece one').executeTakeFirstOrThrow()).slug}`);
    expect(article.html).toContain('<a href="/articles/category/workplace">Work and Jobs</a>');
    // The feed is built for each request: a new body, so a new ETag, and no 304 for the old one.
    const feedAfter = await s.get('/feeds/category/workplace/rss.xml', { headers: { 'if-none-match': etag } });
    expect(feedAfter.status).toBe(200);
    const feed = await new Parser().parseString(await feedAfter.text());
    expect(feed.title).toBe('Concord: Work and Jobs');
    expect(feed.description).toBe('Colleagues, managers and the jobs they share.');
  });

  it('moves a category up or down in the order the forms and lists use', async () => {
    const before = await order();
    const news = await idOf('news');
    const up = await postSmall(editor, '/editor/categories', `/editor/categories/${news}/reorder`, { direction: 'up' });
    expect(up.status).toBe(303);
    expect(up.location).toBe(`/editor/categories?done=reordered#category-${news}`);
    const i = before.indexOf('news');
    const expected = [...before];
    [expected[i - 1], expected[i]] = [expected[i]!, expected[i - 1]!];
    expect(await order()).toEqual(expected);
    expect(formChoices((await editor.get('/editor/articles/new')).html)).toEqual(expected);
    const lists = await get('/articles');
    const nav = [...lists.html.matchAll(/href="\/articles\/category\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(nav).toEqual(expected);

    const family = await idOf('family');
    expect((await postSmall(editor, '/editor/categories', `/editor/categories/${family}/reorder`, { direction: 'down' })).status).toBe(303);
    expect((await order()).slice(0, 2)).toEqual(['workplace', 'family']);
    // The first cannot go higher: nothing changes, and nothing breaks.
    const workplace = await idOf('workplace');
    const unchanged = await order();
    expect((await postSmall(editor, '/editor/categories', `/editor/categories/${workplace}/reorder`, { direction: 'up' })).status).toBe(303);
    expect(await order()).toEqual(unchanged);
    const bad = await postSmall(editor, '/editor/categories', `/editor/categories/${workplace}/reorder`, { direction: 'sideways' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Use the “Move up” or “Move down” button');
    expect(await order()).toEqual(unchanged);
  });

  it('deletes a category no piece uses, after which its page and feeds are gone', async () => {
    const id = await idOf('elder-care-2');
    const page = await editor.get(`/editor/categories/${id}`);
    expect(page.html).toContain('No piece uses this category.');
    expect(page.html).toContain('Delete “Elder-care!”');
    const r = await postSmall(editor, `/editor/categories/${id}`, `/editor/categories/${id}/delete`);
    expect(r.status).toBe(303);
    expect(r.location).toBe('/editor/categories?done=deleted');
    expect((await editor.get(r.location!)).html).toContain('The category is deleted.');
    expect(await db().selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect((await get('/articles/category/elder-care-2')).status).toBe(404);
    expect((await s.get('/feeds/category/elder-care-2/atom.xml')).status).toBe(404);
    expect((await editor.get(`/editor/categories/${id}`)).status).toBe(404);
  });

  it('refuses a plain delete of a category in use, and offers to move its pieces instead', async () => {
    const id = await idOf('workplace');
    const page = await editor.get(`/editor/categories/${id}`);
    expect(page.html).not.toContain(`action="/editor/categories/${id}/delete"`);
    expect(page.html).toContain(`action="/editor/categories/${id}/merge"`);
    expect(pageText(page.html)).toContain('3 pieces use this category, so it can only be deleted once they are in another one.');
    expect(page.html).toContain('Move its 3 pieces and delete “Work and Jobs”');
    // The other categories, and not this one, are where they can go.
    const choices = [...page.html.matchAll(/<option value="(\d*)"/g)].map((m) => m[1]);
    expect(choices[0]).toBe('');
    expect(choices).not.toContain(String(id));
    expect(choices).toHaveLength((await order()).length);

    const before = await snapshot();
    const r = await postSmall(editor, `/editor/categories/${id}`, `/editor/categories/${id}/delete`);
    expect(r.status).toBe(409);
    expect(r.html).toContain('3 pieces use this category, so it was not deleted.');
    expect(await snapshot()).toBe(before);
  });

  it('moves every piece to the chosen category once and deletes the old one, in one step', async () => {
    const onlyBusiness = await createTestArticle(db(), engine, { title: 'Only business', categories: ['business'] });
    const both = await createTestArticle(db(), engine, { title: 'Business and community', categories: ['business', 'community', 'family'] });
    const draft = await createTestArticle(db(), engine, { title: 'Business draft', categories: ['business'], status: 'draft' });
    const elsewhere = await createTestArticle(db(), engine, { title: 'Community only', categories: ['community'] });
    // With these, more published pieces move than the merge ranks again in one transaction (10).
    const more = [];
    for (let i = 1; i <= 9; i++) more.push(await createTestArticle(db(), engine, { title: `Business note ${i}`, categories: ['business'], tags: [i % 2 ? 'leases' : 'contracts'] }));
    const business = await idOf('business');
    const community = await idOf('community');

    const sitemap = async () => (await s.get('/sitemap.xml')).text();
    expect(await sitemap()).toContain('<loc>http://concord.test/articles/category/business</loc>');
    const before = await snapshot();
    for (const [moveTo, why] of [
      ['', 'none chosen'],
      [String(business), 'itself'],
      ['999999', 'a category that does not exist'],
      ['1 OR 1=1', 'not a number'],
    ] as const) {
      const r = await postSmall(editor, `/editor/categories/${business}`, `/editor/categories/${business}/merge`, { move_to: moveTo });
      expect(r.status, why).toBe(400);
      expect(r.html, why).toContain('<a href="#move_to">Choose the category its pieces move to.</a>');
    }
    expect(await snapshot()).toBe(before);

    const r = await postSmall(editor, `/editor/categories/${business}`, `/editor/categories/${business}/merge`, { move_to: String(community) });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/editor/categories?done=merged');
    expect(await db().selectFrom('categories').select('id').where('id', '=', business).executeTakeFirst()).toBeUndefined();
    expect(await linksOf(onlyBusiness.id)).toEqual(['community']);
    expect(await linksOf(both.id)).toEqual(['community', 'family']);
    expect(await linksOf(draft.id)).toEqual(['community']);
    expect(await linksOf(elsewhere.id)).toEqual(['community']);
    const links = await db().selectFrom('article_categories').select('article_id').where('category_id', '=', community).execute();
    expect(links.map((l) => l.article_id).sort((a, b) => a - b)).toEqual([onlyBusiness.id, both.id, draft.id, elsewhere.id, ...more.map((m) => m.id)].sort((a, b) => a - b));

    const list = await editor.get(r.location!);
    expect(list.html).toContain('Its pieces are in the category you chose');
    expect(listedNames(list.html)).not.toContain('Business and commercial');
    const page = await get('/articles/category/community');
    expect(page.html).toContain('Only business');
    expect(page.html).toContain('Business and community');
    expect(page.html).not.toContain('Business draft');
    expect((await get('/articles/category/business')).status).toBe(404);
    expect((await s.get('/feeds/category/business/rss.xml')).status).toBe(404);
    // The server keeps the sitemap it built for SITEMAP_KEEP_MS; the next one has the old page out.
    clock += SITEMAP_KEEP_MS;
    const after = await sitemap();
    expect(after).not.toContain('/articles/category/business<');
    expect(after).toContain('<loc>http://concord.test/articles/category/community</loc>');
    // Sharing a category counts in "Read these next": the kept lists are ranked as they would be from scratch now.
    await expectRelatedAsFresh(db(), [onlyBusiness, both, elsewhere, ...more].map((a) => a.id), TEST_NOW);
  });

  it('keeps members and visitors out: 403 for members on every page and form, the log-in page for visitors', async () => {
    const id = await idOf('family');
    const before = await snapshot();
    await expectEditorsOnly(s, member, ['/editor/categories', `/editor/categories/${id}`], 'Family and divorce');
    for (const [action, fields] of [
      ['/editor/categories', { name: 'Member category', description: '' }],
      [`/editor/categories/${id}`, { name: 'Renamed by a member', description: '' }],
      [`/editor/categories/${id}/reorder`, { direction: 'down' }],
      [`/editor/categories/${id}/delete`, {}],
      [`/editor/categories/${id}/merge`, { move_to: String(await idOf('news')) }],
    ] as const) {
      const r = await postSmall(member, '/dashboard', action, fields);
      expect(r.status, action).toBe(403);
    }
    // An editor's post without its CSRF token is refused too.
    expect((await editor.post('/editor/categories', { name: 'No token', description: '' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
    // Numbers that are not categories are a 404, never an error.
    for (const path of ['/editor/categories/999999', '/editor/categories/99999999999', '/editor/categories/abc', '/editor/categories/0']) {
      expect((await editor.get(path)).status, path).toBe(404);
    }
    expect((await postSmall(editor, '/editor/categories', '/editor/categories/99999999999/delete')).status).toBe(404);
  });

  it('keeps a script in a name or description inert on the editors’ pages, the public pages and the feeds', async () => {
    const added = await add({ name: PAYLOAD, description: `About ${PAYLOAD}` });
    expect(added.status).toBe(303);
    const id = await idOf(PAYLOAD_SLUG);
    const piece = await createTestArticle(db(), engine, { title: 'A piece in the hostile category', categories: [PAYLOAD_SLUG, 'family'] });
    // The payload typed again comes back inert on the 400 page too.
    const again = await add({ name: PAYLOAD, description: PAYLOAD });
    expect(again.status).toBe(400);

    for (const [path, who] of [
      ['/editor/categories', editor],
      [`/editor/categories/${id}`, editor],
      ['/editor/articles/new', editor],
      [`/articles/category/${PAYLOAD_SLUG}`, null],
      [`/articles/${piece.slug}`, null],
      ['/articles', null],
      ['/digest', null],
    ] as const) {
      const r = who ? await who.get(path) : await get(path);
      expect(r.status, path).toBe(200);
      expect(executableInjections(r.html), path).toEqual([]);
      expect(r.html, path).toContain(PAYLOAD_TEXT);
    }
    expect(executableInjections(again.html)).toEqual([]);
    expect(again.html).toContain('There is already a category named');

    // Feeds: well-formed XML, no markup that could run, and the name comes through as text.
    for (const file of ['rss.xml', 'atom.xml']) {
      for (const path of [`/feeds/category/${PAYLOAD_SLUG}/${file}`, `/feeds/${file}`]) await expectInertFeed(s, path);
      const feed = await new Parser().parseString(await (await s.get(`/feeds/category/${PAYLOAD_SLUG}/${file}`)).text());
      expect(feed.title).toBe(`Concord: ${PAYLOAD}`);
      expect(feed.items.map((i) => i.title)).toContain('A piece in the hostile category');
    }
  });

  it('never deletes the last category', async () => {
    // Move everything into one category, one merge at a time, through the pages.
    const keep = await idOf('community');
    for (const slug of await order()) {
      if (slug === 'community') continue;
      const id = await idOf(slug);
      const r = await postSmall(editor, `/editor/categories/${id}`, `/editor/categories/${id}/merge`, { move_to: String(keep) });
      expect(r.status, slug).toBe(303);
    }
    expect(await order()).toEqual(['community']);
    const page = await editor.get(`/editor/categories/${keep}`);
    expect(page.html).toContain('This is the only category, so it cannot be deleted');
    const r = await postSmall(editor, `/editor/categories/${keep}`, `/editor/categories/${keep}/delete`);
    expect(r.status).toBe(409);
    expect(await order()).toEqual(['community']);
  });
});
