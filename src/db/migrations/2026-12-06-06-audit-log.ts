import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * The audit log: who (an editor, an admin, an association's admin) did what to which row, when,
 * with what it was before and after. Append-only in the database itself: a trigger refuses every
 * UPDATE and DELETE on both engines, so no page, bug or forgotten WHERE can rewrite history.
 * Ids are never handed out twice (AUTOINCREMENT on SQLite, a serial on PostgreSQL).
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  await sql`CREATE TABLE audit_log (
    ${id},
    at text NOT NULL,
    actor_user_id integer,
    actor_label text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    subject_kind text NOT NULL,
    subject_id text,
    subject_label text NOT NULL,
    association_id integer,
    before_json text,
    after_json text,
    reason text
  )`.execute(db);
  await db.schema.createIndex('audit_log_by_time').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_by_subject').on('audit_log').columns(['subject_kind', 'subject_id', 'id']).execute();
  await db.schema.createIndex('audit_log_by_actor').on('audit_log').columns(['actor_user_id', 'id']).execute();
  await db.schema.createIndex('audit_log_by_association').on('audit_log').columns(['association_id', 'id']).execute();
  if (engine === 'postgres') {
    await sql`CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit log cannot be changed or deleted'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed or deleted'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed or deleted'); END`.execute(db);
  }
}
