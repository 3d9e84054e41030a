import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * The search index also keeps the practice-area taxonomy (search validates and names practice
 * areas from it), so edits to `practice_areas` go into the same change log, as mediator id 0.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`CREATE FUNCTION directory_taxonomy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO directory_changes (mediator_id) VALUES (0);
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER practice_areas_changed AFTER INSERT OR UPDATE OR DELETE ON practice_areas
      FOR EACH STATEMENT EXECUTE FUNCTION directory_taxonomy_changed()`.execute(db);
    return;
  }
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    await sql`CREATE TRIGGER ${sql.id(`practice_areas_changed_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON practice_areas
      BEGIN INSERT INTO directory_changes (mediator_id) VALUES (0); END`.execute(db);
  }
}
