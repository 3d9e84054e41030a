import type { Db } from '../db/database.ts';
import { latestInCategories } from './related/upkeep.ts';

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

export { RELATED_KEPT, RELATED_WEIGHTS, freshness, relatedScore, type RelatedEntry } from './related/score.ts';
export { computeRelated, computeRelatedMany, refreshRelated } from './related/upkeep.ts';
export { rebuildRelated, type RebuildStats } from './related/rebuild.ts';

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

