/**
 * `npm run bench:search`: how fast is a directory search at 100,000 mediators?
 *
 *   npm run bench:search -- [--mediators N] [--queries N] [--near-queries N] [--engines sqlite,postgres]
 *                           [--budget S] [--rebuild] [--profile] [--build-only]
 *
 * 1. Builds (or reuses) a demo directory of N mediators (seedDemo, seed 42) on SQLite
 *    (.tmp/bench/search-N.sqlite) and PostgreSQL (database concord_bench).
 * 2. Generates a fixed, seeded set of mixed queries around US cities and ZIP codes.
 * 3. Times, in this process, after a full garbage collection and a warm-up:
 *    (a) Concord on SQLite       searchMediators, location already resolved
 *    (b) Concord on PostgreSQL   the same queries
 *    (c) naive SQLite            one SQL query: haversine for every office, filters joined, no spatial index
 *    (d) geokdbush in memory     every office within the radius, no filters: the near-limit baseline
 *    and a smaller run through `near` strings (place resolution included). Each system stops after
 *    --budget seconds (default 90) and reports how many queries it ran.
 * 4. With --profile: where the time goes inside searchMediators (per-query SQL timings from a
 *    Kysely log hook; the rest is the in-memory index ranking the candidates).
 *
 * docs/benchmarks.md records results and how to read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';
import { Kysely, PostgresDialect, SqliteDialect, sql, type KyselyPlugin, type LogEvent, type QueryId, type RawBuilder } from 'kysely';
import type { Engine } from '../src/config.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';
import { prepareDatabase } from '../src/setup.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { EARTH_RADIUS_KM, boundingBox, haversineKm, toKm } from '../src/geo/distance.ts';
import { keywordTerms } from '../src/directory/text-search.ts';
import type { Format, SearchLocation, SearchParams } from '../src/directory/types.ts';
import { BENCH_DIR, collectGarbage, commandOptions, fmt, int, log, mean, mulberry32, percentile, PG_ADMIN_URL, secs } from './common.ts';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench:search -- [options]

  --mediators N       demo mediators in the benchmark databases (default 100000)
  --queries N         timed queries per system (default 2000), after 100 warm-up queries
  --near-queries N    queries in the separate run through 'near' strings (default 300)
  --engines LIST      sqlite,postgres (default both)
  --budget S          stop timing a system after S seconds and report the queries it ran (default 90);
                      the 'near' runs get a third of it. Keeps the run near 10 minutes when searches are slow
  --rebuild           rebuild the databases even when they already hold N mediators
  --profile           also break searchMediators down (SQL per query vs. the in-memory index)
  --build-only        build or check the databases, then stop
  --help              show this text

PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the admin
connection; the benchmark database is concord_bench on the same server.`;

interface Options {
  mediators: number;
  queries: number;
  nearQueries: number;
  engines: Engine[];
  budgetS: number;
  rebuild: boolean;
  profile: boolean;
  buildOnly: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { mediators: 100_000, queries: 2000, nearQueries: 300, engines: ['sqlite', 'postgres'], budgetS: 90, rebuild: false, profile: false, buildOnly: false };
  for (const { name, count, engines } of commandOptions(argv, USAGE)) {
    switch (name) {
      case 'help':
        return 'help';
      case 'mediators':
        o.mediators = count(1);
        break;
      case 'queries':
        o.queries = count(1);
        break;
      case 'near-queries':
        o.nearQueries = count(0);
        break;
      case 'engines':
        o.engines = engines();
        break;
      case 'budget':
        o.budgetS = count(1);
        break;
      case 'rebuild':
        o.rebuild = true;
        break;
      case 'profile':
        o.profile = true;
        break;
      case 'build-only':
        o.buildOnly = true;
        break;
      default:
        throw new Error(`Unknown option --${name}.\n\n${USAGE}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Constants

const SEED = 42;
/** Seed dates and search dates are relative to this, so every run sees the same data. */
const NOW = new Date('2026-11-25T12:00:00Z');
const QUERY_SEED = 20261125;
const WARM_UP = 100;
/** The warm-up stops early after this long (a slow system needs fewer queries to warm up). */
const WARM_UP_BUDGET_MS = 20_000;
const PG_DATABASE = 'concord_bench';

const TARGETS = { sqliteP99: 5, postgresP99: 15, naiveOverConcord: 20, concordOverKdbush: 3 };

const sqliteFile = (mediators: number) => path.join(BENCH_DIR, `search-${mediators}.sqlite`);
const pgUrl = (database: string) => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}
const summarise = (xs: number[]): Timing => ({
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  p99: percentile(xs, 99),
  mean: mean(xs),
  max: Math.max(...xs),
});

async function countOf(db: Db, table: 'mediators' | 'offices' | 'service_areas'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The seeded generator, with the picks the queries are made of. */
function rng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

// ---------------------------------------------------------------------------------------------
// 1. The databases

interface Built {
  handle: DatabaseHandle;
  engine: Engine;
  reused: boolean;
  prepareMs: number;
  seedMs: number;
  /** ANALYZE (SQLite) or VACUUM (ANALYZE) (PostgreSQL) after the load; 0 when not run. */
  statsMs: number;
  mediators: number;
  offices: number;
  serviceAreas: number;
  sizeBytes: number;
}

async function seedWithProgress(db: Db, engine: Engine, mediators: number): Promise<number> {
  const started = performance.now();
  let last = started;
  await seedDemo(db, engine, {
    mediators,
    seed: SEED,
    now: NOW,
    log: (msg) => {
      if (performance.now() - last > 15_000) {
        log(`    ${engine}: ${msg} (${secs(performance.now() - started)})`);
        last = performance.now();
      }
    },
  });
  return performance.now() - started;
}

async function buildSqlite(o: Options): Promise<Built> {
  const file = sqliteFile(o.mediators);
  const files = [file, `${file}-wal`, `${file}-shm`];
  let reused = false;
  if (!o.rebuild && fs.existsSync(file)) {
    const h = openDatabase('sqlite', file);
    try {
      reused = (await countOf(h.db, 'mediators')) === o.mediators;
    } catch {
      reused = false;
    }
    if (reused) return finishSqlite(h, file, true, 0, 0, await ensureStats(h, 'sqlite'));
    await h.close();
  }
  for (const f of files) fs.rmSync(f, { force: true });
  log(`  sqlite: building ${int(o.mediators)} mediators in ${path.relative(process.cwd(), file)} …`);
  const h = openDatabase('sqlite', file);
  const t = performance.now();
  await prepareDatabase(h.db, 'sqlite');
  const prepareMs = performance.now() - t;
  const seedMs = await seedWithProgress(h.db, 'sqlite', o.mediators);
  return finishSqlite(h, file, false, prepareMs, seedMs, await analyze(h, 'sqlite'));
}

/**
 * Statistics after the bulk load, as the app has them after seeding on first start
 * (seedFirstStart runs ANALYZE after seedDemo). Without them SQLite's planner drives the office
 * query from mediators_status_featured, not offices_spatial. On PostgreSQL, VACUUM (ANALYZE) is
 * what autovacuum reaches on its own after a bulk load: statistics and a visibility map.
 */
async function analyze(h: DatabaseHandle, engine: Engine): Promise<number> {
  const t = performance.now();
  await (engine === 'sqlite' ? sql`ANALYZE` : sql`VACUUM (ANALYZE)`).execute(h.db);
  return performance.now() - t;
}

/** A reused database without statistics for offices (an older build) gets them now. */
async function ensureStats(h: DatabaseHandle, engine: Engine): Promise<number> {
  const has =
    engine === 'sqlite'
      ? (await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'offices' AND idx = 'offices_spatial'`.execute(h.db)).rows[0]!.n > 0
      : (await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname = 'offices' AND coalesce(last_analyze, last_autoanalyze) IS NOT NULL`.execute(h.db)).rows[0]!.n > 0;
  if (has) return 0;
  log(`  ${engine}: the reused database had no statistics for offices; running ${engine === 'sqlite' ? 'ANALYZE' : 'VACUUM (ANALYZE)'}`);
  return analyze(h, engine);
}

async function finishSqlite(h: DatabaseHandle, file: string, reused: boolean, prepareMs: number, seedMs: number, statsMs: number): Promise<Built> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(h.db);
  const size = [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  return {
    handle: h,
    engine: 'sqlite',
    reused,
    prepareMs,
    seedMs,
    statsMs,
    mediators: await countOf(h.db, 'mediators'),
    offices: await countOf(h.db, 'offices'),
    serviceAreas: await countOf(h.db, 'service_areas'),
    sizeBytes: size,
  };
}

async function buildPostgres(o: Options): Promise<Built> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  let reused = false;
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE])).rowCount! > 0;
    if (exists && !o.rebuild) {
      const h = openDatabase('postgres', pgUrl(PG_DATABASE));
      try {
        reused = (await countOf(h.db, 'mediators')) === o.mediators;
      } catch {
        reused = false;
      }
      if (reused) return await finishPostgres(h, admin, true, 0, 0, await ensureStats(h, 'postgres'));
      await h.close();
    }
    log(`  postgres: building ${int(o.mediators)} mediators in database ${PG_DATABASE} …`);
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_DATABASE}`);
    const h = openDatabase('postgres', pgUrl(PG_DATABASE));
    const t = performance.now();
    await prepareDatabase(h.db, 'postgres');
    const prepareMs = performance.now() - t;
    const seedMs = await seedWithProgress(h.db, 'postgres', o.mediators);
    return await finishPostgres(h, admin, false, prepareMs, seedMs, await analyze(h, 'postgres'));
  } finally {
    await admin.end();
  }
}

async function finishPostgres(h: DatabaseHandle, admin: pg.Client, reused: boolean, prepareMs: number, seedMs: number, statsMs: number): Promise<Built> {
  const size = Number((await admin.query('SELECT pg_database_size($1) AS n', [PG_DATABASE])).rows[0].n);
  return {
    handle: h,
    engine: 'postgres',
    reused,
    prepareMs,
    seedMs,
    statsMs,
    mediators: await countOf(h.db, 'mediators'),
    offices: await countOf(h.db, 'offices'),
    serviceAreas: await countOf(h.db, 'service_areas'),
    sizeBytes: size,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. The queries

export interface BenchQuery {
  kind: 'city' | 'zip';
  /** What a visitor would type into "near". */
  near: string;
  location: SearchLocation;
  radiusMi: number;
  radiusKm: number;
  filtered: boolean;
  params: SearchParams;
}

const PRACTICE_PICKS = ['family', 'family', 'family', 'family', 'workplace', 'workplace', 'commercial', 'commercial', 'elder', 'estate', 'real-estate', 'community', 'insurance', 'construction', 'healthcare', 'education'];
const KEYWORDS = ['family', 'divorce', 'workplace', 'parenting', 'business', 'elder', 'neighbor', 'inheritance'];
const FORMAT_PICKS: Format[] = ['in_person', 'online', 'phone'];

interface CityRow {
  name: string;
  region: string;
  lat: number;
  lon: number;
  population: number;
}
interface ZipRow {
  name: string;
  region: string;
  lat: number;
  lon: number;
}

/**
 * Centres: half US cities drawn with weight = population; half US ZIP codes near a city drawn
 * the same way (uniform among the ZIPs within 25 km of it, else the nearest within about 100 km),
 * so ZIP searches fall where people live rather than evenly over rural ZIPs.
 */
async function loadCentres(db: Db) {
  const cities: CityRow[] = await db
    .selectFrom('places')
    .select(['name', 'region', 'lat', 'lon', 'population'])
    .where('kind', '=', 'city')
    .where('country', '=', 'US')
    .where('population', '>', 0)
    .orderBy('population', 'desc')
    .orderBy('name')
    .orderBy('region')
    .orderBy('lat')
    .orderBy('lon')
    .execute();
  const zips: ZipRow[] = await db
    .selectFrom('places')
    .select(['name', 'region', 'lat', 'lon'])
    .where('kind', '=', 'postal')
    .where('country', '=', 'US')
    .orderBy('name')
    .orderBy('lat')
    .execute();
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of cities) cumulative.push((sum += c.population));
  const zipGrid = new Map<string, ZipRow[]>();
  const key = (lat: number, lon: number) => `${Math.floor(lat)}:${Math.floor(lon)}`;
  for (const z of zips) {
    const k = key(z.lat, z.lon);
    zipGrid.set(k, [...(zipGrid.get(k) ?? []), z]);
  }
  const pickCity = (r: number): CityRow => {
    const target = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return cities[lo]!;
  };
  const zipsNear = (c: CityRow): ZipRow[] => {
    const around: { z: ZipRow; km: number }[] = [];
    for (let dLat = -1; dLat <= 1; dLat++) {
      for (let dLon = -1; dLon <= 1; dLon++) {
        for (const z of zipGrid.get(key(c.lat + dLat, c.lon + dLon)) ?? []) around.push({ z, km: haversineKm(c, z) });
      }
    }
    const close = around.filter((a) => a.km <= 25).map((a) => a.z);
    if (close.length) return close;
    around.sort((a, b) => a.km - b.km);
    return around.length ? [around[0]!.z] : [];
  };
  return { cities: cities.length, zips: zips.length, pickCity, zipsNear };
}

function randomFilters(r: Rng, params: SearchParams): void {
  const chosen = () => {
    if (r.chance(0.5)) params.practice = r.chance(0.2) ? [...new Set([r.pick(PRACTICE_PICKS), r.pick(PRACTICE_PICKS)])] : [r.pick(PRACTICE_PICKS)];
    if (r.chance(0.25)) params.language = ['es'];
    if (r.chance(0.3)) params.format = r.chance(0.15) ? ['in_person', 'online'] : [r.pick(FORMAT_PICKS)];
    if (r.chance(0.25)) params.maxFee = r.pick([150, 200, 250]);
    if (r.chance(0.2)) params.freeConsultation = true;
    if (r.chance(0.35)) params.accepting = true;
    if (r.chance(0.3)) params.q = r.pick(KEYWORDS);
  };
  chosen();
  const any = params.practice.length || params.language.length || params.format.length || params.maxFee !== undefined || params.freeConsultation || params.accepting || params.q;
  if (!any) params.practice = [r.pick(PRACTICE_PICKS)];
}

export async function generateQueries(db: Db, count: number, seed: number) {
  const centres = await loadCentres(db);
  const r = rng(seed);
  const out: BenchQuery[] = [];
  while (out.length < count) {
    const city = centres.pickCity(r.next());
    let kind: BenchQuery['kind'] = r.chance(0.5) ? 'zip' : 'city';
    let location: SearchLocation = { label: `${city.name}, ${city.region}`, lat: city.lat, lon: city.lon, country: 'US', region: city.region };
    let near = location.label;
    if (kind === 'zip') {
      const options = centres.zipsNear(city);
      if (options.length) {
        const z = r.pick(options);
        location = { label: z.name, lat: z.lat, lon: z.lon, country: 'US', region: z.region };
        near = z.name;
      } else kind = 'city';
    }
    const radiusMi = r.int(10, 100);
    const filtered = r.chance(0.5);
    const params: SearchParams = {
      location,
      radius: radiusMi,
      unit: 'mi',
      practice: [],
      language: [],
      format: [],
      freeConsultation: false,
      accepting: false,
      sort: r.chance(0.8) ? 'match' : 'distance',
      page: 1,
    };
    if (filtered) randomFilters(r, params);
    out.push({ kind, near, location, radiusMi, radiusKm: toKm(radiusMi, 'mi'), filtered, params });
  }
  return { queries: out, cities: centres.cities, zips: centres.zips };
}

// ---------------------------------------------------------------------------------------------
// 3. The systems under test

type SearchFn = typeof import('../src/directory/search.ts').searchMediators;

interface Outcome {
  status: string;
  /** Matching mediators (Concord, naive) or points in the radius (geokdbush). */
  total: number;
  onPage: number;
}

interface RunResult {
  /** Wall-clock milliseconds per query. */
  times: number[];
  /** CPU milliseconds of this process per query: all of the work for SQLite and geokdbush, little for PostgreSQL. */
  cpu: number[];
  totals: number[];
  pageResults: number[];
  statuses: Map<string, number>;
  warmUps: number;
  /** Queries left out when the time budget ran out. */
  skipped: number;
  load: [number, number];
}

/**
 * Runs the warm-up (at most WARM_UP queries or WARM_UP_BUDGET_MS), then the timed queries one
 * at a time until done or budgetMs is spent; every system sees the same queries in the same order.
 */

async function timeSystem(one: (q: BenchQuery) => Outcome | Promise<Outcome>, warmUp: BenchQuery[], queries: BenchQuery[], budgetMs: number): Promise<RunResult> {
  collectGarbage();
  const res: RunResult = { times: [], cpu: [], totals: [], pageResults: [], statuses: new Map(), warmUps: 0, skipped: 0, load: [os.loadavg()[0]!, 0] };
  const warmStart = performance.now();
  for (const q of warmUp) {
    if (performance.now() - warmStart > WARM_UP_BUDGET_MS) break;
    await one(q);
    res.warmUps++;
  }
  const started = performance.now();
  for (const q of queries) {
    if (performance.now() - started > budgetMs) break;
    const c = process.cpuUsage();
    const t = performance.now();
    const out = await one(q);
    res.times.push(performance.now() - t);
    const u = process.cpuUsage(c);
    res.cpu.push((u.user + u.system) / 1000);
    res.statuses.set(out.status, (res.statuses.get(out.status) ?? 0) + 1);
    res.totals.push(out.total);
    res.pageResults.push(out.onPage);
  }
  res.skipped = queries.length - res.times.length;
  res.load[1] = os.loadavg()[0]!;
  return res;
}

function concord(search: SearchFn, db: Db, engine: Engine, byName = false) {
  return async (q: BenchQuery): Promise<Outcome> => {
    const params: SearchParams = byName ? { ...q.params, location: undefined, near: q.near } : q.params;
    const out = await search({ db, engine }, params, NOW);
    return out.status === 'ok' ? { status: 'ok', total: out.result.total, onPage: out.result.results.length } : { status: out.status, total: -1, onPage: 0 };
  };
}

/** Great-circle distance in SQL: the same haversine as src/geo/distance.ts, for every row. */
function haversineSql(lat: number, lon: number): RawBuilder<number> {
  return sql<number>`2 * ${EARTH_RADIUS_KM} * asin(min(1, sqrt(
      sin(radians(o.lat - ${lat}) / 2) * sin(radians(o.lat - ${lat}) / 2)
      + cos(radians(${lat})) * cos(radians(o.lat)) * sin(radians(o.lon - ${lon}) / 2) * sin(radians(o.lon - ${lon}) / 2))))`;
}

/**
 * The naive way: one SQLite query that computes the distance to every office (no spatial index,
 * no bounding box), joins the same mediator filters, keeps each mediator's nearest office within
 * the radius, orders by distance, and returns the first 20 plus the total count.
 */
function naiveQuery(q: BenchQuery) {
  const p = q.params;
  const where: RawBuilder<unknown>[] = [sql`m.status = 'published'`];
  if (p.practice.length) where.push(sql`EXISTS (SELECT 1 FROM mediator_practice_areas mpa WHERE mpa.mediator_id = m.id AND mpa.practice_area IN (${sql.join(p.practice)}))`);
  if (p.language.length) where.push(sql`EXISTS (SELECT 1 FROM mediator_languages ml WHERE ml.mediator_id = m.id AND ml.language IN (${sql.join(p.language)}))`);
  if (p.format.length) where.push(sql`(${sql.join(p.format.map((f) => sql.raw(`m.fmt_${f} = 1`)), sql` OR `)})`);
  if (p.maxFee !== undefined) where.push(sql`(m.fee_min IS NOT NULL AND m.fee_min <= ${p.maxFee})`);
  if (p.freeConsultation) where.push(sql`m.free_consultation = 1`);
  if (p.accepting) where.push(sql`m.accepting_cases = 1`);
  const terms = keywordTerms(p.q);
  if (terms.length) where.push(sql`m.id IN (SELECT rowid FROM mediator_fts WHERE mediator_fts MATCH ${terms.map((t) => `"${t}"*`).join(' ')})`);
  return sql<{ mediator_id: number; d: number; total: number }>`
    SELECT mediator_id, min(d) AS d, count(*) OVER () AS total FROM (
      SELECT o.mediator_id, ${haversineSql(q.location.lat, q.location.lon)} AS d
      FROM offices o JOIN mediators m ON m.id = o.mediator_id
      WHERE ${sql.join(where, sql` AND `)}
    ) WHERE d <= ${q.radiusKm}
    GROUP BY mediator_id
    ORDER BY d, mediator_id
    LIMIT 20`;
}

function naive(db: Db) {
  return async (q: BenchQuery): Promise<Outcome> => {
    const { rows } = await naiveQuery(q).execute(db);
    return { status: 'ok', total: rows.length ? Number(rows[0]!.total) : 0, onPage: rows.length };
  };
}

interface OfficeIndex {
  index: KDBush;
  buildMs: number;
  loadMs: number;
}

async function buildKdbush(db: Db): Promise<OfficeIndex> {
  let t = performance.now();
  const rows = await db.selectFrom('offices').select(['lat', 'lon']).orderBy('id').execute();
  const loadMs = performance.now() - t;
  t = performance.now();
  const index = new KDBush(rows.length);
  for (const r of rows) index.add(r.lon, r.lat);
  index.finish();
  return { index, buildMs: performance.now() - t, loadMs };
}

function kdbush(idx: KDBush) {
  return (q: BenchQuery): Outcome => {
    const ids = geokdbush.around(idx, q.location.lon, q.location.lat, Infinity, q.radiusKm);
    return { status: 'ok', total: ids.length, onPage: Math.min(ids.length, 20) };
  };
}

/** Offices in each query's bounding box: what the search index's grid hands the ranking loop. */
function boxCounts(idx: KDBush, queries: BenchQuery[]): number[] {
  return queries.map((q) => {
    const b = boundingBox(q.location, q.radiusKm);
    if (b.minLon <= b.maxLon) return idx.range(b.minLon, b.minLat, b.maxLon, b.maxLat).length;
    return idx.range(b.minLon, b.minLat, 180, b.maxLat).length + idx.range(-180, b.minLat, b.maxLon, b.maxLat).length;
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Profile: SQL time per query kind, from a Kysely log hook on a second connection

type Part = 'changeLog' | 'practiceAreas' | 'keywords' | 'cardDetails' | 'placeLookup' | 'other';

function partOf(sqlText: string): Part {
  if (/from "directory_changes"/.test(sqlText)) return 'changeLog';
  if (/mediator_fts|search_vector/.test(sqlText)) return 'keywords';
  if (/from "practice_areas"/.test(sqlText)) return 'practiceAreas';
  if (/from "places"/.test(sqlText)) return 'placeLookup';
  if (/"(mediator_)?id" in \(/.test(sqlText)) return 'cardDetails';
  return 'other';
}

interface Captured {
  queryId: QueryId;
  part: Part;
  start: number;
  end: number;
  rows: number;
  sql: string;
  parameters: readonly unknown[];
}

function profiledDb(engine: Engine, url: string, sink: Captured[]): { db: Db; close: () => Promise<void> } {
  const logFn = (e: LogEvent) => {
    const end = performance.now();
    sink.push({
      queryId: e.query.queryId,
      part: partOf(e.query.sql),
      start: end - e.queryDurationMillis,
      end,
      rows: 0,
      sql: e.query.sql,
      parameters: e.query.parameters,
    });
  };
  // The log event has no result; a plugin sees it (after the log) and fills in the row count.
  const rowCounter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      const hit = sink.find((c) => c.queryId === args.queryId);
      if (hit) hit.rows = args.result.rows.length;
      return args.result;
    },
  };
  if (engine === 'postgres') {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }), log: logFn, plugins: [rowCounter] });
    return { db, close: () => db.destroy() };
  }
  // The same settings as openDatabase.
  const s = new SQLite(url);
  s.pragma('journal_mode = WAL');
  s.pragma('synchronous = NORMAL');
  s.pragma('foreign_keys = ON');
  s.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: s }), log: logFn, plugins: [rowCounter] });
  return { db, close: () => db.destroy() };
}

/** Wall time covered by a set of (possibly overlapping) intervals. */
function union(spans: { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const s of sorted) {
    if (s.start > curEnd) {
      total += curEnd - curStart > 0 ? curEnd - curStart : 0;
      curStart = s.start;
      curEnd = s.end;
    } else curEnd = Math.max(curEnd, s.end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

async function profile(search: SearchFn, engine: Engine, url: string, warmUp: BenchQuery[], queries: BenchQuery[], budgetMs: number) {
  const sink: Captured[] = [];
  const { db, close } = profiledDb(engine, url, sink);
  try {
    for (const q of warmUp) await search({ db, engine }, q.params, NOW);
    const parts = new Map<Part | 'index' | 'total', number[]>();
    const add = (k: Part | 'index' | 'total', v: number) => parts.set(k, [...(parts.get(k) ?? []), v]);
    const started = performance.now();
    let ran = 0;
    for (const q of queries) {
      if (performance.now() - started > budgetMs) break;
      ran++;
      sink.length = 0;
      const t = performance.now();
      await search({ db, engine }, q.params, NOW);
      const total = performance.now() - t;
      add('total', total);
      const byPart = new Map<Part, Captured[]>();
      for (const c of sink) byPart.set(c.part, [...(byPart.get(c.part) ?? []), c]);
      for (const part of ['changeLog', 'practiceAreas', 'keywords', 'cardDetails'] as Part[]) add(part, union(byPart.get(part) ?? []));
      add('index', total - union(sink));
    }
    log(`  ${engine}: where the time goes over ${ran} queries (ms, wall; SQL includes turning rows into objects)`);
    log(`    ${'part'.padEnd(18)} ${'mean'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`);
    for (const [k, xs] of parts) {
      const s = summarise(xs);
      log(`    ${k.padEnd(18)} ${fmt(s.mean).padStart(7)} ${fmt(s.p50).padStart(7)} ${fmt(s.p95).padStart(7)} ${fmt(s.p99).padStart(7)}`);
    }
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function machine(built: Built[]) {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  const lines = [`${os.availableParallelism()} cores, ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}`];
  for (const b of built) {
    if (b.engine === 'sqlite') {
      const r = await sql<{ v: string }>`select sqlite_version() as v`.execute(b.handle.db);
      lines.push(`SQLite ${r.rows[0]!.v} (better-sqlite3)`);
    } else {
      const r = await sql<{ v: string }>`show server_version`.execute(b.handle.db);
      lines.push(`PostgreSQL ${Object.values(r.rows[0]!)[0]}`);
    }
  }
  return lines.join('; ');
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function main() {
  let opts: Options | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
    return;
  }
  if (opts === 'help') {
    log(USAGE);
    return;
  }
  const o = opts;
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const runStarted = performance.now();
  log(`Concord search benchmark — ${new Date().toISOString()}`);
  log(`${int(o.mediators)} mediators (seed ${SEED}), ${int(o.queries)} queries + ${WARM_UP} warm-up, engines ${o.engines.join(', ')}`);

  // 1. Databases
  log('\n1. Databases');
  const built: Built[] = [];
  for (const engine of o.engines) {
    const b = engine === 'sqlite' ? await buildSqlite(o) : await buildPostgres(o);
    built.push(b);
    const stats = b.statsMs ? `; ${engine === 'sqlite' ? 'ANALYZE' : 'VACUUM (ANALYZE)'} ${secs(b.statsMs)}` : '';
    const how = b.reused
      ? `reused (already had ${int(o.mediators)} mediators; --rebuild to rebuild)${stats}`
      : `built in ${secs(b.prepareMs + b.seedMs)} (migrate + places ${secs(b.prepareMs)}, seedDemo ${secs(b.seedMs)}, ${int(b.mediators / (b.seedMs / 1000))} mediators/s)${stats}`;
    log(`  ${engine.padEnd(8)} ${how}`);
    log(`  ${''.padEnd(8)} ${int(b.mediators)} mediators, ${int(b.offices)} offices, ${int(b.serviceAreas)} service areas; size ${mb(b.sizeBytes)}${engine === 'sqlite' ? ' (file + WAL after checkpoint)' : ' (pg_database_size)'}`);
  }
  log(`  Machine: ${await machine(built)}`);
  if (o.buildOnly) {
    for (const b of built) await b.handle.close();
    return;
  }
  const { searchMediators } = await import('../src/directory/search.ts');
  const { resolveLocation } = await import('../src/geo/resolve.ts');

  // Concord's in-memory search index, loaded as the server does at start-up: one engine's at a
  // time, just before it is timed, and dropped after, so each runs with the heap a server has.
  const { indexFor, forgetIndex } = await import('../src/directory/search-index.ts');
  const loadIndex = async (b: Built) => {
    const heapBefore = process.memoryUsage().heapUsed;
    const index = indexFor(b.handle.db);
    await index.sync();
    const heap = process.memoryUsage().heapUsed - heapBefore;
    log(`  ${b.engine} search index: ${int(index.stats.mediators)} listed mediators, ${int(index.stats.offices)} offices, loaded in ${fmt(index.stats.loadMs)} ms; heap +${mb(heap)}`);
  };

  // 2. Queries
  const first = built[0]!;
  const { queries: all, cities, zips } = await generateQueries(first.handle.db, WARM_UP + o.queries, QUERY_SEED);
  const warmUp = all.slice(0, WARM_UP);
  const queries = all.slice(WARM_UP);
  const filtered = queries.filter((q) => q.filtered).length;
  log('\n2. Queries');
  log(`  ${int(queries.length)} timed + ${WARM_UP} warm-up, seed ${QUERY_SEED}. Centres: ${queries.filter((q) => q.kind === 'city').length} US cities (weight = population, of ${int(cities)}),`);
  log(`  ${queries.filter((q) => q.kind === 'zip').length} US ZIPs (uniform among the ZIPs within 25 km of a population-weighted city; ${int(zips)} ZIPs loaded).`);
  log(`  Radius uniform 10–100 mi (mean ${mean(queries.map((q) => q.radiusMi)).toFixed(0)}); ${filtered} with filters; sort ${queries.filter((q) => q.params.sort === 'match').length} match / ${queries.filter((q) => q.params.sort === 'distance').length} distance.`);

  // The in-memory index first: it gives the candidate counts, and it is the (d) baseline.
  const sqliteBuilt = built.find((b) => b.engine === 'sqlite');
  const kd = await buildKdbush((sqliteBuilt ?? first).handle.db);
  const boxes = boxCounts(kd.index, queries);

  // 3. Timings
  const budgetMs = o.budgetS * 1000;
  log(`\n3. Timings (ms, in-process, one query at a time; at most ${o.budgetS} s per system)`);
  const results = new Map<string, RunResult>();
  const run = async (key: string, label: string, one: (q: BenchQuery) => Outcome | Promise<Outcome>, set = queries, warm = warmUp, budget = budgetMs) => {
    const started = performance.now();
    const r = await timeSystem(one, warm, set, budget);
    results.set(key, r);
    const cut = r.skipped ? `, budget spent: ${r.skipped} not run` : '';
    log(`  ${label}: ${r.times.length} queries after ${r.warmUps} warm-up in ${secs(performance.now() - started)}${cut} (load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)})`);
  };
  for (const b of built) {
    await loadIndex(b);
    await run(b.engine, `(${b.engine === 'sqlite' ? 'a' : 'b'}) Concord on ${b.engine}`, concord(searchMediators, b.handle.db, b.engine));
    if (o.nearQueries > 0) {
      await run(`near-${b.engine}`, `Concord on ${b.engine} via 'near'`, concord(searchMediators, b.handle.db, b.engine, true), queries.slice(0, o.nearQueries), warmUp.slice(0, 20), budgetMs / 3);
      const resolveOnly = async (q: BenchQuery): Promise<Outcome> => ({ status: (await resolveLocation(b.handle.db, q.near)).status, total: 0, onPage: 0 });
      await run(`resolve-${b.engine}`, `place resolution alone on ${b.engine}`, resolveOnly, queries.slice(0, o.nearQueries), warmUp.slice(0, 20), budgetMs / 3);
    }
    forgetIndex(b.handle.db);
  }
  if (sqliteBuilt) await run('naive', '(c) naive SQLite query', naive(sqliteBuilt.handle.db));
  await run('kdbush', '(d) geokdbush', kdbush(kd.index));

  const t = (k: string) => (results.get(k) ? summarise(results.get(k)!.times) : undefined);
  const cpuT = (k: string) => (results.get(k) ? summarise(results.get(k)!.cpu) : undefined);
  const [a, bPg, c, d] = [t('sqlite'), t('postgres'), t('naive'), t('kdbush')];
  const meanOf = (k: string, f: (r: RunResult) => number[]) => (results.get(k) ? mean(f(results.get(k)!)) : 0);
  log('');
  log(`  ${'system'.padEnd(34)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)} ${'cpu p50'.padStart(8)} ${'cpu p99'.padStart(8)}   per query`);
  const line = (key: string, label: string, extra: string) => {
    const r = results.get(key);
    if (!r) return;
    const w = summarise(r.times);
    const cp = summarise(r.cpu);
    log(`  ${label.padEnd(34)} ${String(r.times.length).padStart(5)} ${fmt(w.p50).padStart(8)} ${fmt(w.p95).padStart(8)} ${fmt(w.p99).padStart(8)} ${fmt(w.mean).padStart(8)} ${fmt(cp.p50).padStart(8)} ${fmt(cp.p99).padStart(8)}   ${extra}`);
  };
  line('sqlite', '(a) Concord, SQLite', `${int(meanOf('sqlite', (r) => r.totals))} matching mediators, ${meanOf('sqlite', (r) => r.pageResults).toFixed(1)} on page 1`);
  line('postgres', '(b) Concord, PostgreSQL', `${int(meanOf('postgres', (r) => r.totals))} matching mediators (cpu: this process only)`);
  line('naive', '(c) naive SQL, SQLite (full scan)', `${int(meanOf('naive', (r) => r.totals))} mediators with an office in the radius`);
  line('kdbush', '(d) geokdbush, in memory, no filters', `${int(meanOf('kdbush', (r) => r.totals))} offices in the radius`);
  for (const b of built) {
    const r = results.get(`near-${b.engine}`);
    if (!r) continue;
    const statuses = [...r.statuses].map(([st, n]) => `${st} ${n}`).join(', ');
    line(`near-${b.engine}`, `Concord, ${b.engine}, via 'near'`, `place resolution included; ${statuses}`);
    const res = results.get(`resolve-${b.engine}`);
    if (res) line(`resolve-${b.engine}`, `  of which resolveLocation alone`, [...res.statuses].map(([st, n]) => `${st} ${n}`).join(', '));
  }
  log('');
  const kdTotals = results.get('kdbush')!.totals;
  log(`  Offices in the bounding box (what the grid hands over): mean ${int(mean(boxes))}, p99 ${int(percentile(boxes, 99))};`);
  log(`  offices within the radius: mean ${int(mean(kdTotals))}, p99 ${int(percentile(kdTotals, 99))}; ${int(built[0]!.offices)} offices in all.`);
  log(`  geokdbush index: ${int(kd.index.numItems)} points, built in ${fmt(kd.buildMs)} ms (+ ${fmt(kd.loadMs)} ms reading the offices from the database).`);
  const sqliteRes = results.get('sqlite');
  const pgRes = results.get('postgres');
  if (sqliteRes && pgRes) {
    const n = Math.min(sqliteRes.totals.length, pgRes.totals.length);
    const differ = sqliteRes.totals.slice(0, n).filter((x, i) => x !== pgRes.totals[i]).length;
    log(`  SQLite and PostgreSQL agree on the total for ${n - differ} of the ${n} queries both ran.`);
  }

  // Ratios over the queries every compared system ran (the same leading queries).
  const common = (keys: string[]) => Math.min(...keys.map((k) => results.get(k)?.times.length ?? Infinity));
  const p = (k: string, n: number) => summarise(results.get(k)!.times.slice(0, n));
  log('\n4. Against the targets (p99)');
  if (a) log(`  SQLite p99 ${fmt(a.p99)} ms ≤ ${TARGETS.sqliteP99} ms: ${verdict(a.p99 <= TARGETS.sqliteP99)}  (p50 ${fmt(a.p50)} ms; cpu p99 ${fmt(cpuT('sqlite')!.p99)} ms)`);
  if (bPg) log(`  PostgreSQL p99 ${fmt(bPg.p99)} ms ≤ ${TARGETS.postgresP99} ms: ${verdict(bPg.p99 <= TARGETS.postgresP99)}  (p50 ${fmt(bPg.p50)} ms)`);
  if (a && c) {
    const n = common(['sqlite', 'naive']);
    const [x, y] = [p('naive', n), p('sqlite', n)];
    log(`  naive / Concord SQLite: p99 ${(x.p99 / y.p99).toFixed(2)}× ≥ ${TARGETS.naiveOverConcord}×: ${verdict(x.p99 / y.p99 >= TARGETS.naiveOverConcord)}  (p50 ${(x.p50 / y.p50).toFixed(2)}×; over the ${n} queries both ran)`);
  }
  if (a && d) {
    const n = common(['sqlite', 'kdbush']);
    const [x, y] = [p('sqlite', n), p('kdbush', n)];
    log(`  Concord SQLite / geokdbush: p99 ${(x.p99 / y.p99).toFixed(1)}× ≤ ${TARGETS.concordOverKdbush}×: ${verdict(x.p99 / y.p99 <= TARGETS.concordOverKdbush)}  (p50 ${(x.p50 / y.p50).toFixed(1)}×; over the ${n} queries both ran)`);
  }

  if (o.profile) {
    log('\n5. Profile of searchMediators (a second connection with a Kysely log hook)');
    const sample = queries.slice(0, Math.min(500, queries.length));
    for (const b of built) await profile(searchMediators, b.engine, b.engine === 'sqlite' ? sqliteFile(o.mediators) : pgUrl(PG_DATABASE), warmUp.slice(0, 20), sample, budgetMs / 2);
  }

  for (const b of built) await b.handle.close();
  log(`\nDone in ${secs(performance.now() - runStarted)}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
}

// Runs as a script; scratch experiments may import the query generator without running it.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
