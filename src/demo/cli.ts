/**
 * `npm run seed -- --mediators N --articles M --seed S [--reset]`: adds N demo mediators and M
 * synthetic articles to the database named by DATABASE_URL (or the SQLite file under DATA_DIR),
 * and the demo associations when there are none yet. Without --reset it adds to what is there.
 */
import { sql } from 'kysely';
import { loadConfig, type Engine } from '../config.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { prepareDatabase } from '../setup.ts';
import { seedDemoAssociations } from './associations.ts';
import { seedDemoCredentials } from './credentials.ts';
import { seedDemoGrants } from './featured.ts';
import { demoLogIns, seedDemo } from './seed.ts';
import { generateArticles } from './generated-articles.ts';

const USAGE = `Usage: npm run seed -- [--mediators N] [--articles N] [--seed S] [--now DATE] [--reset]

  --mediators N   how many demo mediators to add (a whole number from 0 to 1,000,000), and the
                  demo associations when there are none yet
  --articles N    how many synthetic published articles to add (0 to 1,000,000), written by
                  mediators already there (or added with --mediators); related reading is
                  then ranked again for the whole publication
  --seed S        random seed (an integer, default 1): the same N and S give the same data
  --now DATE      the date the data's dates count back from (ISO 8601, default the current
                  time); give it too for byte-for-byte identical data across runs
  --reset         delete every mediator (with --mediators) and every article (with --articles) first
  --help          show this text

Give --mediators, --articles or both. The database is the one the app uses: DATABASE_URL, or the
SQLite file in DATA_DIR.`;

interface SeedArgs {
  mediators: number;
  articles: number;
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
    const m = /^--(mediators|articles|seed|now)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Unknown argument "${arg}".`);
    const name = m[1]!;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    if (values.has(name)) throw new UsageError(`--${name} is given twice.`);
    values.set(name, value);
  }
  if (!values.has('mediators') && !values.has('articles')) throw new UsageError('Give --mediators, --articles or both.');
  const count = (name: 'mediators' | 'articles') => {
    const raw = values.get(name) ?? '0';
    const n = wholeNumber(raw.replace(/[_,]/g, ''));
    if (n === null || n < 0 || n > 1_000_000) throw new UsageError(`--${name} must be a whole number from 0 to 1,000,000, not "${raw}".`);
    return n;
  };
  const mediators = count('mediators');
  const articles = count('articles');
  const rawSeed = values.get('seed') ?? '1';
  const seed = wholeNumber(rawSeed);
  if (seed === null || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, not "${rawSeed}".`);
  const rawNow = values.get('now');
  const now = rawNow === undefined ? undefined : new Date(rawNow);
  const impossibleDay = /^\d{4}-\d{2}-\d{2}$/.test(rawNow ?? '') && now && !Number.isNaN(now.getTime()) && now.toISOString().slice(0, 10) !== rawNow;
  if (now && (!/^\d{4}-\d{2}-\d{2}/.test(rawNow!) || Number.isNaN(now.getTime()) || impossibleDay)) {
    throw new UsageError(`--now must be an ISO 8601 date such as 2026-11-25 or 2026-11-25T12:00:00Z, not "${rawNow}".`);
  }
  return { mediators, articles, seed, now, reset };
}

function wholeNumber(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Removes every article and what hangs off it (search index, related reading, term counts). */
async function deleteAllArticles(db: Db, engine: Engine): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const table of ['article_related', 'article_terms', 'article_vocabulary', 'publication_terms', 'article_authors', 'article_categories', 'article_tags', 'article_revisions', 'article_reviews'] as const) {
      await trx.deleteFrom(table).execute();
    }
    if (engine === 'sqlite') await sql`DELETE FROM article_fts`.execute(trx);
    const result = await trx.deleteFrom('articles').executeTakeFirst();
    return Number(result.numDeletedRows);
  });
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
    await prepareDatabase(db, engine, { log: (msg) => console.log(msg) });
    if (args.reset && args.articles) console.log(`Deleted ${await deleteAllArticles(db, engine)} articles`);
    if (args.reset && args.mediators) console.log(`Deleted ${await deleteAllMediators(db, engine)} mediators`);

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
    if (args.mediators) {
      const total = await db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const offices = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rate = made && seedMs > 0 ? `, ${Math.round(made / (seedMs / 1000)).toLocaleString('en-US')}/s` : '';
      console.log(`Created ${made.toLocaleString('en-US')} mediators with seed ${args.seed} in ${seconds(seedMs)}${rate}.`);
      console.log(`The directory now has ${Number(total.n).toLocaleString('en-US')} mediators and ${Number(offices.n).toLocaleString('en-US')} offices.`);
    }
    // Members are drawn from the mediators just made; a database with associations gets none.
    // After --reset, the demo associations still there get a roster from the new mediators.
    const associations = made ? await seedDemoAssociations(db, args.seed, args.now ?? new Date()) : 0;
    if (associations) console.log(`Seeded ${associations} demo associations with members from the mediators there; ${demoLogIns()}.`);
    const grants = made ? await seedDemoGrants({ db, engine }, args.now ?? new Date()) : 0;
    if (grants) console.log(`Granted ${grants} demo featured places (the United States, Texas, Ontario), in the audit log.`);
    const credentials = associations ? await seedDemoCredentials(db, { now: args.now ?? new Date(), evidenceDir: config.evidenceDir }) : 0;
    if (credentials) console.log(`Verified ${credentials - 2} demo credentials; one more lapsed, and one waits for review.`);

    if (args.articles) {
      const result = await generateArticles(db, engine, {
        articles: args.articles,
        seed: args.seed,
        now: args.now,
        log: (msg) => console.log(`  ${msg}`),
      });
      const total = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
      console.log(
        `Created ${result.articles.toLocaleString('en-US')} articles by ${result.authors.toLocaleString('en-US')} authors with seed ${args.seed} in ${seconds(result.insertMs + result.relatedMs)} ` +
          `(rows and search index ${seconds(result.insertMs)}, related reading ${seconds(result.relatedMs)}).`,
      );
      console.log(`The publication now has ${Number(total.n).toLocaleString('en-US')} published articles.`);
    }
    console.log(`Done in ${seconds(performance.now() - started)}.`);
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
