import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import type { Engine } from '../config.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../db/database.ts';
import Fastify from 'fastify';
import type { Context } from '../web/context.ts';
import { PRUNE_EVERY_MS, changeLogPruner, pruneChanges } from './search-index.ts';
import { searchMediators } from './search.ts';

/**
 * Two app instances on one database: each has its own database handle, so its own search index,
 * as two servers would. One writes (or a SQL shell does), the other must show it on its next search.
 * Each test works in its own spot of Texas, one degree of latitude from the others.
 */
const spot = (n: number) => ({ label: `Spot ${n}`, lat: 26 + n, lon: -99, country: 'US', region: 'TX' });

async function namesAt(db: Db, engine: Engine, n: number): Promise<string[]> {
  const outcome = await searchMediators(
    { db, engine },
    { location: spot(n), radius: 10, practice: [], language: [], format: [], freeConsultation: false, accepting: false, sort: 'distance', page: 1 },
    TEST_NOW,
  );
  if (outcome.status !== 'ok') throw new Error(`expected results, got ${JSON.stringify(outcome)}`);
  return outcome.result.results.map((h) => h.name);
}

const at = (n: number, name: string) => ({ name, offices: [office(spot(n).lat, spot(n).lon, { city: `Spot ${n}` })] });

/** A transaction on its own connection, left open until the test commits or rolls it back. */
async function openTransaction(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  return client;
}

describe('the search index follows PostgreSQL from two instances', () => {
  const engine = 'postgres';
  let t: TestDatabase;
  /** The reading instance, started afresh for each test. */
  let other: DatabaseHandle;
  const clients: pg.Client[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  beforeEach(() => {
    other = openDatabase(engine, t.url);
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of clients.splice(0)) await c.end();
    await other.close();
  });
  afterAll(() => t?.drop());
  const held = async () => {
    const c = await openTransaction(t.url);
    clients.push(c);
    return c;
  };
  const rename = (db: Db, id: number, name: string) => db.updateTable('mediators').set({ name }).where('id', '=', id).execute();

  it('keeps following after a rolled-back write and a burst of 6,000 changes', async () => {
    const id = await createMediator(t.db, engine, at(1, 'Pat First'));
    expect(await namesAt(other.db, engine, 1)).toEqual(['Pat First']);

    // A write that rolls back: its change-log id is taken and never committed.
    const c = await held();
    await c.query('UPDATE mediators SET name = $1 WHERE id = $2', ['Pat Never', id]);
    await c.query('ROLLBACK');
    await rename(t.db, id, 'Pat Second');
    expect(await namesAt(other.db, engine, 1)).toEqual(['Pat Second']);

    // More than 5,000 entries in a few seconds (one transaction, as a bulk import would).
    await sql.raw(`DO $$ BEGIN FOR i IN 1..6000 LOOP UPDATE mediators SET completeness = completeness WHERE id = ${id}; END LOOP; END $$`).execute(t.db);
    expect(await namesAt(other.db, engine, 1)).toEqual(['Pat Second']);
    await rename(t.db, id, 'Pat Third');
    expect(await namesAt(other.db, engine, 1)).toEqual(['Pat Third']);
    await rename(t.db, id, 'Pat Fourth');
    expect(await namesAt(other.db, engine, 1)).toEqual(['Pat Fourth']);
  });

  it('applies a transaction that commits after a full load began', async () => {
    const id = await createMediator(t.db, engine, at(2, 'Rae Before'));
    // The transaction takes its change-log id, then a later one commits first.
    const c = await held();
    await c.query('UPDATE mediators SET name = $1 WHERE id = $2', ['Rae After', id]);
    await createMediator(t.db, engine, at(2, 'Sam Meanwhile'));

    // An instance starting now loads everything while the transaction is still open.
    const starting = openDatabase(engine, t.url);
    try {
      expect(await namesAt(starting.db, engine, 2)).toEqual(['Rae Before', 'Sam Meanwhile']);
      await c.query('COMMIT');
      expect(await namesAt(starting.db, engine, 2)).toEqual(['Rae After', 'Sam Meanwhile']);
    } finally {
      await starting.close();
    }
  });

  it('applies a transaction held open while other writes commit and the clock moves past a minute', async () => {
    const id = await createMediator(t.db, engine, at(3, 'Lee Before'));
    const other3 = await createMediator(t.db, engine, at(3, 'Max One'));
    expect(await namesAt(other.db, engine, 3)).toEqual(['Lee Before', 'Max One']);

    const c = await held();
    await c.query('UPDATE mediators SET name = $1 WHERE id = $2', ['Lee Held', id]);
    await rename(t.db, other3, 'Max Two');
    expect(await namesAt(other.db, engine, 3)).toEqual(['Lee Before', 'Max Two']);
    // The instance's clock (Date) moves 61 s on: nothing in following the log may depend on it.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await rename(t.db, other3, 'Max Three');
    expect(await namesAt(other.db, engine, 3)).toEqual(['Lee Before', 'Max Three']);
    vi.setSystemTime(Date.now() + 61_000);
    await c.query('COMMIT');
    expect(await namesAt(other.db, engine, 3)).toEqual(['Lee Held', 'Max Three']);
  });
});

/**
 * Waits until every change-log entry is settled, which PostgreSQL's pruning waits for: all
 * transactions running when they were written have ended, in any database on the server (other
 * test files share it, and transaction ids are the server's).
 */
async function settled(db: Db, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  for (let waited = 0; waited < 20_000; waited += 50) {
    const { rows } = await sql<{ ok: boolean }>`
      SELECT pg_snapshot_xmin(pg_current_snapshot()) > (SELECT xid FROM directory_changes ORDER BY xid DESC LIMIT 1) AS ok`.execute(db);
    if (rows[0]!.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('a transaction elsewhere on the server stayed open for 20 s');
}

describe.each(DIALECTS)('the search index on %s', (engine) => {
  let t: TestDatabase;
  let other: DatabaseHandle;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    other = openDatabase(engine, t.url);
  });
  afterAll(async () => {
    await other?.close();
    await t?.drop();
  });

  it('shows each writer its own committed write on its next search, while others write and search', async () => {
    const writers = 6;
    const rounds = 8;
    const ids: number[] = [];
    for (let w = 0; w < writers; w++) ids.push(await createMediator(t.db, engine, at(4, `Writer ${w} round 0`)));
    let stop = false;
    // Searches on the reading instance keep a catch-up under way most of the time.
    const background = (async () => {
      while (!stop) await namesAt(other.db, engine, 4);
    })();
    const stale: string[] = [];
    await Promise.all(
      ids.map(async (id, w) => {
        for (let r = 1; r <= rounds; r++) {
          const name = `Writer ${w} round ${r}`;
          await t.db.updateTable('mediators').set({ name }).where('id', '=', id).execute();
          const seen = await namesAt(other.db, engine, 4);
          if (!seen.includes(name)) stale.push(`${name}: saw ${seen.filter((n) => n.startsWith(`Writer ${w} `)).join()}`);
        }
      }),
    );
    stop = true;
    await background;
    expect(stale).toEqual([]);
  });

  it('loads everything again when the change log was pruned past it', async () => {
    const id = await createMediator(t.db, engine, at(5, 'Kim Before'));
    expect(await namesAt(other.db, engine, 5)).toEqual(['Kim Before']);
    await t.db.updateTable('mediators').set({ name: 'Kim After' }).where('id', '=', id).execute();
    // Other traffic fills the log, and pruning then deletes the rename's entry.
    for (let i = 0; i < 11; i++) {
      await t.db.insertInto('directory_changes').values(Array.from({ length: 1000 }, () => ({ mediator_id: 999_999 }))).execute();
    }
    await settled(t.db, engine);
    await pruneChanges(t.db);
    const left = await t.db.selectFrom('directory_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(10_000);
    expect(await namesAt(other.db, engine, 5)).toEqual(['Kim After']);
  });

  it('prunes the change log every ten minutes while the server runs, keeping the last 10,000 entries', async () => {
    const count = async () => Number((await t.db.selectFrom('directory_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (let i = 0; i < 12; i++) await t.db.insertInto('directory_changes').values(Array.from({ length: 1000 }, () => ({ mediator_id: 999_999 }))).execute();
    await settled(t.db, engine);
    // Only interval timers are faked, so the pruner's clock moves and the database driver's does not.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const app = Fastify();
    app.decorate('deps', { db: t.db } as Context);
    try {
      await app.register(changeLogPruner);
      await app.ready();
      const before = await count();
      vi.advanceTimersByTime(PRUNE_EVERY_MS - 1);
      expect(await count()).toBe(before);
      vi.advanceTimersByTime(1);
    } finally {
      // Closing waits for the prune the timer started.
      await app.close();
      vi.useRealTimers();
    }
    const after = await count();
    expect(after).toBeGreaterThanOrEqual(10_000);
    expect(after).toBeLessThan(11_000);
  });

  it('ranks edited mediators as a freshly started instance does, before and after their old entries are compacted', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await createMediator(t.db, engine, at(6, `Edit ${String(i).padStart(2, '0')}`)));
    expect(await namesAt(other.db, engine, 6)).toHaveLength(20);
    // Most of them change: their old entries in the grid become tombstones.
    await t.db.updateTable('mediators').set({ completeness: 40 }).where('id', 'in', ids.slice(0, 24)).execute();
    await t.db.deleteFrom('mediators').where('id', 'in', ids.slice(24, 27)).execute();
    const fresh = openDatabase(engine, t.url);
    try {
      const expected = await namesAt(fresh.db, engine, 6);
      expect(expected).not.toContain('Edit 25');
      expect(await namesAt(other.db, engine, 6)).toEqual(expected);
      // Compaction runs in later turns of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await namesAt(other.db, engine, 6)).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });
});
