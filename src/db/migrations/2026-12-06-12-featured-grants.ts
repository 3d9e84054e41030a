import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Featured places as grants: an admin (or, later, an association for its own directory) grants a
 * mediator the 'featured' tier for a region and a period. A region is a country ('US'), a state
 * or province (country 'US', region 'TX'), or a metro area (a city of the place data and a
 * distance around it). A grant ends by itself at `ends_at`; ending it early moves `ends_at`.
 *
 * The search index reads grants, so their changes go into `directory_changes` by the same
 * triggers as the directory's own child tables (directory_child_changed on PostgreSQL).
 *
 * `featured_grant_reminders` claims each reminder mail (14 and 3 days before the end) with its
 * primary key, so instances sweeping together send one; `featured_impressions` holds how often a
 * grant's member was shown, per UTC day.
 *
 * The three featured columns on `mediators` (set by the demo data) become grants for the country
 * of the mediator's first office and are cleared; nothing reads them any more.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  await sql`CREATE TABLE featured_grants (
    ${id},
    mediator_id integer NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    association_id integer REFERENCES associations (id) ON DELETE CASCADE,
    tier text NOT NULL DEFAULT 'featured',
    region_kind text NOT NULL CHECK (region_kind IN ('country', 'region', 'metro')),
    country text NOT NULL,
    region text NOT NULL DEFAULT '',
    metro_name text NOT NULL DEFAULT '',
    metro_lat double precision,
    metro_lon double precision,
    starts_at text NOT NULL,
    ends_at text NOT NULL,
    granted_by integer REFERENCES users (id) ON DELETE SET NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL
  )`.execute(db);
  await db.schema.createIndex('featured_grants_by_region').on('featured_grants').columns(['country', 'region', 'ends_at']).execute();
  await db.schema.createIndex('featured_grants_by_mediator').on('featured_grants').columns(['mediator_id']).execute();
  await db.schema.createIndex('featured_grants_by_end').on('featured_grants').columns(['ends_at']).execute();

  await sql`CREATE TABLE featured_grant_reminders (
    grant_id integer NOT NULL REFERENCES featured_grants (id) ON DELETE CASCADE,
    days_before integer NOT NULL,
    sent_at text NOT NULL,
    PRIMARY KEY (grant_id, days_before)
  )`.execute(db);

  await sql`CREATE TABLE featured_impressions (
    grant_id integer NOT NULL REFERENCES featured_grants (id) ON DELETE CASCADE,
    day text NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (grant_id, day)
  )`.execute(db);

  if (engine === 'postgres') {
    await sql`CREATE TRIGGER featured_grants_changed AFTER INSERT OR UPDATE OR DELETE ON featured_grants
      FOR EACH ROW EXECUTE FUNCTION directory_child_changed()`.execute(db);
  } else {
    const log = (expr: string) => sql.raw(`INSERT INTO directory_changes (mediator_id) VALUES (${expr});`);
    await sql`CREATE TRIGGER featured_grants_changed_insert AFTER INSERT ON featured_grants BEGIN ${log('new.mediator_id')} END`.execute(db);
    await sql`CREATE TRIGGER featured_grants_changed_update AFTER UPDATE ON featured_grants BEGIN
      ${log('new.mediator_id')}
      INSERT INTO directory_changes (mediator_id) SELECT old.mediator_id WHERE old.mediator_id <> new.mediator_id;
    END`.execute(db);
    await sql`CREATE TRIGGER featured_grants_changed_delete AFTER DELETE ON featured_grants BEGIN ${log('old.mediator_id')} END`.execute(db);
  }

  // The demo data's featured columns, as grants for the country of the first office.
  await sql`INSERT INTO featured_grants (mediator_id, tier, region_kind, country, starts_at, ends_at, created_at, updated_at)
    SELECT m.id, m.featured_tier, 'country', o.country,
      COALESCE(m.featured_from, m.created_at), COALESCE(m.featured_until, '9999-12-31T00:00:00.000Z'), m.updated_at, m.updated_at
    FROM mediators m
    JOIN offices o ON o.id = (SELECT MIN(id) FROM offices WHERE mediator_id = m.id)
    WHERE m.featured_tier IS NOT NULL`.execute(db);
  await sql`UPDATE mediators SET featured_tier = NULL, featured_from = NULL, featured_until = NULL WHERE featured_tier IS NOT NULL`.execute(db);
}
