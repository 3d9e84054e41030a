import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { normalise } from '../geo/places.ts';

/**
 * The full-text index of published articles. The engines differ here (FTS5 on SQLite, a
 * tsvector column with a GIN index on PostgreSQL), so this is one interface with one
 * implementation per engine, like the mediators' keyword search. Both index text we normalise
 * ourselves (lower case, no accents), without stemming, so a query finds the same articles.
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

const sqliteIndex: ArticleTextIndex = {
  async index(db, docs) {
    if (!docs.length) return;
    await this.remove(db, docs.map((d) => d.id));
    for (const d of docs) {
      await sql`INSERT INTO article_fts (rowid, title, excerpt, body, tags)
        VALUES (${d.id}, ${normalise(d.title)}, ${normalise(d.excerpt)}, ${normalise(d.body)}, ${normalise(d.tags.join(' '))})`.execute(db);
    }
  },
  async remove(db, ids) {
    if (!ids.length) return;
    await sql`DELETE FROM article_fts WHERE rowid IN (${sql.join(ids)})`.execute(db);
  },
};

const postgresIndex: ArticleTextIndex = {
  async index(db, docs) {
    for (const d of docs) {
      await sql`UPDATE articles SET search_vector =
          setweight(to_tsvector('simple', ${normalise(d.title)}), 'A')
          || setweight(to_tsvector('simple', ${normalise(`${d.excerpt} ${d.tags.join(' ')}`)}), 'B')
          || setweight(to_tsvector('simple', ${normalise(d.body)}), 'C')
        WHERE id = ${d.id}`.execute(db);
    }
  },
  async remove(db, ids) {
    if (!ids.length) return;
    await sql`UPDATE articles SET search_vector = NULL WHERE id IN (${sql.join(ids)})`.execute(db);
  },
};

export function articleTextIndexFor(engine: Engine): ArticleTextIndex {
  return engine === 'postgres' ? postgresIndex : sqliteIndex;
}
