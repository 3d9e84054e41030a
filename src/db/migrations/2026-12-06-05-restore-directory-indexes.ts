import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * `2026-11-25-01-directory` was edited twice after it landed (commits 7071c4a and 009449d), so a
 * database migrated before those commits lacks what they added: `mediators_ranking` (the narrow
 * index search ranks from), `places_by_position` (the nearest town to a point) and the `kind`
 * column in `service_areas_by_place`. This adds whichever is missing and leaves a database that
 * has them as it is. Since then, test/schema-snapshot.test.ts fails on an edited migration.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const ranking = ['status', 'completeness', 'accepting_cases', 'accepting_confirmed_at', 'fee_min', 'free_consultation', 'fmt_in_person', 'fmt_online', 'fmt_phone', 'featured_tier', 'featured_from', 'featured_until', 'name'];
  if (!(await indexExists(db, engine, 'mediators_ranking'))) {
    if (engine === 'postgres') {
      await sql`CREATE INDEX mediators_ranking ON mediators (id) INCLUDE (${sql.join(ranking.map((c) => sql.ref(c)))})`.execute(db);
    } else {
      await db.schema.createIndex('mediators_ranking').on('mediators').columns(['id', ...ranking]).execute();
    }
  }
  if (!(await indexExists(db, engine, 'places_by_position'))) {
    await db.schema.createIndex('places_by_position').on('places').columns(['kind', 'lat', 'lon']).execute();
  }
  const serviceAreas = ['country', 'region', 'kind', 'mediator_id'];
  if ((await indexColumns(db, engine, 'service_areas_by_place')).join(',') !== serviceAreas.join(',')) {
    await db.schema.dropIndex('service_areas_by_place').ifExists().execute();
    await db.schema.createIndex('service_areas_by_place').on('service_areas').columns(serviceAreas).execute();
  }
}

async function indexExists(db: Kysely<any>, engine: Engine, name: string): Promise<boolean> {
  const found =
    engine === 'postgres'
      ? await sql`SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ${name}`.execute(db)
      : await sql`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ${name}`.execute(db);
  return found.rows.length > 0;
}

/** The key columns of an index, in order (none when it does not exist). */
async function indexColumns(db: Kysely<any>, engine: Engine, name: string): Promise<string[]> {
  if (engine === 'postgres') {
    const r = await sql<{ column: string }>`
      SELECT a.attname AS column
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) ON true
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE c.relname = ${name} AND k.n <= i.indnkeyatts
      ORDER BY k.n`.execute(db);
    return r.rows.map((x) => x.column);
  }
  const r = await sql<{ name: string }>`SELECT name FROM pragma_index_info(${name}) ORDER BY seqno`.execute(db);
  return r.rows.map((x) => x.name);
}
