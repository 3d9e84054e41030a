import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * The association's news: pieces of the publication tagged with the associations they concern.
 * Like a piece's tags, the links are part of its content (saved with each revision) and go with
 * the piece or the association; deleting an association leaves its pieces.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('article_associations')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_associations_pk', ['article_id', 'association_id'])
    .execute();
  await db.schema.createIndex('article_associations_by_association').on('article_associations').columns(['association_id', 'article_id']).execute();
}
