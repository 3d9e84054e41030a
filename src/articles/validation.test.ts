import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, markupOnly, postArticle, postSmall, unsafeMarkup, writePiece } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { Visitor } from '../../test/support/visitor.ts';
import { VIDEO_MESSAGES } from './video.ts';

/** One bad field at a time: the message a person reads, and the form as they typed it. */
const MEMBER_CASES: [string, Record<string, string | string[]>, string, string][] = [
  ['a missing title', { title: '  ' }, 'title', 'Enter a title.'],
  ['a title over 160 characters', { title: 'T'.repeat(161) }, 'title', 'Keep the title under 160 characters.'],
  ['an empty body', { body: '\n\n' }, 'body', 'Write the text of your article.'],
  ['a body over 100 KB', { body: 'é'.repeat(52_000) }, 'body', 'The text is too long: keep it under 100 KB (about 15,000 words).'],
  ['a summary over 280 characters', { excerpt: 'S'.repeat(281) }, 'excerpt', 'Keep the summary under 280 characters.'],
  ['no category', { categories: [] }, 'categories', 'Choose at least one category.'],
  ['an unknown category', { categories: ['family', 'no-such-category'] }, 'categories', 'Choose categories from the list.'],
  ['more than 10 tags', { tags: Array.from({ length: 11 }, (_, i) => `tag ${i}`).join(', ') }, 'tags', 'Use at most 10 tags.'],
  ['a tag over 40 characters', { tags: `fine, ${'x'.repeat(41)}` }, 'tags', 'Keep each tag under 40 characters.'],
  ['a tag without letters', { tags: 'fine, !!!' }, 'tags', 'Each tag needs a letter or a number.'],
  ['an unknown kind', { kind: 'poem' }, 'kind', 'Choose what you are writing: article or video.'],
  ['a news summary from a member', { kind: 'news', source_name: 'Paper', source_url: 'https://example.org/x' }, 'kind', 'Choose what you are writing: article or video.'],
  ['a video without its link', { kind: 'video', video_url: '' }, 'video_url', 'Paste the link of the video on YouTube or Vimeo.'],
  ['a javascript: video link', { kind: 'video', video_url: 'javascript:alert(1)' }, 'video_url', VIDEO_MESSAGES.not_http],
  ['a data: video link', { kind: 'video', video_url: 'data:text/html,<script>alert(1)</script>' }, 'video_url', VIDEO_MESSAGES.not_http],
  ['a video from another host', { kind: 'video', video_url: 'https://videos.example.com/watch?v=dQw4w9WgXcQ' }, 'video_url', VIDEO_MESSAGES.unknown_host],
  ['a look-alike host', { kind: 'video', video_url: 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ' }, 'video_url', VIDEO_MESSAGES.unknown_host],
  ['a YouTube link without a video', { kind: 'video', video_url: 'https://www.youtube.com/watch?v=short' }, 'video_url', VIDEO_MESSAGES.no_id],
  ['a running time that is not a time', { kind: 'video', video_url: 'https://vimeo.com/123456', video_duration: 'about ten' }, 'video_duration', 'Enter the running time as minutes and seconds, like 12:30, or as whole minutes, like 12.'],
  ['seconds over 59', { kind: 'video', video_url: 'https://vimeo.com/123456', video_duration: '12:75' }, 'video_duration', 'Enter the running time as minutes and seconds, like 12:30, or as whole minutes, like 12.'],
  ['a running time over 10 hours', { kind: 'video', video_url: 'https://vimeo.com/123456', video_duration: '700' }, 'video_duration', 'The running time must be between 0:01 and 10 hours.'],
  ['a running time of nothing', { kind: 'video', video_url: 'https://vimeo.com/123456', video_duration: '0:00' }, 'video_duration', 'The running time must be between 0:01 and 10 hours.'],
];

const NEWS_CASES: [string, Record<string, string>, string, string][] = [
  ['no source name', { source_name: '' }, 'source_name', 'Enter the name of the source, such as the newspaper or the site.'],
  ['no source link', { source_url: '' }, 'source_url', 'Enter the link to the full article at the source.'],
  ['a javascript: source link', { source_url: 'javascript:alert(document.cookie)' }, 'source_url', 'The link to the full article must start with http:// or https://.'],
  ['an ftp: source link', { source_url: 'ftp://files.example.org/story' }, 'source_url', 'The link to the full article must start with http:// or https://.'],
  ['a source link that is not an address', { source_url: 'the times website' }, 'source_url', 'Enter the link to the full article in full, starting with https:// (for example https://www.example.org/story).'],
  ['a source link without a site', { source_url: 'https://localhost/story' }, 'source_url', "Enter the link to the full article in full, with the site's name (for example https://www.example.org/story)."],
];

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '"><img src=x onerror=alert(2)>';

/** Nothing a writer typed runs, styles the page, or loads from elsewhere (read with a real parser). */
function expectInert(html: string, where: string) {
  expect(unsafeMarkup(html), where).toEqual([]);
}

describe.each(DIALECTS)('the article form’s checks and hostile text on %s', (engine) => {
  let s: TestServer;
  let member: Visitor & { userId: number };
  let editor: Visitor & { userId: number };
  let pieceId: number;

  beforeAll(async () => {
    s = await startTestServer(engine);
    member = await signedIn(s, 'writer@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
    pieceId = await writePiece(member, { title: 'A valid piece', byline_name: 'Wren Writer' });
  });
  afterAll(() => s.close());

  it.each(MEMBER_CASES)('refuses %s with a clear message, keeping what was typed', async (_what, over, field, message) => {
    const before = await s.db.db.selectFrom('articles').select(['title', 'body', 'kind', 'updated_at']).where('id', '=', pieceId).executeTakeFirstOrThrow();
    const typedTitle = over.title === undefined ? 'Title typed with the mistake' : over.title;
    const r = await postArticle(member, `/dashboard/articles/${pieceId}`, `/dashboard/articles/${pieceId}`, articleForm({ title: typedTitle, ...over }));
    expect(r.status).toBe(400);
    expect(r.html).toContain(message.replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    // The summary links to the field, which says what is wrong.
    expect(r.html).toContain(`href="#${field}"`);
    expect(r.html).toMatch(new RegExp(`id="${field}-error"`));
    if (typeof typedTitle === 'string' && typedTitle.trim() && typedTitle.length < 200) expect(r.html).toContain(`value="${typedTitle}"`);
    const after = await s.db.db.selectFrom('articles').select(['title', 'body', 'kind', 'updated_at']).where('id', '=', pieceId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it.each(NEWS_CASES)('refuses a news summary with %s', async (_what, over, field, message) => {
    const r = await postArticle(
      editor,
      '/editor/articles/new',
      '/editor/articles',
      articleForm({ kind: 'news', title: 'Court news', source_name: 'The Example Times', source_url: 'https://news.example.org/story', byline: 'editors', ...over }),
    );
    expect(r.status).toBe(400);
    expect(r.html).toContain(message.replace(/'/g, '&#39;'));
    expect(r.html).toContain(`href="#${field}"`);
    expect(markupOnly(r.html)).not.toContain('javascript:alert');
  });

  it('accepts the forms of video link and running time people paste', async () => {
    for (const [url, duration, seconds] of [
      ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', '12:30', 750],
      ['https://youtu.be/dQw4w9WgXcQ', '7', 420],
      ['https://vimeo.com/76979871', '1:02:05', 3725],
    ] as const) {
      const r = await postArticle(member, `/dashboard/articles/${pieceId}`, `/dashboard/articles/${pieceId}`, articleForm({ kind: 'video', video_url: url, video_duration: duration }));
      expect(r.status, `${url}: ${r.html.slice(0, 200)}`).toBe(303);
      const row = await s.db.db.selectFrom('articles').select(['kind', 'video_seconds', 'video_provider']).where('id', '=', pieceId).executeTakeFirstOrThrow();
      expect(row.kind).toBe('video');
      expect(row.video_seconds).toBe(seconds);
    }
  });

  it('renders script, HTML, event attributes, iframes and javascript: links inert in every field and on every page', async () => {
    const body = [
      `Opening ${SCRIPT} words.`,
      '<img src=x onerror=alert(3)>',
      '<iframe src="https://evil.example/"></iframe>',
      '<a href="https://example.org" onclick="alert(4)">a link with a handler</a>',
      '[a javascript link](javascript:alert(5))',
      '[a data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)',
      '<div style="position:fixed;inset:0">covering div</div>',
      '</textarea><script>alert(7)</script>',
      '## A proper heading',
      '[a proper link](https://example.org/good)',
    ].join('\n\n');
    const id = await writePiece(member, {
      title: `Title ${SCRIPT}${ATTR}`,
      excerpt: `Excerpt ${SCRIPT}${ATTR}`,
      body,
      tags: `tag ${SCRIPT.replace(/[,]/g, '')}, ${ATTR.replace(/,/g, '')}`,
    });
    // The piece saved as typed: nothing is lost, it is only escaped on the way out.
    const row = await s.db.db.selectFrom('articles').select(['title', 'body']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.title).toBe(`Title ${SCRIPT}${ATTR}`);

    const preview = await member.get(`/dashboard/articles/${id}/preview`);
    expectInert(preview.html, 'preview');
    // Escaped, not dropped: the reader sees the characters.
    expect(preview.html).toContain('<h1>Title &lt;script>alert(1)&lt;/script>&#34;>&lt;img src=x onerror=alert(2)></h1>');
    expect(preview.html).toContain('<h2>A proper heading</h2>');
    expect(preview.html).toContain('<a href="https://example.org/good" rel="nofollow ugc noopener">a proper link</a>');
    expect(preview.html).toContain('a javascript link');
    expect(preview.html).toContain('covering div');

    await postSmall(member, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    expect(await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/changes`, { comment: `Fix this ${SCRIPT}${ATTR}` })).toHaveProperty('status', 303);
    const edit = await editor.get(`/editor/articles/${id}/edit`);
    const revisions = await s.db.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).execute();
    for (const [who, path] of [
      [member, '/dashboard/articles'],
      [member, `/dashboard/articles/${id}`],
      [member, `/dashboard/articles/${id}/preview`],
      [editor, '/editor/articles?status=changes_requested'],
      [editor, `/editor/articles/${id}`],
      [editor, `/editor/articles/${id}/edit`],
      [editor, `/editor/articles/${id}/revisions/${revisions[0]!.id}`],
    ] as const) {
      const page = path.endsWith('/edit') ? edit : await who.get(path);
      expect(page.status, path).toBe(200);
      expectInert(page.html, path);
    }
    // The form shows the text back as text, inside its fields.
    const form = await member.get(`/dashboard/articles/${id}`);
    expect(form.html).toContain('&lt;/textarea>&lt;script>alert(7)&lt;/script>');
    // Inside a quoted attribute only the quote needs escaping: the rest is text there.
    expect(form.html).toContain('value="Title <script>alert(1)</script>&#34;><img src=x onerror=alert(2)>"');

    // A form sent back with a problem shows the hostile text inert too.
    const bad = await postArticle(member, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: '', excerpt: `${SCRIPT}`, body, tags: ATTR, hero_alt: ATTR, byline_name: SCRIPT }));
    expect(bad.status).toBe(400);
    expectInert(bad.html, 'form with a problem');

    // News: hostile source name, a URL that tries to break out of its attribute, and a byline name.
    const news = await postArticle(
      editor,
      '/editor/articles/new',
      '/editor/articles',
      articleForm({ kind: 'news', title: 'News with hostile parts', source_name: `Paper ${SCRIPT}`, source_url: `https://news.example.org/a"><script>alert(8)</script>`, byline: 'self', byline_name: `Ed ${SCRIPT}`, categories: ['news'] }),
    );
    expect(news.status, news.html.slice(0, 300)).toBe(303);
    const newsPage = await editor.get(news.location!.replace(/\?.*$/, ''));
    expectInert(newsPage.html, 'news review page');
    expect(newsPage.html).toContain('href="https://news.example.org/a&#34;><script>alert(8)</script>"');
    expect(newsPage.html).toContain('By Ed &lt;script>alert(1)&lt;/script>');
    expectInert((await editor.get('/editor/articles')).html, 'all pieces');
  });

  it('keeps comments and notes from editors inert in mails’ pages and lists', async () => {
    const id = await writePiece(member, { title: 'Piece to decline' });
    await postSmall(member, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    const bad = await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/decline`, { comment: 'x'.repeat(4001) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Keep the note under 4,000 characters.');
    expect(bad.html).toContain('x'.repeat(4001));
    await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/decline`, { comment: `No ${SCRIPT}${ATTR}` });
    for (const path of ['/dashboard/articles', `/dashboard/articles/${id}`]) expectInert((await member.get(path)).html, path);
    expectInert((await editor.get(`/editor/articles/${id}`)).html, 'review page with a declined note');
    // Mail is plain text: the note is there as typed.
    expect((await s.mails()).at(-1)!.text).toContain(`No ${SCRIPT}${ATTR}`);
  });
});
