import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { articleTextSearchFor, joinLines, MARK_END, MARK_START, markedHtml, searchSite, searchTerms } from './search.ts';
import { SearchPage } from './views/search-page.tsx';
import { isoDuration } from './present.ts';

describe('search terms and highlighting', () => {
  it('keeps letters and digits, folds case and accents, keeps apostrophe parts, and caps at eight', () => {
    expect(searchTerms('  Médiation, PARENTING-plan! ')).toEqual({ terms: [['mediation'], ['parenting'], ['plan']], dropped: 0 });
    expect(searchTerms("don't <script>").terms).toEqual([['don', 't'], ['script']]);
    expect(searchTerms('"; DROP TABLE articles; --').terms).toEqual([['drop'], ['table'], ['articles']]);
    expect(searchTerms('*** () "" --').terms).toEqual([]);
    expect(searchTerms('b c d e f g h j k l')).toEqual({ terms: 'bcdefghj'.split('').map((c) => [c]), dropped: 2 });
  });

  it('leaves out common words, which match nearly every piece, unless nothing else was typed', () => {
    expect(searchTerms('What is a caucus?').terms).toEqual([['caucus']]);
    expect(searchTerms('what is it').terms).toEqual([['what'], ['is'], ['it']]);
  });

  it('escapes everything, then turns balanced markers into <mark>', () => {
    expect(markedHtml(`a ${MARK_START}<b>x</b>${MARK_END} & "q"`)).toBe('a <mark>&lt;b>x&lt;/b></mark> &amp; &#34;q&#34;');
    // Stray or unbalanced markers never leave a tag open or closed on its own.
    expect(markedHtml(`${MARK_END}a${MARK_START}b${MARK_START}c`)).toBe('a<mark>bc</mark>');
    expect(markedHtml('plain')).toBe('plain');
  });

  it('joins lines of a snippet, marking where a heading or list item ended', () => {
    expect(joinLines('Main points\nWhat a caucus is.\nWhy it helps')).toBe('Main points · What a caucus is. Why it helps');
  });

  it('writes durations in ISO-8601', () => {
    expect(isoDuration(540)).toBe('PT9M');
    expect(isoDuration(3725)).toBe('PT1H2M5S');
    expect(isoDuration(45)).toBe('PT45S');
  });
});

const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

describe.each(DIALECTS)('/search on %s', (engine) => {
  let s: TestServer;
  const page = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, html: await res.text() };
  };
  let titleHit: { slug: string };
  let bodyHit: { slug: string };
  let hostile: { slug: string };
  let draft: { slug: string };

  beforeAll(async () => {
    s = await startTestServer(engine);
    const db = s.db.db;
    await createMediator(db, engine, { name: 'Gwen Grandparent', slug: 'gwen-grandparent', headline: 'Grandparent visitation mediator' });
    await createMediator(db, engine, { name: 'Hidden Grandparent', slug: 'hidden-grandparent', headline: 'Grandparent mediator, not listed', status: 'draft' });
    titleHit = await createTestArticle(db, engine, {
      title: 'Grandparents and visiting rights',
      body: 'When families separate, older relatives can lose touch. A short meeting can settle a visiting schedule.',
      tags: ['family'],
    });
    bodyHit = await createTestArticle(db, engine, {
      title: 'Planning the holidays after a separation',
      body: `${'Holidays need a plan that both homes can keep. '.repeat(8)}\n\nSome families include grandparents in the plan, which helps children keep in touch.`,
      tags: ['holidays'],
    });
    hostile = await createTestArticle(db, engine, {
      title: `Zebra crossing ${PAYLOAD}`,
      body: `Zebra notes: \`<b>bold</b>\` and <script>alert(3)</script> ${MARK_END}zebra${MARK_START} with odd characters.`,
      excerpt: `Zebra excerpt ${PAYLOAD}`,
      tags: [`zebra ${PAYLOAD}`],
    });
    draft = await createTestArticle(db, engine, { title: 'Grandparents draft that must stay hidden', status: 'draft' });
    for (let i = 1; i <= 12; i++) await createTestArticle(db, engine, { title: `Quokka note ${i}`, body: 'Quokka facts for a long result list.' });
  });
  afterAll(() => s.close());

  it('shows the form for an empty search', async () => {
    const r = await page('/search');
    expect(r.status).toBe(200);
    expect(r.html).toContain('<h1>Search Concord</h1>');
    expect(r.html).toContain('name="q"');
    expect(r.html).not.toContain('id="articles-title"');
    expect((await page('/search?q=')).status).toBe(200);
  });

  it('finds articles with highlighted snippets, best match first, and listed mediators', async () => {
    const r = await page('/search?q=grandparent');
    expect(r.status).toBe(200);
    const first = r.html.indexOf(`href="/articles/${titleHit.slug}"`);
    const second = r.html.indexOf(`href="/articles/${bodyHit.slug}"`);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(r.html).toContain('Articles (2)');
    expect(r.html).not.toContain(draft.slug);
    expect(r.html).toMatch(/<a href="\/articles\/grandparents-and-visiting-rights"><mark>Grandparents<\/mark> and visiting rights<\/a>/);
    // The body's passage around the match, from its sentence, as written (case and punctuation
    // kept): the same snippet on both engines.
    expect(r.html).toContain('…Some families include <mark>grandparents</mark> in the plan, which helps children keep in touch.');
    expect(r.html).toContain('href="/mediators/gwen-grandparent"');
    expect(r.html).not.toContain('hidden-grandparent');
    expect(r.html).toContain('<meta name="robots" content="noindex"');
    expect(executableInjections(r.html)).toEqual([]);
  });

  it('matches every word as a prefix, on both engines alike', async () => {
    const r = await page('/search?q=grandp+holid');
    expect(r.status).toBe(200);
    expect(r.html).toContain(`href="/articles/${bodyHit.slug}"`);
    expect(r.html).not.toContain(`href="/articles/${titleHit.slug}"`);
  });

  it('spells a prefix out as the words it stands for, and still finds words after a prefix of very many', async () => {
    const settled = await createTestArticle(s.db.db, engine, { title: 'Yakkety settlements explained', body: 'How yakkety parties settled.' });
    const r = await page('/search?q=yakket+settle');
    expect(r.html).toContain(`href="/articles/${settled.slug}"`);
    expect(r.html).toContain('<mark>Yakkety</mark> <mark>settlements</mark> explained');
    // Seventeen words that begin with "qy": too many to spell out, so FTS5's own prefix query
    // runs, and the seventeenth is found too.
    await createTestArticle(s.db.db, engine, { title: 'Qy words', body: Array.from({ length: 16 }, (_, i) => `qy${String.fromCharCode(97 + i)}word`).join(' ') });
    const last = await createTestArticle(s.db.db, engine, { title: 'The last of them', body: 'Only qyqword here.' });
    for (const q of ['qy', 'qyq']) expect((await page(`/search?q=${q}`)).html, q).toContain(`href="/articles/${last.slug}"`);
    if (engine === 'sqlite') {
      // The vocabulary holds every word the index holds.
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_fts_vocabulary_check USING fts5vocab(main, article_fts, row)`.execute(s.db.db);
      const { rows: missing } = await sql<{ term: string }>`SELECT term FROM article_fts_vocabulary_check WHERE term NOT IN (SELECT term FROM article_fts_terms)`.execute(s.db.db);
      expect(missing).toEqual([]);
    }
  });

  it('escapes what authors wrote in highlighted titles and snippets', async () => {
    const r = await page('/search?q=zebra');
    expect(r.status).toBe(200);
    expect(r.html).toContain(`href="/articles/${hostile.slug}"`);
    expect(executableInjections(r.html)).toEqual([]);
    expect(r.html).toContain('<mark>Zebra</mark> crossing &#34;>&lt;script>alert(1)&lt;/script>');
    expect(r.html).not.toMatch(/<b>bold<\/b>/);
    expect(r.html).not.toContain('alert(3)');
    expect(r.html).not.toMatch(/[\uE000\uE001]/);
    // Every <mark> is closed, in the order opened.
    const marks = [...r.html.matchAll(/<\/?mark>/g)].map((m) => m[0]);
    expect(marks.length).toBeGreaterThan(0);
    marks.forEach((m, i) => expect(m).toBe(i % 2 ? '</mark>' : '<mark>'));
  });

  it('treats SQL, FTS and tsquery syntax as plain words', async () => {
    const attempts = [
      "'; DROP TABLE articles; --",
      '" OR 1=1 --',
      'NEAR(grandparents visiting)',
      'title:grandparents',
      'grand*',
      'grandparents & !visiting | x:*',
      'AND OR NOT',
      ')(',
      '\\',
      '%_%',
      PAYLOAD,
      "grandparent's",
    ];
    for (const q of attempts) {
      const r = await page(`/search?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(r.status);
      expect(executableInjections(r.html), q).toEqual([]);
    }
    expect((await page('/search?q=grandparent%27s')).html).toContain(`href="/articles/${titleHit.slug}"`);
    expect((await page(`/search?q=${encodeURIComponent('grandparents* (visiting)')}`)).html).toContain(`href="/articles/${titleHit.slug}"`);
    expect((await page(`/search?q=${encodeURIComponent('title:grandparents')}`)).html).toContain('No article matches every word');
    const count = await s.db.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThanOrEqual(16);
  });

  it('ranks only the most recently added matches when very many match, and says so', async () => {
    const quokkas = await s.db.db.selectFrom('articles').select('id').where('title', 'like', 'Quokka note %').orderBy('id', 'desc').execute();
    const search = articleTextSearchFor(engine);
    const all = await search.find(s.db.db, [['quokka']], { limit: 20, offset: 0 });
    expect(all).toMatchObject({ total: 12, more: false });
    const windowed = await search.find(s.db.db, [['quokka']], { limit: 20, offset: 0 }, 5);
    expect(windowed).toMatchObject({ total: 5, more: true });
    expect([...windowed.ids].sort((x, y) => y - x)).toEqual(quokkas.slice(0, 5).map((r) => r.id));
    // The page says there are more than it counted, and why.
    const site = await searchSite({ db: s.db.db, engine }, 'quokka', 1, 10, new Date(), 5);
    if (site.status !== 'ok') throw new Error(site.status);
    const html = String(<SearchPage publicUrl="http://localhost" q="quokka" result={site.result} />);
    expect(html).toContain('Articles (over 5)');
    expect(html).toContain('More than 5 articles match. These are the best matches among the 5 most recently added');
    const all12 = await searchSite({ db: s.db.db, engine }, 'quokka', 1, 10, new Date());
    if (all12.status !== 'ok') throw new Error(all12.status);
    expect(String(<SearchPage publicUrl="http://localhost" q="quokka" result={all12.result} />)).not.toContain('More than');
  });

  it('finds a word written with an apostrophe whether it is typed with one or without', async () => {
    const a = await createTestArticle(s.db.db, engine, { title: 'When parents don’t agree on school', body: 'It isn’t unusual. You’re not alone.' });
    for (const q of ["don't", 'don’t', "isn't", 'dont', 'isnt', 'youre not alone']) {
      const r = await page(`/search?q=${encodeURIComponent(q)}`);
      expect(r.html, q).toContain(`href="/articles/${a.slug}"`);
    }
    expect((await page(`/search?q=${encodeURIComponent("don't")}`)).html).toMatch(/<mark>don<\/mark>’<mark>t<\/mark>|<mark>don’t<\/mark>/);
    expect((await page('/search?q=dont')).html).toContain('<mark>don’t</mark>');
    // Only an ending that follows an apostrophe is split off, and only from a word no one wrote.
    expect((await page('/search?q=schoolt')).html).not.toContain(`href="/articles/${a.slug}"`);
  });

  it('keeps email addresses out of snippets, excerpts and the article page', async () => {
    const a = await createTestArticle(s.db.db, engine, { title: 'Walrus questions welcome', body: 'Send walrus questions to walrus.keeper@example.org any time.' });
    const found = await page('/search?q=walrus');
    expect(found.html).toContain(`href="/articles/${a.slug}"`);
    expect(found.html).toContain('[email address hidden]');
    expect(found.html).not.toContain('keeper@example.org');
    const shown = await page(`/articles/${a.slug}`);
    expect(shown.status).toBe(200);
    expect(shown.html).not.toContain('keeper@example.org');
  });

  it('refuses a search too long or without words, keeping what was typed', async () => {
    const long = await page(`/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.html).toContain('Keep the search under 200 characters.');
    expect(long.html).toContain(`value="${'a'.repeat(200)}"`);
    const none = await page(`/search?q=${encodeURIComponent('!!! ---')}`);
    expect(none.status).toBe(400);
    expect(none.html).toContain('Type at least one word or number to search for.');
    expect(none.html).toContain('value="!!! ---"');
    const typed = await page(`/search?q=${encodeURIComponent(`${PAYLOAD}${'x'.repeat(200)}`)}`);
    expect(typed.status).toBe(400);
    expect(executableInjections(typed.html)).toEqual([]);
  });

  it('pages article results and answers 404 past the last page, 400 for a bad page', async () => {
    const one = await page('/search?q=quokka');
    expect(one.html).toContain('Articles (12)');
    expect(one.html).toContain('Page 1 of 2');
    expect(one.html).toMatch(/href="\/search\?q=quokka&(amp;)?page=2"/);
    const two = await page('/search?q=quokka&page=2');
    expect(two.status).toBe(200);
    expect([...two.html.matchAll(/href="\/articles\/quokka-note-\d+"/g)]).toHaveLength(2);
    const past = await page('/search?q=quokka&page=3');
    expect(past.status).toBe(404);
    expect(past.html).toContain('only 2 pages');
    expect((await page('/search?q=quokka&page=zero')).status).toBe(400);
    const nothing = await page('/search?q=xylophone');
    expect(nothing.status).toBe(200);
    expect(nothing.html).toContain('No article matches every word');
  });
});
