import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { normalise } from '../geo/places.ts';
import { chunks } from '../lib/arrays.ts';

/**
 * Keyword search over name, headline, bio and practice areas. The engines differ here, so this is
 * the one interface with an implementation per engine: SQLite uses an FTS5 table, PostgreSQL a
 * tsvector column with a GIN index. Both index text we normalise ourselves (lower case, no
 * accents, no punctuation) with no stemming, and both match every term as a prefix, so the same
 * query finds the same mediators on either engine.
 */
export interface TextSearch {
  /** Replaces the indexed text of these mediators. */
  index(db: Db, docs: SearchDocument[]): Promise<void>;
  remove(db: Db, ids: number[]): Promise<void>;
  /** The ids of the mediators (listed or not) who match every term; only among `among` when given. */
  matchingIds(db: Db, terms: string[], among?: number[]): Promise<number[]>;
}

export interface SearchDocument {
  id: number;
  name: string;
  headline: string;
  bio: string;
  practice: string;
}

const MAX_TERMS = 8;

/** Splits what a visitor typed into safe search terms: letters and digits only, at most eight. */
export function keywordTerms(q: string | undefined): string[] {
  if (!q) return [];
  const words = normalise(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

// Terms are letters and digits only (keywordTerms), so quoting them cannot break out.
const ftsQuery = (terms: string[]) => terms.map((t) => `"${t}"*`).join(' ');
const tsQuery = (terms: string[]) => terms.map((t) => `${t}:*`).join(' & ');

const sqliteSearch: TextSearch = {
  async index(db, docs) {
    if (!docs.length) return;
    await this.remove(db, docs.map((d) => d.id));
    for (const batch of chunks(docs, 500)) {
      const rows = batch.map(
        (d) => sql`(${d.id}, ${normalise(d.name)}, ${normalise(d.headline)}, ${normalise(d.bio)}, ${normalise(d.practice)})`,
      );
      await sql`INSERT INTO mediator_fts (rowid, name, headline, bio, practice) VALUES ${sql.join(rows)}`.execute(db);
    }
  },
  async remove(db, ids) {
    if (!ids.length) return;
    await sql`DELETE FROM mediator_fts WHERE rowid IN (${sql.join(ids)})`.execute(db);
  },
  async matchingIds(db, terms, among) {
    // `+rowid`: offered the rowid list, FTS5 runs the whole prefix match once per id (measured:
    // 4.6 s for 500 ids and "family", against 20 ms matching once and filtering the rows).
    const only = among ? sql`AND +rowid IN (${sql.join(among)})` : sql``;
    const { rows } = await sql<{ id: number }>`SELECT rowid AS id FROM mediator_fts WHERE mediator_fts MATCH ${ftsQuery(terms)} ${only}`.execute(db);
    return rows.map((r) => r.id);
  },
};

const postgresSearch: TextSearch = {
  async index(db, docs) {
    for (const batch of chunks(docs, 500)) {
      const rows = batch.map((d) => sql`(${d.id}::integer, ${[d.name, d.headline, d.bio, d.practice].map(normalise).join(' ')})`);
      await sql`UPDATE mediators AS m SET search_vector = to_tsvector('simple', v.body)
        FROM (VALUES ${sql.join(rows)}) AS v(id, body) WHERE m.id = v.id`.execute(db);
    }
  },
  async remove(db, ids) {
    if (!ids.length) return;
    await sql`UPDATE mediators SET search_vector = NULL WHERE id IN (${sql.join(ids)})`.execute(db);
  },
  async matchingIds(db, terms, among) {
    const only = among ? sql`AND id IN (${sql.join(among)})` : sql``;
    const { rows } = await sql<{ id: number }>`SELECT id FROM mediators WHERE search_vector @@ to_tsquery('simple', ${tsQuery(terms)}) ${only}`.execute(db);
    return rows.map((r) => r.id);
  },
};

export function textSearchFor(engine: Engine): TextSearch {
  return engine === 'postgres' ? postgresSearch : sqliteSearch;
}
