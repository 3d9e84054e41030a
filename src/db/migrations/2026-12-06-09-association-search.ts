import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/** Memberships and the panels members sit on: search filters by them (`association=`, `panel=`). */
const TABLES = ['association_members', 'association_member_panels'];

/**
 * The search index keeps each listed mediator's memberships, so a membership granted, changed or
 * ended (and a panel or association deleted, whose rows cascade) goes into `directory_changes` as
 * the directory's own tables do (migration 2026-11-26-01): both tables name the mediator in
 * `mediator_id`, so PostgreSQL reuses that migration's trigger function.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    for (const t of TABLES) {
      await sql`CREATE TRIGGER ${sql.id(`${t}_changed`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION directory_child_changed()`.execute(db);
    }
    return;
  }
  const log = (expr: string) => sql.raw(`INSERT INTO directory_changes (mediator_id) VALUES (${expr});`);
  for (const t of TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_insert`)} AFTER INSERT ON ${sql.table(t)} BEGIN ${log('new.mediator_id')} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_update`)} AFTER UPDATE ON ${sql.table(t)} BEGIN
      ${log('new.mediator_id')}
      INSERT INTO directory_changes (mediator_id) SELECT old.mediator_id WHERE old.mediator_id <> new.mediator_id;
    END`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_delete`)} AFTER DELETE ON ${sql.table(t)} BEGIN ${log('old.mediator_id')} END`.execute(db);
  }
}
