import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { Engine } from '../../src/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';

/** Every test that touches data runs once per engine in this list. */
export const DIALECTS: Engine[] = ['sqlite', 'postgres'];

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TMP_DIR = path.resolve('.tmp');
/**
 * Each test run (one `vitest` process) has its own id, so two runs on one machine never share
 * or drop each other's databases. Set by test/support/global-setup.ts before workers start.
 */
export const runId = () => process.env.CONCORD_TEST_RUN ?? 'adhoc';
/** Built once per run by test/support/global-setup.ts: migrated, with places loaded. */
export const sqliteTemplate = () => path.join(TMP_DIR, `template-${runId()}.sqlite`);
export const pgTemplate = () => `concord_tpl_${runId()}`;

export function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase extends DatabaseHandle {
  url: string;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, copied from the template: real SQLite file or real
 * PostgreSQL database, with every migration applied and the geodata loaded. `empty` gives one
 * with no tables, for tests that run migrations over older data.
 */
export async function createTestDatabase(engine: Engine, { empty = false } = {}): Promise<TestDatabase> {
  const name = `concord_t_${runId()}_${crypto.randomBytes(5).toString('hex')}`;
  if (engine === 'sqlite') {
    const file = path.join(TMP_DIR, `${name}.sqlite`);
    if (!empty) fs.copyFileSync(sqliteTemplate(), file);
    const handle = openDatabase('sqlite', file);
    return {
      ...handle,
      url: file,
      async drop() {
        await handle.close();
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${pgTemplate()}`);
  } finally {
    await admin.end();
  }
  const url = pgUrl(name);
  const handle = openDatabase('postgres', url);
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        // pg's pool.end() resolves before its sockets have closed; dropping at once would cut
        // connections still saying goodbye, and each would log "PostgreSQL connection lost".
        for (let waited = 0; waited < 2000; waited += 20) {
          const open = await c.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [name]);
          if (open.rowCount === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
