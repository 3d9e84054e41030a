import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Profiles imported from CSV (`npm run import`, /admin/import) wait here for their mediator: each
 * has the address the claim link was mailed to, and a random `link_secret` made by the database
 * that the link signs, so a row made later (even with the same id) never answers an old link.
 * `claimed_at` makes the link work once. Ids are never handed out twice (AUTOINCREMENT on
 * SQLite, a serial on PostgreSQL).
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  const secret = engine === 'postgres' ? sql`replace(gen_random_uuid()::text, '-', '')` : sql`(lower(hex(randomblob(16))))`;
  await sql`CREATE TABLE mediator_claims (
    ${id},
    mediator_id integer NOT NULL UNIQUE REFERENCES mediators (id) ON DELETE CASCADE,
    email text NOT NULL,
    source text NOT NULL DEFAULT '',
    created_at text NOT NULL,
    mailed_at text,
    claimed_at text,
    link_secret text NOT NULL DEFAULT ${secret}
  )`.execute(db);
  await db.schema.createIndex('mediator_claims_by_email').on('mediator_claims').columns(['email']).execute();
}
