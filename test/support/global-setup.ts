import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { prepareDatabase } from '../../src/setup.ts';
import { PG_ADMIN_URL, TMP_DIR, pgTemplate, pgUrl, runId, sqliteTemplate } from './db.ts';

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Builds one template database per engine (migrated, place data loaded); each test file copies
 * it, which saves the place load per file. Returns the teardown that removes this run's databases.
 */
export default async function setup(): Promise<() => Promise<void>> {
  process.env.CONCORD_TEST_RUN = `${process.pid}`;
  fs.mkdirSync(TMP_DIR, { recursive: true });

  const sqlite = openDatabase('sqlite', sqliteTemplate());
  await prepareDatabase(sqlite.db, 'sqlite');
  await sqlite.close();

  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pgTemplate()} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pgTemplate()}`);
  });
  const postgres = openDatabase('postgres', pgUrl(pgTemplate()));
  await prepareDatabase(postgres.db, 'postgres');
  await postgres.close();

  return async () => {
    const mine = (f: string) => f.startsWith(`concord_t_${runId()}_`) || f.startsWith(`template-${runId()}.`);
    for (const f of fs.readdirSync(TMP_DIR)) if (mine(f)) fs.rmSync(path.join(TMP_DIR, f), { force: true });
    await withAdmin(async (c) => {
      const left = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`concord_t_${runId()}_%`]);
      for (const { datname } of left.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${pgTemplate()} WITH (FORCE)`);
    });
  };
}
