import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createTestArticle } from '../../test/support/articles.ts';
import { articleForm, postArticle, postSmall } from '../../test/support/editing.ts';
import { createMediator } from '../../test/support/factories.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/**
 * Every action of an editor or an admin that existed before the audit log writes an entry in the
 * transaction of the change: through HTTP, then read from the table and on the audit page. A group
 * per kind of subject: profiles, articles (and the scheduler's own publication), categories, tags.
 */
describe.each(DIALECTS)('audit entries for editors’ and admins’ actions on %s', (engine) => {
  let s: TestServer;
  let clock = TEST_NOW;
  let editor: Visitor & { userId: number };
  let admin: Visitor & { userId: number };
  const db = () => s.db.db;
  /** The newest entry for a subject, with before and after read back. */
  const latest = async (kind: string, id: number) => {
    const row = await db().selectFrom('audit_log').selectAll().where('subject_kind', '=', kind).where('subject_id', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { ...row, before: JSON.parse(row.before_json ?? 'null'), after: JSON.parse(row.after_json ?? 'null') };
  };
  const actions = async (kind: string, id: number) =>
    (await db().selectFrom('audit_log').select('action').where('subject_kind', '=', kind).where('subject_id', '=', String(id)).orderBy('id').execute()).map((r) => r.action);

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    editor = await signedIn(s, 'eddie@example.org', 'editor');
    admin = await signedIn(s, 'admin@example.org', 'admin');
  });
  afterAll(() => s.close());

  it('records profile approvals and declines, the note as the reason', async () => {
    const waiting = async (name: string) => {
      const id = await createMediator(db(), engine, { name, status: 'draft' });
      await db().updateTable('mediators').set({ review_requested_at: TEST_NOW.toISOString() }).where('id', '=', id).execute();
      return id;
    };
    const [yes, no] = [await waiting('Approved Amy'), await waiting('Declined Dan')];
    expect((await postSmall(editor, '/moderation', `/moderation/${yes}/approve`)).status).toBe(303);
    expect(await latest('profile', yes)).toMatchObject({ action: 'profile.approved', actor_label: 'eddie@example.org', actor_role: 'editor', subject_label: 'Approved Amy', before: { status: 'draft', waiting: true }, after: { status: 'published', waiting: false } });
    expect((await postSmall(editor, '/moderation', `/moderation/${no}/decline`, { note: 'Add your fees, please.' })).status).toBe(303);
    expect(await latest('profile', no)).toMatchObject({ action: 'profile.declined', reason: 'Add your fees, please.', after: { status: 'draft', waiting: false } });
    // A refused decline (no note) records nothing.
    const other = await waiting('Noteless Nat');
    expect((await postSmall(editor, '/moderation', `/moderation/${other}/decline`, { note: ' ' })).status).toBe(400);
    expect(await actions('profile', other)).toEqual([]);
  });

  it('records each decision on a piece with the status before and after, and the scheduler’s publication as the site', async () => {
    const submitted = async () => {
      const { id } = await createTestArticle(db(), engine, { status: 'submitted', publishedAt: null, title: `Piece ${Math.random()}` });
      return id;
    };
    const review = (id: number) => `/editor/articles/${id}`;
    const a = await submitted();
    await postSmall(editor, review(a), `${review(a)}/changes`, { comment: 'Shorter, please.' });
    expect(await latest('article', a)).toMatchObject({ action: 'article.changes_requested', reason: 'Shorter, please.', before: { status: 'submitted' }, after: { status: 'changes_requested' } });
    const b = await submitted();
    await postSmall(editor, review(b), `${review(b)}/decline`, { comment: 'Not about mediation.' });
    expect(await latest('article', b)).toMatchObject({ action: 'article.declined', reason: 'Not about mediation.', after: { status: 'declined' } });
    const c = await submitted();
    await postSmall(editor, review(c), `${review(c)}/publish`);
    expect(await latest('article', c)).toMatchObject({ action: 'article.published', actor_label: 'eddie@example.org', before: { status: 'submitted' }, after: { status: 'published' } });
    await postSmall(editor, review(c), `${review(c)}/unpublish`);
    expect(await latest('article', c)).toMatchObject({ action: 'article.unpublished', before: { status: 'published' }, after: { status: 'draft' } });
    const rev = (await db().selectFrom('article_revisions').select('id').where('article_id', '=', c).orderBy('id').executeTakeFirstOrThrow()).id;
    expect((await postSmall(editor, review(c), `${review(c)}/revisions/${rev}/restore`)).status).toBe(303);
    expect(await latest('article', c)).toMatchObject({ action: 'article.revision_restored', after: { revision: rev } });

    // "Save and publish" on the edit page: the edit and the publication, each in the log.
    const f = await submitted();
    const saved = await postArticle(editor, `/editor/articles/${f}/edit`, `/editor/articles/${f}`, articleForm({ title: 'Edited and published', after: 'publish' }));
    expect(saved.status, saved.html).toBe(303);
    expect(await actions('article', f)).toEqual(['article.edited', 'article.published']);
    expect(await latest('article', f)).toMatchObject({ subject_label: 'Edited and published', before: { status: 'submitted' }, after: { status: 'published' } });

    const d = await submitted();
    await postSmall(editor, review(d), `${review(d)}/schedule`, { publish_at: '2026-11-25T13:00' });
    expect(await latest('article', d)).toMatchObject({ action: 'article.scheduled', after: { status: 'scheduled', publish_at: '2026-11-25T13:00:00.000Z' } });
    clock = new Date('2026-11-25T13:00:30.000Z');
    await s.app.articleScheduler.run();
    expect(await latest('article', d)).toMatchObject({ action: 'article.published', actor_user_id: null, actor_label: 'Concord (automatic)', actor_role: 'site', before: { status: 'scheduled' }, after: { status: 'published' } });
    clock = TEST_NOW;
    // A decision refused (a comment is required) records nothing.
    const e = await submitted();
    expect((await postSmall(editor, review(e), `${review(e)}/decline`, { comment: '' })).status).toBe(400);
    expect(await actions('article', e)).toEqual([]);
    // The admin reads them on the audit page, filtered to articles.
    const page = pageText((await admin.get('/admin/audit?kind=article&actor=eddie')).html);
    expect(page).toContain('article.declined');
    expect(page).toContain('status submitted → declined');
    expect(page).toContain('Why: Not about mediation.');
  });

  it('records category additions, changes, moves, merges and deletions', async () => {
    const add = await postSmall(editor, '/editor/categories', '/editor/categories', { name: 'Elder care', description: 'Families and ageing parents.' });
    expect(add.status).toBe(303);
    const elder = (await db().selectFrom('categories').select('id').where('name', '=', 'Elder care').executeTakeFirstOrThrow()).id;
    expect(await latest('category', elder)).toMatchObject({ action: 'category.added', after: { name: 'Elder care', slug: 'elder-care' } });
    await postSmall(editor, `/editor/categories/${elder}`, `/editor/categories/${elder}`, { name: 'Elder mediation', description: 'Families and ageing parents.' });
    expect(await latest('category', elder)).toMatchObject({ action: 'category.changed', before: { name: 'Elder care' }, after: { name: 'Elder mediation' } });
    await postSmall(editor, '/editor/categories', `/editor/categories/${elder}/reorder`, { direction: 'up' });
    const moved = await latest('category', elder);
    expect(moved.action).toBe('category.moved');
    expect(moved.before.order).toMatch(/, Elder mediation$/);
    expect(moved.after.order).toMatch(/, Elder mediation, [^,]+$/);
    await postSmall(editor, '/editor/categories', '/editor/categories', { name: 'Spare', description: '' });
    const spare = (await db().selectFrom('categories').select('id').where('name', '=', 'Spare').executeTakeFirstOrThrow()).id;
    await postSmall(editor, `/editor/categories/${spare}`, `/editor/categories/${spare}/merge`, { move_to: String(elder) });
    expect(await latest('category', spare)).toMatchObject({ action: 'category.merged', before: { category: 'Spare', pieces: 0 }, after: { category: 'Elder mediation' } });
    await postSmall(editor, `/editor/categories/${elder}`, `/editor/categories/${elder}/delete`);
    expect(await latest('category', elder)).toMatchObject({ action: 'category.deleted', before: { name: 'Elder mediation', slug: 'elder-care' }, after: null });
  });

  it('records tag renames, merges and deletions', async () => {
    await createTestArticle(db(), engine, { tags: ['custody', 'parenting plans'] });
    const tagId = async (name: string) => (await db().selectFrom('tags').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const custody = await tagId('custody');
    await postSmall(editor, `/editor/tags/${custody}`, `/editor/tags/${custody}`, { name: 'child custody' });
    expect(await latest('tag', custody)).toMatchObject({ action: 'tag.renamed', before: { name: 'custody' }, after: { name: 'child custody' } });
    const plans = await tagId('parenting plans');
    await postSmall(editor, `/editor/tags/${plans}`, `/editor/tags/${plans}/merge`, { move_to: 'child custody' });
    expect(await latest('tag', plans)).toMatchObject({ action: 'tag.merged', before: { tag: 'parenting plans', pieces: 1 }, after: { tag: 'child custody' } });
    await db().deleteFrom('article_tags').where('tag_id', '=', custody).execute();
    await postSmall(editor, '/editor/tags', `/editor/tags/${custody}/delete`);
    expect(await latest('tag', custody)).toMatchObject({ action: 'tag.deleted', before: { name: 'child custody' } });
  });
});
