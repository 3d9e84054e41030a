import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from './database.ts';
import * as m20261125_01 from './migrations/2026-11-25-01-directory.ts';
import * as m20261126_01 from './migrations/2026-11-26-01-directory-changes.ts';
import * as m20261126_02 from './migrations/2026-11-26-02-accounts.ts';
import * as m20261126_03 from './migrations/2026-11-26-03-member-profiles.ts';
import * as m20261126_04 from './migrations/2026-11-26-04-profile-editing.ts';
import * as m20261126_05 from './migrations/2026-11-26-05-inquiries.ts';
import * as m20261126_06 from './migrations/2026-11-26-06-taxonomy-changes.ts';
import * as m20261126_07 from './migrations/2026-11-26-07-publication.ts';
import * as m20261126_08 from './migrations/2026-11-26-08-related-vocabulary.ts';
import * as m20261126_09 from './migrations/2026-11-26-09-search-terms.ts';
import * as m20261206_01 from './migrations/2026-12-06-01-account-links.ts';
import * as m20261206_02 from './migrations/2026-12-06-02-mailed-link-secrets.ts';
import * as m20261206_03 from './migrations/2026-12-06-03-change-log-transactions.ts';
import * as m20261206_04 from './migrations/2026-12-06-04-user-preferences.ts';
import * as m20261206_05 from './migrations/2026-12-06-05-restore-directory-indexes.ts';
import * as m20261206_06 from './migrations/2026-12-06-06-audit-log.ts';
import * as m20261206_07 from './migrations/2026-12-06-07-associations.ts';
import * as m20261206_08 from './migrations/2026-12-06-08-suspensions.ts';
import * as m20261206_09 from './migrations/2026-12-06-09-association-search.ts';
import * as m20261206_10 from './migrations/2026-12-06-10-association-invitations.ts';
import * as m20261206_11 from './migrations/2026-12-06-11-imports.ts';
import * as m20261206_12 from './migrations/2026-12-06-12-featured-grants.ts';
import * as m20261206_13 from './migrations/2026-12-06-13-credential-verification.ts';
import * as m20261206_14 from './migrations/2026-12-06-14-association-news.ts';
import * as m20261206_15 from './migrations/2026-12-06-15-languages.ts';

type EngineMigration = { up(db: Parameters<Migration['up']>[0], engine: Engine): Promise<void> };

// Listed by hand so the order is explicit and a bundler or tsx sees every file.
const migrations: Record<string, EngineMigration> = {
  '2026-11-25-01-directory': m20261125_01,
  '2026-11-26-01-directory-changes': m20261126_01,
  '2026-11-26-02-accounts': m20261126_02,
  '2026-11-26-03-member-profiles': m20261126_03,
  '2026-11-26-04-profile-editing': m20261126_04,
  '2026-11-26-05-inquiries': m20261126_05,
  '2026-11-26-06-taxonomy-changes': m20261126_06,
  '2026-11-26-07-publication': m20261126_07,
  '2026-11-26-08-related-vocabulary': m20261126_08,
  '2026-11-26-09-search-terms': m20261126_09,
  '2026-12-06-01-account-links': m20261206_01,
  '2026-12-06-02-mailed-link-secrets': m20261206_02,
  '2026-12-06-03-change-log-transactions': m20261206_03,
  '2026-12-06-04-user-preferences': m20261206_04,
  '2026-12-06-05-restore-directory-indexes': m20261206_05,
  '2026-12-06-06-audit-log': m20261206_06,
  '2026-12-06-07-associations': m20261206_07,
  '2026-12-06-08-suspensions': m20261206_08,
  '2026-12-06-09-association-search': m20261206_09,
  '2026-12-06-10-association-invitations': m20261206_10,
  '2026-12-06-11-imports': m20261206_11,
  '2026-12-06-12-featured-grants': m20261206_12,
  '2026-12-06-13-credential-verification': m20261206_13,
  '2026-12-06-14-association-news': m20261206_14,
  '2026-12-06-15-languages': m20261206_15,
};

class EngineAwareProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [name, { up: (db) => m.up(db, this.engine) }]),
    );
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Db, engine: Engine): Promise<string[]> {
  return migrate(db, engine, (migrator) => migrator.migrateToLatest());
}

/** Brings an older schema up to the named migration: for tests of a migration over older data. */
export async function migrateTo(db: Db, engine: Engine, name: string): Promise<string[]> {
  return migrate(db, engine, (migrator) => migrator.migrateTo(name));
}

async function migrate(db: Db, engine: Engine, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const { error, results } = await run(new Migrator({ db, provider: new EngineAwareProvider(engine) }));
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
