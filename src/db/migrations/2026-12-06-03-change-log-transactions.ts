import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * What a reader of `directory_changes` needs to know it has missed nothing.
 *
 * PostgreSQL hands out bigserial ids before commit, so ids commit out of order and a reader cannot
 * tell a late commit from a rollback by the ids alone. Each entry now carries its writing
 * transaction (the column default, so the triggers stay as they are); a reader remembers the
 * snapshot it read in and next reads the entries of the transactions that were still running
 * then, or started after.
 *
 * `directory_changes_pruned` holds how far the log has been pruned (below this position every
 * entry is gone: a transaction id on PostgreSQL, an entry id on SQLite), so a reader that was
 * further behind knows to load everything again.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    // Entries already in the log take this migration's transaction id: they read as settled.
    await sql`ALTER TABLE directory_changes ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`.execute(db);
    await sql`CREATE INDEX directory_changes_xid ON directory_changes (xid)`.execute(db);
    await sql`CREATE TABLE directory_changes_pruned (singleton integer PRIMARY KEY CHECK (singleton = 1), below xid8 NOT NULL)`.execute(db);
    await sql`INSERT INTO directory_changes_pruned (singleton, below) VALUES (1, '0')`.execute(db);
    return;
  }
  await sql`CREATE TABLE directory_changes_pruned (singleton integer PRIMARY KEY CHECK (singleton = 1), below integer NOT NULL)`.execute(db);
  await sql`INSERT INTO directory_changes_pruned (singleton, below) VALUES (1, 0)`.execute(db);
}
