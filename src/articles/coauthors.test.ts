import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, postArticle, postSmall, unsafeMarkup, writePiece } from '../../test/support/editing.ts';
import { createMediator } from '../../test/support/factories.ts';
import { linkPath } from '../../test/support/mail.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/**
 * Co-authors through HTTP: naming listed mediators on the article forms (and what is refused),
 * the mail each one gets, editing as a co-author, taking names off (one's own included), editors
 * changing any byline, and a published piece showing every author where readers look.
 */
const PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const jsonLd = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);

describe.each(DIALECTS)('co-authors on %s', (engine) => {
  let s: TestServer;
  let alice: Visitor & { userId: number };
  let bob: Visitor & { userId: number };
  let carol: Visitor & { userId: number };
  let eve: Visitor & { userId: number };
  let editor: Visitor & { userId: number };

  /** A member whose account owns a listed mediator profile with this slug. */
  const listedMember = async (email: string, name: string, slug: string) => {
    const v = await signedIn(s, email);
    const id = await createMediator(s.db.db, engine, { name, slug });
    await s.db.db.updateTable('mediators').set({ user_id: v.userId }).where('id', '=', id).execute();
    return v;
  };
  const byline = async (id: number) =>
    (
      await s.db.db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select('authors.name')
        .where('article_id', '=', id)
        .orderBy('position')
        .execute()
    ).map((r) => r.name);
  const authorId = async (slug: string) => (await s.db.db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const mailCount = async () => (await s.mails()).length;
  const articleCount = async () => Number((await s.db.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    s = await startTestServer(engine);
    alice = await listedMember('alice@example.org', 'Alice Writer', 'alice-writer');
    bob = await listedMember('bob@example.org', 'Bob Cowriter', 'bob-cowriter');
    carol = await listedMember('carol@example.org', 'Carol Third', 'carol-third');
    eve = await signedIn(s, 'eve@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
    // Listed without an account (as imported profiles are), one not listed, and one with a hostile name.
    for (const slug of ['extra-one', 'extra-two', 'extra-three']) await createMediator(s.db.db, engine, { name: `Extra ${slug.slice(6)}`, slug });
    await createMediator(s.db.db, engine, { name: 'Dave Unlisted', slug: 'dave-unlisted', status: 'draft' });
    await createMediator(s.db.db, engine, { name: `Pat ${PAYLOAD}`, slug: 'pat-payload' });
  });
  afterAll(() => s.close());

  it('names co-authors on a new piece, in the order typed, mails each, and lets them edit the draft', async () => {
    const form = await alice.get('/dashboard/articles/new');
    expect(form.html).toContain('<legend>Co-authors (optional)</legend>');
    expect(form.html).toContain('name="coauthors"');
    const before = await mailCount();
    const id = await writePiece(alice, { title: 'Written by three', coauthors: 'https://concord.test/mediators/bob-cowriter\ncarol-third' });
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter', 'Carol Third']);

    const mails = (await s.mails()).slice(before);
    expect(mails.map((m) => m.to).sort()).toEqual(['bob@example.org', 'carol@example.org']);
    const toBob = mails.find((m) => m.to.includes('bob@example.org'))!;
    expect(toBob.subject).toBe('You were named as a co-author on Concord');
    expect(toBob.text).toContain('Alice Writer named you as a co-author of "Written by three"');
    expect(toBob.text).toContain('Remove me from this piece');
    expect(linkPath(toBob, `/dashboard/articles/${id}`)).toBe(`/dashboard/articles/${id}`);
    expect(linkPath(toBob, '/dashboard/articles')).toBe('/dashboard/articles');

    // The piece is Bob's to see and edit, as it is Alice's; the editors see all three names.
    const list = await bob.get('/dashboard/articles');
    expect(list.html).toContain('Written by three');
    expect(pageText(list.html)).toContain('by Alice Writer, Bob Cowriter, and Carol Third');
    const page = await bob.get(`/dashboard/articles/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="title"');
    const saved = await postArticle(bob, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: 'Written by three, edited by Bob' }));
    expect(saved.location).toBe(`/dashboard/articles/${id}?done=saved`);
    const row = await s.db.db.selectFrom('articles').select(['title', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Written by three, edited by Bob', status: 'draft' });
    const revisions = await s.db.db.selectFrom('article_revisions').select('user_id').where('article_id', '=', id).orderBy('id').execute();
    expect(revisions.map((r) => r.user_id)).toEqual([alice.userId, bob.userId]);
    // A save that names nobody new keeps the byline and sends nothing.
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter', 'Carol Third']);
    expect(await mailCount()).toBe(before + 2);
    expect((await editor.get(`/editor/articles`)).html).toContain('By Alice Writer, Bob Cowriter, and Carol Third');
  });

  it('refuses unknown and unlisted profiles and too many authors, keeping the form as typed', async () => {
    const articles = await articleCount();
    const mails = await mailCount();
    const unknown = await postArticle(alice, '/dashboard/articles/new', '/dashboard/articles', articleForm({ title: 'Kept title', coauthors: 'bob-cowriter, nobody-here\nhttps://concord.test/mediators/dave-unlisted' }));
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('We could not find a mediator listed on Concord at “nobody-here”, “https://concord.test/mediators/dave-unlisted”.');
    expect(unknown.html).toContain('href="#coauthors"');
    expect(unknown.html).toContain('value="Kept title"');
    // A browser sends line breaks as CRLF, and gets them back as typed.
    expect(unknown.html).toMatch(/<textarea id="coauthors"[^>]*>bob-cowriter, nobody-here\r?\nhttps:\/\/concord.test\/mediators\/dave-unlisted<\/textarea>/);

    const notAProfile = await postArticle(alice, '/dashboard/articles/new', '/dashboard/articles', articleForm({ coauthors: 'https://example.org/people/jane' }));
    expect(notAProfile.status).toBe(400);
    expect(notAProfile.html).toContain('“https://example.org/people/jane” is not a profile address.');

    // The writer and five others would be six.
    const six = await postArticle(alice, '/dashboard/articles/new', '/dashboard/articles', articleForm({ coauthors: 'bob-cowriter, carol-third, extra-one, extra-two, extra-three' }));
    expect(six.status).toBe(400);
    expect(six.html).toContain('A piece has at most 5 authors.');
    expect(await articleCount()).toBe(articles);
    expect(await mailCount()).toBe(mails);

    // Alice naming herself again, and Bob twice, is one Bob.
    const id = await writePiece(alice, { title: 'Alice and Bob', coauthors: 'alice-writer, /mediators/bob-cowriter/articles, BOB-COWRITER' });
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter']);
    expect((await s.mails()).slice(mails).map((m) => m.to)).toEqual(['bob@example.org']);
  });

  it('keeps a script in the co-author field, and a co-author’s hostile name, inert', async () => {
    const typed = await postArticle(alice, '/dashboard/articles/new', '/dashboard/articles', articleForm({ coauthors: PAYLOAD }));
    expect(typed.status).toBe(400);
    expect(unsafeMarkup(typed.html)).toEqual([]);
    expect(typed.html).toContain('&lt;script>alert(1)&lt;/script>');

    const id = await writePiece(alice, { title: 'With Pat', coauthors: 'pat-payload' });
    expect(await byline(id)).toEqual(['Alice Writer', `Pat ${PAYLOAD}`]);
    for (const path of [`/dashboard/articles/${id}`, '/dashboard/articles']) {
      const r = await alice.get(path);
      expect(unsafeMarkup(r.html), path).toEqual([]);
      expect(pageText(r.html), path).toContain('Pat &lt;script>alert(1)&lt;/script>');
    }
    const r = await editor.get(`/editor/articles/${id}/edit`);
    expect(unsafeMarkup(r.html)).toEqual([]);
  });

  it('lets the writer take co-authors off, and a co-author take only their own name off', async () => {
    const id = await writePiece(alice, { title: 'Three become two', body: 'Body that must survive every byline change.', coauthors: 'bob-cowriter, carol-third' });
    const [aliceId, bobId, carolId] = [await authorId('alice-writer'), await authorId('bob-cowriter'), await authorId('carol-third')];

    // Alice's form: a Remove box for each co-author, none for herself.
    const hers = await alice.get(`/dashboard/articles/${id}`);
    expect(hers.html).toContain(`name="coauthor_remove" value="${bobId}"`);
    expect(hers.html).toContain(`name="coauthor_remove" value="${carolId}"`);
    expect(hers.html).not.toContain(`name="coauthor_remove" value="${aliceId}"`);
    const revisionsBefore = (await s.db.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).execute()).length;
    const removed = await postArticle(alice, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: 'Three become two', body: 'Body that must survive every byline change.', coauthor_remove: [String(carolId)] }));
    expect(removed.location).toBe(`/dashboard/articles/${id}?done=saved`);
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter']);
    const latest = await s.db.db.selectFrom('article_revisions').select('content').where('article_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(latest.content)).toMatchObject({ title: 'Three become two', body: 'Body that must survive every byline change.' });
    expect((await s.db.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).execute()).length).toBe(revisionsBefore + 1);
    const trail = await s.db.db.selectFrom('article_reviews').select(['action', 'comment', 'user_id']).where('article_id', '=', id).execute();
    expect(trail).toEqual([{ action: 'authors_changed', comment: 'Removed Carol Third.', user_id: alice.userId }]);
    expect((await carol.get(`/dashboard/articles/${id}`)).status).toBe(404);

    // Bob may not take the writer off, even by posting her id; the page offers him his own way out.
    const his = await bob.get(`/dashboard/articles/${id}`);
    expect(his.html).not.toContain(`name="coauthor_remove" value="${aliceId}"`);
    expect(his.html).not.toContain(`name="coauthor_remove" value="${bobId}"`);
    expect(his.html).toContain('Remove me from this piece');
    await postArticle(bob, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: 'Three become two', body: 'Body that must survive every byline change.', coauthor_remove: [String(aliceId)] }));
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter']);

    // Someone who is not on it cannot leave it, nor add to it: the same 404 as a missing piece.
    expect((await postSmall(eve, '/dashboard/articles/new', `/dashboard/articles/${id}/leave`)).status).toBe(404);
    const takeover = await postArticle(eve, '/dashboard/articles/new', `/dashboard/articles/${id}`, articleForm({ title: 'Three become two', coauthors: 'carol-third' }));
    expect(takeover.status).toBe(404);
    expect(await byline(id)).toEqual(['Alice Writer', 'Bob Cowriter']);

    const left = await postSmall(bob, `/dashboard/articles/${id}`, `/dashboard/articles/${id}/leave`);
    expect(left.location).toBe('/dashboard/articles?done=left');
    expect(await byline(id)).toEqual(['Alice Writer']);
    expect((await bob.get('/dashboard/articles?done=left')).html).not.toContain('Three become two');
    expect((await bob.get(`/dashboard/articles/${id}`)).status).toBe(404);

    // The last author stays: refused, said so, and nothing changes.
    const alone = await alice.get(`/dashboard/articles/${id}`);
    expect(alone.html).not.toContain('Remove me from this piece');
    const refused = await postSmall(alice, `/dashboard/articles/${id}`, `/dashboard/articles/${id}/leave`);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('You are the only author of this piece');
    expect(await byline(id)).toEqual(['Alice Writer']);
    const body = await s.db.db.selectFrom('articles').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    expect(body.body).toBe('Body that must survive every byline change.');
  });

  it('lets editors change any byline, the editors’ own included, and tells who they add', async () => {
    const id = await writePiece(alice, { title: 'Editors rearrange it' });
    const aliceId = await authorId('alice-writer');
    const path = `/editor/articles/${id}`;
    const form = await editor.get(`${path}/edit`);
    expect(form.html).toContain(`name="coauthor_remove" value="${aliceId}"`);
    expect(form.html).toContain('Add “Concord editors” to the byline');

    const none = await postArticle(editor, `${path}/edit`, path, articleForm({ title: 'Editors rearrange it', coauthor_remove: [String(aliceId)] }));
    expect(none.status).toBe(400);
    expect(none.html).toContain('Keep at least one author on the piece.');
    expect(await byline(id)).toEqual(['Alice Writer']);

    const mails = await mailCount();
    const changed = await postArticle(editor, `${path}/edit`, path, articleForm({ title: 'Editors rearrange it', coauthor_remove: [String(aliceId)], coauthors: 'bob-cowriter', add_editors: '1' }));
    expect(changed.location).toBe(`${path}?done=saved`);
    expect(await byline(id)).toEqual(['Bob Cowriter', 'Concord editors']);
    const sent = (await s.mails()).slice(mails);
    expect(sent.map((m) => m.to)).toEqual(['bob@example.org']);
    expect(sent[0]!.text).toContain('A Concord editor named you as a co-author of "Editors rearrange it"');
    // Ownership follows the byline: Alice's name is off, so the piece is no longer hers.
    expect((await alice.get(`/dashboard/articles/${id}`)).status).toBe(404);
    expect((await bob.get(`/dashboard/articles/${id}`)).status).toBe(200);
    const review = await editor.get(path);
    expect(pageText(review.html)).toContain('Changed the authors');
    expect(pageText(review.html)).toContain('Added Bob Cowriter, Concord editors. Removed Alice Writer.');

    // The editors' byline comes off like any other.
    const editorsId = await authorId('editors');
    expect((await postArticle(editor, `${path}/edit`, path, articleForm({ title: 'Editors rearrange it', coauthor_remove: [String(editorsId)] }))).status).toBe(303);
    expect(await byline(id)).toEqual(['Bob Cowriter']);
  });

  it('lets an editor name co-authors on a new piece, after the byline chosen above', async () => {
    const form = await editor.get('/editor/articles/new');
    expect(form.html).toContain('name="coauthors"');
    // "Concord editors" is chosen above on a new piece, not added below.
    expect(form.html).not.toContain('Add “Concord editors” to the byline');
    const unknown = await postArticle(editor, '/editor/articles/new', '/editor/articles', articleForm({ kind: 'news', title: 'Court news with a guest', source_name: 'The Example Times', source_url: 'https://news.example.org/story', byline: 'editors', coauthors: 'nobody-here' }));
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('“nobody-here”');
    expect(unknown.html).toContain('value="Court news with a guest"');

    const mails = await mailCount();
    const made = await postArticle(editor, '/editor/articles/new', '/editor/articles', articleForm({ kind: 'news', title: 'Court news with a guest', source_name: 'The Example Times', source_url: 'https://news.example.org/story', byline: 'editors', coauthors: 'bob-cowriter' }));
    expect(made.status).toBe(303);
    const id = Number(/\/editor\/articles\/(\d+)/.exec(made.location!)![1]);
    expect(await byline(id)).toEqual(['Concord editors', 'Bob Cowriter']);
    const sent = (await s.mails()).slice(mails);
    expect(sent.map((m) => m.to)).toEqual(['bob@example.org']);
    expect(sent[0]!.text).toContain('A Concord editor named you as a co-author of "Court news with a guest"');
    expect((await bob.get(`/dashboard/articles/${id}`)).status).toBe(200);
  });

  it('shows every author on the published piece, on each one’s Articles tab and in each one’s feed', async () => {
    const id = await writePiece(alice, { title: 'Published by two', coauthors: 'bob-cowriter' });
    await postSmall(alice, '/dashboard/articles', `/dashboard/articles/${id}/submit`);
    expect((await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/publish`)).location).toBe(`/editor/articles/${id}?done=published`);
    const slug = (await s.db.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;

    const page = await s.get(`/articles/${slug}`);
    const html = await page.text();
    expect(html).toMatch(/By <a href="\/mediators\/alice-writer">Alice Writer<\/a> and <a href="\/mediators\/bob-cowriter">Bob Cowriter<\/a>/);
    expect(jsonLd(html).find((d) => d['@type'] === 'Article')!.author).toEqual([
      { '@type': 'Person', name: 'Alice Writer', url: 'http://concord.test/mediators/alice-writer' },
      { '@type': 'Person', name: 'Bob Cowriter', url: 'http://concord.test/mediators/bob-cowriter' },
    ]);
    const parser = new Parser();
    for (const who of ['alice-writer', 'bob-cowriter']) {
      expect(await (await s.get(`/mediators/${who}/articles`)).text(), who).toContain('Published by two');
      const feed = await parser.parseString(await (await s.get(`/feeds/author/${who}/rss.xml`)).text());
      expect(feed.items.map((i) => i.title), who).toContain('Published by two');
    }

    // Bob takes his name off the published piece: gone from the page, his tab and his feed at once.
    expect((await postSmall(bob, `/dashboard/articles/${id}`, `/dashboard/articles/${id}/leave`)).location).toBe('/dashboard/articles?done=left');
    const after = await (await s.get(`/articles/${slug}`)).text();
    expect(after).not.toContain('Bob Cowriter');
    expect(await (await s.get('/mediators/bob-cowriter/articles')).text()).not.toContain('Published by two');
    // Bob has nothing else published, so his feed is gone too.
    expect((await s.get('/feeds/author/bob-cowriter/rss.xml')).status).toBe(404);
    expect((await parser.parseString(await (await s.get('/feeds/author/alice-writer/rss.xml')).text())).items.map((i) => i.title)).toContain('Published by two');
  });
});
