import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  // A one-time link withdrawn because the password or the address changed after it was sent, so
  // its page can say so rather than "already used".
  await db.schema.alterTable('user_tokens').addColumn('retired_at', 'text').execute();

  // When a notice mail that anyone can trigger (sign-up with a taken address) last went to an
  // address; one row per address, claimed with a conditional upsert so instances sharing the
  // database send it once per window. The key is hashed like auth_attempts'.
  await db.schema
    .createTable('account_notices')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
}
