import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Inquiries (a visitor's message to a mediator, and the member's replies), the limit on how
 * many a client may send, the listing's monthly numbers, and what the freshness sweep records.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? 'serial' : 'integer';

  // mediator_id is cleared when the profile is deleted: the inquiry keeps no link to the member.
  await db.schema
    .createTable('inquiries')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('mediator_id', 'integer', (c) => c.references('mediators.id').onDelete('set null'))
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('sender_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    // 1 when it was mailed to a member; 0 for a demo profile without an owner account.
    .addColumn('delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('replied_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('inquiries_inbox').on('inquiries').columns(['mediator_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('inquiry_replies')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiry_replies_by_inquiry').on('inquiry_replies').column('inquiry_id').execute();

  // Inquiries sent per client address and per sender address (both hashed), for the hourly
  // limit; in the database so every instance counts the same. Rows older than a day are pruned.
  await db.schema
    .createTable('inquiry_attempts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiry_attempts_lookup').on('inquiry_attempts').columns(['key', 'created_at']).execute();
  await db.schema.createIndex('inquiry_attempts_by_time').on('inquiry_attempts').column('created_at').execute();

  // Counted in memory per instance and added here every few seconds (src/inquiries/stats.ts).
  await db.schema
    .createTable('listing_stats')
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('appearances', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inquiries', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('listing_stats_pk', ['mediator_id', 'month'])
    .execute();

  // The freshness sweep (src/freshness/): when the one reminder for the current confirmation was
  // mailed, and when the profile was unlisted for not being confirmed (cleared when re-listed).
  await db.schema.alterTable('mediators').addColumn('freshness_reminded_at', 'text').execute();
  await db.schema.alterTable('mediators').addColumn('unlisted_stale_at', 'text').execute();
}
