/**
 * `npm run bench:index-edits`: does an edit of many mediators stall an instance's searches?
 *
 *   npm run bench:index-edits -- [--mediators N] [--edits N] [--rounds N] [--runs N] [--base REF]
 *
 * One instance (a database handle and its search index) searches without pause, one search per
 * turn of the event loop, while another instance commits an edit of --edits mediators in one
 * transaction (a bulk import, an admin's change to many profiles). The searching instance then
 * catches up on its next search. Measured per round, for the second after the edit commits:
 * the longest event-loop stall (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and the
 * slowest search; and once, with no edit, the same as a baseline.
 *
 * The code under test is this working tree ("new") and --base ("old", default: the merge base
 * with main), exported to .tmp/bench/. Each run is a child process per code, alternating which
 * goes first, so the machine's drift falls on both. The data is bench:search's SQLite database
 * (built by it when missing), copied, so its figures stay reproducible: the edit rewrites
 * `completeness` with its own value, which changes nothing but is logged like any edit.
 *
 * docs/benchmarks.md records results.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { BENCH_DIR, commandOptions, fmt, int, log, mulberry32 } from './common.ts';

const USAGE = `Usage: npm run bench:index-edits -- [options]

  --mediators N   use bench:search's database of N mediators (default 100000; built when missing)
  --edits N       mediators changed in one transaction per round (default 500)
  --rounds N      edits per run (default 5)
  --runs N        runs of each code, alternating which goes first (default 3)
  --base REF      the code to compare with (default: git merge-base HEAD main)
  --no-keywords   search without keywords, so only the index's own catch-up is measured
                  (with keywords, each cached keyword's matches are checked again for the edited mediators)
  --help          show this text`;

interface Options {
  mediators: number;
  edits: number;
  rounds: number;
  runs: number;
  base: string | null;
  keywords: boolean;
}

/** What one child process measured, in milliseconds. */
interface RunResult {
  code: 'old' | 'new';
  loadMs: number;
  idle: { stall: number; slowest: number; searches: number };
  rounds: { stall: number; slowest: number; searches: number }[];
}

/** A second of searching after each edit commits: the catch-up and anything it leaves to later turns. */
const WATCH_MS = 1000;
const NOW = new Date('2026-11-25T12:00:00Z');

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { mediators: 100_000, edits: 500, rounds: 5, runs: 3, base: null, keywords: true };
  for (const { name, count, value } of commandOptions(argv, USAGE)) {
    if (name === 'help') return 'help';
    else if (name === 'mediators') o.mediators = count(1);
    else if (name === 'edits') o.edits = count(1);
    else if (name === 'rounds') o.rounds = count(1);
    else if (name === 'runs') o.runs = count(1);
    else if (name === 'base') o.base = value();
    else if (name === 'no-keywords') o.keywords = false;
    else throw new Error(`Unknown option --${name}.\n\n${USAGE}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// One run, in a child process: `tsx bench/index-edits.ts --child CODE ROOT FILE EDITS ROUNDS KEYWORDS`

async function child(code: 'old' | 'new', root: string, file: string, edits: number, rounds: number, keywords: boolean): Promise<RunResult> {
  const from = (p: string) => import(pathToFileURL(path.join(root, p)).href);
  const { openDatabase } = await from('src/db/database.ts');
  const { searchMediators } = await from('src/directory/search.ts');
  const { indexFor } = await from('src/directory/search-index.ts');
  const { generateQueries } = await import('./search.ts');
  const reader = openDatabase('sqlite', file);
  const writer = openDatabase('sqlite', file);
  const index = indexFor(reader.db);
  await index.sync();
  const { queries } = await generateQueries(reader.db, 200, 20261206);
  if (!keywords) for (const q of queries) delete q.params.q;
  let next = 0;
  const search = () => searchMediators({ db: reader.db, engine: 'sqlite' }, queries[next++ % queries.length]!.params, NOW);
  for (let i = 0; i < 100; i++) await search();

  const ids: number[] = (await reader.db.selectFrom('mediators').select('id').where('status', '=', 'published').execute()).map((r: { id: number }) => r.id);
  const random = mulberry32(7);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  /** Searches for WATCH_MS, yielding to the event loop between searches as a server does between requests. */
  const watch = async () => {
    histogram.reset();
    histogram.enable();
    let slowest = 0;
    let searches = 0;
    const until = performance.now() + WATCH_MS;
    while (performance.now() < until) {
      const t = performance.now();
      await search();
      slowest = Math.max(slowest, performance.now() - t);
      searches++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A timer turn, so a stall at the very end is sampled too.
    await new Promise((resolve) => setTimeout(resolve, 5));
    histogram.disable();
    return { stall: histogram.max / 1e6, slowest, searches };
  };

  const idle = await watch();
  const measured: RunResult['rounds'] = [];
  for (let r = 0; r < rounds; r++) {
    const picked = new Set<number>();
    while (picked.size < edits) picked.add(ids[Math.floor(random() * ids.length)]!);
    await writer.db.updateTable('mediators').set({ completeness: sql`completeness` }).where('id', 'in', [...picked]).execute();
    measured.push(await watch());
  }
  await reader.close();
  await writer.close();
  return { code, loadMs: index.stats.loadMs, idle, rounds: measured };
}

// ---------------------------------------------------------------------------------------------
// The driver

function prepareData(o: Options): string {
  const source = path.join(BENCH_DIR, `search-${o.mediators}.sqlite`);
  if (!fs.existsSync(source)) {
    log(`Building bench:search's database of ${int(o.mediators)} mediators first …`);
    execFileSync('npx', ['tsx', 'bench/search.ts', '--build-only', '--engines', 'sqlite', '--mediators', String(o.mediators)], { stdio: 'inherit' });
  }
  const file = path.join(BENCH_DIR, `index-edits-${o.mediators}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(source, file);
  return file;
}

/** The old code's src/, exported from git where its imports still resolve this project's node_modules. */
function exportBase(ref: string): string {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  const root = path.join(BENCH_DIR, `index-edits-${commit}`);
  if (!fs.existsSync(path.join(root, 'src'))) {
    fs.mkdirSync(root, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} src | tar -x -C ${JSON.stringify(root)}`]);
  }
  return root;
}

function runChild(code: 'old' | 'new', root: string, file: string, o: Options): RunResult {
  const out = execFileSync('npx', ['tsx', 'bench/index-edits.ts', '--child', code, root, file, String(o.edits), String(o.rounds), String(o.keywords)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, code, root, file, edits, rounds, keywords] = args;
    const result = await child(code as 'old' | 'new', root!, file!, Number(edits), Number(rounds), keywords === 'true');
    console.log(JSON.stringify(result));
    return;
  }
  const o = parseArgs(args);
  if (o === 'help') return log(USAGE);
  const base = o.base ?? execFileSync('git', ['merge-base', 'HEAD', 'main'], { encoding: 'utf8' }).trim();
  const roots = { old: exportBase(base), new: process.cwd() };
  const file = prepareData(o);
  log(`Concord index-edits benchmark — ${new Date().toISOString()}`);
  log(`${int(o.mediators)} mediators (SQLite), ${int(o.edits)} mediators edited per round, ${o.rounds} rounds per run, ${o.runs} runs per code, ${o.keywords ? 'searches with and without keywords' : 'searches without keywords'}; old = ${base.slice(0, 7)}, new = this tree`);
  log('');
  log(`  ${'run'.padEnd(8)} ${'code'.padEnd(5)} ${'load'.padStart(7)} ${'idle stall'.padStart(11)} ${'stall per edit (ms)'.padEnd(34)} ${'slowest search per edit (ms)'}`);
  const all: RunResult[] = [];
  for (let run = 1; run <= o.runs; run++) {
    const order: ('old' | 'new')[] = run % 2 ? ['old', 'new'] : ['new', 'old'];
    for (const code of order) {
      const r = runChild(code, roots[code], file, o);
      all.push(r);
      const list = (xs: number[]) => xs.map((x) => fmt(x)).join(' ');
      log(`  ${String(run).padEnd(8)} ${code.padEnd(5)} ${fmt(r.loadMs).padStart(7)} ${fmt(r.idle.stall).padStart(11)} ${list(r.rounds.map((x) => x.stall)).padEnd(34)} ${list(r.rounds.map((x) => x.slowest))}`);
    }
  }
  log('');
  for (const code of ['old', 'new'] as const) {
    const mine = all.filter((r) => r.code === code);
    const stalls = mine.flatMap((r) => r.rounds.map((x) => x.stall));
    const slowest = mine.flatMap((r) => r.rounds.map((x) => x.slowest));
    const idle = mine.map((r) => r.idle.stall);
    log(`  ${code}: longest stall after an edit: median ${fmt(median(stalls))} ms, worst ${fmt(Math.max(...stalls))} ms; slowest search: median ${fmt(median(slowest))} ms, worst ${fmt(Math.max(...slowest))} ms; with no edit: median stall ${fmt(median(idle))} ms`);
  }
}

await main();
