/**
 * What the benchmarks share: their command-line options, where their databases live, a seeded
 * random generator, nearest-rank percentiles, a full garbage collection and number formats.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Engine } from '../src/config.ts';
export { mulberry32 } from '../src/lib/random.ts';

export const BENCH_DIR = path.resolve('.tmp/bench');
/** The admin connection; each benchmark keeps its own database on the same server. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const log = (msg = '') => console.log(msg);
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Nearest-rank percentile of an unsorted list. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * A full garbage collection, so the garbage a system's set-up left (a search index read in, a
 * server built) is not collected in the middle of its timed runs.
 */
export const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** One `--name[=value]` on the command line, with readers for its value. */
export interface CommandOption {
  name: string;
  /** The value after `=` or in the next argument; an error when there is none. */
  value(): string;
  /** The value as a whole number of at least `min` (`_` and `,` allowed as separators). */
  count(min: number): number;
  /** The value as a list of engines: sqlite and/or postgres. */
  engines(): Engine[];
}

/** The options on a benchmark's command line, in order; anything else is an error showing `usage`. */
export function* commandOptions(argv: string[], usage: string): Generator<CommandOption> {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) throw new Error(`Unknown argument "${argv[i]}".\n\n${usage}`);
    const name = m[1]!;
    const value = () => {
      const v = m[2] ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`--${name} needs a value.`);
      return v;
    };
    const count = (min: number) => {
      const raw = value().replace(/[_,]/g, '');
      if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not "${raw}".`);
      return Number(raw);
    };
    const engines = () => {
      const list = value().split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((e) => e !== 'sqlite' && e !== 'postgres');
      if (bad.length || !list.length) throw new Error(`--${name} takes sqlite and/or postgres, not "${(bad.length ? bad : list).join(',')}".`);
      return [...new Set(list)] as Engine[];
    };
    yield { name, value, count, engines };
  }
}
