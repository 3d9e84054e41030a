import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from './database.ts';

/** pg_advisory_lock's key for first-start setup: any number no other lock of the site uses. */
const START_LOCK = 47_112_026;

/**
 * Runs `fn` while no other instance on the same PostgreSQL runs its own: two instances starting
 * together on an empty database must not both see it empty and both fill it. The lock is held on
 * one pooled connection of its own (a session lock), so `fn` may use the pool and its own
 * transactions freely. SQLite needs none: one process serves a file, and its writers queue.
 */
export async function withStartLock<T>(db: Db, engine: Engine, fn: () => Promise<T>): Promise<T> {
  if (engine !== 'postgres') return fn();
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${START_LOCK})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(${START_LOCK})`.execute(conn);
    }
  });
}
