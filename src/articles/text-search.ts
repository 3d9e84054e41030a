import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { normalise } from '../geo/places.ts';
import { hideEmailAddresses } from '../web/markdown.ts';
import { indexWords } from './snippets.ts';

/**
 * The full-text index of published articles. The engines differ here (FTS5 on SQLite, a
 * tsvector column with a GIN index on PostgreSQL), so this is one interface with one
 * implementation per engine, like the mediators' keyword search. Neither stems, and both fold
 * case and accents, so a query finds the same articles (search.ts builds each engine's query).
 * FTS5 keeps the text as written, because its snippet() shows it to readers; its tokenizer
 * folds case and accents itself. PostgreSQL indexes text we normalise ourselves.
 * Only published articles are in the index; drafts never show in search.
 */
export interface ArticleDocument {
  id: number;
  title: string;
  excerpt: string;
  /** Plain text of the body. */
  body: string;
  tags: string[];
}

export interface ArticleTextIndex {
  index(db: Db, docs: ArticleDocument[]): Promise<void>;
  remove(db: Db, ids: number[]): Promise<void>;
}

// Search snippets show this text: email addresses are left out, as on the pages, and the
// private-use characters the site search marks matches with (search.ts) are taken out, so
// an author cannot fake a mark.
const asWritten = (text: string) => hideEmailAddresses(text).replace(/[\uE000\uE001]/g, '');

/** Rows per statement when many articles are indexed at once (the generator indexes thousands). */
const BATCH = 500;

const sqliteIndex: ArticleTextIndex = {
  async index(db, docs) {
    if (!docs.length) return;
    await this.remove(db, docs.map((d) => d.id));
    for (let i = 0; i < docs.length; i += BATCH) {
      const rows = docs
        .slice(i, i + BATCH)
        .map((d) => sql`(${d.id}, ${asWritten(d.title)}, ${asWritten(d.excerpt)}, ${asWritten(d.body)}, ${asWritten(d.tags.join(', '))})`);
      await sql`INSERT INTO article_fts (rowid, title, excerpt, body, tags) VALUES ${sql.join(rows)}`.execute(db);
    }
    // The search vocabulary (migration 2026-11-26-09) learns the words, so prefix searches can
    // name them (search.ts).
    const known = new Set<string>();
    for (const d of docs) for (const text of [d.title, d.excerpt, d.body, d.tags.join(' ')]) indexWords(asWritten(text), known);
    const all = [...known];
    for (let i = 0; i < all.length; i += BATCH) {
      await sql`INSERT INTO article_fts_terms (term) VALUES ${sql.join(all.slice(i, i + BATCH).map((t) => sql`(${t})`))} ON CONFLICT DO NOTHING`.execute(db);
    }
  },
  async remove(db, ids) {
    for (let i = 0; i < ids.length; i += 5000) {
      await sql`DELETE FROM article_fts WHERE rowid IN (${sql.join(ids.slice(i, i + 5000))})`.execute(db);
    }
  },
};

const postgresIndex: ArticleTextIndex = {
  async index(db, docs) {
    // One statement per batch: the texts go in as arrays and unnest pairs them up again.
    for (let i = 0; i < docs.length; i += BATCH) {
      const batch = docs.slice(i, i + BATCH);
      await sql`UPDATE articles SET search_vector =
          setweight(to_tsvector('simple', d.title), 'A')
          || setweight(to_tsvector('simple', d.summary), 'B')
          || setweight(to_tsvector('simple', d.body), 'C')
        FROM unnest(
          ${batch.map((d) => d.id)}::int[],
          ${batch.map((d) => normalise(hideEmailAddresses(d.title)))}::text[],
          ${batch.map((d) => normalise(hideEmailAddresses(`${d.excerpt} ${d.tags.join(' ')}`)))}::text[],
          ${batch.map((d) => normalise(hideEmailAddresses(d.body)))}::text[]
        ) AS d(id, title, summary, body)
        WHERE articles.id = d.id`.execute(db);
    }
  },
  async remove(db, ids) {
    for (let i = 0; i < ids.length; i += 5000) {
      await sql`UPDATE articles SET search_vector = NULL WHERE id IN (${sql.join(ids.slice(i, i + 5000))})`.execute(db);
    }
  },
};

export function articleTextIndexFor(engine: Engine): ArticleTextIndex {
  return engine === 'postgres' ? postgresIndex : sqliteIndex;
}
