import { sql } from 'kysely';
import { engineOf, type Db } from '../../db/database.ts';

/**
 * Following `directory_changes`, the log that triggers append to whenever a mediator or a row
 * search reads about them changes (mediator id 0: the practice-area taxonomy). A reader keeps a
 * position; each read returns every entry committed since, and the position after them. One
 * follower per engine, as the engines hand out entry ids differently:
 *
 * - SQLite has one writer at a time, and an id is taken inside the writer's transaction. So when
 *   a reader sees id n committed, every lower id is committed too (or was rolled back, and then
 *   reused by the next writer): the committed ids are a prefix, and "after the last id read" is
 *   exact.
 * - PostgreSQL hands out ids (bigserial) before commit, to many writers at once, so a lower id
 *   can commit after a higher one, or never. Each entry records its transaction (the `xid`
 *   column), and the position is the reader's snapshot: the transactions still running then
 *   (`xip`) and the first not yet started (`xmax`). Every transaction below `xmin` has finished,
 *   so its entries are settled; the next read asks for exactly the entries of the transactions
 *   that were running or not yet started, whatever their ids, however long they took, and a
 *   rolled-back one simply never shows. No clock, no guessing.
 */

/** Change-log entries prune() keeps: above a catch-up's limit, so a reader it passes reloads anyway. */
export const CHANGES_KEPT = 10_000;

/** Where a reader stands in the log, as its follower understands it. */
export type Position = { lastId: number } | Snapshot;

interface Snapshot {
  /** xid8 values as decimal text (they are 64-bit). */
  xmin: string;
  xmax: string;
  running: string[];
}

export interface Changes {
  /** The changed mediators' ids in log order, repeats included; 0 stands for the taxonomy. */
  mediatorIds: number[];
  /** The reader's position once these are applied. */
  to: Position;
}

export interface ChangeFollower {
  /** The position now: a full load that starts reading afterwards sees everything before it. */
  here(): Promise<Position>;
  /**
   * What was committed since `from`, or null when the log cannot say (it was pruned past `from`)
   * or there are more than `limit` entries: then load everything again.
   */
  after(from: Position, limit: number): Promise<Changes | null>;
  /** Deletes entries no reader needs (all but the last CHANGES_KEPT), and records how far. */
  prune(): Promise<void>;
}

export function followerFor(db: Db): ChangeFollower {
  return engineOf(db) === 'postgres' ? postgresFollower(db) : sqliteFollower(db);
}

function sqliteFollower(db: Db): ChangeFollower {
  const lastId = async (q: Db) => Number((await q.selectFrom('directory_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
  return {
    async here() {
      return { lastId: await lastId(db) };
    },
    async after(from, limit) {
      const since = (from as { lastId: number }).lastId;
      const rows = await db.selectFrom('directory_changes').select(['id', 'mediator_id']).where('id', '>', since).orderBy('id').limit(limit + 1).execute();
      // Read after the entries: a prune committed before them shows here.
      const pruned = await db.selectFrom('directory_changes_pruned').select('below').executeTakeFirstOrThrow();
      if (Number(pruned.below) > since + 1 || rows.length > limit) return null;
      return { mediatorIds: rows.map((r) => r.mediator_id), to: { lastId: rows.length ? rows[rows.length - 1]!.id : since } };
    },
    async prune() {
      await db.transaction().execute(async (trx) => {
        const below = (await lastId(trx)) - CHANGES_KEPT + 1;
        const moved = await trx.updateTable('directory_changes_pruned').set({ below }).where('below', '<', below).executeTakeFirst();
        if (moved.numUpdatedRows > 0n) await trx.deleteFrom('directory_changes').where('id', '<', below).execute();
      });
    },
  };
}

function postgresFollower(db: Db): ChangeFollower {
  // One statement, so one snapshot: the entries read are exactly those it shows committed.
  const snapshot = sql<Snapshot>`pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT pg_snapshot_xip(s)::text) AS running`;
  return {
    async here() {
      const { rows } = await sql<Snapshot>`SELECT ${snapshot} FROM pg_current_snapshot() AS snap(s)`.execute(db);
      return rows[0]!;
    },
    async after(from, limit) {
      const at = from as Snapshot;
      const { rows } = await sql<Snapshot & { below: string; changed: number[] }>`
        SELECT ${snapshot},
          (SELECT below::text FROM directory_changes_pruned) AS below,
          ARRAY(
            SELECT mediator_id FROM directory_changes
            WHERE xid >= ${at.xmax}::xid8 OR xid = ANY(${at.running}::xid8[])
            ORDER BY id LIMIT ${limit + 1}
          ) AS changed
        FROM pg_current_snapshot() AS snap(s)`.execute(db);
      const r = rows[0]!;
      // Every entry this reader still needs is of a transaction at or above its xmin.
      if (BigInt(r.below) > BigInt(at.xmin) || r.changed.length > limit) return null;
      return { mediatorIds: r.changed, to: { xmin: r.xmin, xmax: r.xmax, running: r.running } };
    },
    async prune() {
      await db.transaction().execute(async (trx) => {
        // Only settled entries (below xmin) go, and only those older than the last CHANGES_KEPT.
        // The marker row's lock makes instances pruning together take turns.
        const { rows } = await sql<{ below: string }>`
          UPDATE directory_changes_pruned SET below = greatest(below, least(
            pg_snapshot_xmin(pg_current_snapshot()),
            coalesce((SELECT xid FROM directory_changes ORDER BY id DESC OFFSET ${CHANGES_KEPT - 1} LIMIT 1), '0'::xid8)
          ))
          RETURNING below::text`.execute(trx);
        await sql`DELETE FROM directory_changes WHERE xid < ${rows[0]!.below}::xid8`.execute(trx);
      });
    },
  };
}
