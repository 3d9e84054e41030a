import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Two things related reading needs beyond 2026-11-26-07.
 *
 * Related reading keeps document frequencies (publication_terms) over every distinct term of
 * every published article, but article_terms holds only each article's strongest terms. When a
 * published article's text changes, its old text is already gone, so the terms it was counted
 * under are kept here: that is what gets subtracted, and the counts stay exact.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('article_vocabulary')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    // The distinct terms, space-separated (terms are letters and digits only).
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();

  // Ranking one article reads every article sharing one of its terms: thousands of index
  // entries at 50,000 articles. With the weight in the index they are read from it alone,
  // instead of one table look-up each. It replaces the index by term, which it starts with.
  await db.schema.createIndex('article_terms_by_term_weight').on('article_terms').columns(['term', 'article_id', 'weight']).execute();
  await db.schema.dropIndex('article_terms_by_term').execute();
}
