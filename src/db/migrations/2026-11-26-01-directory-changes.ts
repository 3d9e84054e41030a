import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/** The tables whose rows feed the search index, and the column naming the mediator. */
const CHILD_TABLES = ['offices', 'service_areas', 'mediator_practice_areas', 'mediator_languages'];

/**
 * A change log for the in-memory search index: every insert, update or delete of a mediator or
 * of the rows search reads about them appends the mediator's id, written by triggers so that no
 * writer (the app, a seed script, an administrator in psql) can forget. Each app instance reads
 * the entries after the last one it applied and reloads those mediators.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`CREATE TABLE directory_changes (id bigserial PRIMARY KEY, mediator_id integer NOT NULL)`.execute(db);
    await sql`CREATE FUNCTION directory_mediator_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO directory_changes (mediator_id) VALUES (OLD.id);
        ELSE
          INSERT INTO directory_changes (mediator_id) VALUES (NEW.id);
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE FUNCTION directory_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO directory_changes (mediator_id) VALUES (OLD.mediator_id);
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.mediator_id <> OLD.mediator_id) THEN
          INSERT INTO directory_changes (mediator_id) VALUES (NEW.mediator_id);
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER mediators_changed AFTER INSERT OR UPDATE OR DELETE ON mediators
      FOR EACH ROW EXECUTE FUNCTION directory_mediator_changed()`.execute(db);
    for (const t of CHILD_TABLES) {
      await sql`CREATE TRIGGER ${sql.id(`${t}_changed`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION directory_child_changed()`.execute(db);
    }
    return;
  }

  // AUTOINCREMENT: ids are never reused after old entries are pruned.
  await sql`CREATE TABLE directory_changes (id integer PRIMARY KEY AUTOINCREMENT, mediator_id integer NOT NULL)`.execute(db);
  const log = (expr: string) => sql.raw(`INSERT INTO directory_changes (mediator_id) VALUES (${expr});`);
  await sql`CREATE TRIGGER mediators_changed_insert AFTER INSERT ON mediators BEGIN ${log('new.id')} END`.execute(db);
  await sql`CREATE TRIGGER mediators_changed_update AFTER UPDATE ON mediators BEGIN ${log('new.id')} END`.execute(db);
  await sql`CREATE TRIGGER mediators_changed_delete AFTER DELETE ON mediators BEGIN ${log('old.id')} END`.execute(db);
  for (const t of CHILD_TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_insert`)} AFTER INSERT ON ${sql.table(t)} BEGIN ${log('new.mediator_id')} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_update`)} AFTER UPDATE ON ${sql.table(t)} BEGIN
      ${log('new.mediator_id')}
      INSERT INTO directory_changes (mediator_id) SELECT old.mediator_id WHERE old.mediator_id <> new.mediator_id;
    END`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${t}_changed_delete`)} AFTER DELETE ON ${sql.table(t)} BEGIN ${log('old.mediator_id')} END`.execute(db);
  }
}
