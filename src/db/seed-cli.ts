import { sql } from 'kysely';
import { loadConfig, type Engine } from '../config.ts';
import { openDatabase, type Db } from './database.ts';
import { prepareDatabase } from './prepare.ts';
import { seedDemo } from './seed.ts';

/**
 * `npm run seed -- --mediators N --seed S [--reset]`: adds N demo mediators to the database named
 * by DATABASE_URL (or the SQLite file under DATA_DIR). Without --reset it adds to what is there.
 */

const USAGE = `Usage: npm run seed -- --mediators N [--seed S] [--now DATE] [--reset]

  --mediators N   how many demo mediators to add (a whole number from 0 to 1,000,000)
  --seed S        random seed (an integer, default 1): the same N and S give the same data
  --now DATE      the date the data's dates count back from (ISO 8601, default the current
                  time); give it too for byte-for-byte identical data across runs
  --reset         delete every mediator first
  --help          show this text

The database is the one the app uses: DATABASE_URL, or the SQLite file in DATA_DIR.`;

interface SeedArgs {
  mediators: number;
  seed: number;
  now: Date | undefined;
  reset: boolean;
}

class UsageError extends Error {}

/** Parses `--name value`, `--name=value` and the --reset/--help switches. */
function parseSeedArgs(argv: string[]): SeedArgs | 'help' {
  const values = new Map<string, string>();
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--reset') {
      reset = true;
      continue;
    }
    const m = /^--(mediators|seed|now)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Unknown argument "${arg}".`);
    const name = m[1]!;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    if (values.has(name)) throw new UsageError(`--${name} is given twice.`);
    values.set(name, value);
  }
  const rawCount = values.get('mediators');
  if (rawCount === undefined) throw new UsageError('--mediators is required.');
  const mediators = wholeNumber(rawCount.replace(/[_,]/g, ''));
  if (mediators === null || mediators < 0 || mediators > 1_000_000) {
    throw new UsageError(`--mediators must be a whole number from 0 to 1,000,000, not "${rawCount}".`);
  }
  const rawSeed = values.get('seed') ?? '1';
  const seed = wholeNumber(rawSeed);
  if (seed === null || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, not "${rawSeed}".`);
  const rawNow = values.get('now');
  const now = rawNow === undefined ? undefined : new Date(rawNow);
  const impossibleDay = /^\d{4}-\d{2}-\d{2}$/.test(rawNow ?? '') && now && !Number.isNaN(now.getTime()) && now.toISOString().slice(0, 10) !== rawNow;
  if (now && (!/^\d{4}-\d{2}-\d{2}/.test(rawNow!) || Number.isNaN(now.getTime()) || impossibleDay)) {
    throw new UsageError(`--now must be an ISO 8601 date such as 2026-11-25 or 2026-11-25T12:00:00Z, not "${rawNow}".`);
  }
  return { mediators, seed, now, reset };
}

function wholeNumber(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Removes every mediator: child rows first, so it works with or without foreign-key cascades. */
async function deleteAllMediators(db: Db, engine: Engine): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const table of ['mediator_practice_areas', 'mediator_languages', 'mediator_credentials', 'offices', 'service_areas'] as const) {
      await trx.deleteFrom(table).execute();
    }
    if (engine === 'sqlite') await sql`DELETE FROM mediator_fts`.execute(trx);
    const result = await trx.deleteFrom('mediators').executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

async function main(): Promise<void> {
  let args: SeedArgs | 'help';
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }

  const config = loadConfig();
  const { db, engine, close } = openDatabase(config.engine, config.databaseUrl);
  const where = engine === 'postgres' ? redactUrl(config.databaseUrl) : config.databaseUrl;
  try {
    console.log(`Database: ${engine} ${where}`);
    const started = performance.now();
    await prepareDatabase(db, engine, { seedMediators: 0, log: (msg) => console.log(msg) });
    if (args.reset) console.log(`Deleted ${await deleteAllMediators(db, engine)} mediators`);

    const seedStarted = performance.now();
    let lastLog = 0;
    const made = await seedDemo(db, engine, {
      mediators: args.mediators,
      seed: args.seed,
      now: args.now,
      log: (msg) => {
        // Progress every few seconds, not for every batch.
        if (performance.now() - lastLog > 3000) {
          console.log(`  ${msg} (${seconds(performance.now() - seedStarted)})`);
          lastLog = performance.now();
        }
      },
    });
    const seedMs = performance.now() - seedStarted;
    // Statistics for the new rows, so both planners keep choosing the spatial and filter indexes.
    if (made) await sql`ANALYZE`.execute(db);
    const total = await db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const offices = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rate = made && seedMs > 0 ? `, ${Math.round(made / (seedMs / 1000)).toLocaleString('en-US')}/s` : '';
    console.log(`Created ${made.toLocaleString('en-US')} mediators with seed ${args.seed} in ${seconds(seedMs)}${rate}.`);
    console.log(`The directory now has ${Number(total.n).toLocaleString('en-US')} mediators and ${Number(offices.n).toLocaleString('en-US')} offices (total ${seconds(performance.now() - started)}).`);
  } finally {
    await close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Never print a password from DATABASE_URL. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
