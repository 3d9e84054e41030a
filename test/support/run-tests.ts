/**
 * `npm test`: makes sure what the tests need is here (Chromium, xmllint, a PostgreSQL server), installing
 * or starting it when it can, or stops with the exact command to run; then type-checks, runs the
 * XSS scan over the views, and runs every test on both engines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { PG_ADMIN_URL } from './db.ts';

const CHROMIUM = '/usr/bin/chromium';
const XMLLINT = '/usr/bin/xmllint';
const SUMMARY = '.tmp/vitest-summary.json';
const isRoot = process.getuid?.() === 0;

function fail(message: string): never {
  console.error(`\nnpm test cannot run yet: ${message}\n`);
  process.exit(1);
}

/** One plain closing line that any CI reader understands, from vitest's JSON report. */
function printSummary(): void {
  if (!fs.existsSync(SUMMARY)) return;
  const r = JSON.parse(fs.readFileSync(SUMMARY, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`);
}

function run(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (!isRoot) fail(`Chromium is missing. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y chromium`);
  console.log('Installing Debian chromium for the browser tests (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The sitemap tests validate against the sitemaps.org schemas with libxml2's xmllint. */
function ensureXmllint(): void {
  if (fs.existsSync(XMLLINT)) return;
  if (!isRoot) fail(`xmllint is missing. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y libxml2-utils`);
  console.log('Installing libxml2-utils (xmllint) for the sitemap tests (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'libxml2-utils'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensurePostgres(): Promise<void> {
  if (await pgReachable()) return;
  const clusters = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (isRoot && clusters.length) {
    console.log('Starting the local PostgreSQL cluster…');
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0]!, 'main', 'start'], { stdio: 'inherit' });
    for (let i = 0; i < 20 && !(await pgReachable()); i++) await new Promise((r) => setTimeout(r, 500));
    if (await pgReachable()) return;
  }
  fail(
    `no PostgreSQL server answers at ${PG_ADMIN_URL}. Start one (Debian: sudo pg_ctlcluster 15 main start),\n` +
      `or point TEST_PG_URL at a server where this user may create databases.`,
  );
}

ensureChromium();
ensureXmllint();
await ensurePostgres();

const steps: [string, string, string[]][] = [
  ['type check', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['XSS scan of the views', 'npx', ['xss-scan', '--cwd', '.']],
  [
    'tests (SQLite and PostgreSQL, HTTP and Chromium)',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${SUMMARY}`, ...process.argv.slice(2)],
  ],
];
fs.rmSync(SUMMARY, { force: true });
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n✗ ${name} failed`);
    printSummary();
    process.exit(status);
  }
}
printSummary();
