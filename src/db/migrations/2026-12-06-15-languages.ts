import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/** The languages the code listed until now (src/directory/languages.ts), in English. */
const STARTING: [string, string][] = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['zh', 'Mandarin'],
  ['vi', 'Vietnamese'],
  ['ko', 'Korean'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
  ['pt', 'Portuguese'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['ru', 'Russian'],
  ['tl', 'Tagalog'],
  ['ja', 'Japanese'],
  ['pl', 'Polish'],
  ['he', 'Hebrew'],
  ['pa', 'Punjabi'],
  ['ur', 'Urdu'],
  ['el', 'Greek'],
  ['asl', 'American Sign Language'],
];

/**
 * Languages become a table admins edit. The search index keeps them with the practice areas
 * (it validates `language=` and names languages from them), so edits go into the same change
 * log as mediator id 0, through the taxonomy trigger function of 2026-11-26-06 on PostgreSQL.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('languages')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('languages').values(STARTING.map(([code, name]) => ({ code, name, hidden: 0 }))).execute();
  // Any code a profile lists that the list lacked (none expected) keeps a row, named by its code.
  await sql`INSERT INTO languages (code, name, hidden)
    SELECT DISTINCT language, language, 0 FROM mediator_languages WHERE language NOT IN (SELECT code FROM languages)`.execute(db);

  if (engine === 'postgres') {
    await sql`CREATE TRIGGER languages_changed AFTER INSERT OR UPDATE OR DELETE ON languages
      FOR EACH STATEMENT EXECUTE FUNCTION directory_taxonomy_changed()`.execute(db);
    return;
  }
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    await sql`CREATE TRIGGER ${sql.id(`languages_changed_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON languages
      BEGIN INSERT INTO directory_changes (mediator_id) VALUES (0); END`.execute(db);
  }
}
