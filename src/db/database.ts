import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Engine } from '../config.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

// pg returns int8 (count(*), bigint sums) as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// double precision and numeric come back as numbers, like SQLite's REAL.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDatabase(engine: Engine, url: string): DatabaseHandle {
  if (engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection that the server closes (a restart, a failover) must not crash the app;
    // the pool replaces it on the next query.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine, close: () => db.destroy() };
  }
  fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const sqlite = new SQLite(url);
  // WAL lets readers go on while a write commits; NORMAL sync is safe with WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Search reads thousands of scattered mediator rows; the default 2 MB page cache makes each
  // a system call. Measured on 100,000 mediators: 13k-row candidate read 97 ms → 41 ms with mmap.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine, close: () => db.destroy() };
}

/** The engine behind a database handle, for the few places that must differ (see docs/ARCHITECTURE.md). */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Prepared statements kept per connection; more distinct SQL texts than this are rare. */
const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every SQLite query anew, and preparing (parsing and planning the SQL) cost more
 * than running most of our look-ups: 13% of an article page's time at 50,000 articles. The same
 * queries come back with new parameters, so their statements are kept, least recently used
 * dropped first. A statement still being iterated (a streamed query) is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = kept.get(text);
      if (hit && !hit.busy) {
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const statement = sqlite.prepare(text);
      kept.set(text, statement);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}
