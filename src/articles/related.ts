import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { compareText, termCounts, weighTerms, type WeightedTerm } from './terms.ts';

/**
 * "Read these next": other published articles, closest in topic first.
 *
 * How close article B is to article A (the score, highest first; equal scores go to the higher id):
 *
 *     how alike their words are   the cosine of their TF-IDF term vectors, from 0 to 1
 *   + 0.2 for each tag they share, counting at most three
 *   + 0.15 when they share a category
 *   + 0.05 when they share an author
 *   + up to 0.1 for B being recent: 0.1 when just published, halving every 180 days
 *
 * Each published article keeps its best RELATED_KEPT in article_related, among the articles that
 * share a term, a tag, a category or an author with it, so the article page reads a few rows.
 * When fewer than asked for are kept, the page tops up with the most recent articles in the same
 * category, then the most recent of all: never the article itself, never a draft, and never
 * empty while any other article is published.
 *
 * The lists follow publication (refreshRelated, in the publishing transaction): a published or
 * changed article gets its own list and enters every list it now beats the last entry of; in the
 * lists that already held a changed article it moves to its new place, and the lists it fell out
 * of, like all that held an article taken down, are ranked again from scratch. Term weights and
 * recency are as of each article's last refresh, so they drift a little as the publication grows;
 * rebuildRelated ranks everything again from scratch (the seed and the generator use it).
 *
 * All ranking happens here in TypeScript, summed in a fixed order, so both engines keep the same
 * lists to the last bit.
 */

/** How many related articles each published article keeps (pages show three; the rest are spares). */
export const RELATED_KEPT = 6;

export const RELATED_WEIGHTS = {
  /** Per shared tag, for at most `maxTags` tags. */
  tag: 0.2,
  maxTags: 3,
  category: 0.15,
  author: 0.05,
  /** For a piece published just now; halves every `halfLifeDays`. */
  recency: 0.1,
  halfLifeDays: 180,
} as const;

export interface RelatedEntry {
  id: number;
  score: number;
}

const W = RELATED_WEIGHTS;
const DAY_MS = 86_400_000;
/** Scores that differ by less than this are compared exactly anyway; it only guards the bounds used to skip work. */
const SLACK = 1e-9;
/** Ids per IN (…) list: below SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 5000;

/** 1 for an article published at `now`, 0.5 half a year before, and so on. */
export function freshness(publishedAt: string | null, now: Date): number {
  if (!publishedAt) return 0;
  const days = Math.max(0, (now.getTime() - Date.parse(publishedAt)) / DAY_MS);
  return Math.pow(0.5, days / W.halfLifeDays);
}

/** What tags, text and authors give: known before categories and dates are read. */
function knownPart(text: number, tags: number, author: boolean): number {
  return text + W.tag * Math.min(tags, W.maxTags) + (author ? W.author : 0);
}

/** The most a shared category and recency can add to knownPart. */
const REST_MAX = W.category + W.recency;

/** The score above, in one place: both ways of ranking (one article, or all at once) call it. */
export function relatedScore(text: number, tags: number, category: boolean, author: boolean, fresh: number): number {
  return knownPart(text, tags, author) + (category ? W.category : 0) + W.recency * fresh;
}

const beats = (score: number, id: number, other: RelatedEntry) => score > other.score || (score === other.score && id > other.id);

/** The best `size` entries offered, best first. */
class Best {
  readonly items: RelatedEntry[] = [];
  constructor(private readonly size: number) {}
  offer(id: number, score: number): void {
    const items = this.items;
    if (items.length === this.size && !beats(score, id, items[items.length - 1]!)) return;
    let i = items.length;
    while (i > 0 && beats(score, id, items[i - 1]!)) i--;
    items.splice(i, 0, { id, score });
    if (items.length > this.size) items.pop();
  }
  /** The score an entry must reach to get in (−∞ while there is room). */
  get floor(): number {
    return this.items.length < this.size ? -Infinity : this.items[this.items.length - 1]!.score;
  }
}

function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

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
async function latestInCategories(db: Db, categories: number[], exclude: number[], limit: number): Promise<number[]> {
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

// ---------------------------------------------------------------------------------------------
// Term vectors and document frequencies.

async function uncount(db: Db, id: number): Promise<void> {
  const row = await db.selectFrom('article_vocabulary').select('terms').where('article_id', '=', id).executeTakeFirst();
  await db.deleteFrom('article_terms').where('article_id', '=', id).execute();
  if (!row) return;
  await db.deleteFrom('article_vocabulary').where('article_id', '=', id).execute();
  const terms = row.terms.split(' ').filter(Boolean);
  for (const part of chunks(terms)) {
    await db.updateTable('publication_terms').set({ documents: sql`documents - 1` }).where('term', 'in', part).execute();
    await db.deleteFrom('publication_terms').where('term', 'in', part).where('documents', '<=', 0).execute();
  }
}

async function countIn(db: Db, id: number, counts: Map<string, number>): Promise<void> {
  const terms = [...counts.keys()].sort(compareText);
  await db.insertInto('article_vocabulary').values({ article_id: id, terms: terms.join(' ') }).execute();
  for (const part of chunks(terms, 1000)) {
    await db
      .insertInto('publication_terms')
      .values(part.map((term) => ({ term, documents: 1 })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ documents: sql`publication_terms.documents + 1` }))
      .execute();
  }
}

async function storeTerms(db: Db, id: number, counts: Map<string, number>, published: number): Promise<void> {
  const frequencies = new Map<string, number>();
  for (const part of chunks([...counts.keys()])) {
    const rows = await db.selectFrom('publication_terms').select(['term', 'documents']).where('term', 'in', part).execute();
    for (const r of rows) frequencies.set(r.term, r.documents);
  }
  const weighted = weighTerms(counts, (t) => frequencies.get(t) ?? 1, published);
  if (weighted.length) await db.insertInto('article_terms').values(weighted.map((t) => ({ article_id: id, term: t.term, weight: t.weight }))).execute();
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

// ---------------------------------------------------------------------------------------------
// Reading.

/**
 * Up to `limit` ids of other published articles to read next, best first: the kept list, then
 * the most recent in the same categories, then the most recent of all. Everything is checked
 * to be published as it is read, whatever the kept list says.
 */
export async function readTheseNext(db: Db, articleId: number, limit = 3): Promise<number[]> {
  if (limit <= 0) return [];
  const kept = await db
    .selectFrom('article_related')
    .innerJoin('articles', 'articles.id', 'article_related.related_id')
    .select('article_related.related_id')
    .where('article_related.article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .where('article_related.related_id', '!=', articleId)
    .orderBy('article_related.position')
    .limit(limit)
    .execute();
  const ids = kept.map((r) => r.related_id);
  if (ids.length >= limit) return ids;

  const categories = (await db.selectFrom('article_categories').select('category_id').where('article_id', '=', articleId).execute()).map((c) => c.category_id);
  ids.push(...(await latestInCategories(db, categories, [articleId, ...ids], limit - ids.length)));
  if (ids.length >= limit) return ids;

  const latest = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .where('id', 'not in', [articleId, ...ids])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit - ids.length)
    .execute();
  return [...ids, ...latest.map((r) => r.id)];
}

// ---------------------------------------------------------------------------------------------
// Everything at once.

export interface RebuildStats {
  articles: number;
  terms: number;
  lists: number;
  ms: number;
}

/**
 * Counts terms, weighs every published article's vector and ranks every list again, in memory,
 * then replaces publication_terms, article_vocabulary, article_terms and article_related.
 * For the seed, the generator and repairs; the caller opens the transaction (one is best: it
 * replaces whole tables). Gives the same lists as computeRelated for each article.
 */
export async function rebuildRelated(db: Db, opts: { now: Date; log?: (msg: string) => void }): Promise<RebuildStats> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const articles = await db.selectFrom('articles').select(['id', 'title', 'body', 'published_at']).where('status', '=', 'published').orderBy('id').execute();
  const n = articles.length;
  const index = new Map(articles.map((a, i) => [a.id, i]));

  // Terms and document frequencies.
  const counts = articles.map((a) => termCounts(a.title, a.body));
  const documents = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) documents.set(t, (documents.get(t) ?? 0) + 1);
  const vectors = counts.map((c) => weighTerms(c, (t) => documents.get(t) ?? 1, n));
  log(`weighed terms of ${n} articles (${Math.round(performance.now() - started)} ms)`);

  await db.deleteFrom('article_related').execute();
  await db.deleteFrom('article_terms').execute();
  await db.deleteFrom('article_vocabulary').execute();
  await db.deleteFrom('publication_terms').execute();
  const frequencyRows = [...documents].sort((x, y) => compareText(x[0], y[0])).map(([term, documents]) => ({ term, documents }));
  for (const part of chunks(frequencyRows, 2000)) await db.insertInto('publication_terms').values(part).execute();
  for (const part of chunks(articles.map((a, i) => ({ article_id: a.id, terms: [...counts[i]!.keys()].sort(compareText).join(' ') })), 2000)) {
    await db.insertInto('article_vocabulary').values(part).execute();
  }
  const termRows = articles.flatMap((a, i) => vectors[i]!.map((t) => ({ article_id: a.id, term: t.term, weight: t.weight })));
  for (const part of chunks(termRows, 3000)) await db.insertInto('article_terms').values(part).execute();
  log(`stored ${frequencyRows.length} terms and ${termRows.length} term weights (${Math.round(performance.now() - started)} ms)`);

  // Postings (who has each term, tag, author and category) as flat typed arrays: the loop below
  // walks tens of millions of entries, and plain objects would be several times slower.
  const termIds = new Map<string, number>();
  for (const v of vectors) for (const t of v) if (!termIds.has(t.term)) termIds.set(t.term, termIds.size);
  const vectorTerms = vectors.map((v) => Int32Array.from(v, (t) => termIds.get(t.term)!));
  const vectorWeights = vectors.map((v) => Float64Array.from(v, (t) => t.weight));
  const termPostings = invert(termIds.size, vectorTerms, vectorWeights);
  const tags = links(n, index, await db.selectFrom('article_tags').select(['article_id', 'tag_id as link']).execute());
  const authors = links(n, index, await db.selectFrom('article_authors').select(['article_id', 'author_id as link']).execute());
  const categories = links(n, index, await db.selectFrom('article_categories').select(['article_id', 'category_id as link']).execute());
  const fresh = articles.map((a) => freshness(a.published_at, opts.now));
  // Newest first, ties to the higher id, as latestInCategories reads them.
  const newestFirst = (x: number, y: number) => compareText(articles[y]!.published_at ?? '', articles[x]!.published_at ?? '') || y - x;
  const latestByCategory = categories.postings.lists.map((list) => Int32Array.from([...list.at].sort(newestFirst)));

  const text = new Float64Array(n);
  const tagCount = new Uint16Array(n);
  const byAuthor = new Uint8Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const relatedRows: { article_id: number; position: number; related_id: number; score: number }[] = [];
  let lists = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    const mineTerms = vectorTerms[i]!;
    const mineWeights = vectorWeights[i]!;
    // Summed in term order (vectors are sorted by term), as the one-article path does.
    for (let q = 0; q < mineTerms.length; q++) {
      const { at, weight } = termPostings.lists[mineTerms[q]!]!;
      const a = mineWeights[q]!;
      for (let k = 0; k < at.length; k++) {
        const j = at[k]!;
        if (j === i) continue;
        if (seen[j] === 0) {
          seen[j] = 1;
          touched[count++] = j;
        }
        text[j] = text[j]! + a * weight[k]!;
      }
    }
    for (const tag of tags.byArticle[i]!) {
      const { at } = tags.postings.lists[tag]!;
      for (let k = 0; k < at.length; k++) {
        const j = at[k]!;
        if (j === i) continue;
        if (seen[j] === 0) {
          seen[j] = 1;
          touched[count++] = j;
        }
        tagCount[j] = tagCount[j]! + 1;
      }
    }
    for (const author of authors.byArticle[i]!) {
      const { at } = authors.postings.lists[author]!;
      for (let k = 0; k < at.length; k++) {
        const j = at[k]!;
        if (j === i) continue;
        if (seen[j] === 0) {
          seen[j] = 1;
          touched[count++] = j;
        }
        byAuthor[j] = 1;
      }
    }
    // Sharing only a category: the most recent in each of its categories.
    const mine = categories.byArticle[i]!;
    for (const c of mine) {
      const latest = latestByCategory[c]!;
      for (let k = 0, taken = 0; k < latest.length && taken < RELATED_KEPT; k++) {
        const j = latest[k]!;
        if (j === i) continue;
        taken++;
        if (seen[j] === 0) {
          seen[j] = 1;
          touched[count++] = j;
        }
      }
    }
    // Most candidates fall short even with the most a category and recency could add: that one
    // comparison against the list so far skips them.
    const best = new Best(RELATED_KEPT);
    for (let k = 0; k < count; k++) {
      const j = touched[k]!;
      const known = knownPart(text[j]!, tagCount[j]!, byAuthor[j] === 1);
      if (known + REST_MAX + SLACK < best.floor) continue;
      const theirs = categories.byArticle[j]!;
      let category = false;
      for (let q = 0; q < mine.length && !category; q++) category = theirs.includes(mine[q]!);
      best.offer(articles[j]!.id, relatedScore(text[j]!, tagCount[j]!, category, byAuthor[j] === 1, fresh[j]!));
    }
    for (let k = 0; k < count; k++) {
      const j = touched[k]!;
      seen[j] = 0;
      text[j] = 0;
      tagCount[j] = 0;
      byAuthor[j] = 0;
    }
    best.items.forEach((e, position) => relatedRows.push({ article_id: articles[i]!.id, position, related_id: e.id, score: e.score }));
    if (best.items.length) lists++;
  }
  log(`ranked ${n} lists (${Math.round(performance.now() - started)} ms)`);
  for (const part of chunks(relatedRows, 3000)) await db.insertInto('article_related').values(part).execute();
  return { articles: n, terms: frequencyRows.length, lists, ms: performance.now() - started };
}

interface DensePostings {
  /** Per key: the articles (by position in the rebuild) that have it, in article order, and their weights. */
  lists: { at: Int32Array; weight: Float64Array }[];
}

/** Turns per-article keys (and weights) into per-key lists of articles. */
function invert(keys: number, perArticle: Int32Array[], weights?: Float64Array[]): DensePostings {
  const sizes = new Int32Array(keys);
  for (const list of perArticle) for (const k of list) sizes[k] = sizes[k]! + 1;
  const lists = Array.from(sizes, (size) => ({ at: new Int32Array(size), weight: new Float64Array(weights ? size : 0) }));
  const filled = new Int32Array(keys);
  perArticle.forEach((list, i) => {
    list.forEach((k, q) => {
      const slot = filled[k]!;
      lists[k]!.at[slot] = i;
      if (weights) lists[k]!.weight[slot] = weights[i]![q]!;
      filled[k] = slot + 1;
    });
  });
  return { lists };
}

/** Tags, authors or categories of each article (as dense key numbers), and who has each. */
function links(n: number, index: Map<number, number>, rows: { article_id: number; link: number }[]): { byArticle: Int32Array[]; postings: DensePostings } {
  const keyOf = new Map<number, number>();
  const perArticle: number[][] = Array.from({ length: n }, () => []);
  rows.sort((x, y) => x.article_id - y.article_id || x.link - y.link);
  for (const r of rows) {
    const i = index.get(r.article_id);
    if (i === undefined) continue;
    let key = keyOf.get(r.link);
    if (key === undefined) keyOf.set(r.link, (key = keyOf.size));
    perArticle[i]!.push(key);
  }
  const byArticle = perArticle.map((list) => Int32Array.from(list));
  return { byArticle, postings: invert(keyOf.size, byArticle) };
}
