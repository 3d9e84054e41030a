import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Members own mediator profiles: `user_id` links a profile to the account that edits it (at most
 * one profile per account; kept when the account goes, with the link cleared). A profile is listed
 * for the first time only after an editor or admin approves it: `review_requested_at` is when the
 * member asked, `approved_at` when it was first approved.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('mediators').addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('mediators').addColumn('review_requested_at', 'text').execute();
  await db.schema.alterTable('mediators').addColumn('approved_at', 'text').execute();
  await db.schema.createIndex('mediators_by_user').on('mediators').column('user_id').unique().execute();
  await db.schema.createIndex('mediators_review_queue').on('mediators').columns(['review_requested_at']).execute();
}
