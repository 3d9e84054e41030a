import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** A wrong argument: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The frame of an `npm run` command on the app's database (DATABASE_URL, or the SQLite file in
 * DATA_DIR): --help, the database opened and migrated, `run`'s exit code, a UsageError printed
 * with the usage, the database closed. Only when the file is the process's entry point, so tests
 * import the command's functions without running it.
 */
export function commandLine(moduleUrl: string, usage: string, run: (handle: DatabaseHandle, config: Config, argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || !moduleUrl.endsWith(process.argv[1].replace(/\\/g, '/'))) return;
  const main = async () => {
    const argv = process.argv.slice(2);
    if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
      console.log(usage);
      return;
    }
    const config = loadConfig();
    const handle = openDatabase(config.engine, config.databaseUrl);
    try {
      await migrateToLatest(handle.db, handle.engine);
      process.exitCode = await run(handle, config, argv);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`${err.message}\n\n${usage}`);
      process.exitCode = 2;
    } finally {
      await handle.close();
    }
  };
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
