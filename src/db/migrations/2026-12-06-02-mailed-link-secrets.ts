import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Mailed links (the digest's confirm and unsubscribe links, the freshness confirmation link) were
 * signed over a row id alone, and SQLite hands a deleted highest id to the next row, so an old
 * link could reach someone else. From here on:
 *
 * - each row that a mailed link points at has a random `link_secret`, made by the database on
 *   insert, which every link signs along with the id: a new row never answers an old row's link;
 * - on SQLite those tables take AUTOINCREMENT, so an id is never handed out twice (PostgreSQL's
 *   serial ids never are). SQLite cannot add it to a table, so the table is rebuilt.
 *
 * Subscribers present now were mailed id-only unsubscribe links that must keep working; their
 * secret starts with LEGACY, which is what lets the app accept such a link, and no row inserted
 * from now on ever has it. Mediators get no such mark: their links last 30 days, and a member whose
 * link stops working confirms from the dashboard.
 */
const LEGACY = 'legacy:';
const TABLES = [
  { name: 'mediators', legacy: false },
  { name: 'digest_subscribers', legacy: true },
];

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    for (const t of TABLES) {
      // A volatile default is evaluated once per existing row as well as on every insert.
      await sql`ALTER TABLE ${sql.table(t.name)} ADD COLUMN link_secret text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')`.execute(db);
      if (t.legacy) await sql`UPDATE ${sql.table(t.name)} SET link_secret = ${LEGACY} || link_secret`.execute(db);
    }
    return;
  }

  // The rebuild drops the old table; with foreign keys on, that would delete every row that
  // references it (offices, practice areas, …). The pragma does nothing inside a transaction, and
  // Kysely runs SQLite migrations outside one, so it is set here and the rebuild opens its own.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql`BEGIN`.execute(db);
    try {
      for (const t of TABLES) await rebuildWithAutoincrement(db, t.name, t.legacy);
      const broken = await sql`PRAGMA foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error(`mailed-link-secrets: ${broken.rows.length} foreign keys broken by the rebuild`);
      await sql`COMMIT`.execute(db);
    } catch (err) {
      await sql`ROLLBACK`.execute(db);
      throw err;
    }
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/**
 * SQLite's way to change a column (https://sqlite.org/lang_altertable.html#otheralter): a new
 * table from the old one's own CREATE statement with the id changed and link_secret added, the rows
 * copied with their ids, the old table dropped, the new one renamed, its indexes and triggers made
 * again from their saved statements. Reading the statement keeps every column later migrations added.
 */
async function rebuildWithAutoincrement(db: Kysely<any>, table: string, legacy: boolean): Promise<void> {
  const rebuilt = `${table}_rebuilt`;
  const create = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db);
  const statement = create.rows[0]?.sql ?? '';
  const head = `CREATE TABLE "${table}" ("id" integer primary key, `;
  if (!statement.startsWith(head) || !statement.endsWith(')')) throw new Error(`mailed-link-secrets: ${table} is not shaped as expected: ${statement}`);
  const columns = (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table}) ORDER BY cid`.execute(db)).rows.map((c) => c.name);
  const dependents = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE tbl_name = ${table} AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid`.execute(db);

  await sql
    .raw(
      `CREATE TABLE "${rebuilt}" ("id" integer primary key autoincrement, ${statement.slice(head.length, -1)}, ` +
        `"link_secret" text not null default (lower(hex(randomblob(16)))))`,
    )
    .execute(db);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const secret = legacy ? sql`${LEGACY} || lower(hex(randomblob(16)))` : sql`lower(hex(randomblob(16)))`;
  await sql`INSERT INTO ${sql.table(rebuilt)} (${list}, link_secret) SELECT ${list}, ${secret} FROM ${sql.table(table)}`.execute(db);
  await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  await sql`ALTER TABLE ${sql.table(rebuilt)} RENAME TO ${sql.table(table)}`.execute(db);
  for (const d of dependents.rows) await sql.raw(d.sql).execute(db);
}
