import type { Db } from '../db/database.ts';

/**
 * "Read these next". FIRST VERSION, to be replaced by the ranked one (shared tags and categories,
 * TF-IDF cosine of title and body, recency, shared author), precomputed into article_related.
 */
export async function refreshRelated(_db: Db, _changedIds: number[], _now: Date): Promise<void> {}
