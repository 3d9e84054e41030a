import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * The publication: articles, news summaries and videos, their authors, categories and tags,
 * the editorial trail (revisions and reviews), what related reading needs, and the weekly digest.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? 'serial' : 'integer';
  const real = engine === 'postgres' ? 'double precision' : 'real';

  // An author is a byline. A mediator author is linked to their profile (the byline links there
  // and the profile lists their writing); an editor who is not a mediator has an author page.
  // Demo mediators have no account, so user_id is optional too.
  await db.schema
    .createTable('authors')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'integer', (c) => c.unique().references('users.id').onDelete('set null'))
    .addColumn('mediator_id', 'integer', (c) => c.unique().references('mediators.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  // kind: article | news | video. status: draft | submitted | changes_requested | declined |
  // scheduled | published. The body is Markdown (an article's text, a news summary, a video's
  // transcript or summary). excerpt is always filled: written, or derived from the body.
  await db.schema
    .createTable('articles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('excerpt_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text')
    .addColumn('source_url', 'text')
    .addColumn('video_url', 'text')
    .addColumn('video_provider', 'text')
    .addColumn('video_id', 'text')
    .addColumn('video_seconds', 'integer')
    .addColumn('hero_image', 'text')
    .addColumn('hero_alt', 'text')
    .addColumn('hero_width', 'integer')
    .addColumn('hero_height', 'integer')
    .addColumn('reading_minutes', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    // When a scheduled article is due; the server publishes it then (also after a restart).
    .addColumn('publish_at', 'text')
    .addColumn('published_at', 'text')
    // Set when a published article's text changes: the "Updated" date readers see.
    .addColumn('revised_at', 'text')
    .execute();
  await db.schema.createIndex('articles_published').on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_due').on('articles').columns(['status', 'publish_at']).execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema.createIndex('article_authors_by_author').on('article_authors').columns(['author_id', 'article_id']).execute();

  await db.schema
    .createTable('article_categories')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_categories_pk', ['article_id', 'category_id'])
    .execute();
  await db.schema.createIndex('article_categories_by_category').on('article_categories').columns(['category_id', 'article_id']).execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_by_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

  // Every save keeps the whole editable content as JSON, so any revision can be shown and restored.
  await db.schema
    .createTable('article_revisions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_by_article').on('article_revisions').columns(['article_id', 'id']).execute();

  // The editorial trail: submitted, approved, changes_requested, declined, scheduled, published…
  await db.schema
    .createTable('article_reviews')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_reviews_by_article').on('article_reviews').columns(['article_id', 'id']).execute();

  // Related reading. A published article's strongest terms (TF-IDF weights, unit length), an
  // inverted index by term, and how many published articles use each term; the top related
  // articles are kept per article, ranked, and refreshed when articles are published.
  await db.schema
    .createTable('article_terms')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('weight', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_terms_pk', ['article_id', 'term'])
    .execute();
  await db.schema.createIndex('article_terms_by_term').on('article_terms').columns(['term', 'article_id']).execute();

  await db.schema
    .createTable('publication_terms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_related')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('score', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_related_pk', ['article_id', 'position'])
    .execute();
  await db.schema.createIndex('article_related_by_related').on('article_related').column('related_id').execute();

  // Full-text search differs by engine, as for mediators.
  if (engine === 'postgres') {
    await sql`ALTER TABLE articles ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX articles_search ON articles USING gin (search_vector)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE article_fts USING fts5(title, excerpt, body, tags, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }

  // The weekly digest. Links in its mails are signed (SECRET), so no token is stored.
  await db.schema
    .createTable('digest_subscribers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('last_sent_at', 'text')
    .execute();

  // One row per digest week, claimed by insert, so several instances send each digest once.
  await db.schema
    .createTable('digest_runs')
    .addColumn('week', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
