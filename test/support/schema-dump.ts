import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { Engine } from '../../src/config.ts';

/**
 * What migrating produced, as plain text a person can diff: every table with its columns and
 * constraints, every index, trigger and view, sorted by name. Kysely's own bookkeeping tables
 * are left out (they hold which migrations ran, not the schema).
 */
export async function dumpSchema(db: Db, engine: Engine): Promise<string> {
  return engine === 'sqlite' ? dumpSqlite(db) : dumpPostgres(db);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

async function dumpSqlite(db: Db): Promise<string> {
  const rows = await sql<{ type: string; name: string; sql: string | null }>`
    SELECT type, name, sql FROM sqlite_master
    WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'
    ORDER BY type, name`.execute(db);
  return rows.rows.map((r) => `${r.type} ${r.name}: ${squash(r.sql ?? '(implicit)')}`).join('\n') + '\n';
}

async function dumpPostgres(db: Db): Promise<string> {
  const out: string[] = [];
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>`
    SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name, column_name`.execute(db);
  for (const c of columns.rows) {
    const parts = [c.data_type, c.is_nullable === 'NO' ? 'not null' : 'null'];
    if (c.is_identity === 'YES') parts.push('identity');
    if (c.column_default !== null) parts.push(`default ${c.column_default}`);
    out.push(`column ${c.table_name}.${c.column_name}: ${parts.join(' ')}`);
  }
  const constraints = await sql<{ table_name: string; name: string; def: string }>`
    SELECT rel.relname AS table_name, con.conname AS name, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
    WHERE n.nspname = 'public' AND rel.relname NOT LIKE 'kysely_%'
    ORDER BY rel.relname, con.conname`.execute(db);
  for (const c of constraints.rows) out.push(`constraint ${c.table_name}.${c.name}: ${squash(c.def)}`);
  const indexes = await sql<{ indexname: string; indexdef: string }>`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY indexname`.execute(db);
  for (const i of indexes.rows) out.push(`index ${i.indexname}: ${squash(i.indexdef)}`);
  const triggers = await sql<{ name: string; def: string }>`
    SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t JOIN pg_class rel ON rel.oid = t.tgrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY t.tgname`.execute(db);
  for (const t of triggers.rows) out.push(`trigger ${t.name}: ${squash(t.def)}`);
  const functions = await sql<{ name: string; def: string }>`
    SELECT p.proname AS name, md5(pg_get_functiondef(p.oid)) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' ORDER BY p.proname`.execute(db);
  for (const f of functions.rows) out.push(`function ${f.name}: md5 ${f.def}`);
  const views = await sql<{ viewname: string; definition: string }>`
    SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`.execute(db);
  for (const v of views.rows) out.push(`view ${v.viewname}: ${squash(v.definition)}`);
  return out.join('\n') + '\n';
}
