import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { createTestArticle } from '../../test/support/articles.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import { loadContent, updateArticle } from './write.ts';
import { publishDue } from './publishing.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('saving and publishing articles on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());

  /** Ids of published articles whose indexed text matches the term, through the engine's own index. */
  async function searchable(term: string): Promise<number[]> {
    const { rows } =
      engine === 'postgres'
        ? await sql<{ id: number }>`SELECT id FROM articles WHERE search_vector @@ to_tsquery('simple', ${`${term}:*`}) ORDER BY id`.execute(t.db)
        : await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${`"${term}"*`} ORDER BY rowid`.execute(t.db);
    return rows.map((r) => r.id);
  }

  it('derives the excerpt, slug, tags and reading time, and keeps a revision', async () => {
    const body = `${'Mediation works best when both people feel heard. '.repeat(60)}\n\nSecond paragraph.`;
    const a = await createTestArticle(t.db, engine, { title: 'Being heard: the first ten minutes', body, tags: ['Online Mediation', 'online-mediation', 'listening'] });
    const row = await t.db.selectFrom('articles').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.slug).toBe('being-heard-the-first-ten-minutes');
    expect(row.excerpt.length).toBeLessThanOrEqual(230);
    expect(row.excerpt.startsWith('Mediation works best')).toBe(true);
    expect(row.excerpt_written).toBe(0);
    expect(row.reading_minutes).toBe(2);
    const content = await loadContent(t.db, a.id);
    expect(content?.tags).toEqual(['listening', 'online mediation']);
    const again = await createTestArticle(t.db, engine, { title: 'Being heard: the first ten minutes' });
    expect(again.slug).toBe('being-heard-the-first-ten-minutes-2');
    const revisions = await t.db.selectFrom('article_revisions').select('content').where('article_id', '=', a.id).execute();
    expect(revisions).toHaveLength(1);
    expect(JSON.parse(revisions[0]!.content).title).toBe('Being heard: the first ten minutes');
  });

  it('indexes only published articles for search, and follows edits', async () => {
    const draft = await createTestArticle(t.db, engine, { title: 'Zebracrossing drafts stay hidden', status: 'draft' });
    const live = await createTestArticle(t.db, engine, { title: 'Quokka meetings in the park' });
    expect(await searchable('zebracrossing')).toEqual([]);
    expect(await searchable('quokka')).toEqual([live.id]);
    const content = (await loadContent(t.db, live.id))!;
    await t.db.transaction().execute((trx) => updateArticle({ db: trx, engine }, live.id, { ...content, title: 'Wombat meetings in the park' }, { userId: null, now: TEST_NOW }));
    expect(await searchable('quokka')).toEqual([]);
    expect(await searchable('wombat')).toEqual([live.id]);
    const row = await t.db.selectFrom('articles').select(['revised_at']).where('id', '=', live.id).executeTakeFirstOrThrow();
    expect(row.revised_at).toBe(TEST_NOW.toISOString());
    expect(draft.id).toBeGreaterThan(0);
  });

  it('publishes scheduled articles when they are due, once', async () => {
    const later = new Date(TEST_NOW.getTime() + MINUTE).toISOString();
    const a = await createTestArticle(t.db, engine, { title: 'Platypus scheduling', status: 'scheduled', publishAt: later, publishedAt: null });
    expect(await publishDue({ db: t.db, engine }, TEST_NOW)).toEqual([]);
    expect(await searchable('platypus')).toEqual([]);
    const due = new Date(TEST_NOW.getTime() + 2 * MINUTE);
    const [first, second] = await Promise.all([publishDue({ db: t.db, engine }, due), publishDue({ db: t.db, engine }, due)]);
    expect([...first!, ...second!]).toEqual([a.id]);
    const row = await t.db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'published', published_at: due.toISOString() });
    expect(await searchable('platypus')).toEqual([a.id]);
  });
});

describe('derived excerpts', () => {
  it('leave headings out, so a heading never runs into the sentence after it', async () => {
    const { deriveExcerpt } = await import('./text.ts');
    const body = `## Before the day\n\nWrite down what you need. ${'Then think about what the other person needs. '.repeat(8)}`;
    expect(deriveExcerpt(body).startsWith('Write down what you need.')).toBe(true);
  });
});
