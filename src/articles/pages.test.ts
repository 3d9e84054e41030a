import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { authorForMediator, editorsAuthor } from './authors.ts';

const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * DAY).toISOString();
const HERO = { image: 'ab'.repeat(16), alt: 'Two chairs facing each other by a window', width: 1600, height: 900 };

/** Every JSON-LD block of a page, parsed (a block that does not parse fails the test). */
const jsonLd = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];
/** The article slugs a list links to, in page order, once each. */
const linkedArticles = (html: string) => [...new Set([...html.matchAll(/href="\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1]!))].filter((s) => !['category', 'tag'].includes(s));

describe.each(DIALECTS)('publication pages on %s', (engine) => {
  let s: TestServer;
  const page = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location') };
  };
  let rosaAuthor: number;
  let editors: number;
  let unlistedAuthor: number;
  const rosaSlugs: string[] = [];
  let news: { slug: string };
  let video: { slug: string };
  let hostile: { slug: string };
  const hidden: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    const rosa = await createMediator(db, engine, { name: 'Rosa Writer', slug: 'rosa-writer', headline: 'Family mediator in Austin' });
    rosaAuthor = await authorForMediator(db, rosa, TEST_NOW);
    editors = await editorsAuthor(db, TEST_NOW);
    const gone = await createMediator(db, engine, { name: 'Uma Unlisted', slug: 'uma-unlisted', headline: 'Secret headline of an unlisted profile', status: 'draft' });
    unlistedAuthor = await authorForMediator(db, gone, TEST_NOW);

    // Fourteen pieces by Rosa, one a day: more than one page of twelve.
    for (let i = 1; i <= 14; i++) {
      const a = await createTestArticle(db, engine, {
        title: `Rosa on family meetings, part ${i}`,
        authorIds: [rosaAuthor],
        categories: i % 2 ? ['family'] : ['workplace'],
        tags: i <= 3 ? ['parenting plans'] : ['meetings'],
        publishedAt: daysAgo(i + 10),
      });
      rosaSlugs.push(a.slug);
    }
    news = await createTestArticle(db, engine, {
      kind: 'news',
      title: 'County court widens its mediation referrals',
      body: 'The county court will now refer small claims to mediation before a hearing date is set.',
      sourceName: 'The Example Gazette',
      sourceUrl: 'https://news.example.org/court-mediation',
      categories: ['news'],
      tags: ['courts'],
      authorIds: [editors],
      publishedAt: daysAgo(2),
      hero: HERO,
    });
    video = await createTestArticle(db, engine, {
      kind: 'video',
      title: 'What happens in a first session',
      body: '## Topics\n\nArriving, the opening, and each person’s turn to speak.',
      videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      videoSeconds: 540,
      categories: ['choosing'],
      tags: ['first session'],
      authorIds: [rosaAuthor, unlistedAuthor],
      publishedAt: daysAgo(1),
      hero: HERO,
    });
    hostile = await createTestArticle(db, engine, {
      title: `Hostile ${PAYLOAD}`,
      excerpt: `Excerpt ${PAYLOAD}`,
      body: [
        `# A heading\n\nText with <script>alert(3)</script> and <iframe src="https://evil.example"></iframe>.`,
        `<img src=x onerror="alert(4)"> <a href="javascript:alert(5)">click</a> [md link](javascript:alert(6))`,
        `<p onclick="alert(7)">para</p> <div style="position:fixed">styled</div>`,
      ].join('\n\n'),
      tags: [`tag ${PAYLOAD}`],
      hero: { ...HERO, alt: `Alt ${PAYLOAD}` },
      authorIds: [unlistedAuthor],
      publishedAt: daysAgo(3),
    });
    for (const status of ['draft', 'submitted', 'changes_requested', 'scheduled', 'declined'] as const) {
      const a = await createTestArticle(db, engine, {
        title: `Unpublished ${status} piece`,
        status,
        publishAt: status === 'scheduled' ? daysAgo(-3) : null,
        tags: ['only on drafts'],
        authorIds: [rosaAuthor],
      });
      hidden[status] = a.slug;
    }
  });
  afterAll(() => s.close());

  it('lists published pieces newest first, twelve a page, and helps past the last page', async () => {
    const first = await page('/articles');
    expect(first.status).toBe(200);
    const slugs = linkedArticles(first.html);
    expect(slugs.slice(0, 4)).toEqual([video.slug, news.slug, hostile.slug, rosaSlugs[0]]);
    expect(slugs).toHaveLength(12);
    expect(first.html).toContain('<span>17 pieces</span>, page 1 of 2');
    expect(first.html).toContain('href="/articles?page=2"');
    for (const slug of Object.values(hidden)) expect(first.html).not.toContain(slug);

    const second = await page('/articles?page=2');
    expect(second.status).toBe(200);
    expect(linkedArticles(second.html)).toEqual(rosaSlugs.slice(9));
    expect(second.html).toContain('<link rel="canonical" href="http://concord.test/articles?page=2"');

    const past = await page('/articles?page=3');
    expect(past.status).toBe(404);
    expect(past.html).toContain('There is no page with that number');
    expect(past.html).toContain('only 2 pages');
    expect(past.html).toContain('href="/articles?page=2"');
  });

  it('filters by kind, and refuses bad page and kind values with a message', async () => {
    const videos = await page('/articles?kind=video');
    expect(videos.status).toBe(200);
    expect(linkedArticles(videos.html)).toEqual([video.slug]);
    expect(videos.html).toMatch(/1 video\b/);
    for (const [q, message] of [
      ['page=0', 'Page must be a whole number from 1.'],
      ['page=abc', 'Page must be a whole number from 1.'],
      ['page=-1', 'Page must be a whole number from 1.'],
      ['page=1e3', 'Page must be a whole number from 1.'],
      ['kind=podcast', 'Kind must be article, news or video.'],
      [`kind=${encodeURIComponent(PAYLOAD)}`, 'Kind must be article, news or video.'],
    ] as const) {
      const r = await page(`/articles?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.html, q).toContain(message);
      expect(executableInjections(r.html), q).toEqual([]);
    }
  });

  it('shows category, tag and author pages, and 404s for unknown or unpublished ones', async () => {
    const family = await page('/articles/category/family');
    expect(family.status).toBe(200);
    expect(family.html).toContain('<h1>Family and divorce</h1>');
    const familySlugs = linkedArticles(family.html);
    expect(familySlugs).toEqual(rosaSlugs.filter((_, i) => (i + 1) % 2 === 1));
    expect(family.html).toContain('aria-current="page">Family and divorce');

    const tag = await page('/articles/tag/parenting-plans');
    expect(tag.status).toBe(200);
    expect(linkedArticles(tag.html)).toEqual(rosaSlugs.slice(0, 3));
    expect(tag.html).toContain('Tagged “parenting plans”');

    expect((await page('/articles/category/no-such-category')).status).toBe(404);
    expect((await page('/articles/tag/no-such-tag')).status).toBe(404);
    // A tag used only by unpublished drafts does not give them away.
    const draftTag = await page('/articles/tag/only-on-drafts');
    expect(draftTag.status).toBe(404);
    expect(draftTag.html).not.toContain('Unpublished');
    expect((await page('/articles/category/Family%20%3Cscript%3E')).status).toBe(404);

    const editorsPage = await page('/authors/editors');
    expect(editorsPage.status).toBe(200);
    expect(editorsPage.html).toContain('<h1>Concord editors</h1>');
    expect(linkedArticles(editorsPage.html)).toEqual([news.slug]);
    expect((await page('/authors/nobody-here')).status).toBe(404);

    // Each list names its own feeds in the head and beside the list, and offers the digest.
    expect(family.html).toContain('<link rel="alternate" type="application/rss+xml" href="/feeds/category/family/rss.xml"');
    expect(tag.html).toContain('href="/feeds/tag/parenting-plans/atom.xml"');
    expect(editorsPage.html).toContain('href="/feeds/author/editors/rss.xml"');
    for (const p of [family, tag, editorsPage]) expect(p.html).toContain('action="/digest"');
  });

  it('sends a mediator author to their profile tab, and keeps an unlisted one’s profile data out', async () => {
    const rosaSlug = (await s.db.db.selectFrom('authors').select('slug').where('id', '=', rosaAuthor).executeTakeFirstOrThrow()).slug;
    const redirect = await page(`/authors/${rosaSlug}`);
    expect(redirect.status).toBe(302);
    expect(redirect.location).toBe('/mediators/rosa-writer/articles');

    const umaSlug = (await s.db.db.selectFrom('authors').select('slug').where('id', '=', unlistedAuthor).executeTakeFirstOrThrow()).slug;
    const uma = await page(`/authors/${umaSlug}`);
    expect(uma.status).toBe(200);
    expect(uma.html).toContain('Uma Unlisted');
    expect(uma.html).not.toContain('Secret headline');
    expect(uma.html).not.toContain('/mediators/uma-unlisted');
    expect(linkedArticles(uma.html)).toEqual([video.slug, hostile.slug]);
    expect((await page('/mediators/uma-unlisted/articles')).status).toBe(404);
  });

  it('links the profile and the articles both ways', async () => {
    const profile = await page('/mediators/rosa-writer');
    expect(profile.status).toBe(200);
    expect(profile.html).toContain('href="/mediators/rosa-writer/articles"');
    expect(profile.html).toContain('Articles (15)');
    expect(profile.html).toContain('Articles by Rosa Writer');
    expect(linkedArticles(profile.html)).toEqual([video.slug, rosaSlugs[0], rosaSlugs[1]]);

    const tab = await page('/mediators/rosa-writer/articles');
    expect(tab.status).toBe(200);
    expect(tab.html).toContain('href="/mediators/rosa-writer"');
    expect(tab.html).toMatch(/aria-current="page">\s*Articles \(15\)/);
    expect(linkedArticles(tab.html)).toEqual([video.slug, ...rosaSlugs.slice(0, 11)]);
    expect((await page('/mediators/rosa-writer/articles?page=2')).status).toBe(200);
    expect((await page('/mediators/rosa-writer/articles?page=3')).status).toBe(404);

    const article = await page(`/articles/${rosaSlugs[0]}`);
    expect(article.html).toMatch(/By <a href="\/mediators\/rosa-writer">Rosa Writer<\/a>/);
    expect(article.html).toContain('href="/mediators/rosa-writer/contact"');
    expect(article.html).toContain('Family mediator in Austin');
  });

  it('shows an article: kind, byline, dates, reading time, hero, body, tags, author box, featured and read-next', async () => {
    const r = await page(`/articles/${rosaSlugs[0]}`);
    expect(r.status).toBe(200);
    expect(r.html).toContain('<h1 id="article-title">Rosa on family meetings, part 1</h1>');
    expect(r.html).toContain('>Article</span>');
    expect(r.html).toContain(`<time datetime="${daysAgo(11)}">`);
    expect(r.html).toMatch(/<time datetime="PT1M">1 min read<\/time>/);
    expect(r.html).toContain('Bring the papers you need');
    expect(r.html).toContain('href="/articles/tag/parenting-plans"');
    expect(r.html).toContain('href="/articles/category/family"');
    expect(r.html).toContain('About the author');
    expect(r.html).toContain('Find mediators near you');
    const readNext = r.html.slice(r.html.indexOf('id="read-next-title"'));
    const next = linkedArticles(readNext);
    expect(next).toHaveLength(3);
    expect(next).not.toContain(rosaSlugs[0]);

    const n = await page(`/articles/${news.slug}`);
    expect(n.html).toContain('>News summary</span>');
    expect(n.html).toMatch(/<a href="https:\/\/news\.example\.org\/court-mediation" rel="noopener nofollow external">\s*Read the complete article at <span>The Example Gazette<\/span>/);
    expect(n.html).toMatch(/<img src="\/media\/articles\/(ab){16}-960\.webp" srcset="[^"]*-480\.webp 480w, [^"]*-960\.webp 960w, [^"]*-1600\.webp 1600w"[^>]* width="1600" height="900" alt="Two chairs facing each other by a window"/);
  });

  it('shows a video as a click-to-load facade: no iframe and no third-party address in any src', async () => {
    const r = await page(`/articles/${video.slug}`);
    expect(r.status).toBe(200);
    expect(r.html).not.toMatch(/<iframe/i);
    for (const m of r.html.matchAll(/\ssrc(?:set)?="([^"]*)"/g)) expect(m[1]).not.toMatch(/youtube|vimeo|ytimg/);
    expect(r.html).toContain('data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"');
    expect(r.html).toMatch(/<a class="video-play" href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"/);
    expect(r.html).toContain('Play the video');
    expect(r.html).toContain('(9:00)');
    expect(r.html).toContain('<script src="/assets/js/video.js" defer></script>');
    expect(r.headers.get('content-security-policy')).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com');
    // Two authors: the listed one links to the profile, the unlisted one to the author page.
    expect(r.html).toMatch(/By <a href="\/mediators\/rosa-writer">Rosa Writer<\/a> and <a href="\/authors\/[a-z-]+">Uma Unlisted<\/a>/);
    const script = await s.get('/assets/js/video.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('data-embed');
  });

  it('describes each kind in JSON-LD with Person authors, and in OpenGraph and Twitter tags', async () => {
    const a = await page(`/articles/${rosaSlugs[0]}`);
    const articleLd = jsonLd(a.html).find((d) => d['@type'] === 'Article')!;
    expect(articleLd).toMatchObject({
      '@context': 'https://schema.org',
      headline: 'Rosa on family meetings, part 1',
      url: `http://concord.test/articles/${rosaSlugs[0]}`,
      datePublished: daysAgo(11),
      dateModified: daysAgo(11),
      author: [{ '@type': 'Person', name: 'Rosa Writer', url: 'http://concord.test/mediators/rosa-writer' }],
    });
    expect(meta(a.html, 'og:type')).toBe('article');
    expect(meta(a.html, 'article:published_time')).toBe(daysAgo(11));
    expect(meta(a.html, 'article:author')).toBe('http://concord.test/mediators/rosa-writer');
    expect(meta(a.html, 'twitter:card')).toBe('summary');
    expect(a.html).toContain(`<link rel="canonical" href="http://concord.test/articles/${rosaSlugs[0]}"`);

    const n = await page(`/articles/${news.slug}`);
    const newsLd = jsonLd(n.html).find((d) => d['@type'] === 'NewsArticle')!;
    expect(newsLd.author).toEqual([{ '@type': 'Person', name: 'Concord editors', url: 'http://concord.test/authors/editors' }]);
    expect(newsLd.image).toEqual([`http://concord.test/media/articles/${HERO.image}-1600.webp`]);
    expect(newsLd.isBasedOn).toBe('https://news.example.org/court-mediation');
    expect(meta(n.html, 'og:image')).toBe(`http://concord.test/media/articles/${HERO.image}-1600.webp`);
    expect(meta(n.html, 'og:image:alt')).toBe(HERO.alt);
    expect(meta(n.html, 'twitter:card')).toBe('summary_large_image');
    expect(meta(n.html, 'twitter:image')).toBe(`http://concord.test/media/articles/${HERO.image}-1600.webp`);

    const v = await page(`/articles/${video.slug}`);
    const videoLd = jsonLd(v.html).find((d) => d['@type'] === 'VideoObject')!;
    expect(videoLd).toMatchObject({
      name: 'What happens in a first session',
      duration: 'PT9M',
      embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      thumbnailUrl: [`http://concord.test/media/articles/${HERO.image}-1600.webp`],
      uploadDate: daysAgo(1),
    });
    expect((videoLd.author as { '@type': string; name: string }[]).map((p) => [p['@type'], p.name])).toEqual([
      ['Person', 'Rosa Writer'],
      ['Person', 'Uma Unlisted'],
    ]);
  });

  it('answers 404 for drafts, submitted, scheduled and declined pieces, and for odd slugs', async () => {
    for (const [status, slug] of Object.entries(hidden)) {
      const r = await page(`/articles/${slug}`);
      expect(r.status, status).toBe(404);
      expect(r.html, status).toContain('We couldn’t find that article');
      expect(r.html, status).not.toContain(`Unpublished ${status}`);
    }
    // A mistyped or old address: its words are offered in the search box.
    expect((await page('/articles/caucus-or-joint-sesion')).html).toMatch(/<input id="site-q" type="search" name="q" value="caucus or joint sesion"/);
    for (const slug of ['no-such-article', 'UPPER', '..%2F..%2Fetc', 'a'.repeat(300), '%3Cscript%3E']) {
      const r = await page(`/articles/${slug}`);
      expect([404, 414], slug).toContain(r.status);
      expect(executableInjections(r.html), slug).toEqual([]);
    }
  });

  it('renders hostile text inert on the article page and in the lists', async () => {
    const r = await page(`/articles/${hostile.slug}`);
    expect(r.status).toBe(200);
    expect(executableInjections(r.html)).toEqual([]);
    expect(r.html).toContain('Hostile &#34;>&lt;script>alert(1)&lt;/script>');
    expect(r.html).not.toContain('alert(3)');
    expect(r.html).not.toContain('evil.example');
    expect(r.html).not.toMatch(/javascript:/i);
    expect(r.html).not.toContain('position:fixed');
    // The body's own headings start at <h2>: the page keeps one <h1>.
    expect(r.html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(r.html).toContain('<h2>A heading</h2>');
    const umaSlug = (await s.db.db.selectFrom('authors').select('slug').where('id', '=', unlistedAuthor).executeTakeFirstOrThrow()).slug;
    for (const path of ['/articles', '/', `/authors/${umaSlug}`]) {
      const list = await page(path);
      expect(list.status, path).toBe(200);
      expect(executableInjections(list.html), path).toEqual([]);
      expect(list.html, path).toContain('Hostile &#34;>&lt;script>');
    }
  });

  it('shows the latest articles on the home page, and Articles in the header', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    const latest = home.html.slice(home.html.indexOf('id="latest-title"'), home.html.indexOf('id="featured-title"') > 0 ? home.html.indexOf('id="featured-title"') : undefined);
    expect(linkedArticles(latest)).toEqual([video.slug, news.slug, hostile.slug, rosaSlugs[0]]);
    expect(home.html).toContain('Find mediators near you');
    expect(home.html).toMatch(/<a href="\/articles"[^>]*>\s*Articles\s*<\/a>/);
    const list = await page('/articles');
    expect(list.html).toMatch(/<a href="\/articles" aria-current="page">\s*Articles\s*<\/a>/);
  });
});
