/**
 * `npm run bench:index-memory`: how much memory the search index holds per listed mediator.
 *
 *   npm run bench:index-memory [-- --mediators 10000,50000] [--runs 3]
 *
 * For each size, bench:search's SQLite database of that many demo mediators (seedDemo, seed 42;
 * built by it when missing) is opened and the index loaded as a server loads it at start. Each
 * run: a full garbage collection (V8's gc(), as under `node --expose-gc`; bench/common.ts), the
 * process's memory; the load (`indexFor(db).sync()`); a collection and the memory again; then one
 * search of the whole directory (no place, page 1), which sizes the ranking's working arrays to
 * the index, a collection and the memory again. The index is then dropped (`forgetIndex`) and
 * collected before the next run (each collection after a turn of the event loop). A load before
 * the first run, not counted, leaves out what is made once per process (prepared statements,
 * modules' tables).
 *
 * Counted: `heapUsed` (V8's heap: JavaScript arrays, strings, maps) and `arrayBuffers` (the
 * typed arrays' contents, which live outside that heap). Reported per listed mediator, the
 * median of the runs. docs/benchmarks.md records results.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../src/db/database.ts';
import { parseSearchQuery } from '../src/directory/schema.ts';
import { forgetIndex, indexFor } from '../src/directory/search-index.ts';
import { searchMediators } from '../src/directory/search.ts';
import { BENCH_DIR, collectGarbage, commandOptions, int, log } from './common.ts';

const USAGE = `Usage: npm run bench:index-memory -- [options]

  --mediators N,N   sizes of bench:search's SQLite database to load (default 10000,50000; built when missing)
  --runs N          loads measured per size; the median is reported (default 3)
  --help            show this text`;

const NOW = new Date('2026-11-25T12:00:00Z');

interface Options {
  sizes: number[];
  runs: number;
}

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { sizes: [10_000, 50_000], runs: 3 };
  for (const { name, value, count } of commandOptions(argv, USAGE)) {
    if (name === 'help') return 'help';
    else if (name === 'runs') o.runs = count(1);
    else if (name === 'mediators') {
      const sizes = value().replace(/_/g, '').split(',');
      if (!sizes.every((s) => /^[1-9]\d*$/.test(s))) throw new Error(`--mediators takes whole numbers separated by commas, not "${sizes.join(',')}".`);
      o.sizes = sizes.map(Number);
    } else throw new Error(`Unknown option --${name}.\n\n${USAGE}`);
  }
  return o;
}

function databaseOf(mediators: number): string {
  const file = path.join(BENCH_DIR, `search-${mediators}.sqlite`);
  if (!fs.existsSync(file)) {
    log(`Building bench:search's database of ${int(mediators)} mediators first …`);
    execFileSync('npx', ['tsx', 'bench/search.ts', '--build-only', '--engines', 'sqlite', '--mediators', String(mediators)], { stdio: 'inherit' });
  }
  return file;
}

/**
 * The memory after a turn of the event loop and two full collections. Without the turn, an
 * index just let go of was sometimes still held (by work the loop had yet to run) and counted.
 */
async function settled(): Promise<{ heap: number; buffers: number }> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

interface Run {
  listed: number;
  offices: number;
  loadMs: number;
  /** Bytes held once loaded, and once a search has run. */
  loaded: { heap: number; buffers: number };
  searched: { heap: number; buffers: number };
}

/** One load and one search, measured; the index is let go of after. */
async function oneRun(db: Db): Promise<Run> {
  const all = parseSearchQuery({});
  if (!all.ok) throw new Error('The empty search did not parse.');
  const before = await settled();
  await indexFor(db).sync();
  const loaded = await settled();
  await searchMediators({ db, engine: 'sqlite' }, all.params, NOW);
  const searched = await settled();
  const { mediators: listed, offices, loadMs } = indexFor(db).stats;
  forgetIndex(db);
  return {
    listed,
    offices,
    loadMs,
    loaded: { heap: loaded.heap - before.heap, buffers: loaded.buffers - before.buffers },
    searched: { heap: searched.heap - before.heap, buffers: searched.buffers - before.buffers },
  };
}

async function measure(file: string, runs: number): Promise<Run[]> {
  const h = openDatabase('sqlite', file);
  await indexFor(h.db).sync();
  forgetIndex(h.db);
  const out: Run[] = [];
  for (let r = 0; r < runs; r++) out.push(await oneRun(h.db));
  await h.close();
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const perMediator = (bytes: number, listed: number) => `${int(bytes / listed)} B`;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o === 'help') return log(USAGE);
  const files = o.sizes.map((n) => ({ n, file: databaseOf(n) }));
  log(`Concord index-memory benchmark — ${new Date().toISOString()}, Node ${process.version}, ${o.runs} runs per size, medians`);
  log('');
  log('| seeded | listed | offices | load | heap, loaded | typed arrays, loaded | per listed mediator, loaded | after one search | per listed mediator, after one search |');
  log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { n, file } of files) {
    const runs = await measure(file, o.runs);
    const { listed, offices } = runs[0]!;
    const loaded = { heap: median(runs.map((r) => r.loaded.heap)), buffers: median(runs.map((r) => r.loaded.buffers)) };
    const loadedTotal = median(runs.map((r) => r.loaded.heap + r.loaded.buffers));
    const searchedTotal = median(runs.map((r) => r.searched.heap + r.searched.buffers));
    log(
      `| ${int(n)} | ${int(listed)} | ${int(offices)} | ${int(median(runs.map((r) => r.loadMs)))} ms | ${mib(loaded.heap)} | ${mib(loaded.buffers)} | ${perMediator(loadedTotal, listed)} | ${mib(searchedTotal)} | ${perMediator(searchedTotal, listed)} |`,
    );
    const each = runs.map((r) => `${perMediator(r.loaded.heap + r.loaded.buffers, listed)} / ${perMediator(r.searched.heap + r.searched.buffers, listed)}`);
    log(`  (each run, loaded / after one search: ${each.join(', ')})`);
  }
}

await main();
