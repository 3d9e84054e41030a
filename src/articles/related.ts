import type { Db } from '../db/database.ts';

/**
 * "Read these next". FIRST VERSION, to be replaced by the ranked one (shared tags and categories,
 * TF-IDF cosine of title and body, recency, shared author), precomputed into article_related.
 */
export async function refreshRelated(_db: Db, _changedIds: number[], _now: Date): Promise<void> {}

/**
 * Up to `limit` ids of other published articles to read next, best first: never the article
 * itself, never a draft, and never empty while other published articles exist.
 * FIRST VERSION: the latest published articles, preferring the same category.
 */
export async function readTheseNext(db: Db, articleId: number, limit = 3): Promise<number[]> {
  const cats = db.selectFrom('article_categories').select('category_id').where('article_id', '=', articleId);
  const same = await db
    .selectFrom('articles')
    .innerJoin('article_categories', 'article_categories.article_id', 'articles.id')
    .select('articles.id')
    .distinct()
    .where('article_categories.category_id', 'in', cats)
    .where('articles.status', '=', 'published')
    .where('articles.id', '!=', articleId)
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  const ids = same.map((r) => r.id);
  if (ids.length < limit) {
    const more = await db.selectFrom('articles').select('id').where('status', '=', 'published').where('id', '!=', articleId).orderBy('published_at', 'desc').limit(limit + ids.length).execute();
    for (const r of more) if (ids.length < limit && !ids.includes(r.id)) ids.push(r.id);
  }
  return ids;
}
