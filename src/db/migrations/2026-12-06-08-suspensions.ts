import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * An admin suspends an account with a reason the person reads when they try to log in, and
 * restores it later. While suspended, the account's profile is out of the directory (its status
 * 'suspended'); `suspended_listing` keeps the status it had, so restoring puts back exactly that
 * (a profile the team had suspended on its own stays suspended).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN suspended_at text`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN suspension_reason text`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN suspended_listing text`.execute(db);
}
