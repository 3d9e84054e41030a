/**
 * `npm run schema:snapshot`: migrates an empty database on each engine and writes what it made to
 * src/db/snapshots/<engine>.txt, and records the hash of each migration that has none yet in
 * src/db/snapshots/migrations.sha256. It never rewrites a recorded hash: a landed migration is
 * frozen, so a changed one is refused here and in test/schema-snapshot.test.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Engine } from '../../src/config.ts';
import { dumpSchema } from './schema-dump.ts';
import { PG_ADMIN_URL, TMP_DIR, pgUrl } from './db.ts';

export const SNAPSHOT_DIR = path.resolve('src/db/snapshots');
export const MIGRATION_DIR = path.resolve('src/db/migrations');
export const HASHES = path.join(SNAPSHOT_DIR, 'migrations.sha256');
export const snapshotFile = (engine: Engine) => path.join(SNAPSHOT_DIR, `${engine}.txt`);

export const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The recorded hashes, by migration file name. */
export function recordedHashes(): Map<string, string> {
  const lines = fs.existsSync(HASHES) ? fs.readFileSync(HASHES, 'utf8').split('\n').filter(Boolean) : [];
  return new Map(lines.map((l) => { const [hash, name] = l.split(/\s+/); return [name!, hash!]; }));
}

async function migratedSchema(engine: Engine): Promise<string> {
  const name = `concord_snapshot_${process.pid}`;
  if (engine === 'sqlite') {
    fs.mkdirSync(TMP_DIR, { recursive: true });
    const file = path.join(TMP_DIR, `${name}.sqlite`);
    fs.rmSync(file, { force: true });
    const h = openDatabase('sqlite', file);
    try {
      await migrateToLatest(h.db, 'sqlite');
      return await dumpSchema(h.db, 'sqlite');
    } finally {
      await h.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const h = openDatabase('postgres', pgUrl(name));
  try {
    await migrateToLatest(h.db, 'postgres');
    return await dumpSchema(h.db, 'postgres');
  } finally {
    await h.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const recorded = recordedHashes();
  const lines: string[] = [];
  for (const file of fs.readdirSync(MIGRATION_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const hash = sha256(path.join(MIGRATION_DIR, file));
    const before = recorded.get(file);
    if (before && before !== hash) {
      console.error(`${file} has changed since it landed. Migrations are frozen: undo the edit and add a new migration.`);
      process.exit(1);
    }
    lines.push(`${hash}  ${file}`);
  }
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  fs.writeFileSync(HASHES, lines.join('\n') + '\n');
  for (const engine of ['sqlite', 'postgres'] as const) {
    fs.writeFileSync(snapshotFile(engine), await migratedSchema(engine));
    console.log(`wrote ${path.relative('.', snapshotFile(engine))}`);
  }
}
