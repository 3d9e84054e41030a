import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * A user's time zone (an IANA name such as 'America/New_York'), so editors schedule and read
 * publication times in their own local time. Empty until they choose one; times are stored in
 * UTC whatever it is.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN time_zone text`.execute(db);
}
