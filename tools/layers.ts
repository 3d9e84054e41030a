/**
 * `npm run check:layers`: which top-level folders of src/ import which (production code only, tests
 * left out), and every import that breaks the layer rule of docs/ARCHITECTURE.md:
 *
 *     main.ts · app.ts · setup.ts · demo/   compose everything; nothing below imports them (among
 *                                           them, main uses app, setup and demo; demo's CLI uses setup)
 *     site/                                 the pages where the directory and the publication meet
 *     features                              each imports only the partners listed in FEATURE_PARTNERS
 *     web/                                  the server, layout, forms, formatting; imports no feature (app.ts hands it the features)
 *     geo/ · mail/ · audit/                 places, mail, the audit log; import only what is below them
 *     db/ · config.ts · lib/                import nothing above them
 *
 * Prints the matrix; exits 1 when an import breaks the rule. `npm test` runs it (test/layers.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

// `--src DIR` checks another tree laid out the same way (the tool's own test uses it).
const srcFlag = process.argv.indexOf('--src');
const SRC = path.resolve(srcFlag > 0 ? process.argv[srcFlag + 1]! : 'src');
const FEATURES = ['accounts', 'admin', 'articles', 'associations', 'digest', 'directory', 'freshness', 'inquiries', 'members', 'site'];
/** Feature → the features it may import, because the domain says so. */
const FEATURE_PARTNERS: Record<string, string[]> = {
  members: ['accounts', 'directory'],
  inquiries: ['accounts', 'directory'],
  freshness: ['directory'],
  articles: ['accounts', 'directory'],
  digest: ['articles'],
  // An association's page lists its news: the pieces of the publication tagged with it.
  associations: ['accounts', 'directory', 'articles'],
  admin: ['accounts', 'directory', 'articles', 'associations', 'members'],
  site: ['accounts', 'directory', 'articles', 'inquiries', 'freshness', 'digest'],
};
const SHARED = ['web', 'geo', 'mail', 'audit'];
const BASE = ['db', 'config', 'lib'];
const TOP = ['main', 'app', 'setup', 'demo'];
/** Top → the top parts it may import: main starts from app, setup and demo; `npm run seed` prepares the database as a start does. */
const TOP_PARTNERS: Record<string, string[]> = { main: ['app', 'setup', 'demo'], demo: ['setup'] };

/** The folder (or root file, without extension) a path under src/ belongs to. */
function unitOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0]!.replace(/\.(ts|tsx)$/, '') : rel[0]!;
}

function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (TOP.includes(to)) return (TOP_PARTNERS[from] ?? []).includes(to);
  if (TOP.includes(from)) return true;
  if (BASE.includes(from)) return BASE.includes(to) && !(from === 'config' && to === 'db');
  if (from === 'web') return SHARED.includes(to) || BASE.includes(to);
  // The audit log names who acted (web/viewer.ts); every feature writes it.
  if (from === 'audit') return to === 'web' || BASE.includes(to);
  if (SHARED.includes(from)) return BASE.includes(to);
  if (FEATURES.includes(from)) return SHARED.includes(to) || BASE.includes(to) || (FEATURE_PARTNERS[from] ?? []).includes(to);
  return true;
}

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g;
const edges = new Map<string, Map<string, number>>();
const broken: string[] = [];
for (const file of sources(SRC)) {
  const from = unitOf(file);
  for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), m[1]!);
    if (!target.startsWith(SRC + path.sep)) continue;
    const to = unitOf(target);
    if (from === to) continue;
    const row = edges.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    edges.set(from, row);
    if (!allowed(from, to)) broken.push(`${path.relative('.', file)} → ${path.relative('.', target)}`);
  }
}

const units = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((r) => [...r.keys()])])].sort();
const mutual = units.flatMap((a) => units.filter((b) => a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a)).map((b) => `${a} ↔ ${b}`));
console.log(`imports between top-level parts of src/ (row imports column; files counted once per import):\n`);
console.log(['', ...units].map((u) => u.padStart(10)).join(''));
for (const a of units) console.log([a, ...units.map((b) => String(edges.get(a)?.get(b) ?? (a === b ? '·' : '')))].map((u) => u.padStart(10)).join(''));
console.log(`\n${mutual.length} pairs import each other${mutual.length ? `: ${mutual.join(', ')}` : ''}`);
if (broken.length) {
  console.log(`\n${broken.length} imports break the layer rule (docs/ARCHITECTURE.md):\n  ${broken.join('\n  ')}`);
  process.exitCode = 1;
} else console.log('\nno import breaks the layer rule');
