import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Associations (regional mediation associations, court panels): their own page, panels (named
 * sub-lists), admins (a role scoped to one association; a person may hold it for several) and a
 * roster of mediators with each membership's state. Ids are never handed out twice.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  await sql`CREATE TABLE associations (
    ${id},
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    website text NOT NULL DEFAULT '',
    criteria text NOT NULL DEFAULT '',
    logo_url text,
    color_primary text NOT NULL DEFAULT '#0b5d6b',
    color_accent text NOT NULL DEFAULT '#e3f1f3',
    frame_origins text NOT NULL DEFAULT '',
    created_at text NOT NULL,
    updated_at text NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE association_panels (
    ${id},
    association_id integer NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    slug text NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    position integer NOT NULL DEFAULT 0,
    UNIQUE (association_id, slug)
  )`.execute(db);

  await db.schema
    .createTable('association_admins')
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('association_admins_pk', ['association_id', 'user_id'])
    .execute();
  await db.schema.createIndex('association_admins_by_user').on('association_admins').columns(['user_id']).execute();

  // state: 'invited' (the association asked), 'applied' (the mediator asked), 'member', 'declined',
  // 'removed' (by the association) or 'left' (by the mediator). One row per pair, its state moving.
  await db.schema
    .createTable('association_members')
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    /** Why, as the association's admin recorded it (an approval, a decline, a removal). */
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('association_members_pk', ['association_id', 'mediator_id'])
    .execute();
  await db.schema.createIndex('association_members_by_mediator').on('association_members').columns(['mediator_id', 'state']).execute();
  await db.schema.createIndex('association_members_by_state').on('association_members').columns(['association_id', 'state']).execute();

  await db.schema
    .createTable('association_member_panels')
    .addColumn('association_id', 'integer', (c) => c.notNull())
    .addColumn('mediator_id', 'integer', (c) => c.notNull())
    .addColumn('panel_id', 'integer', (c) => c.notNull().references('association_panels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('association_member_panels_pk', ['association_id', 'mediator_id', 'panel_id'])
    .addForeignKeyConstraint('association_member_panels_member', ['association_id', 'mediator_id'], 'association_members', ['association_id', 'mediator_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('association_member_panels_by_panel').on('association_member_panels').columns(['panel_id']).execute();
}
