import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { PG_ADMIN_URL, PG_TEMPLATE, SQLITE_TEMPLATE, TMP_DIR, pgUrl } from './db.ts';

/** Builds one template database per engine; each test file copies it (seconds saved per file). */
export default async function setup(): Promise<void> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const f of fs.readdirSync(TMP_DIR)) if (f.startsWith('concord_t_') || f.startsWith('template')) fs.rmSync(`${TMP_DIR}/${f}`);

  const sqlite = openDatabase('sqlite', SQLITE_TEMPLATE);
  await prepareDatabase(sqlite.db, 'sqlite', { seedMediators: 0 });
  await sqlite.close();

  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'concord_t_%'`);
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const postgres = openDatabase('postgres', pgUrl(PG_TEMPLATE));
  await prepareDatabase(postgres.db, 'postgres', { seedMediators: 0 });
  await postgres.close();
}
