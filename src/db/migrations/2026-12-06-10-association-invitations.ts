import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Invitations an association sent to an email address that has no mediator profile yet. The
 * invitation waits here until that address's member has a profile, then becomes an
 * `association_members` row in the state 'invited'. One per association and address.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  await sql`CREATE TABLE association_invitations (
    ${id},
    association_id integer NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    email text NOT NULL,
    invited_by integer REFERENCES users (id) ON DELETE SET NULL,
    created_at text NOT NULL,
    UNIQUE (association_id, email)
  )`.execute(db);
  await db.schema.createIndex('association_invitations_by_email').on('association_invitations').columns(['email']).execute();
}
