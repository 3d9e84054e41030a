import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { createTestArticle } from '../../test/support/articles.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import type { Db } from '../db/database.ts';
import type { ArticleInput } from './types.ts';
import { loadContent, updateArticle } from './write.ts';
import { publishArticle, unpublishArticle } from './publishing.ts';
import { computeRelated, readTheseNext, rebuildRelated, RELATED_KEPT } from './related.ts';
import { seedDemo } from '../demo/seed.ts';
import { generateArticles } from '../demo/generated-articles.ts';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * DAY).toISOString();

// Three topics with no words in common, so which articles share terms is known.
const PARENTING = {
  title: 'Parenting plans that children can rely on',
  body: 'A parenting plan sets out where the children sleep, how holidays and birthdays are shared, and how parents swap school pickups.\n\nChildren settle when the weekly schedule is predictable and both parents keep to it.',
};
const PARENTING_CLOSE = {
  title: 'Sharing school holidays in a parenting plan',
  body: 'Holidays strain a parenting plan more than school weeks. Parents who agree early on birthdays, pickups and the children’s schedule argue less.\n\nWrite the holiday schedule into the plan.',
};
const CONSTRUCTION = {
  title: 'Payment claims on building sites',
  body: 'Subcontractors waiting on invoices can stop a building site. Contractors and subcontractors resolve payment claims faster with drawings, invoices and delay records on the table.',
};
const GARDENS = {
  title: 'Hedges, fences and boundary trees',
  body: 'Overhanging branches, tall hedges and leaning fences cause quarrels over garden boundaries. Walking the boundary with a surveyor’s map usually calms things.',
};

describe.each(DIALECTS)('"Read these next" on %s', (engine) => {
  let t: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    t = await createTestDatabase(engine);
    db = t.db;
  });
  afterEach(() => t.drop());

  const article = (over: Partial<ArticleInput> = {}) => createTestArticle(db, engine, over);
  const stored = async (id: number) =>
    (await db.selectFrom('article_related').select('related_id').where('article_id', '=', id).orderBy('position').execute()).map((r) => r.related_id);
  const inTransaction = <T>(fn: (trx: Db) => Promise<T>) => db.transaction().execute(fn);

  /** Every published article's kept list is what ranking it from scratch gives now. */
  async function expectListsUpToDate(): Promise<void> {
    const ids = (await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id);
    for (const id of ids) {
      const kept = await db.selectFrom('article_related').select(['related_id', 'score']).where('article_id', '=', id).orderBy('position').execute();
      const fresh = await computeRelated(db, id, TEST_NOW);
      expect(kept.map((r) => ({ id: r.related_id, score: r.score })), `list of article ${id}`).toEqual(fresh);
    }
  }

  it('ranks a same-tag, same-topic article above an unrelated newer one', async () => {
    const a = await article({ ...PARENTING, tags: ['co-parenting', 'divorce'], categories: ['family'], publishedAt: daysAgo(30) });
    const close = await article({ ...PARENTING_CLOSE, tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(200) });
    const newer = await article({ ...CONSTRUCTION, tags: ['construction'], categories: ['business'], publishedAt: daysAgo(1) });

    expect(await stored(a.id)).toEqual([close.id]);
    expect(await readTheseNext(db, a.id)).toEqual([close.id, newer.id]);
    // The unrelated one only shows because nothing else is left.
    expect(await readTheseNext(db, a.id, 1)).toEqual([close.id]);
    const [top] = await computeRelated(db, a.id, TEST_NOW);
    expect(top!.score).toBeGreaterThan(0.2 + 0.15);
    await expectListsUpToDate();
  });

  it('never offers the article itself or a draft', async () => {
    const a = await article({ ...PARENTING, tags: ['co-parenting'], categories: ['family'] });
    const draft = await article({ ...PARENTING_CLOSE, tags: ['co-parenting'], categories: ['family'], status: 'draft' });
    const other = await article({ ...GARDENS, tags: ['neighbours'], categories: ['community'], publishedAt: daysAgo(5) });

    for (const limit of [1, 3, 10]) {
      const next = await readTheseNext(db, a.id, limit);
      expect(next).not.toContain(a.id);
      expect(next).not.toContain(draft.id);
    }
    expect(await readTheseNext(db, a.id)).toEqual([other.id]);
    // A draft has no list of its own, but its preview still gets published reading.
    expect(await stored(draft.id)).toEqual([]);
    expect(await readTheseNext(db, draft.id)).toEqual([a.id, other.id]);

    // A list row left pointing at an article that is no longer published is skipped on reading.
    const close = await article({ ...PARENTING_CLOSE, title: 'Holidays in the parenting plan', tags: ['co-parenting'], categories: ['family'] });
    expect((await readTheseNext(db, a.id))[0]).toBe(close.id);
    await db.updateTable('articles').set({ status: 'draft' }).where('id', '=', close.id).execute();
    expect(await stored(a.id)).toContain(close.id);
    expect(await readTheseNext(db, a.id)).toEqual([other.id]);
  });

  it('falls back to the most recent in the same category, then the most recent of all', async () => {
    const lonely = await article({ ...GARDENS, tags: ['boundaries'], categories: ['community'], publishedAt: daysAgo(10) });
    const sameCategoryOld = await article({ ...CONSTRUCTION, tags: ['construction'], categories: ['community'], publishedAt: daysAgo(300) });
    const newest = await article({ ...PARENTING, tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(2) });
    const second = await article({ ...PARENTING_CLOSE, tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(4) });
    await article({ ...PARENTING_CLOSE, title: 'An older plan', tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(40) });

    // Nothing shares a word, tag or author with it; one shares a category.
    expect(await stored(lonely.id)).toEqual([sameCategoryOld.id]);
    expect(await readTheseNext(db, lonely.id)).toEqual([sameCategoryOld.id, newest.id, second.id]);

    // With no list at all (as after a failed refresh), reading still falls back.
    await db.deleteFrom('article_related').execute();
    expect(await readTheseNext(db, lonely.id)).toEqual([sameCategoryOld.id, newest.id, second.id]);
  });

  it('takes an unpublished article out of every list and every count', async () => {
    const a = await article({ ...PARENTING, tags: ['co-parenting'], categories: ['family'] });
    const b = await article({ ...PARENTING_CLOSE, tags: ['co-parenting'], categories: ['family'] });
    const c = await article({ ...PARENTING_CLOSE, title: 'Birthdays and holidays for separated parents', tags: ['co-parenting', 'holidays'], categories: ['family'] });
    await article({ ...CONSTRUCTION, tags: ['construction'], categories: ['business'] });
    expect(await stored(b.id)).toContain(a.id);
    expect(await stored(c.id)).toContain(a.id);
    const termsBefore = await db.selectFrom('publication_terms').select(['term', 'documents']).where('term', '=', 'parenting').executeTakeFirstOrThrow();
    expect(termsBefore.documents).toBe(3);

    await inTransaction((trx) => unpublishArticle({ db: trx, engine }, a.id, TEST_NOW));
    expect(await stored(b.id)).not.toContain(a.id);
    expect(await stored(c.id)).not.toContain(a.id);
    expect(await stored(a.id)).toEqual([]);
    expect(await readTheseNext(db, b.id, 10)).not.toContain(a.id);
    expect(await db.selectFrom('article_terms').select('term').where('article_id', '=', a.id).execute()).toEqual([]);
    const termsAfter = await db.selectFrom('publication_terms').select('documents').where('term', '=', 'parenting').executeTakeFirstOrThrow();
    expect(termsAfter.documents).toBe(2);
    await expectListsUpToDate();
  });

  it('puts a close new article into the lists of existing ones', async () => {
    const a = await article({ ...PARENTING, tags: ['co-parenting', 'holidays'], categories: ['family'], publishedAt: daysAgo(20) });
    // Enough same-category articles, newer than a, to fill its list with weaker entries.
    const fillers = [];
    for (let i = 0; i < RELATED_KEPT + 1; i++) {
      fillers.push(await article({ title: `Notes from the family desk ${i}`, body: `Issue ${i} of our newsletter.`, tags: [`issue ${i}`], categories: ['family'], publishedAt: daysAgo(10 - i) }));
    }
    expect(await stored(a.id)).toHaveLength(RELATED_KEPT);
    const before = await stored(a.id);

    const close = await article({ ...PARENTING_CLOSE, tags: ['co-parenting', 'holidays'], categories: ['family'], status: 'draft' });
    expect(await stored(a.id)).toEqual(before);
    await inTransaction((trx) => publishArticle({ db: trx, engine }, close.id, TEST_NOW));
    expect((await stored(a.id))[0]).toBe(close.id);
    expect(await stored(a.id)).toHaveLength(RELATED_KEPT);
    expect((await readTheseNext(db, a.id))[0]).toBe(close.id);
    expect(fillers).toHaveLength(RELATED_KEPT + 1);
    await expectListsUpToDate();
  });

  it('follows edits, and keeps the same lists and counts as a rebuild from scratch', async () => {
    const a = await article({ ...PARENTING, tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(3) });
    const b = await article({ ...CONSTRUCTION, tags: ['construction'], categories: ['business'], publishedAt: daysAgo(6) });
    const c = await article({ ...GARDENS, tags: ['neighbours'], categories: ['community'], publishedAt: daysAgo(9) });
    const d = await article({ ...PARENTING_CLOSE, tags: ['co-parenting'], categories: ['family'], publishedAt: daysAgo(12) });
    expect(await stored(d.id)).toEqual([a.id]);

    // b becomes a piece about parenting: it leaves nobody's list wrongly and enters d's.
    const content = (await loadContent(db, b.id))!;
    await inTransaction((trx) => updateArticle({ db: trx, engine }, b.id, { ...content, ...PARENTING_CLOSE, title: 'Parenting plans for holidays', tags: ['co-parenting'], categories: ['family'] }, { userId: null, now: TEST_NOW }));
    expect(await stored(d.id)).toContain(b.id);
    expect(await stored(c.id)).toEqual([]);
    await expectListsUpToDate();

    // The counts kept step by step are exactly what counting everything again gives.
    const snapshot = async () => ({
      documents: await db.selectFrom('publication_terms').select(['term', 'documents']).orderBy('term').execute(),
      vocabulary: await db.selectFrom('article_vocabulary').select(['article_id', 'terms']).orderBy('article_id').execute(),
    });
    await inTransaction((trx) => unpublishArticle({ db: trx, engine }, c.id, TEST_NOW));
    const kept = await snapshot();
    await inTransaction((trx) => rebuildRelated(trx, { now: TEST_NOW }));
    expect(await snapshot()).toEqual(kept);
    await expectListsUpToDate();
    expect(kept.vocabulary.map((v) => v.article_id)).toEqual([a.id, b.id, d.id]);
  });

  it('keeps every list as ranking from scratch would, through a run of edits, removals and returns', async () => {
    await seedDemo(db, engine, { mediators: 8, seed: 2, now: TEST_NOW });
    await generateArticles(db, engine, { articles: 60, seed: 4, now: TEST_NOW });
    const ids = (await db.selectFrom('articles').select('id').orderBy('id').execute()).map((r) => r.id);
    const pick = (n: number) => ids[(n * 37) % ids.length]!;
    for (let step = 0; step < 9; step++) {
      const id = pick(step);
      const content = (await loadContent(db, id))!;
      const status = (await db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      await inTransaction(async (trx) => {
        if (step % 3 === 0) {
          // A small fix: one word more.
          await updateArticle({ db: trx, engine }, id, { ...content, body: `${content.body} Also.` }, { userId: null, now: TEST_NOW });
        } else if (step % 3 === 1) {
          // Rewritten as another article's topic.
          const other = (await loadContent(trx, pick(step + 20)))!;
          await updateArticle({ db: trx, engine }, id, { ...content, title: other.title, body: other.body, tags: other.tags, categories: other.categories }, { userId: null, now: TEST_NOW });
        } else if (status === 'published') {
          await unpublishArticle({ db: trx, engine }, id, TEST_NOW);
        }
      });
      if (step % 3 === 2) {
        await expectListsUpToDate();
        await inTransaction((trx) => publishArticle({ db: trx, engine }, id, TEST_NOW));
      }
    }
    await expectListsUpToDate();
  });
});
