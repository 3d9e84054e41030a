import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../src/db/migrate.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/db.ts';
import { dumpSchema } from './support/schema-dump.ts';
import { MIGRATION_DIR, recordedHashes, sha256, snapshotFile } from './support/schema-snapshot.ts';

const REFRESH = 'If the change is a new migration, run `npm run schema:snapshot` and commit what it writes.';

describe('landed migrations are frozen', () => {
  const files = fs.readdirSync(MIGRATION_DIR).filter((f) => f.endsWith('.ts')).sort();
  const recorded = recordedHashes();

  it.each(files)('%s is recorded and unchanged', (file) => {
    const hash = recorded.get(file);
    expect(hash, `${file} has no recorded hash. ${REFRESH}`).toBeDefined();
    expect(sha256(path.join(MIGRATION_DIR, file)), `${file} was edited after it landed: undo the edit and add a new migration`).toBe(hash);
  });

  it('records no migration that is gone', () => {
    expect([...recorded.keys()].filter((f) => !files.includes(f))).toEqual([]);
  });
});

describe.each(DIALECTS)('schema snapshot on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('migrating an empty database makes exactly the recorded schema', async () => {
    const recorded = fs.readFileSync(snapshotFile(engine), 'utf8');
    expect(await dumpSchema(t.db, engine), `the schema differs from ${path.relative('.', snapshotFile(engine))}. ${REFRESH}`).toBe(recorded);
  });

  it('gives a database migrated before 2026-11-25-01 was edited the indexes it lacks, and leaves a complete one alone', async () => {
    for (const broken of [true, false]) {
      const old = await createTestDatabase(engine, { empty: true });
      try {
        await migrateTo(old.db, engine, '2026-12-06-04-user-preferences');
        if (broken) {
          // The database as the first version of 2026-11-25-01 made it: two indexes missing and
          // service_areas_by_place without `kind`.
          await sql`DROP INDEX mediators_ranking`.execute(old.db);
          await sql`DROP INDEX places_by_position`.execute(old.db);
          await sql`DROP INDEX service_areas_by_place`.execute(old.db);
          await sql`CREATE INDEX service_areas_by_place ON service_areas (country, region, mediator_id)`.execute(old.db);
          expect(await dumpSchema(old.db, engine)).not.toContain('mediators_ranking');
        }
        // On a complete database the same migration changes nothing; either way the schema ends as recorded.
        expect(await migrateTo(old.db, engine, '2026-12-06-05-restore-directory-indexes')).toEqual(['2026-12-06-05-restore-directory-indexes']);
        await migrateToLatest(old.db, engine);
        expect(await dumpSchema(old.db, engine)).toBe(fs.readFileSync(snapshotFile(engine), 'utf8'));
      } finally {
        await old.drop();
      }
    }
  });
});
