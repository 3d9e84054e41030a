import type { Db } from '../../db/database.ts';
import { compareText, termCounts, type WeightedTerm } from '../terms.ts';
import { beats, Best, chunks, freshness, knownPart, relatedScore, RELATED_KEPT, REST_MAX, SLACK, W, type RelatedEntry } from './score.ts';
import { countIn, storeTerms, uncount } from './term-store.ts';

// ---------------------------------------------------------------------------------------------
// One article at a time, in SQL (publishing and the page's spares).

interface ArticleFacts {
  id: number;
  publishedAt: string | null;
  terms: WeightedTerm[];
  tags: number[];
  categories: number[];
  authors: number[];
}

/** What an article shares with one other, before categories and dates are read. */
interface Shared {
  text: number;
  tags: number;
  author: boolean;
}

/** The published ones of these articles, with their term vectors (sorted by term), tags, categories and authors. */
async function factsOf(db: Db, ids: number[]): Promise<Map<number, ArticleFacts>> {
  const facts = new Map<number, ArticleFacts>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('articles').select(['id', 'published_at']).where('id', 'in', part).where('status', '=', 'published').execute();
    for (const r of rows) facts.set(r.id, { id: r.id, publishedAt: r.published_at, terms: [], tags: [], categories: [], authors: [] });
  }
  const live = [...facts.keys()];
  for (const part of chunks(live)) {
    for (const r of await db.selectFrom('article_terms').select(['article_id', 'term', 'weight']).where('article_id', 'in', part).execute()) facts.get(r.article_id)!.terms.push({ term: r.term, weight: r.weight });
    for (const r of await db.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', part).execute()) facts.get(r.article_id)!.tags.push(r.tag_id);
    for (const r of await db.selectFrom('article_categories').select(['article_id', 'category_id']).where('article_id', 'in', part).execute()) facts.get(r.article_id)!.categories.push(r.category_id);
    for (const r of await db.selectFrom('article_authors').select(['article_id', 'author_id']).where('article_id', 'in', part).execute()) facts.get(r.article_id)!.authors.push(r.author_id);
  }
  for (const f of facts.values()) f.terms.sort((x, y) => compareText(x.term, y.term));
  return facts;
}

/** Who has each key, and with what weight. */
type Postings = Map<string | number, { ids: number[]; weights: number[] }>;

function post(postings: Postings, key: string | number, id: number, weight = 0): void {
  let p = postings.get(key);
  if (!p) postings.set(key, (p = { ids: [], weights: [] }));
  p.ids.push(id);
  p.weights.push(weight);
}

/**
 * For each of these articles, every published article sharing a term, a tag or an author with it,
 * with what they share. The look-ups are made once for all of them: the lists an article was in
 * are ranked again together, and they tend to share their words. article_terms holds published
 * articles only (refreshRelated keeps it so), so terms need no status check; tags and authors
 * belong to drafts too.
 */
async function sharing(db: Db, all: ArticleFacts[]): Promise<Map<number, Map<number, Shared>>> {
  const terms: Postings = new Map();
  const wantedTerms = [...new Set(all.flatMap((a) => a.terms.map((t) => t.term)))];
  for (const part of chunks(wantedTerms, 1000)) {
    for (const r of await db.selectFrom('article_terms').select(['article_id', 'term', 'weight']).where('term', 'in', part).execute()) post(terms, r.term, r.article_id, r.weight);
  }
  const tags: Postings = new Map();
  for (const part of chunks([...new Set(all.flatMap((a) => a.tags))])) {
    const rows = await db
      .selectFrom('article_tags')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select(['article_tags.article_id', 'article_tags.tag_id'])
      .where('article_tags.tag_id', 'in', part)
      .where('articles.status', '=', 'published')
      .execute();
    for (const r of rows) post(tags, r.tag_id, r.article_id);
  }
  const authors: Postings = new Map();
  for (const part of chunks([...new Set(all.flatMap((a) => a.authors))])) {
    const rows = await db
      .selectFrom('article_authors')
      .innerJoin('articles', 'articles.id', 'article_authors.article_id')
      .select(['article_authors.article_id', 'article_authors.author_id'])
      .where('article_authors.author_id', 'in', part)
      .where('articles.status', '=', 'published')
      .execute();
    for (const r of rows) post(authors, r.author_id, r.article_id);
  }

  const result = new Map<number, Map<number, Shared>>();
  for (const a of all) {
    const found = new Map<number, Shared>();
    const entry = (id: number) => {
      let s = found.get(id);
      if (!s) found.set(id, (s = { text: 0, tags: 0, author: false }));
      return s;
    };
    // Summed in term order, as rebuildRelated does, so the cosines agree to the last bit.
    for (const t of a.terms) {
      const p = terms.get(t.term);
      if (!p) continue;
      for (let k = 0; k < p.ids.length; k++) if (p.ids[k] !== a.id) entry(p.ids[k]!).text += t.weight * p.weights[k]!;
    }
    for (const tag of a.tags) for (const id of tags.get(tag)?.ids ?? []) if (id !== a.id) entry(id).tags += 1;
    for (const author of a.authors) for (const id of authors.get(author)?.ids ?? []) if (id !== a.id) entry(id).author = true;
    result.set(a.id, found);
  }
  return result;
}

/** The most recent published articles in a category, newest first (ties: higher id first). */
export async function latestInCategories(db: Db, categories: number[], exclude: number[], limit: number): Promise<number[]> {
  if (!categories.length || limit <= 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .where('id', 'not in', exclude.length ? exclude : [0])
    .where((eb) =>
      eb.exists(
        eb.selectFrom('article_categories').select('article_categories.article_id').whereRef('article_categories.article_id', '=', 'articles.id').where('article_categories.category_id', 'in', categories),
      ),
    )
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Of these articles, the published ones with their dates, and which share one of `categories`. */
async function datesAndCategories(db: Db, ids: number[], categories: number[]): Promise<{ published: Map<number, string | null>; inCategory: Set<number> }> {
  const published = new Map<number, string | null>();
  const inCategory = new Set<number>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('articles').select(['id', 'published_at']).where('status', '=', 'published').where('id', 'in', part).execute();
    for (const r of rows) published.set(r.id, r.published_at);
    if (categories.length) {
      const cats = await db.selectFrom('article_categories').select('article_id').distinct().where('category_id', 'in', categories).where('article_id', 'in', part).execute();
      for (const r of cats) inCategory.add(r.article_id);
    }
  }
  return { published, inCategory };
}

async function rankFor(db: Db, a: ArticleFacts, shared: Map<number, Shared>, now: Date): Promise<RelatedEntry[]> {
  // Categories and dates can add at most REST_MAX: an article whose known part falls that far
  // below the RELATED_KEPT-th best known part cannot make the list, and is not looked up.
  const bound = new Best(RELATED_KEPT);
  for (const [id, s] of shared) bound.offer(id, knownPart(s.text, s.tags, s.author));
  const floor = bound.floor;
  const ids = [...shared.keys()].filter((id) => {
    const s = shared.get(id)!;
    return knownPart(s.text, s.tags, s.author) + REST_MAX + SLACK >= floor;
  });
  // Sharing only a category: the most recent ones are the best of them.
  for (const id of await latestInCategories(db, a.categories, [a.id], RELATED_KEPT)) if (!shared.has(id)) ids.push(id);

  const { published, inCategory } = await datesAndCategories(db, ids, a.categories);
  const best = new Best(RELATED_KEPT);
  for (const id of ids) {
    if (!published.has(id)) continue;
    const s = shared.get(id) ?? { text: 0, tags: 0, author: false };
    best.offer(id, relatedScore(s.text, s.tags, inCategory.has(id), s.author, freshness(published.get(id)!, now)));
  }
  return best.items;
}

/**
 * The related list of one article, ranked from scratch from the stored term vectors, tags,
 * categories and authors (nothing is written). Empty for an article that is not published.
 */
export async function computeRelated(db: Db, articleId: number, now: Date): Promise<RelatedEntry[]> {
  return (await computeRelatedMany(db, [articleId], now)).get(articleId) ?? [];
}

/** computeRelated for several articles at once, sharing the look-ups; only published ones get a list. */
export async function computeRelatedMany(db: Db, articleIds: number[], now: Date): Promise<Map<number, RelatedEntry[]>> {
  const lists = new Map<number, RelatedEntry[]>();
  // A few hundred at a time keeps the shared look-ups to a size memory holds easily.
  for (const part of chunks([...new Set(articleIds)], 200)) {
    const facts = [...(await factsOf(db, part)).values()];
    const shared = await sharing(db, facts);
    for (const a of facts) lists.set(a.id, await rankFor(db, a, shared.get(a.id)!, now));
  }
  return lists;
}

async function storeList(db: Db, articleId: number, entries: RelatedEntry[]): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (!entries.length) return;
  await db
    .insertInto('article_related')
    .values(entries.map((e, position) => ({ article_id: articleId, position, related_id: e.id, score: e.score })))
    .execute();
}

/**
 * Puts `a` into the lists of the articles it now belongs in: those whose score for `a` beats
 * their last entry, or whose list still has room and that share something with `a`.
 */
async function enterLists(db: Db, a: ArticleFacts, shared: Map<number, Shared>, skip: Set<number>, now: Date): Promise<void> {
  const fresh = freshness(a.publishedAt, now);
  const lastOf = new Map<number, RelatedEntry>();
  const strong = [...shared.keys()].filter((id) => !skip.has(id));
  for (const part of chunks(strong)) {
    const rows = await db.selectFrom('article_related').select(['article_id', 'related_id', 'score']).where('position', '=', RELATED_KEPT - 1).where('article_id', 'in', part).execute();
    for (const r of rows) lastOf.set(r.article_id, { id: r.related_id, score: r.score });
  }
  // Only the ones that might get in need their categories read.
  const maybe = strong.filter((id) => {
    const last = lastOf.get(id);
    const s = shared.get(id)!;
    return !last || knownPart(s.text, s.tags, s.author) + W.category + W.recency * fresh + SLACK >= last.score;
  });
  const inCategory = new Set<number>();
  if (a.categories.length) {
    for (const part of chunks(maybe)) {
      const rows = await db.selectFrom('article_categories').select('article_id').distinct().where('category_id', 'in', a.categories).where('article_id', 'in', part).execute();
      for (const r of rows) inCategory.add(r.article_id);
    }
  }
  const entering = new Map<number, number>();
  for (const id of maybe) {
    const s = shared.get(id)!;
    const score = relatedScore(s.text, s.tags, inCategory.has(id), s.author, fresh);
    const last = lastOf.get(id);
    if (!last || beats(score, a.id, last)) entering.set(id, score);
  }

  // Articles sharing only a category with `a` take it when their list is short or ends lower.
  if (a.categories.length) {
    const onlyCategory = relatedScore(0, 0, true, false, fresh);
    const rows = await db
      .selectFrom('article_categories as ac')
      .innerJoin('articles as b', 'b.id', 'ac.article_id')
      .leftJoin('article_related as r', (join) => join.onRef('r.article_id', '=', 'ac.article_id').on('r.position', '=', RELATED_KEPT - 1))
      .select(['ac.article_id', 'r.related_id', 'r.score'])
      .distinct()
      .where('ac.category_id', 'in', a.categories)
      .where('b.status', '=', 'published')
      .where('ac.article_id', '!=', a.id)
      .where((eb) => eb.or([eb('r.article_id', 'is', null), eb('r.score', '<=', onlyCategory)]))
      .execute();
    for (const r of rows) {
      if (shared.has(r.article_id) || skip.has(r.article_id)) continue;
      if (r.related_id === null || r.score === null || beats(onlyCategory, a.id, { id: r.related_id, score: r.score })) entering.set(r.article_id, onlyCategory);
    }
  }

  for (const [id, score] of [...entering].sort((x, y) => x[0] - y[0])) {
    const rows = await db.selectFrom('article_related').select(['related_id', 'score']).where('article_id', '=', id).orderBy('position').execute();
    const best = new Best(RELATED_KEPT);
    for (const r of rows) if (r.related_id !== a.id) best.offer(r.related_id, r.score);
    best.offer(a.id, score);
    await storeList(db, id, best.items);
  }
}

/**
 * Called inside the publishing transaction whenever articles are published, changed while
 * published, or taken down: term counts and vectors first (for all of them), then the lists.
 */
export async function refreshRelated(db: Db, changedIds: number[], now: Date): Promise<void> {
  const ids = [...new Set(changedIds)].sort((x, y) => x - y);
  if (!ids.length) return;
  const rows = await db.selectFrom('articles').select(['id', 'status', 'title', 'body']).where('id', 'in', ids).execute();
  const live = rows.filter((r) => r.status === 'published').sort((x, y) => x.id - y.id);

  for (const id of ids) await uncount(db, id);
  const counts = new Map(live.map((r) => [r.id, termCounts(r.title, r.body)]));
  for (const r of live) await countIn(db, r.id, counts.get(r.id)!);
  const published = Number((await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow()).n);
  for (const r of live) await storeTerms(db, r.id, counts.get(r.id)!, published);

  for (const id of ids) {
    const holding = await db.selectFrom('article_related').select('article_id').distinct().where('related_id', '=', id).execute();
    const holders = holding.map((h) => h.article_id).filter((h) => h !== id).sort((x, y) => x - y);
    const a = (await factsOf(db, [id])).get(id);
    let again = holders;
    if (a) {
      const shared = (await sharing(db, [a])).get(id)!;
      await storeList(db, id, await rankFor(db, a, shared, now));
      again = await moveInLists(db, a, shared, holders, now);
      await enterLists(db, a, shared, new Set([...holders, id]), now);
    } else {
      await storeList(db, id, []);
    }
    // What is left needs the best article outside the list, which only ranking from scratch finds.
    const ranked = await computeRelatedMany(db, again, now);
    for (const other of again) await storeList(db, other, ranked.get(other) ?? []);
  }
}

/**
 * `a` changed; these lists hold it. Where its new score keeps it in the list (it rose, or still
 * beats the last entry, or the list holds every candidate there is), it is moved in place. The
 * others, where it fell below the last entry, are returned to be ranked from scratch: a typo fixed
 * in a much-read article should not rank hundreds of lists again.
 */
async function moveInLists(db: Db, a: ArticleFacts, shared: Map<number, Shared>, holders: number[], now: Date): Promise<number[]> {
  const fresh = freshness(a.publishedAt, now);
  const lists = new Map<number, RelatedEntry[]>();
  const inCategory = new Set<number>();
  for (const part of chunks(holders)) {
    const rows = await db.selectFrom('article_related').select(['article_id', 'related_id', 'score']).where('article_id', 'in', part).orderBy('article_id').orderBy('position').execute();
    for (const r of rows) {
      let list = lists.get(r.article_id);
      if (!list) lists.set(r.article_id, (list = []));
      list.push({ id: r.related_id, score: r.score });
    }
    if (a.categories.length) {
      const cats = await db.selectFrom('article_categories').select('article_id').distinct().where('category_id', 'in', a.categories).where('article_id', 'in', part).execute();
      for (const r of cats) inCategory.add(r.article_id);
    }
  }
  const again: number[] = [];
  for (const b of holders) {
    const list = lists.get(b) ?? [];
    const old = list.find((e) => e.id === a.id);
    const s = shared.get(b);
    const category = inCategory.has(b);
    // Still a candidate for b's list at all: it shares something with b.
    const score = s || category ? relatedScore(s?.text ?? 0, s?.tags ?? 0, category, s?.author ?? false, fresh) : null;
    const last = list[list.length - 1];
    // A list shorter than RELATED_KEPT holds every candidate; a full one holds the best, and
    // nothing outside it beats its last entry.
    const keeps =
      list.length < RELATED_KEPT ||
      (old !== undefined && score !== null && (score >= old.score || (last !== undefined && last.id !== a.id && beats(score, a.id, last))));
    if (!old || !keeps) {
      again.push(b);
      continue;
    }
    const best = new Best(RELATED_KEPT);
    for (const e of list) if (e.id !== a.id) best.offer(e.id, e.score);
    if (score !== null) best.offer(a.id, score);
    await storeList(db, b, best.items);
  }
  return again;
}

