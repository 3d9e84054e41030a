import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { xmllint } from '../../test/support/xml.ts';
import { authorForMediator, editorsAuthor } from './authors.ts';
import { FEED_SIZE } from './feeds.ts';
import { unpublishArticle } from './publishing.ts';

// A real parser reads the feeds (rss-parser, over xml2js), as a feed reader would.
type Item = { title?: string; link?: string; guid?: string; id?: string; isoDate?: string; content?: string; 'content:encoded'?: string; summary?: string; creators?: string[]; authors?: { name: string[]; uri: string[] }[]; categoryEls?: unknown[] };
const parser: Parser<Record<string, unknown>, Item> = new Parser({
  customFields: {
    item: [
      ['dc:creator', 'creators', { keepArray: true }],
      ['author', 'authors', { keepArray: true }],
      ['category', 'categoryEls', { keepArray: true }],
    ],
  },
});

const DAY = 86_400_000;
/** Markup that could run: a script or frame element, an event attribute on any element, a javascript: URL. */
const UNSAFE = /<script|<iframe|<[a-z][^>]*\son[a-z]+\s*=|javascript:/i;
const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * DAY).toISOString();
const PAYLOAD_TITLE = '<script>alert(1)</script> Evil ]]> title';
const PAYLOAD_BODY = [
  '<script>alert("body")</script>',
  '',
  'Read [this](javascript:alert(2)) and <a href="JaVaScRiPt:alert(3)" onclick="alert(4)">that</a>.',
  '',
  '<iframe src="https://evil.example/frame"></iframe><img src="x" onerror="alert(5)"><p onmouseover="alert(6)">hover</p>',
  '',
  'A [relative link](/mediators/ada) and ]]> in the text.',
].join('\n');

describe.each(DIALECTS)('feeds on %s', (engine) => {
  let s: TestServer;
  /** Slugs of published pieces, newest first, as the site feed must list them. */
  const published: { slug: string; publishedAt: string }[] = [];
  let ada: number;
  let adaSlug: string;
  let draftOnlySlug: string;

  const xml = async (path: string) => {
    const res = await s.get(path);
    return { res, body: await res.text() };
  };
  const parsed = async (path: string) => {
    const { res, body } = await xml(path);
    expect(res.status, body).toBe(200);
    expect(xmllint(body).ok).toBe(true);
    return parser.parseString(body);
  };
  const slugOf = (link: string | undefined) => new URL(link!).pathname.replace('/articles/', '');

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    const adaMediator = await createMediator(db, engine, { name: 'Ada Mediator', slug: 'ada-mediator' });
    ada = await authorForMediator(db, adaMediator, TEST_NOW);
    adaSlug = (await db.selectFrom('authors').select('slug').where('id', '=', ada).executeTakeFirstOrThrow()).slug;
    const bo = await authorForMediator(db, await createMediator(db, engine, { name: 'Bo Mediator', slug: 'bo-mediator' }), TEST_NOW);
    const editors = await editorsAuthor(db, TEST_NOW);

    // More than a feed holds, over 30 days, in two categories and two tags.
    for (let i = 0; i < FEED_SIZE + 4; i++) {
      const family = i % 2 === 0;
      const made = await createTestArticle(db, engine, {
        title: `Piece number ${i}`,
        categories: [family ? 'family' : 'workplace'],
        tags: [family ? 'parenting' : 'teams'],
        authorIds: [family ? ada : bo],
        publishedAt: daysAgo(30 - i),
      });
      published.push({ slug: made.slug, publishedAt: daysAgo(30 - i) });
    }
    const news = await createTestArticle(db, engine, {
      kind: 'news',
      title: 'Courts refer more cases to mediation',
      body: 'A short summary of the story.',
      sourceName: 'The Example Times',
      sourceUrl: 'https://news.example/story',
      categories: ['news'],
      tags: ['courts'],
      authorIds: [editors],
      publishedAt: daysAgo(0.5),
    });
    published.push({ slug: news.slug, publishedAt: daysAgo(0.5) });
    const video = await createTestArticle(db, engine, {
      kind: 'video',
      title: 'What happens in a first session',
      body: 'A transcript of the video.',
      videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      videoSeconds: 125,
      categories: ['choosing'],
      tags: ['parenting'],
      authorIds: [ada],
      publishedAt: daysAgo(0.25),
    });
    published.push({ slug: video.slug, publishedAt: daysAgo(0.25) });
    const evil = await createTestArticle(db, engine, {
      title: PAYLOAD_TITLE,
      body: PAYLOAD_BODY,
      excerpt: '<img src=x onerror=alert(7)> excerpt',
      categories: ['family'],
      tags: ['<script>alert(8)</script>'],
      authorIds: [ada],
      publishedAt: daysAgo(0.1),
    });
    published.push({ slug: evil.slug, publishedAt: daysAgo(0.1) });

    // Never in a feed: a draft, a scheduled piece, and a piece whose date is still ahead.
    await createTestArticle(db, engine, { title: 'Draft piece', status: 'draft', publishedAt: null, tags: ['parenting', 'draft-only-topic'], categories: ['family'], authorIds: [ada] });
    await createTestArticle(db, engine, { title: 'Scheduled piece', status: 'scheduled', publishAt: daysAgo(-2), publishedAt: null, categories: ['family'], authorIds: [ada] });
    await createTestArticle(db, engine, { title: 'Future piece', publishedAt: daysAgo(-1), categories: ['family'], authorIds: [ada] });
    draftOnlySlug = 'draft-only-topic';
    // An author with nothing published.
    await createTestArticle(db, engine, { title: 'Only a draft', status: 'draft', publishedAt: null });
    published.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
  });
  afterAll(() => s.close());

  it('lists the newest published pieces, newest first, in RSS 2.0 and Atom', async () => {
    const expected = published.slice(0, FEED_SIZE).map((p) => p.slug);
    for (const path of ['/feeds/rss.xml', '/feeds/atom.xml']) {
      const feed = await parsed(path);
      expect(feed.items.map((i) => slugOf(i.link))).toEqual(expected);
      expect(feed.link).toBe('http://concord.test/articles');
      const dates = feed.items.map((i) => i.isoDate!);
      expect([...dates].sort().reverse()).toEqual(dates);
      for (const i of feed.items) expect(i.title).not.toMatch(/Draft|Scheduled|Future/);
    }
    const rss = await parsed('/feeds/rss.xml');
    const atom = await parsed('/feeds/atom.xml');
    // Ids are stable tag: URIs, the same in both formats.
    expect(rss.items.map((i) => i.guid)).toEqual(atom.items.map((i) => i.id));
    expect(rss.items[0]!.guid).toMatch(/^tag:concord\.test,2026:article:\d+$/);

    const news = rss.items.find((i) => i.title === 'Courts refer more cases to mediation')!;
    expect(news['content:encoded']).toContain('<p>Read the complete article at <a href="https://news.example/story" rel="noopener">The Example Times</a>.</p>');
    expect(news.creators).toEqual(['Concord editors']);
    const video = atom.items.find((i) => i.title === 'What happens in a first session')!;
    expect(video.content).toContain('This is a video (2:05).');
    expect(video.content).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(video.authors![0]).toEqual({ name: ['Ada Mediator'], uri: ['http://concord.test/mediators/ada-mediator'] });
    const piece = rss.items.find((i) => i.title === 'Piece number 22')!;
    expect(piece.categoryEls).toEqual([
      { _: 'Family and divorce', $: { domain: 'http://concord.test/articles/category/family' } },
      { _: 'parenting', $: { domain: 'http://concord.test/articles/tag/parenting' } },
    ]);
    expect(piece['content:encoded']).toContain('<p>Bring the papers you need');
  });

  it('has a feed per category, tag and author with only their own pieces; unknown ones are 404', async () => {
    const db = s.db.db;
    const inCategory = await db
      .selectFrom('articles')
      .innerJoin('article_categories', 'article_categories.article_id', 'articles.id')
      .innerJoin('categories', 'categories.id', 'article_categories.category_id')
      .select('articles.slug')
      .where('categories.slug', '=', 'family')
      .execute();
    const familySlugs = new Set(inCategory.map((r) => r.slug));
    const family = await parsed('/feeds/category/family/atom.xml');
    expect(family.title).toBe('Concord: Family and divorce');
    // Pieces 0, 2, … 22 and the evil one.
    expect(family.items.length).toBe(13);
    expect(family.items.map((i) => slugOf(i.link))).toEqual(published.filter((p) => familySlugs.has(p.slug)).map((p) => p.slug));

    const parenting = await parsed('/feeds/tag/parenting/rss.xml');
    expect(parenting.items.map((i) => i.title)).toEqual(['What happens in a first session', ...[22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0].map((n) => `Piece number ${n}`)]);

    const byAda = await parsed(`/feeds/author/${adaSlug}/rss.xml`);
    expect(byAda.link).toBe('http://concord.test/mediators/ada-mediator');
    expect(byAda.items.every((i) => i.creators!.includes('Ada Mediator'))).toBe(true);
    // Her twelve family pieces, the video and the evil one; never the draft, scheduled or future ones.
    expect(byAda.items.length).toBe(14);
    const byEditors = await parsed('/feeds/author/editors/atom.xml');
    expect(byEditors.link).toBe('http://concord.test/authors/editors');
    expect(byEditors.items.map((i) => i.title)).toEqual(['Courts refer more cases to mediation']);

    // Empty but real: a category with nothing yet has a feed.
    expect((await parsed('/feeds/category/community/rss.xml')).items).toEqual([]);

    const onlyDraftAuthor = await db.selectFrom('authors').select('slug').where('slug', 'like', 'test-mediator%').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const noCategory = 'There is no category with that name, so it has no feed.';
    const noTag = 'No published article has that tag yet, so it has no feed.';
    const noAuthor = 'No published article is by that author yet, so there is no feed for them.';
    for (const [path, message] of [
      ['/feeds/category/no-such-category/rss.xml', noCategory],
      [`/feeds/tag/${draftOnlySlug}/rss.xml`, noTag],
      ['/feeds/tag/no-such-tag/atom.xml', noTag],
      [`/feeds/author/${onlyDraftAuthor.slug}/rss.xml`, noAuthor],
      ['/feeds/author/nobody/atom.xml', noAuthor],
      ['/feeds/category/family/feed.json', 'There is no feed at this address.'],
      ['/feeds/category/Bad%20Slug/rss.xml', noCategory],
      [`/feeds/category/${'a'.repeat(300)}/rss.xml`, noCategory],
      ['/feeds/people/ada/rss.xml', 'find that page'],
    ]) {
      const { res, body } = await xml(path!);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(body).toContain(message!.replace("'", '&#39;'));
    }
  });

  it('keeps a script in a title, excerpt, body or tag inert in RSS and Atom', async () => {
    for (const path of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/category/family/rss.xml', `/feeds/author/${adaSlug}/atom.xml`]) {
      const { body } = await xml(path);
      expect(xmllint(body)).toEqual({ ok: true, output: '' });
      // Whatever a reader does with the markup, nothing in it can run.
      expect(body).not.toMatch(UNSAFE);
      const feed = await parser.parseString(body);
      const evil = feed.items.find((i) => i.title?.includes('Evil'))!;
      // Titles and excerpts are HTML in feed readers: the markup comes through as text.
      expect(evil.title).toBe('&lt;script&gt;alert(1)&lt;/script&gt; Evil ]]&gt; title');
      const html = evil['content:encoded'] ?? evil.content!;
      expect(html).not.toMatch(UNSAFE);
      expect(html).toContain('<a href="http://concord.test/mediators/ada"');
      expect(html).toContain('hover');
    }
    const rss = await parser.parseString((await xml('/feeds/rss.xml')).body);
    const evil = rss.items.find((i) => i.title?.includes('Evil'))!;
    expect(evil.content).toBe('&lt;img src=x onerror=alert(7)&gt; excerpt');
    // The tag's name is shown without angle brackets; its feed works by slug.
    expect(JSON.stringify(evil.categoryEls)).not.toContain('<script');
    expect((await xml('/feeds/tag/script-alert-8-script/rss.xml')).res.status).toBe(200);
  });

  it('can be cached: short max-age and an ETag that answers 304', async () => {
    for (const [path, type] of [
      ['/feeds/rss.xml', 'application/rss+xml; charset=utf-8'],
      ['/feeds/atom.xml', 'application/atom+xml; charset=utf-8'],
    ] as const) {
      const first = await s.get(path);
      expect(first.headers.get('content-type')).toBe(type);
      expect(first.headers.get('cache-control')).toBe('public, max-age=300');
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await s.get(path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await s.get(path, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
    }
  });

  it('drops an unpublished piece from every feed at once', async () => {
    const newest = published[0]!;
    const before = await s.get('/feeds/rss.xml');
    const id = (await s.db.db.selectFrom('articles').select('id').where('slug', '=', newest.slug).executeTakeFirstOrThrow()).id;
    await s.db.db.transaction().execute((trx) => unpublishArticle({ db: trx, engine }, id, TEST_NOW));
    const after = await s.get('/feeds/rss.xml', { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    const feed = await parser.parseString(await after.text());
    expect(feed.items.map((i) => slugOf(i.link))).not.toContain(newest.slug);
    expect(feed.items.map((i) => slugOf(i.link))).toEqual(published.slice(1, FEED_SIZE + 1).map((p) => p.slug));
  });

  it('is discoverable: every page links the site feeds, and the usual addresses redirect', async () => {
    const page = await (await s.get('/about')).text();
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" href="/feeds/rss.xml" title="Concord: new articles (RSS)"/>');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" href="/feeds/atom.xml" title="Concord: new articles (Atom)"/>');
    for (const [from, to] of [
      ['/feed', '/feeds/rss.xml'],
      ['/feed.xml', '/feeds/rss.xml'],
      ['/rss.xml', '/feeds/rss.xml'],
      ['/atom.xml', '/feeds/atom.xml'],
    ]) {
      const res = await s.get(from!);
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(to);
    }
  });
});
