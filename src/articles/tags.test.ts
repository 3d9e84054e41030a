import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { expectEditorsOnly, expectInertFeed, expectRelatedAsFresh, postSmall } from '../../test/support/editing.ts';
import { executableInjections } from '../../test/support/html.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor, type Page } from '../../test/support/visitor.ts';

// 27 characters and no comma: a name a tag may have.
const PAYLOAD = '"><script>alert(1)</script>';
/** How kitajs writes the payload as text: quotes and "<" escaped, so no tag can open. */
const PAYLOAD_TEXT = '&#34;>&lt;script>alert(1)&lt;/script>';
/** What a writer's tag field keeps of another one: names are lower-cased as they are saved. */
const WRITER_PAYLOAD = '<img src=x onerror=alert(2)>';
const WRITER_PAYLOAD_TEXT = '&lt;img src=x onerror=alert(2)>';

/**
 * The editors' tag pages through HTTP, on a real server and database: the list with its numbers,
 * filter and pages, renaming with the address kept (and a name another tag has refused, as the
 * article forms match tags), moving a tag's pieces to another and ranking related reading again,
 * deleting an unused tag and refusing a used one. Members are kept out, and a script in a name
 * stays text everywhere it shows.
 */
describe.each(DIALECTS)('tag management on %s', (engine) => {
  let s: TestServer;
  let editor: Visitor & { userId: number };
  let member: Visitor & { userId: number };

  const db = () => s.db.db;
  const idOf = async (slug: string) => (await db().selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const tagsOf = async (articleId: number) =>
    (await db().selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('tags.slug').where('article_id', '=', articleId).execute()).map((r) => r.slug).sort();
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        db().selectFrom('tags').selectAll().orderBy('id').execute(),
        db().selectFrom('article_tags').selectAll().orderBy('article_id').orderBy('tag_id').execute(),
      ]),
    );
  const get = async (path: string): Promise<Page> => new Visitor(s).get(path);
  const rename = (id: number, name: string) => postSmall(editor, `/editor/tags/${id}`, `/editor/tags/${id}`, { name });
  const merge = (id: number, moveTo: string) => postSmall(editor, `/editor/tags/${id}`, `/editor/tags/${id}/merge`, { move_to: moveTo });
  /** The list's rows as an editor reads them. */
  const rows = (html: string) =>
    [...html.matchAll(/<tr id="tag-(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => {
      const cells = [...m[2]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!);
      return {
        id: Number(m[1]),
        name: /<a href="\/editor\/tags\/\d+">([^<]*)<\/a>/.exec(m[2]!)![1]!,
        published: Number(cells[0]),
        pieces: Number(cells[1]),
        page: /<a href="(\/articles\/tag\/[^"]+)">/.exec(cells[2]!)?.[1] ?? null,
        unused: m[2]!.includes('<span class="status-label">Unused</span>'),
        deletable: m[2]!.includes(`action="/editor/tags/${m[1]}/delete"`),
      };
    });

  beforeAll(async () => {
    s = await startTestServer(engine);
    editor = await signedIn(s, 'editor@example.org', 'editor');
    member = await signedIn(s, 'member@example.org');
  });
  afterAll(() => s.close());

  it('lists every tag by name with its published and total pieces, marking unused ones, linked from the editor’s pages', async () => {
    await createTestArticle(db(), engine, { title: 'Mediating by video', tags: ['online mediation', 'fees'] });
    // Typed another way by another writer: the same tag.
    await createTestArticle(db(), engine, { title: 'Screens and silences', tags: ['Online-Mediation'] });
    await createTestArticle(db(), engine, { title: 'A draft about screens', tags: ['onine mediation', 'online mediation'], status: 'draft' });
    await db().insertInto('tags').values({ slug: 'left-over', name: 'left over' }).execute();

    const home = await editor.get('/editor');
    expect(home.html).toContain('<a href="/editor/tags">Tags</a>');
    const list = await editor.get('/editor/tags');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.html).toContain('aria-current="page">Tags</a>');
    expect(pageText(list.html)).toContain('4 tags.');
    expect(rows(list.html).map(({ id: _, ...r }) => r)).toEqual([
      { name: 'fees', published: 1, pieces: 1, page: '/articles/tag/fees', unused: false, deletable: false },
      { name: 'left over', published: 0, pieces: 0, page: null, unused: true, deletable: true },
      { name: 'onine mediation', published: 0, pieces: 1, page: null, unused: false, deletable: false },
      { name: 'online mediation', published: 2, pieces: 3, page: '/articles/tag/online-mediation', unused: false, deletable: false },
    ]);
    expect(list.html).toContain(`<a href="/editor/tags/${await idOf('online-mediation')}">online mediation</a>`);
  });

  it('filters by name as typed, pages past 100 tags, and refuses a long filter or an odd page', async () => {
    const names = (p: Page) => rows(p.html).map((r) => r.name);
    expect(names(await editor.get('/editor/tags?q=MEDIATION'))).toEqual(['onine mediation', 'online mediation']);
    expect(names(await editor.get('/editor/tags?q=online-mediation'))).toEqual(['online mediation']);
    const none = await editor.get('/editor/tags?q=nothing+like+this');
    expect(none.status).toBe(200);
    expect(pageText(none.html)).toContain('0 tags match “nothing like this”.');
    expect(none.html).toContain('value="nothing like this"');

    const long = 'm'.repeat(61);
    const refused = await editor.get(`/editor/tags?q=${long}`);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('There is a problem');
    expect(refused.html).toContain('<a href="#q">Keep the filter to 60 characters or fewer.</a>');
    expect(refused.html).toContain(`value="${long}"`);
    expect(rows(refused.html)).toEqual([]);
    for (const page of ['0', 'abc', '-1', '1.5']) expect((await editor.get(`/editor/tags?page=${page}`)).status, page).toBe(400);
    expect((await editor.get('/editor/tags?page=2')).status).toBe(404);

    await db()
      .insertInto('tags')
      .values(Array.from({ length: 101 }, (_, i) => ({ slug: `bulk-${i + 1}`, name: `bulk ${i + 1}` })))
      .execute();
    const first = await editor.get('/editor/tags?q=bulk');
    expect(pageText(first.html)).toContain('101 tags match “bulk”, page 1 of 2.');
    // Numbers in names count up: "bulk 2" comes before "bulk 10".
    expect(names(first).slice(0, 3)).toEqual(['bulk 1', 'bulk 2', 'bulk 3']);
    expect(names(first)).toHaveLength(100);
    expect(first.html).toContain('href="/editor/tags?q=bulk&page=2" rel="next"');
    const second = await editor.get('/editor/tags?q=bulk&page=2');
    expect(names(second)).toEqual(['bulk 101']);
    expect((await editor.get('/editor/tags?q=bulk&page=3')).status).toBe(404);
    expect(pageText((await editor.get('/editor/tags')).html)).toContain('105 tags, page 1 of 2.');
    await db().deleteFrom('tags').where('slug', 'like', 'bulk-%').execute();
  });

  it('renames a tag with its address kept, and refuses a name another tag has, however it is typed', async () => {
    const piece = await createTestArticle(db(), engine, { title: 'Resolving disputes on a screen', tags: ['onine mediation'] });
    const id = await idOf('onine-mediation');
    const page = await editor.get(`/editor/tags/${id}`);
    expect(page.html).toContain('<h1>Tag: onine mediation</h1>');
    expect(pageText(page.html)).toContain('Its address stays /articles/tag/onine-mediation (feeds: /feeds/tag/onine-mediation/rss.xml and /feeds/tag/onine-mediation/atom.xml) when you rename it');

    const before = await snapshot();
    for (const name of ['Online Mediation', 'ONLINE-mediation', '  online   mediation ']) {
      const taken = await rename(id, name);
      expect(taken.status, name).toBe(400);
      expect(taken.html, name).toContain('<a href="#name">There is already a tag named “online mediation”, and writers who type this name get that one');
      expect(taken.html, name).toContain(`value="${name}"`);
    }
    for (const [name, message] of [
      ['', 'Enter a name for the tag.'],
      ['x'.repeat(41), 'Keep the name to 40 characters or fewer, like every tag.'],
      ['online, mediation', 'Leave out the comma: the article forms separate tags with commas.'],
      ['!!!', 'The name needs a letter or a number.'],
    ]) {
      const bad = await rename(id, name!);
      expect(bad.status, name).toBe(400);
      expect(bad.html, name).toContain(`<a href="#name">${message}</a>`);
      expect(bad.html, name).toContain(`value="${name}"`);
    }
    expect(await snapshot()).toBe(before);

    const saved = await rename(id, 'Video Mediation');
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/editor/tags/${id}?done=saved`);
    expect((await editor.get(saved.location!)).html).toContain('Saved.');
    expect(await db().selectFrom('tags').select(['slug', 'name']).where('id', '=', id).executeTakeFirst()).toEqual({ slug: 'onine-mediation', name: 'Video Mediation' });
    // Its own name in other capitals is not "taken".
    expect((await rename(id, 'video mediation')).status).toBe(303);
    expect((await rename(id, 'Video Mediation')).status).toBe(303);

    expect((await get('/articles/tag/onine-mediation')).html).toContain('Tagged “Video Mediation”');
    expect((await get(`/articles/${piece.slug}`)).html).toContain('<a href="/articles/tag/onine-mediation">Video Mediation</a>');
    const feed = await new Parser().parseString(await (await s.get('/feeds/tag/onine-mediation/atom.xml')).text());
    expect(feed.title).toContain('Video Mediation');
    // A writer who types the new name, or both names, gets the renamed tag, not a new one.
    const typed = await createTestArticle(db(), engine, { title: 'Cameras on, please', tags: ['video mediation', 'Onine mediation'] });
    expect(await tagsOf(typed.id)).toEqual(['onine-mediation']);
    expect(await db().selectFrom('tags').select('id').where('slug', '=', 'video-mediation').executeTakeFirst()).toBeUndefined();
    // Tag names are searched: the piece is found by its tag's new name, no longer by the old one.
    expect((await get('/search?q=video+mediation')).html).toContain('Resolving disputes on a screen');
    expect((await get('/search?q=onine')).html).not.toContain('Resolving disputes on a screen');
  });

  it('moves every piece to the tag named, once, deletes the old tag, and ranks related reading again', async () => {
    const typo = 'famliy mediation';
    const one = await createTestArticle(db(), engine, { title: 'Parenting plans after separation', tags: [typo] });
    const both = await createTestArticle(db(), engine, { title: 'Both spellings on one piece', tags: [typo, 'family mediation', 'fees'] });
    const draft = await createTestArticle(db(), engine, { title: 'Family draft', tags: [typo], status: 'draft' });
    const target = await createTestArticle(db(), engine, { title: 'Already well tagged', tags: ['family mediation'] });
    // With these, more published pieces move than are ranked again in one transaction (10).
    const more = [];
    for (let i = 1; i <= 10; i++) more.push(await createTestArticle(db(), engine, { title: `Family note ${i}`, tags: [typo, i % 2 ? 'court' : 'children'] }));
    const id = await idOf('famliy-mediation');
    const into = await idOf('family-mediation');

    const page = await editor.get(`/editor/tags/${id}`);
    expect(page.html).not.toContain(`action="/editor/tags/${id}/delete"`);
    expect(pageText(page.html)).toContain('13 pieces carry this tag, so it can only be deleted once they carry another one.');
    expect(page.html).toContain('<label for="move_to">Move its 13 pieces to</label>');
    expect(page.html).toContain('list="tag-names"');
    const suggested = [...page.html.matchAll(/<option value="([^"]*)"><\/option>/g)].map((m) => m[1]);
    expect(suggested).toContain('family mediation');
    expect(suggested).not.toContain(typo);

    const before = await snapshot();
    for (const [moveTo, message] of [
      ['', 'Type the name of the tag its pieces move to.'],
      ['family mediations', 'There is no tag named “family mediations”.'],
      ['Famliy-Mediation', 'That is this tag.'],
      ['x'.repeat(41), 'Keep the name to 40 characters or fewer'],
    ]) {
      const r = await merge(id, moveTo!);
      expect(r.status, moveTo).toBe(400);
      expect(r.html, moveTo).toContain(`<a href="#move_to">${message}`);
      expect(r.html, moveTo).toContain(`value="${moveTo}"`);
    }
    expect(await snapshot()).toBe(before);

    // Typed as a writer might type it: the same tag.
    const r = await merge(id, 'Family-Mediation');
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/editor/tags/${into}?done=merged`);
    const after = await editor.get(r.location!);
    expect(after.html).toContain('The pieces of the other tag carry this one now');
    expect(pageText(after.html)).toContain('13 published · 14 pieces in all');

    expect(await db().selectFrom('tags').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await tagsOf(one.id)).toEqual(['family-mediation']);
    expect(await tagsOf(both.id)).toEqual(['family-mediation', 'fees']);
    expect(await tagsOf(draft.id)).toEqual(['family-mediation']);
    const links = await db().selectFrom('article_tags').select('article_id').where('tag_id', '=', into).execute();
    expect(links.map((l) => l.article_id).sort((a, b) => a - b)).toEqual([one.id, both.id, draft.id, target.id, ...more.map((m) => m.id)].sort((a, b) => a - b));

    expect((await get('/articles/tag/famliy-mediation')).status).toBe(404);
    expect((await s.get('/feeds/tag/famliy-mediation/rss.xml')).status).toBe(404);
    // 13 published pieces: two pages of 12.
    const tagPages = (await get('/articles/tag/family-mediation')).html + (await get('/articles/tag/family-mediation?page=2')).html;
    expect(tagPages).toContain('Parenting plans after separation');
    expect(tagPages).not.toContain('Family draft');
    expect((await get('/search?q=famliy')).html).not.toContain('Parenting plans after separation');
    // Tags count in "Read these next": the kept lists are ranked as they would be from scratch now.
    await expectRelatedAsFresh(db(), [one, both, target, ...more].map((a) => a.id), TEST_NOW);
  });

  it('deletes an unused tag from the list, and refuses to delete one a piece carries', async () => {
    const id = await idOf('left-over');
    const r = await postSmall(editor, '/editor/tags', `/editor/tags/${id}/delete`);
    expect(r.status).toBe(303);
    expect(r.location).toBe('/editor/tags?done=deleted');
    const list = await editor.get(r.location!);
    expect(list.html).toContain('The tag is deleted.');
    expect(rows(list.html).map((t) => t.name)).not.toContain('left over');
    expect(await db().selectFrom('tags').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect((await editor.get(`/editor/tags/${id}`)).status).toBe(404);

    const used = await idOf('fees');
    const before = await snapshot();
    const refused = await postSmall(editor, `/editor/tags/${used}`, `/editor/tags/${used}/delete`);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('2 pieces carry this tag, so it was not deleted. Move its pieces to another tag below');
    expect(refused.html).toContain(`action="/editor/tags/${used}/merge"`);
    expect(await snapshot()).toBe(before);
  });

  it('keeps members and visitors out: 403 for members on every page and form, the log-in page for visitors', async () => {
    const id = await idOf('fees');
    const before = await snapshot();
    await expectEditorsOnly(s, member, ['/editor/tags', `/editor/tags/${id}`], 'online mediation');
    for (const [action, fields] of [
      [`/editor/tags/${id}`, { name: 'Renamed by a member' }],
      [`/editor/tags/${id}/delete`, {}],
      [`/editor/tags/${id}/merge`, { move_to: 'online mediation' }],
    ] as const) {
      expect((await postSmall(member, '/dashboard', action, fields)).status, action).toBe(403);
      expect((await new Visitor(s).post(action, fields)).status, action).toBe(403);
    }
    // An editor's post without its CSRF token is refused too.
    expect((await editor.post(`/editor/tags/${id}`, { name: 'No token' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
    // Numbers that are not tags are a 404, never an error.
    for (const path of ['/editor/tags/999999', '/editor/tags/99999999999', '/editor/tags/abc', '/editor/tags/0', '/editor/tags/-1']) {
      expect((await editor.get(path)).status, path).toBe(404);
    }
    expect((await postSmall(editor, `/editor/tags/${id}`, '/editor/tags/99999999999/delete')).status).toBe(404);
    expect((await postSmall(editor, `/editor/tags/${id}`, '/editor/tags/999999/merge', { move_to: 'fees' })).status).toBe(404);
  });

  it('keeps a script in a tag’s name inert on the editors’ pages, the public pages and the feeds', async () => {
    const piece = await createTestArticle(db(), engine, { title: 'A piece with hostile tags', tags: [WRITER_PAYLOAD, 'hostile'] });
    const hostile = await idOf('hostile');
    expect((await rename(hostile, PAYLOAD)).status).toBe(303);
    expect(await idOf('hostile')).toBe(hostile);
    const writers = await idOf('img-src-x-onerror-alert-2');

    // Typed again: refused, and inert on the 400 pages (the other tag's name is quoted in the message).
    const taken = await rename(writers, PAYLOAD);
    expect(taken.status).toBe(400);
    const missing = await merge(writers, `${PAYLOAD}x`);
    expect(missing.status).toBe(400);
    for (const p of [taken, missing]) {
      expect(executableInjections(p.html)).toEqual([]);
      expect(p.html).toContain(PAYLOAD_TEXT);
    }

    for (const [path, who, shown] of [
      ['/editor/tags', editor, [PAYLOAD_TEXT, WRITER_PAYLOAD_TEXT]],
      [`/editor/tags?q=${encodeURIComponent(PAYLOAD)}`, editor, [PAYLOAD_TEXT]],
      [`/editor/tags/${hostile}`, editor, [PAYLOAD_TEXT]],
      [`/editor/tags/${writers}`, editor, [WRITER_PAYLOAD_TEXT]],
      ['/articles/tag/hostile', null, [PAYLOAD_TEXT]],
      [`/articles/${piece.slug}`, null, [PAYLOAD_TEXT, WRITER_PAYLOAD_TEXT]],
    ] as const) {
      const r = who ? await who.get(path) : await get(path);
      expect(r.status, path).toBe(200);
      expect(executableInjections(r.html), path).toEqual([]);
      for (const text of shown) expect(r.html, path).toContain(text);
    }
    expect((await editor.get(`/editor/tags/${hostile}`)).html).toContain('<a href="/articles/tag/hostile">/articles/tag/hostile</a>');

    for (const file of ['rss.xml', 'atom.xml']) {
      for (const path of [`/feeds/tag/hostile/${file}`, `/feeds/tag/img-src-x-onerror-alert-2/${file}`, `/feeds/${file}`]) await expectInertFeed(s, path);
      const feed = await new Parser().parseString(await (await s.get(`/feeds/tag/hostile/${file}`)).text());
      expect(feed.title).toContain(PAYLOAD);
      expect(feed.items.map((i) => i.title)).toContain('A piece with hostile tags');
    }
  });
});
