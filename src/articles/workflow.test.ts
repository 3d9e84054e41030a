import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, heroJpeg, postArticle, postSmall, statusOf, writePiece } from '../../test/support/editing.ts';
import { createMediator } from '../../test/support/factories.ts';
import { linkPath } from '../../test/support/mail.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';
import { editorsAuthor } from './authors.ts';

/**
 * The editorial workflow through HTTP: who may see and change which piece, and each answer an
 * editor can give, with the mails it sends.
 */
describe.each(DIALECTS)('the editorial workflow on %s', (engine) => {
  let s: TestServer;
  let alice: Visitor & { userId: number };
  let bob: Visitor & { userId: number };
  let editor: Visitor & { userId: number };

  beforeAll(async () => {
    s = await startTestServer(engine);
    alice = await signedIn(s, 'alice@example.org');
    bob = await signedIn(s, 'bob@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
  });
  afterAll(() => s.close());

  const snapshot = async (id: number) =>
    JSON.stringify(
      await Promise.all([
        s.db.db.selectFrom('articles').selectAll().where('id', '=', id).execute(),
        s.db.db.selectFrom('article_revisions').select(['id', 'content']).where('article_id', '=', id).orderBy('id').execute(),
        s.db.db.selectFrom('article_reviews').select(['id', 'action']).where('article_id', '=', id).orderBy('id').execute(),
      ]),
    );

  it('lets a member write a draft under a byline of their own, and lists it for them alone', async () => {
    const page = await alice.get('/dashboard/articles/new');
    expect(page.status).toBe(200);
    // Alice has no mediator profile, so her first piece asks for the name readers see.
    expect(page.html).toContain('name="byline_name"');
    const missing = await postArticle(alice, '/dashboard/articles/new', '/dashboard/articles', articleForm({ title: 'Alice writes' }));
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Enter your name as readers will see it.');
    // What she typed is still there.
    expect(missing.html).toContain('value="Alice writes"');

    const id = await writePiece(alice, { title: 'Alice’s first piece', byline_name: 'Alice Author' });
    const row = await s.db.db.selectFrom('articles').select(['status', 'created_by', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', created_by: alice.userId, published_at: null });
    const author = await s.db.db.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select(['authors.name', 'authors.user_id']).where('article_id', '=', id).execute();
    expect(author).toEqual([{ name: 'Alice Author', user_id: alice.userId }]);
    expect((await alice.get('/dashboard/articles/new')).html).not.toContain('name="byline_name"');

    const list = await alice.get('/dashboard/articles');
    expect(list.html).toContain('Alice’s first piece');
    expect(list.html).toContain('Draft');
    expect((await bob.get('/dashboard/articles')).html).not.toContain('Alice’s first piece');
  });

  it('refuses member B every way into member A’s piece, with the same 404 as a missing one', async () => {
    const id = await writePiece(alice, { title: 'Private draft of Alice', body: 'AliceSecretWords in the body.' });
    const before = await snapshot(id);
    const missing = await bob.get('/dashboard/articles/999999');
    expect(missing.status).toBe(404);
    for (const path of [`/dashboard/articles/${id}`, `/dashboard/articles/${id}/preview`]) {
      const r = await bob.get(path);
      expect(r.status, path).toBe(404);
      expect(r.html).not.toContain('AliceSecretWords');
      expect(r.html).not.toContain('Private draft of Alice');
      // The same page as for a piece that does not exist: nothing tells B that A's exists.
      expect(r.html.replace(/_csrf[^>]*>/g, '')).toBe(missing.html.replace(/_csrf[^>]*>/g, ''));
    }
    const edit = await postArticle(bob, '/dashboard/articles/new', `/dashboard/articles/${id}`, articleForm({ title: 'Taken over by Bob' }));
    expect(edit.status).toBe(404);
    const submit = await postSmall(bob, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    expect(submit.status).toBe(404);
    expect(await snapshot(id)).toBe(before);
    // Ids that are not numbers never reach the database.
    expect((await bob.get('/dashboard/articles/1%20OR%201=1')).status).toBe(404);
  });

  it('keeps members out of the editors’ pages and never lets them publish', async () => {
    const id = await writePiece(alice, { title: 'Alice wants this out now' });
    const before = await snapshot(id);
    for (const path of ['/editor', '/editor/articles', '/editor/articles/new', `/editor/articles/${id}`, `/editor/articles/${id}/edit`]) {
      expect((await alice.get(path)).status, path).toBe(403);
    }
    for (const action of ['publish', 'schedule', 'changes', 'decline', 'unpublish']) {
      const r = await postSmall(alice, '/dashboard/articles/new', `/editor/articles/${id}/${action}`, { publish_at: '2030-01-01T10:00', comment: 'x' });
      expect(r.status, action).toBe(403);
    }
    const save = await postArticle(alice, '/dashboard/articles', `/editor/articles/${id}`, articleForm({ title: 'Alice wants this out now', after: 'publish' }));
    expect(save.status).toBe(403);
    expect(await snapshot(id)).toBe(before);

    // A status, a publication date or a news kind in the member's own form changes nothing.
    const sneaky = await postArticle(alice, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, [
      ...articleForm({ title: 'Alice wants this out now', after: 'publish' }),
      ['status', 'published'],
      ['published_at', '2026-01-01T00:00:00.000Z'],
      ['publish_at', '2026-01-01T00:00:00.000Z'],
    ]);
    expect(sneaky.status).toBe(303);
    expect(await statusOf(s, id)).toBe('draft');
    const news = await postArticle(alice, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ kind: 'news', source_name: 'Daily', source_url: 'https://example.org/a' }));
    expect(news.status).toBe(400);
    expect(news.html).toContain('Choose what you are writing: article or video.');
    expect((await s.db.db.selectFrom('articles').select('kind').where('id', '=', id).executeTakeFirstOrThrow()).kind).toBe('article');
  });

  it('locks a submitted piece until an editor answers, and lists it for editors oldest first', async () => {
    const first = await writePiece(alice, { title: 'Waiting piece one' });
    const second = await writePiece(bob, { title: 'Waiting piece two', byline_name: 'Bob Writer' });
    expect((await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${first}/submit`)).location).toBe('/dashboard/articles?done=submitted');
    expect((await postSmall(bob, '/dashboard/articles/new', `/dashboard/articles/${second}/submit`)).status).toBe(303);
    expect(await statusOf(s, first)).toBe('submitted');

    const locked = await alice.get(`/dashboard/articles/${first}`);
    expect(locked.status).toBe(200);
    expect(locked.html).not.toContain('name="title"');
    expect(locked.html).toContain('Waiting for review');
    const before = await snapshot(first);
    const edit = await postArticle(alice, `/dashboard/articles/new`, `/dashboard/articles/${first}`, articleForm({ title: 'Sneaky change' }));
    expect(edit.status).toBe(409);
    expect(edit.html).toContain('cannot be changed until they answer');
    expect((await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${first}/submit`)).status).toBe(409);
    expect(await snapshot(first)).toBe(before);

    const queue = await editor.get('/editor');
    expect(queue.status).toBe(200);
    const at = (t: string) => queue.html.indexOf(t);
    expect(at('Waiting piece one')).toBeGreaterThan(-1);
    expect(at('Waiting piece one')).toBeLessThan(at('Waiting piece two'));
    expect(queue.html).not.toContain('Alice’s first piece');
  });

  it('asks for changes with a comment, mails it, and takes the edited piece back', async () => {
    const id = await writePiece(alice, { title: 'Round trip piece' });
    await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    const review = `/editor/articles/${id}`;
    const empty = await postSmall(editor, review, `${review}/changes`, { comment: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write what the writer should change.');
    expect(await statusOf(s, id)).toBe('submitted');

    const mailsBefore = (await s.mails()).length;
    const asked = await postSmall(editor, review, `${review}/changes`, { comment: 'Please add an example from a real session.\nThanks <b>!</b>' });
    expect(asked.location).toBe(`${review}?done=changes_requested`);
    expect(await statusOf(s, id)).toBe('changes_requested');
    const mails = (await s.mails()).slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain('alice@example.org');
    expect(mails[0]!.text).toContain('Please add an example from a real session.');
    expect(linkPath(mails[0]!, `/dashboard/articles/${id}`)).toBe(`/dashboard/articles/${id}`);

    // The member sees the comment (as text) and can edit again.
    const list = await alice.get('/dashboard/articles');
    expect(list.html).toContain('Changes requested');
    expect(list.html).toContain('Please add an example from a real session.');
    expect(list.html).toContain('Thanks &lt;b>!&lt;/b>');
    expect(list.html).not.toContain('<b>!');
    const page = await alice.get(`/dashboard/articles/${id}`);
    expect(page.html).toContain('name="title"');
    const resubmitted = await postArticle(alice, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: 'Round trip piece, with an example', after: 'submit' }));
    expect(resubmitted.location).toBe('/dashboard/articles?done=submitted');
    expect(await statusOf(s, id)).toBe('submitted');

    const published = await postSmall(editor, review, `${review}/publish`);
    expect(published.location).toBe(`${review}?done=published`);
    const row = await s.db.db.selectFrom('articles').select(['status', 'published_at', 'title', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.published_at).toBe('2026-11-25T12:00:00.000Z');
    expect(row.title).toBe('Round trip piece, with an example');
    const last = (await s.mails()).at(-1)!;
    expect(last.subject).toBe('Your piece is published on Concord');
    expect(last.text).toContain(`http://concord.test/articles/${row.slug}`);

    const trail = await s.db.db.selectFrom('article_reviews').select(['action', 'comment']).where('article_id', '=', id).orderBy('id').execute();
    expect(trail.map((t) => t.action)).toEqual(['submitted', 'changes_requested', 'submitted', 'approved', 'published']);
    const reviewPage = await editor.get(review);
    expect(reviewPage.html).toContain('Asked for changes');
    expect(reviewPage.html).toContain('Please add an example from a real session.');
    // Once published, the member can no longer change it; only an editor can.
    expect((await postArticle(alice, `/dashboard/articles/new`, `/dashboard/articles/${id}`, articleForm())).status).toBe(409);
  });

  it('declines with a note that is mailed, after which the member can read but not resubmit', async () => {
    const id = await writePiece(alice, { title: 'Declined piece' });
    await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    const review = `/editor/articles/${id}`;
    expect((await postSmall(editor, review, `${review}/decline`, { comment: '' })).status).toBe(400);
    const declined = await postSmall(editor, review, `${review}/decline`, { comment: 'This is mostly about a product, not about mediation.' });
    expect(declined.location).toBe(`${review}?done=declined`);
    expect(await statusOf(s, id)).toBe('declined');
    const mail = (await s.mails()).at(-1)!;
    expect(mail.subject).toBe('Your piece will not be published');
    expect(mail.text).toContain('This is mostly about a product, not about mediation.');
    const page = await alice.get(`/dashboard/articles/${id}`);
    expect(page.html).toContain('This is mostly about a product');
    expect((await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`)).status).toBe(409);
    // Someone deciding again on a piece that has moved on is told so, and nothing changes.
    const again = await postSmall(editor, review, `${review}/changes`, { comment: 'Second thoughts' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('Nothing was changed');
    expect(await statusOf(s, id)).toBe('declined');
  });

  it('lets a member withdraw a submitted piece until an editor answers, and refuses it after', async () => {
    const id = await writePiece(alice, { title: 'Second thoughts piece' });
    const page = `/dashboard/articles/${id}`;
    expect((await postSmall(alice, page, `${page}/submit`)).status).toBe(303);
    const list = await alice.get('/dashboard/articles');
    expect(list.html).toContain(`action="${page}/withdraw"`);
    expect((await alice.get(page)).html).toContain('Withdraw from review');
    expect((await editor.get('/editor')).html).toContain('Second thoughts piece');
    // Someone else's piece cannot be withdrawn, nor told apart from a missing one.
    expect((await postSmall(bob, '/dashboard/articles', `${page}/withdraw`)).status).toBe(404);
    expect(await statusOf(s, id)).toBe('submitted');

    const mails = (await s.mails()).length;
    const withdrawn = await postSmall(alice, page, `${page}/withdraw`);
    expect(withdrawn.location).toBe(`${page}?done=withdrawn`);
    const row = await s.db.db.selectFrom('articles').select(['status', 'submitted_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', submitted_at: null });
    const after = await alice.get(`${page}?done=withdrawn`);
    expect(after.html).toContain('Your piece is withdrawn from review');
    expect(after.html).toContain('name="title"');
    expect((await editor.get('/editor')).html).not.toContain('Second thoughts piece');
    const trail = await s.db.db.selectFrom('article_reviews').select(['action', 'user_id']).where('article_id', '=', id).orderBy('id').execute();
    expect(trail).toEqual([
      { action: 'submitted', user_id: alice.userId },
      { action: 'withdrawn', user_id: alice.userId },
    ]);
    expect(pageText((await editor.get(`/editor/articles/${id}`)).html)).toContain('Withdrawn by a writer');
    expect((await s.mails()).length).toBe(mails);

    // Not waiting (a draft), then answered (changes asked for), then published: refused each time, nothing moves.
    const draft = await postSmall(alice, page, `${page}/withdraw`);
    expect(draft.status).toBe(409);
    expect(draft.html).toContain('This piece is not waiting for review, so there is nothing to withdraw.');
    await postSmall(alice, page, `${page}/submit`);
    await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/changes`, { comment: 'Shorter, please.' });
    const answered = await postSmall(alice, page, `${page}/withdraw`);
    expect(answered.status).toBe(409);
    expect(answered.html).toContain('An editor has already answered and asked for a change');
    expect(await statusOf(s, id)).toBe('changes_requested');
    await postSmall(alice, page, `${page}/submit`);
    await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/publish`);
    const published = await postSmall(alice, '/dashboard/articles/new', `${page}/withdraw`);
    expect(published.status).toBe(409);
    expect(published.html).toContain('This piece is already published, so it can no longer be withdrawn.');
    expect(await statusOf(s, id)).toBe('published');
  });

  it('lets editors write and publish news directly, edit any piece, schedule and unpublish', async () => {
    const made = await postArticle(
      editor,
      '/editor/articles/new?kind=news',
      '/editor/articles',
      articleForm({ kind: 'news', title: 'Court backs mediation programme', source_name: 'The Example Times', source_url: 'https://news.example.org/story', byline: 'editors', after: 'publish', categories: ['news'] }),
    );
    expect(made.status, made.html.slice(0, 500)).toBe(303);
    const id = Number(/\/editor\/articles\/(\d+)/.exec(made.location!)![1]);
    expect(await statusOf(s, id)).toBe('published');
    const byline = await s.db.db.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select('authors.slug').where('article_id', '=', id).execute();
    expect(byline).toEqual([{ slug: 'editors' }]);
    const review = await editor.get(`/editor/articles/${id}`);
    expect(pageText(review.html)).toContain('Read the complete article at The Example Times');
    expect(review.html).toContain('href="https://news.example.org/story"');

    // Editors edit anyone's piece, in any state; each save is a revision.
    const alices = await writePiece(alice, { title: 'Alice draft an editor fixes' });
    const fixed = await postArticle(editor, `/editor/articles/${alices}/edit`, `/editor/articles/${alices}`, articleForm({ title: 'Alice draft, fixed by an editor' }));
    expect(fixed.location).toBe(`/editor/articles/${alices}?done=saved`);
    const revisions = await s.db.db.selectFrom('article_revisions').select('user_id').where('article_id', '=', alices).orderBy('id').execute();
    expect(revisions.map((r) => r.user_id)).toEqual([alice.userId, editor.userId]);

    // Scheduling needs a future time, typed in UTC until the editor chooses a zone.
    const reviewPath = `/editor/articles/${alices}`;
    const page = await editor.get(reviewPath);
    expect(page.html).toContain('Times are in UTC until you choose your zone');
    const past = await postSmall(editor, reviewPath, `${reviewPath}/schedule`, { publish_at: '2026-11-25T11:00' });
    expect(past.status).toBe(400);
    expect(past.html).toContain('Choose a time in the future.');
    const nonsense = await postSmall(editor, reviewPath, `${reviewPath}/schedule`, { publish_at: '2026-02-31T10:00' });
    expect(nonsense.status).toBe(400);
    expect(nonsense.html).toContain('Enter the date and time like 2026-12-01 09:00 (UTC time).');
    const scheduled = await postSmall(editor, reviewPath, `${reviewPath}/schedule`, { publish_at: '2026-11-26T09:30' });
    expect(scheduled.location).toBe(`${reviewPath}?done=scheduled`);
    const row = await s.db.db.selectFrom('articles').select(['status', 'publish_at']).where('id', '=', alices).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', publish_at: '2026-11-26T09:30:00.000Z' });
    const mail = (await s.mails()).at(-1)!;
    expect(mail.subject).toBe('Your piece is approved and scheduled');
    expect(mail.text).toContain('26 Nov 2026, 09:30 UTC');
    expect((await alice.get('/dashboard/articles')).html).toContain('26 Nov 2026, 09:30 UTC');

    // Calling off the schedule, and unpublishing the news.
    expect((await postSmall(editor, reviewPath, `${reviewPath}/unpublish`)).status).toBe(303);
    expect(await statusOf(s, alices)).toBe('draft');
    expect((await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/unpublish`)).status).toBe(303);
    expect(await statusOf(s, id)).toBe('draft');
    const list = await editor.get('/editor/articles?status=draft');
    expect(list.html).toContain('Court backs mediation programme');
  });

  it('refuses a “Save and publish” that another editor’s publication overtook: 409, nothing saved, no one mailed', async () => {
    const rival = await signedIn(s, 'rival-editor@example.org', 'editor');
    const carla = await signedIn(s, 'carla@example.org');
    const profile = await createMediator(s.db.db, engine, { name: 'Carla Cowriter', slug: 'carla-cowriter' });
    await s.db.db.updateTable('mediators').set({ user_id: carla.userId }).where('id', '=', profile).execute();
    const id = await writePiece(alice, { title: 'Piece two editors want out', byline_name: 'Alice Author' });
    await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    // The editor opens the form while the piece waits, so it offers “Save and publish”.
    expect((await editor.get(`/editor/articles/${id}/edit`)).html).toContain('value="publish"');
    // Meanwhile another editor publishes it as the writer sent it, and the writer is told.
    expect((await postSmall(rival, `/editor/articles/${id}`, `/editor/articles/${id}/publish`)).location).toBe(`/editor/articles/${id}?done=published`);
    const before = await snapshot(id);
    const mailsBefore = (await s.mails()).length;

    const late = await postArticle(
      editor,
      `/editor/articles/${id}/edit`,
      `/editor/articles/${id}`,
      articleForm({ title: 'Piece two editors want out, retitled', coauthors: 'carla-cowriter', hero_alt: 'Two chairs', after: 'publish' }),
      { data: await heroJpeg() },
    );
    expect(late.status).toBe(409);
    expect(pageText(late.html)).toContain('Nothing was saved: this piece is now “Published”, so “Save and publish” no longer applies.');
    // What the editor typed is there to save again; the piece as it is now offers no “Save and publish”.
    expect(late.html).toContain('value="Piece two editors want out, retitled"');
    expect(late.html).not.toContain('value="publish"');
    expect(late.html).toContain('The image you chose was not saved');
    // Nothing of the late save: no title, no co-author, no revision, no second publication; no mail.
    expect(await snapshot(id)).toBe(before);
    expect((await s.mails()).slice(mailsBefore)).toEqual([]);
    const published = await s.db.db.selectFrom('article_reviews').select('user_id').where('article_id', '=', id).where('action', '=', 'published').execute();
    expect(published).toEqual([{ user_id: rival.userId }]);
    // The image that came with the refused form is named by nothing, so it is not kept on disk.
    expect(fs.existsSync(s.articleImageDir) ? fs.readdirSync(s.articleImageDir) : []).toEqual([]);
  });

  it('lets exactly one of two editors publishing at once through, and the other change nothing', async () => {
    const rival = await signedIn(s, 'second-rival@example.org', 'editor');
    for (const round of [1, 2, 3]) {
      const id = await writePiece(alice, { title: `Race ${round}`, byline_name: 'Alice Author' });
      await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
      const mailsBefore = (await s.mails()).length;
      const [saving, publishing] = await Promise.all([
        postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, articleForm({ title: `Race ${round}, edited`, after: 'publish' })),
        postSmall(rival, `/editor/articles/${id}`, `/editor/articles/${id}/publish`),
      ]);
      expect([saving.status, publishing.status].sort(), `round ${round}`).toEqual([303, 409]);
      const row = await s.db.db.selectFrom('articles').select(['status', 'title']).where('id', '=', id).executeTakeFirstOrThrow();
      // The editor's text is published only when their save won; a lost save is not half kept.
      expect(row).toEqual({ status: 'published', title: saving.status === 303 ? `Race ${round}, edited` : `Race ${round}` });
      const trail = await s.db.db.selectFrom('article_reviews').select('action').where('article_id', '=', id).where('action', '=', 'published').execute();
      expect(trail).toHaveLength(1);
      const mails = (await s.mails()).slice(mailsBefore);
      expect(mails.map((m) => m.subject)).toEqual(['Your piece is published on Concord']);
    }
  });

  it('keeps a decision whose mail cannot be sent', async () => {
    const id = await writePiece(alice, { title: 'Published without a mail', byline_name: 'Alice Author' });
    await postSmall(alice, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    const review = `/editor/articles/${id}`;
    await s.mails();
    // The mail folder turns into a file: every mail fails to be written.
    fs.mkdirSync(s.mailDir, { recursive: true });
    const kept = `${s.mailDir}-kept`;
    fs.renameSync(s.mailDir, kept);
    fs.writeFileSync(s.mailDir, 'not a folder');
    let published;
    try {
      published = await postSmall(editor, review, `${review}/publish`);
    } finally {
      fs.rmSync(s.mailDir);
      fs.renameSync(kept, s.mailDir);
    }
    expect(published.location).toBe(`${review}?done=published`);
    expect(await statusOf(s, id)).toBe('published');
    expect((await s.mails()).filter((m) => m.text.includes('Published without a mail'))).toEqual([]);
  });

  it('reads the editors’ list address by the shared page rule: a bad page is a 400 that says why, past the last a 404', async () => {
    const editors = await editorsAuthor(s.db.db, new Date());
    for (let n = 1; n <= 51; n++) await createTestArticle(s.db.db, engine, { title: `Listed draft ${n}`, status: 'draft', publishedAt: null, authorIds: [editors] });
    const drafts = Number((await s.db.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'draft').executeTakeFirstOrThrow()).n);
    const pages = Math.ceil(drafts / 50);
    expect(pages).toBeGreaterThanOrEqual(2);

    const first = await editor.get('/editor/articles?status=draft');
    expect(first.status).toBe(200);
    // Latest changed first: the last draft made opens page 1, and is not on page 2.
    expect(first.html).toContain('Listed draft 51');
    const second = await editor.get('/editor/articles?status=draft&page=2');
    expect(second.status).toBe(200);
    expect(second.html).not.toContain('Listed draft 51<');
    expect(second.html).toContain('Listed draft');
    // A blank page is the first; a page given twice counts as its last value.
    expect((await editor.get('/editor/articles?status=draft&page=')).html).toContain('Listed draft 51');
    expect((await editor.get('/editor/articles?status=draft&page=abc&page=2')).status).toBe(200);

    for (const page of ['abc', '0', '-1', '1.5', '1e3', '9999999', '2&page=abc']) {
      const bad = await editor.get(`/editor/articles?status=draft&page=${page}`);
      expect(bad.status, page).toBe(400);
      expect(pageText(bad.html), page).toContain('Page must be a whole number from 1.');
    }
    const past = await editor.get(`/editor/articles?status=draft&page=${pages + 1}`);
    expect(past.status).toBe(404);
    expect(pageText(past.html)).toContain(`There are only ${pages} pages of pieces here. Go back to page 1.`);
  });

  it('answers an unknown piece with 404 for editors too, and sends visitors to log in', async () => {
    expect((await editor.get('/editor/articles/999999')).status).toBe(404);
    expect((await postSmall(editor, '/editor/articles/new', '/editor/articles/999999/publish')).status).toBe(404);
    // The list's address is checked: a page past the last is a 404, an unknown filter a 400.
    expect((await editor.get('/editor/articles?page=999')).status).toBe(404);
    const bad = await editor.get('/editor/articles?status=bogus&page=0');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Show one of: all, ');
    expect(bad.html).toContain('Page must be a whole number from 1.');
    expect((await editor.get('/editor/articles?status=draft&page=1')).status).toBe(200);
    // Past what a PostgreSQL integer holds: still "no such piece", never a database error.
    for (const path of ['/editor/articles/9999999999', '/editor/articles/9999999999/edit', '/dashboard/articles/9999999999', '/editor/articles/1/revisions/9999999999']) {
      const who = path.startsWith('/dashboard') ? alice : editor;
      expect((await who.get(path)).status, path).toBe(404);
    }
    const visitor = new Visitor(s);
    const r = await visitor.get('/dashboard/articles');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/login?next=%2Fdashboard%2Farticles');
    expect((await visitor.get('/editor')).location).toMatch(/^\/login\?next=/);
  });
});
