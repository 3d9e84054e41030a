import type { Db } from '../db/database.ts';
import type { PlaceKind } from '../db/schema.ts';
import { boundingBox, haversineKm, type Point } from './distance.ts';
import { parseLocationQuery, type LocationQuery } from './parse.ts';
import { countryName, placeKey } from './places.ts';

export interface ResolvedPlace {
  label: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2, or '' for coordinates far from any town. */
  country: string;
  region: string;
  kind: 'postal' | 'city' | 'coordinates';
}

export type Resolution =
  /** alternatives: other places of the same name, most populous first ("Did you mean …"). */
  | { status: 'found'; place: ResolvedPlace; alternatives: ResolvedPlace[] }
  /** suggestions: places spelled most like the query. */
  | { status: 'not_found'; query: string; suggestions: ResolvedPlace[] }
  /** 'me', 'near me': only the visitor's browser knows the place; offer "Use my location". */
  | { status: 'my_location' }
  | { status: 'empty' }
  | { status: 'invalid'; message: string };

const MAX_ALTERNATIVES = 5;
const MAX_SUGGESTIONS = 5;
/** How far from a postal code's centre a town may be to name it in the label. */
const POSTAL_TOWN_KM = 15;
/** How far from typed coordinates a town may be to lend them its country (and so the unit). */
const COORDINATES_TOWN_KM = 50;

/**
 * The unit a visitor probably thinks in, from the region of their browser's first language
 * ('en-US' → mi, 'en-CA' → km); miles when the header names no region.
 */
export function unitForLanguages(acceptLanguage: string | undefined): 'mi' | 'km' {
  const region = languageRegion(acceptLanguage);
  return region ? defaultUnit(region) : 'mi';
}

/** The country of the browser's first language ('en-US' → 'US'), or null when it names none. */
export function languageRegion(acceptLanguage: string | undefined): string | null {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim() ?? '';
  return /^[a-z]{2,3}-([a-z]{2})\b/i.exec(first)?.[1]?.toUpperCase() ?? null;
}

/** Miles where people think in miles. */
export function defaultUnit(country: string): 'mi' | 'km' {
  return country === 'US' || country === 'GB' ? 'mi' : 'km';
}

/** Turns what a visitor typed into a place. Takes untrusted text: every value is bound, never spliced. */
export async function resolveLocation(db: Db, raw: string): Promise<Resolution> {
  const query = parseLocationQuery(raw);
  const typed = raw.trim();
  switch (query.kind) {
    case 'empty':
      return { status: 'empty' };
    case 'my_location':
      return { status: 'my_location' };
    case 'invalid':
      return { status: 'invalid', message: query.message };
    case 'coordinates':
      return { status: 'found', place: await coordinatesPlace(db, query), alternatives: [] };
    case 'us_zip':
      return resolvePostal(db, query.code, 'US', typed);
    case 'ca_postal':
      return resolvePostal(db, query.code, 'CA', typed);
    default:
      return resolveCity(db, query, typed);
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

interface PlaceRow {
  kind: PlaceKind;
  name: string;
  name_norm: string;
  region: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
}

const COLUMNS = ['kind', 'name', 'name_norm', 'region', 'country', 'lat', 'lon', 'population'] as const;

interface Within {
  country?: string | null;
  region?: string | null;
}

/** Every look-up is an equality or a range on places_lookup (kind, name_norm, country, region). */
async function placesNamed(db: Db, kind: PlaceKind, names: string[], within: Within, limit: number): Promise<PlaceRow[]> {
  let query = db.selectFrom('places').select(COLUMNS).where('kind', '=', kind).where('name_norm', 'in', names);
  if (within.country) query = query.where('country', '=', within.country);
  if (within.region) query = query.where('region', '=', within.region);
  return query.orderBy('population', 'desc').orderBy('id').limit(limit).execute();
}

/**
 * Places whose name starts with `prefix`, in index order. A range rather than LIKE, because
 * PostgreSQL only uses an index for LIKE under the C collation. The range is built so that it
 * is right under any collation (see prefixUpperBound) and may hold extra rows, which the
 * startsWith filter drops.
 */
async function placesStartingWith(db: Db, kind: PlaceKind, prefix: string, limit: number): Promise<PlaceRow[]> {
  let query = db.selectFrom('places').select(COLUMNS).where('kind', '=', kind).where('name_norm', '>=', prefix);
  const upper = prefixUpperBound(prefix);
  if (upper !== null) query = query.where('name_norm', '<', upper);
  const rows = await query.orderBy('name_norm').limit(limit).execute();
  return rows.filter((r) => r.name_norm.startsWith(prefix));
}

/**
 * A string that sorts after every string starting with `prefix`. Bumping the last character
 * ('aust' → 'ausu') works in SQLite's binary order and PostgreSQL's C collation, but a
 * linguistic collation (en_US) may sort a bumped 'z', '9', space or non-ASCII letter anywhere;
 * a-y and 0-8 keep their order in all of them, so bump the last of those and drop what follows.
 */
export function prefixUpperBound(prefix: string): string | null {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charAt(i);
    if (/[a-y0-8]/.test(c)) return prefix.slice(0, i) + String.fromCharCode(c.charCodeAt(0) + 1);
  }
  return null;
}

/** Towns within radiusKm, nearest first: a latitude band of places_by_position (kind, lat, lon). */
async function citiesNear(db: Db, centre: Point, radiusKm: number): Promise<Array<PlaceRow & { km: number }>> {
  const box = boundingBox(centre, radiusKm);
  const rows = await db
    .selectFrom('places')
    .select(COLUMNS)
    .where('kind', '=', 'city')
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where((eb) =>
      box.minLon <= box.maxLon
        ? eb.and([eb('lon', '>=', box.minLon), eb('lon', '<=', box.maxLon)])
        : eb.or([eb('lon', '>=', box.minLon), eb('lon', '<=', box.maxLon)]),
    )
    .execute();
  return rows
    .map((r) => ({ ...r, km: haversineKm(centre, r) }))
    .filter((r) => r.km <= radiusKm)
    .sort((a, b) => a.km - b.km);
}

// ---------------------------------------------------------------------------------------------
// Resolving each kind of query

type CityQuery = Extract<LocationQuery, { kind: 'city' | 'city_region' | 'city_country' }>;

async function resolveCity(db: Db, query: CityQuery, raw: string): Promise<Resolution> {
  const name = placeKey(query.city);
  if (name === '') return { status: 'not_found', query: raw, suggestions: [] };
  const attempts = searchOrder(query);
  for (const within of attempts) {
    // Read a few more than we show: labels outside North America and Australia carry no
    // region, so two French villages named Montréal would read the same.
    const [first, ...others] = distinctLabels((await placesNamed(db, 'city', spellings(name), within, 20)).map(cityPlace));
    if (first) return { status: 'found', place: first, alternatives: others.slice(0, MAX_ALTERNATIVES) };
  }
  if (query.kind === 'city' && query.orSplit) {
    const split = await resolveCity(db, query.orSplit, raw);
    if (split.status === 'found') return split;
  }
  // A name of digits only ('787') is more likely a partial ZIP than a town.
  const kind = /^\d+$/.test(name) ? 'postal' : 'city';
  return { status: 'not_found', query: raw, suggestions: await suggestions(db, kind, name, attempts[0] ?? {}) };
}

// GeoNames writes 'St. Louis' but 'Saint Petersburg', 'Fort Worth' but 'Ft. Mitchell'; people write either.
const SHORT_FORMS: ReadonlyArray<readonly [string, string]> = [
  ['saint', 'st'],
  ['sainte', 'ste'],
  ['mount', 'mt'],
  ['fort', 'ft'],
];

/** A normalised name and its other usual spellings: 'st louis' → ['st louis', 'saint louis']. */
function spellings(name: string): string[] {
  const all = new Set([name]);
  for (const [long, short] of SHORT_FORMS) {
    for (const spelling of [...all]) {
      const words = spelling.split(' ');
      all.add(words.map((w) => (w === long ? short : w)).join(' '));
      all.add(words.map((w) => (w === short ? long : w)).join(' '));
    }
  }
  return [...all];
}

function distinctLabels(places: ResolvedPlace[]): ResolvedPlace[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    if (seen.has(p.label)) return false;
    seen.add(p.label);
    return true;
  });
}

function searchOrder(query: CityQuery): Within[] {
  switch (query.kind) {
    case 'city':
      return [{}];
    case 'city_country':
      return [{ country: query.country }];
    case 'city_region':
      return [{ country: query.country, region: query.region }, ...(query.orCountry ? [{ country: query.orCountry }] : [])];
  }
}

async function resolvePostal(db: Db, code: string, country: 'US' | 'CA', raw: string): Promise<Resolution> {
  const name = code.toLowerCase();
  const [row] = await placesNamed(db, 'postal', [name], { country }, 1);
  if (!row) return { status: 'not_found', query: raw, suggestions: await suggestions(db, 'postal', name, { country }) };
  return { status: 'found', place: await postalPlace(db, row), alternatives: [] };
}

async function coordinatesPlace(db: Db, point: Point): Promise<ResolvedPlace> {
  // Most points people share are in a town: look close first, a wider box costs more.
  let [nearest] = await citiesNear(db, point, COORDINATES_TOWN_KM / 5);
  if (!nearest) [nearest] = await citiesNear(db, point, COORDINATES_TOWN_KM);
  // The town names the point ('Brooklyn, NY'): the page says "Mediators near Brooklyn, NY",
  // not a pair of numbers. Far from any town the numbers are all there is.
  return {
    label: nearest ? cityLabel(nearest) : `${point.lat.toFixed(4)}, ${point.lon.toFixed(4)}`,
    lat: point.lat,
    lon: point.lon,
    country: nearest?.country ?? '',
    region: nearest?.region ?? '',
    kind: 'coordinates',
  };
}

// ---------------------------------------------------------------------------------------------
// Presenting rows as places

/** 'Austin, TX', 'Toronto, ON', 'Sydney, NSW, Australia', 'London, United Kingdom'. */
function cityLabel(row: Pick<PlaceRow, 'name' | 'region' | 'country'>): string {
  if ((row.country === 'US' || row.country === 'CA') && row.region) return `${row.name}, ${row.region}`;
  if (row.country === 'AU' && row.region) return `${row.name}, ${row.region}, ${countryName('AU')}`;
  return `${row.name}, ${countryName(row.country)}`;
}

function cityPlace(row: PlaceRow): ResolvedPlace {
  return { label: cityLabel(row), lat: row.lat, lon: row.lon, country: row.country, region: row.region, kind: 'city' };
}

/** '78701 (Austin, TX)', 'M5V (Toronto, ON)'. */
async function postalPlace(db: Db, row: PlaceRow): Promise<ResolvedPlace> {
  const town = await postalTown(db, row);
  return {
    label: town ? `${row.name} (${town}, ${row.region})` : `${row.name} (${row.region})`,
    lat: row.lat,
    lon: row.lon,
    country: row.country,
    region: row.region,
    kind: 'postal',
  };
}

/**
 * The town to name a postal code by: big and close wins (population over squared distance),
 * so a downtown ZIP is named for its city rather than the nearest suburb, and a suburb's own ZIP
 * for the suburb. Towns across a border are skipped (Windsor, ON sits next to Detroit); US
 * territories' towns are filed under their own country codes, hence the fallback.
 */
async function postalTown(db: Db, row: PlaceRow): Promise<string | null> {
  const towns = await citiesNear(db, row, POSTAL_TOWN_KM);
  const sameRegion = towns.filter((t) => t.country === row.country && t.region === row.region);
  const pool = sameRegion.length > 0 ? sameRegion : towns;
  const score = (t: (typeof pool)[number]) => t.population / (1 + t.km * t.km);
  // Ties are one town under two names ('New York City' and 'New York'): take the shorter.
  const [best] = pool.sort((a, b) => score(b) - score(a) || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return best?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/** Rows read per prefix: enough for any three-letter prefix of a town that people type. */
const PREFIX_ROWS = 1000;

/**
 * Places spelled like `name`: those sharing its first 5, then 4, then 3 letters (two for
 * postal codes), ranked by edit distance, then by being in the region asked for, then by size.
 */
async function suggestions(db: Db, kind: PlaceKind, name: string, prefer: Within): Promise<ResolvedPlace[]> {
  const shortest = Math.min(name.length, kind === 'postal' ? 2 : 3);
  for (let length = Math.min(name.length, 5); length >= shortest && length > 0; length--) {
    const rows = await placesStartingWith(db, kind, name.slice(0, length), PREFIX_ROWS);
    const ranked = rankBySpelling(rows, name, prefer);
    if (ranked.length > 0) return ranked;
  }
  return [];
}

function rankBySpelling(rows: PlaceRow[], name: string, prefer: Within): ResolvedPlace[] {
  const tolerance = Math.max(1, Math.round(name.length / 3));
  const preferred = (r: PlaceRow) =>
    (!prefer.country || r.country === prefer.country) && (!prefer.region || r.region === prefer.region) ? 0 : 1;
  const scored = rows
    .map((row) => ({ row, distance: spellingDistance(name, row.name_norm), preferred: preferred(row) }))
    .filter((s) => s.distance <= tolerance)
    .sort((a, b) => a.distance - b.distance || a.preferred - b.preferred || b.row.population - a.row.population || a.row.name.localeCompare(b.row.name));
  const seen = new Set<string>();
  const places: ResolvedPlace[] = [];
  for (const { row } of scored) {
    const place = row.kind === 'city' ? cityPlace(row) : postalSuggestion(row);
    if (seen.has(place.label)) continue;
    seen.add(place.label);
    places.push(place);
    if (places.length === MAX_SUGGESTIONS) break;
  }
  return places;
}

/** Suggestions are cheap: no town look-up for each postal code. */
function postalSuggestion(row: PlaceRow): ResolvedPlace {
  return { label: `${row.name} (${row.region})`, lat: row.lat, lon: row.lon, country: row.country, region: row.region, kind: 'postal' };
}

/**
 * Edit distance, where the beginning of a name ('springf') beats any typo, and a mistyped
 * beginning ('sprngf') costs one more than its typos.
 */
function spellingDistance(typed: string, name: string): number {
  if (name.length <= typed.length) return levenshtein(typed, name);
  if (name.startsWith(typed)) return 0.5;
  return Math.min(levenshtein(typed, name), levenshtein(typed, name.slice(0, typed.length)) + 1);
}

/** Insertions, deletions and substitutions to turn a into b (two-row dynamic programme). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
