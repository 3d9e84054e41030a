import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, markupOnly, postArticle, postSmall, writePiece } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { Visitor } from '../../test/support/visitor.ts';
import { lineDiff } from './revisions.ts';
import { loadContent } from './write.ts';

describe('lineDiff', () => {
  it('keeps shared lines and marks the removed and added ones, in order', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nc\nd\ne')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'same', text: 'd' },
      { op: 'add', text: 'e' },
    ]);
    expect(lineDiff('', 'new')).toEqual([{ op: 'add', text: 'new' }]);
    expect(lineDiff('old', '')).toEqual([{ op: 'del', text: 'old' }]);
    expect(lineDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
  });

  it('finds the longest run of kept lines, not just the first match', () => {
    const diff = lineDiff('x\na\nb\nc', 'a\nb\nc\nx');
    expect(diff.filter((l) => l.op === 'same').map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(diff.filter((l) => l.op !== 'same')).toEqual([
      { op: 'del', text: 'x' },
      { op: 'add', text: 'x' },
    ]);
  });

  it('stays quick on long texts that share most lines', () => {
    const before = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 2500', 'line two thousand five hundred');
    const started = performance.now();
    const diff = lineDiff(before, after);
    expect(performance.now() - started).toBeLessThan(500);
    expect(diff.filter((l) => l.op !== 'same')).toEqual([
      { op: 'del', text: 'line 2500' },
      { op: 'add', text: 'line two thousand five hundred' },
    ]);
  });
});

describe.each(DIALECTS)('revisions: what changed, and restoring, on %s', (engine) => {
  let s: TestServer;
  let member: Visitor & { userId: number };
  let editor: Visitor & { userId: number };

  beforeAll(async () => {
    s = await startTestServer(engine);
    member = await signedIn(s, 'writer@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
  });
  afterAll(() => s.close());

  const revisionIds = async (id: number) => (await s.db.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).orderBy('id').execute()).map((r) => r.id);

  it('shows the changed lines of each field, escaped and marked in words, and restores an old version', async () => {
    const id = await writePiece(member, {
      title: 'Three kinds of agreement',
      body: 'First paragraph stays.\n\nSecond paragraph goes.\n\nThird paragraph stays.',
      tags: 'agreements, drafting',
      byline_name: 'Wren Writer',
    });
    const edited = await postArticle(
      member,
      `/dashboard/articles/${id}`,
      `/dashboard/articles/${id}`,
      articleForm({
        title: 'Three kinds of agreement <em>today</em>',
        body: 'First paragraph stays.\n\nA new <script>alert(1)</script> paragraph.\n\nThird paragraph stays.',
        tags: 'agreements, parenting plans',
        categories: ['family', 'choosing'],
      }),
    );
    expect(edited.status).toBe(303);
    const [firstRev, secondRev] = await revisionIds(id);

    const page = await editor.get(`/editor/articles/${id}/revisions/${secondRev}`);
    expect(page.status).toBe(200);
    const html = page.html;
    // Each change is marked by element, by sign and by words for screen readers.
    expect(html).toContain('<del class="diff-del"><span class="visually-hidden">Removed: </span><span aria-hidden="true">− </span><span>Second paragraph goes.</span>');
    expect(html).toContain('<ins class="diff-add"><span class="visually-hidden">Added: </span><span aria-hidden="true">+ </span><span>A new &lt;script>alert(1)&lt;/script> paragraph.</span>');
    expect(html).toContain('<span>First paragraph stays.</span>');
    expect(html).toContain('Three kinds of agreement &lt;em>today&lt;/em>');
    expect(markupOnly(html)).not.toContain('<script>alert(1)');
    expect(markupOnly(html)).not.toContain('<em>today');
    expect(html).toMatch(/<del class="diff-del">.*<span>drafting<\/span>/);
    expect(html).toMatch(/<ins class="diff-add">.*<span>parenting plans<\/span>/);
    expect(html).toMatch(/<ins class="diff-add">.*<span>Choosing and preparing<\/span>/);
    // Fields that did not change are not listed.
    expect(html).not.toContain('<h2>Kind</h2>');
    // The first revision: everything in it is new.
    const first = await editor.get(`/editor/articles/${id}/revisions/${firstRev}`);
    expect(first.html).toContain('the first version: everything in it is new.');
    expect(first.html).toContain('Restore this version');

    // Restoring the first version saves it again, as a new revision, and notes it in the trail.
    const restored = await postSmall(editor, `/editor/articles/${id}/revisions/${firstRev}`, `/editor/articles/${id}/revisions/${firstRev}/restore`);
    expect(restored.location).toBe(`/editor/articles/${id}?done=restored`);
    const content = (await loadContent(s.db.db, id))!;
    expect(content.title).toBe('Three kinds of agreement');
    expect(content.body).toContain('Second paragraph goes.');
    expect(content.tags.sort()).toEqual(['agreements', 'drafting']);
    expect(content.categories).toEqual(['family']);
    const ids = await revisionIds(id);
    expect(ids).toHaveLength(3);
    const latest = await s.db.db.selectFrom('article_revisions').select(['user_id']).where('id', '=', ids[2]!).executeTakeFirstOrThrow();
    expect(latest.user_id).toBe(editor.userId);
    const trail = await s.db.db.selectFrom('article_reviews').select(['action', 'comment', 'user_id']).where('article_id', '=', id).execute();
    expect(trail).toEqual([{ action: 'restored', comment: 'Restored the version saved 2026-11-25 12:00 UTC', user_id: editor.userId }]);
    // The new revision is the current one, and differs from the one before exactly by the restore.
    const third = await editor.get(`/editor/articles/${id}/revisions/${ids[2]}`);
    expect(third.html).toContain('This is the current version.');
    expect(third.html).toContain('<ins class="diff-add"><span class="visually-hidden">Added: </span><span aria-hidden="true">+ </span><span>Second paragraph goes.</span>');
    const review = await editor.get(`/editor/articles/${id}`);
    expect(review.html).toContain('Restored a revision');
  });

  it('keeps a piece in the category that took over when restoring a version from before a merge', async () => {
    expect((await postSmall(editor, '/editor/categories', '/editor/categories', { name: 'Short-lived <b>topic</b>' })).status).toBe(303);
    const shortLived = await s.db.db.selectFrom('categories').select(['id', 'slug']).where('name', '=', 'Short-lived <b>topic</b>').executeTakeFirstOrThrow();
    const family = await s.db.db.selectFrom('categories').select('id').where('slug', '=', 'family').executeTakeFirstOrThrow();
    const id = await writePiece(member, { title: 'Before the merge', categories: [shortLived.slug, 'choosing'], byline_name: 'Wren Writer' });
    const retitled = articleForm({ title: 'Before the merge, retitled', categories: [shortLived.slug, 'choosing'] });
    expect((await postArticle(member, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, retitled)).status).toBe(303);
    const [firstRev] = await revisionIds(id);
    const merged = await postSmall(editor, `/editor/categories/${shortLived.id}`, `/editor/categories/${shortLived.id}/merge`, { move_to: String(family.id) });
    expect(merged.location).toBe('/editor/categories?done=merged');
    expect((await loadContent(s.db.db, id))!.categories.sort()).toEqual(['choosing', 'family']);

    const restored = await postSmall(editor, `/editor/articles/${id}/revisions/${firstRev}`, `/editor/articles/${id}/revisions/${firstRev}/restore`);
    expect(restored.location).toBe(`/editor/articles/${id}?done=restored`);
    // The merged-away category is gone; the piece stays where the merge put it, not in fewer.
    const back = (await loadContent(s.db.db, id))!;
    expect(back.title).toBe('Before the merge');
    expect(back.categories.sort()).toEqual(['choosing', 'family']);
    const form = await member.get(`/dashboard/articles/${id}`);
    expect(form.html).toMatch(/<input[^>]*value="family"[^>]*checked/);
  });

  it('keeps revisions to editors, and answers unknown or foreign revision ids with 404', async () => {
    const id = await writePiece(member, { title: 'A piece with one revision' });
    const other = await writePiece(member, { title: 'Another piece' });
    const [rev] = await revisionIds(id);
    const [otherRev] = await revisionIds(other);
    expect((await member.get(`/editor/articles/${id}/revisions/${rev}`)).status).toBe(403);
    expect((await postSmall(member, '/dashboard/articles/new', `/editor/articles/${id}/revisions/${rev}/restore`)).status).toBe(403);
    expect((await editor.get(`/editor/articles/${id}/revisions/${otherRev}`)).status).toBe(404);
    expect((await editor.get(`/editor/articles/${id}/revisions/abc`)).status).toBe(404);
    expect((await postSmall(editor, '/editor/articles/new', `/editor/articles/${id}/revisions/${otherRev}/restore`)).status).toBe(404);
    expect(await revisionIds(id)).toEqual([rev]);
  });
});
