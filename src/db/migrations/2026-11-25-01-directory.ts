import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? 'serial' : 'integer';
  const real = engine === 'postgres' ? 'double precision' : 'real';

  await db.schema
    .createTable('practice_areas')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('mediators')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_url', 'text')
    .addColumn('fmt_in_person', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fmt_online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fmt_phone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fee_min', 'integer')
    .addColumn('fee_max', 'integer')
    .addColumn('fee_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('free_consultation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sliding_scale', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fee_split', 'text', (c) => c.notNull().defaultTo('equal'))
    .addColumn('years_in_practice', 'integer')
    .addColumn('mediations_count', 'integer')
    .addColumn('accepting_cases', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepting_confirmed_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('featured_tier', 'text')
    .addColumn('featured_from', 'text')
    .addColumn('featured_until', 'text')
    .addColumn('completeness', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mediators_status_featured').on('mediators').columns(['status', 'featured_tier']).execute();
  // Everything search ranks by, so a search reads this narrow index instead of the wide rows
  // (bios make those large). PostgreSQL keys on id and carries the rest; SQLite has no INCLUDE.
  const ranking = ['status', 'completeness', 'accepting_cases', 'accepting_confirmed_at', 'fee_min', 'free_consultation', 'fmt_in_person', 'fmt_online', 'fmt_phone', 'featured_tier', 'featured_from', 'featured_until', 'name'];
  if (engine === 'postgres') {
    await sql`CREATE INDEX mediators_ranking ON mediators (id) INCLUDE (${sql.join(ranking.map((c) => sql.ref(c)))})`.execute(db);
  } else {
    await db.schema.createIndex('mediators_ranking').on('mediators').columns(['id', ...ranking]).execute();
  }

  await db.schema
    .createTable('mediator_practice_areas')
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('practice_area', 'text', (c) => c.notNull().references('practice_areas.slug').onUpdate('cascade'))
    .addPrimaryKeyConstraint('mediator_practice_areas_pk', ['mediator_id', 'practice_area'])
    .execute();
  await db.schema.createIndex('mediator_practice_areas_by_area').on('mediator_practice_areas').columns(['practice_area', 'mediator_id']).execute();

  await db.schema
    .createTable('mediator_languages')
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mediator_languages_pk', ['mediator_id', 'language'])
    .execute();
  await db.schema.createIndex('mediator_languages_by_language').on('mediator_languages').columns(['language', 'mediator_id']).execute();

  await db.schema
    .createTable('mediator_credentials')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('year', 'integer')
    .execute();
  await db.schema.createIndex('mediator_credentials_by_mediator').on('mediator_credentials').column('mediator_id').execute();

  await db.schema
    .createTable('offices')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('lat', real, (c) => c.notNull())
    .addColumn('lon', real, (c) => c.notNull())
    .addColumn('cell', 'integer', (c) => c.notNull())
    .execute();
  // The spatial index: an equality on grid cells, then ranges on lat/lon, answered from the
  // index alone (it covers mediator_id). Plain B-trees, so both engines use it the same way.
  await db.schema.createIndex('offices_spatial').on('offices').columns(['cell', 'lat', 'lon', 'mediator_id']).execute();
  await db.schema.createIndex('offices_by_mediator').on('offices').column('mediator_id').execute();

  await db.schema
    .createTable('service_areas')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('mediator_id', 'integer', (c) => c.notNull().references('mediators.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .execute();
  await db.schema.createIndex('service_areas_by_place').on('service_areas').columns(['country', 'region', 'kind', 'mediator_id']).execute();
  await db.schema.createIndex('service_areas_by_mediator').on('service_areas').column('mediator_id').execute();

  await db.schema
    .createTable('places')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('lat', real, (c) => c.notNull())
    .addColumn('lon', real, (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('places_lookup').on('places').columns(['kind', 'name_norm', 'country', 'region']).execute();
  // Nearest town to a point (naming a postal code or shared coordinates): a latitude band.
  await db.schema.createIndex('places_by_position').on('places').columns(['kind', 'lat', 'lon']).execute();

  // Full-text search differs by engine; src/directory/text-search.ts hides it.
  if (engine === 'postgres') {
    await sql`ALTER TABLE mediators ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX mediators_search ON mediators USING gin (search_vector)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE mediator_fts USING fts5(name, headline, bio, practice, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
}
