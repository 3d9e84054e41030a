import type { Config, Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';

/**
 * What every service is handed, one object for all of them: the database (or the transaction the
 * caller opened: `{ ...ctx, db: trx }`), its engine, the settings, the clock, mail, and where to
 * report a failure that must not fail the request. Routes pass `app.deps`; tests build their own
 * on any database with a fixed clock.
 */
export interface Context {
  db: Db;
  engine: Engine;
  config: Config;
  /** The clock; tests fix it so freshness and featured rotation are predictable. */
  now: () => Date;
  /** Sends (or, without SMTP_URL, writes) mail; tests read what it wrote. */
  mailer: Mailer;
  /** A mail that could not be sent, say: logged, and the work it followed stands. */
  logError: (err: unknown, what: string) => void;
}

/** What a server is built from; it adds `logError`, writing to its own log. */
export type AppDeps = Omit<Context, 'logError'>;

/** What a service that only reads and writes data needs of the Context. */
export type DbContext = Pick<Context, 'db' | 'engine'>;
