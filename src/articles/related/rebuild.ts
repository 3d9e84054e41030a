import type { Db } from '../../db/database.ts';
import { compareText, termCounts, weighTerms } from '../terms.ts';
import { Best, chunks, freshness, knownPart, relatedScore, RELATED_KEPT, REST_MAX, SLACK } from './score.ts';

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

