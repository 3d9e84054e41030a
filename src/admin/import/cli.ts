import fs from 'node:fs';
import path from 'node:path';
import { commandLine, UsageError } from '../../db/command-line.ts';
import { createMailer } from '../../mail/mailer.ts';
import type { Context } from '../../web/context.ts';
import { importMediators, type ImportOutcome } from './service.ts';
import { describeOutcome } from './report.ts';

/**
 * `npm run import -- mediators.csv [--skip-invalid] [--association SLUG]`: mediators with their
 * offices from a CSV file (docs/import.md). Checks every row first; imports nothing while a row
 * is wrong, unless told to skip those rows. Each imported mediator is mailed a claim link.
 */
const USAGE = `Usage:
  npm run import -- FILE.csv [--skip-invalid] [--association SLUG]

  FILE.csv          one mediator per row, with an office; the columns are in docs/import.md
  --skip-invalid    import the good rows even when some are wrong (the wrong ones are listed)
  --association     add every imported mediator to that association's roster

Rows with the email address, or the name and postal code, of a mediator already in the file or
in the directory are left out and listed. The database is the one the app uses: DATABASE_URL, or
the SQLite file in DATA_DIR.`;

export { UsageError };

export interface ImportArgs {
  file: string;
  skipInvalid: boolean;
  association: string | null;
}

export function parseImportArgs(argv: string[]): ImportArgs {
  let file: string | null = null;
  let skipInvalid = false;
  let association: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--skip-invalid') skipInvalid = true;
    else if (arg === '--association' || arg.startsWith('--association=')) {
      association = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[++i] ?? '');
      if (!association) throw new UsageError('--association needs the association’s slug.');
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}".`);
    else if (file) throw new UsageError('Name one file.');
    else file = arg;
  }
  if (!file) throw new UsageError('Name the CSV file to import.');
  return { file, skipInvalid, association };
}

/** A bar on one line of a terminal, redrawn in place; nothing when stderr is a file or a pipe. */
function progressBar(out: NodeJS.WriteStream, total: number): { update(reading: string, bytes: number): void; done(): void } {
  if (!out.isTTY || !total) return { update() {}, done() {} };
  let last = '';
  return {
    update(reading, bytes) {
      const share = Math.min(1, bytes / total);
      const width = 30;
      const line = `${reading.padEnd(9)} [${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${Math.floor(share * 100)}%`;
      if (line !== last) out.write(`\r${line}`);
      last = line;
    },
    done() {
      if (last) out.write('\n');
    },
  };
}

/** Runs the import of `argv` with `ctx`; returns the outcome (the caller prints it). Exported for tests. */
export async function runImportCommand(ctx: Context, argv: string[], stderr: NodeJS.WriteStream): Promise<ImportOutcome> {
  const args = parseImportArgs(argv);
  let size: number;
  try {
    size = fs.statSync(args.file).size;
  } catch {
    throw new UsageError(`There is no file ${args.file}.`);
  }
  const bar = progressBar(stderr, size);
  try {
    return await importMediators(ctx, () => fs.createReadStream(args.file), {
      source: path.basename(args.file),
      skipInvalid: args.skipInvalid,
      association: args.association,
      actor: null,
      onProgress: (reading, bytes) => bar.update(reading, bytes),
    });
  } finally {
    bar.done();
  }
}

commandLine(import.meta.url, USAGE, async ({ db, engine }, config, argv) => {
  const ctx: Context = { db, engine, config, now: () => new Date(), mailer: createMailer(config), logError: (err, what) => console.error(`Could not send ${what}:`, err) };
  const { ok, lines } = describeOutcome(await runImportCommand(ctx, argv, process.stderr));
  (ok ? console.log : console.error)(lines.join('\n'));
  return ok ? 0 : 1;
});
