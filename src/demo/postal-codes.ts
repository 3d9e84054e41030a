/**
 * The postal codes of demo offices: in the US and Canada the nearest real code of the places table
 * (in the office's own state when there is one within reach), in Britain and Australia codes of
 * the right shape for the city or state.
 */
import type { Db } from '../db/database.ts';
import { compare, type City, type CountryCode } from './cities.ts';
import type { Rng } from './random.ts';

interface PostalPoint {
  name: string;
  region: string;
  lat: number;
  lon: number;
}

/** A country's postal codes bucketed by cell, for nearest look-ups in memory. */
export type PostalCodes = Map<CountryCode, Map<number, PostalPoint[]>>;

/** Postal codes are bucketed in cells of 0.05° (about 5.5 km north to south). */
const POSTAL_CELL = 0.05;
/** Cells from the office's own to cover the ±0.3° the nearest code is looked for in. */
const POSTAL_RINGS = Math.ceil(0.3 / POSTAL_CELL);
const postalRow = (lat: number) => Math.floor((lat + 90) / POSTAL_CELL);
const postalColumn = (lon: number) => Math.floor((lon + 180) / POSTAL_CELL);
const postalKey = (row: number, column: number) => row * 10_000 + column;

export async function loadPostalCodes(db: Db, countries: CountryCode[]): Promise<PostalCodes> {
  // One query for every postal code of the countries we use (about 43,000 rows) beats one
  // bounding-box query per city: `places` has no spatial index, so each would scan the table.
  const postalRows = await db
    .selectFrom('places')
    .select(['name', 'region', 'country', 'lat', 'lon'])
    .where('kind', '=', 'postal')
    .where('country', 'in', countries)
    .execute();
  postalRows.sort((a, b) => compare(a.country, b.country) || compare(a.name, b.name) || a.lat - b.lat || a.lon - b.lon);
  const postal: PostalCodes = new Map();
  for (const p of postalRows) {
    const code = p.country as CountryCode;
    const grid = postal.get(code) ?? new Map<number, PostalPoint[]>();
    const key = postalKey(postalRow(p.lat), postalColumn(p.lon));
    const bucket = grid.get(key) ?? [];
    bucket.push({ name: p.name, region: p.region, lat: p.lat, lon: p.lon });
    grid.set(key, bucket);
    postal.set(code, grid);
  }
  return postal;
}

const LDU_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** First letter of Canadian postal codes by province. */
const CA_FSA_LETTER: Record<string, string> = {
  NL: 'A', NS: 'B', PE: 'C', NB: 'E', QC: 'H', ON: 'M', MB: 'R', SK: 'S', AB: 'T', BC: 'V', NT: 'X', NU: 'X', YT: 'Y',
};
/** Australian postcode ranges by state. */
const AU_POSTCODES: Record<string, [number, number]> = {
  NSW: [2000, 2599], ACT: [2600, 2618], VIC: [3000, 3999], QLD: [4000, 4999], SA: [5000, 5799], WA: [6000, 6797], TAS: [7000, 7499], NT: [800, 899],
};
/** Postcode areas of larger British cities (the letters before the district number). */
const GB_AREAS: Record<string, string[]> = {
  london: ['E', 'N', 'SE', 'SW', 'W', 'NW', 'EC', 'WC'], birmingham: ['B'], manchester: ['M'], leeds: ['LS'], glasgow: ['G'], sheffield: ['S'],
  bradford: ['BD'], edinburgh: ['EH'], liverpool: ['L'], bristol: ['BS'], cardiff: ['CF'], leicester: ['LE'], coventry: ['CV'], nottingham: ['NG'],
  'newcastle upon tyne': ['NE'], belfast: ['BT'], brighton: ['BN'], hull: ['HU'], 'kingston upon hull': ['HU'], plymouth: ['PL'], 'stoke-on-trent': ['ST'],
  wolverhampton: ['WV'], derby: ['DE'], southampton: ['SO'], portsmouth: ['PO'], aberdeen: ['AB'], swansea: ['SA'], reading: ['RG'], oxford: ['OX'],
  cambridge: ['CB'], york: ['YO'], 'milton keynes': ['MK'], northampton: ['NN'], norwich: ['NR'], luton: ['LU'], sunderland: ['SR'], dundee: ['DD'],
  bournemouth: ['BH'], exeter: ['EX'], ipswich: ['IP'], preston: ['PR'], bolton: ['BL'], middlesbrough: ['TS'], blackpool: ['FY'], peterborough: ['PE'],
};

/** The postal code of an office at `lat`, `lon` in `city`. */
export function postalCode(rng: Rng, postal: PostalCodes, city: City, lat: number, lon: number): string {
  const digit = () => String(rng.int(0, 9));
  switch (city.country) {
    case 'US':
      return nearestPostal(postal, city, lat, lon) ?? '';
    case 'CA': {
      const fsa = nearestPostal(postal, city, lat, lon) ?? `${CA_FSA_LETTER[city.region] ?? 'K'}${digit()}${rng.pick([...LDU_LETTERS])}`;
      return fsa.length === 3 ? `${fsa} ${digit()}${rng.pick([...LDU_LETTERS])}${digit()}` : fsa;
    }
    case 'GB': {
      const areas = GB_AREAS[city.name.toLowerCase()] ?? [city.name.replace(/[^A-Za-z]/g, '').slice(0, 2).toUpperCase() || 'GB'];
      const inward = `${digit()}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
      return `${rng.pick(areas)}${rng.int(1, 20)} ${inward}`;
    }
    case 'AU': {
      const [min, max] = AU_POSTCODES[city.region] ?? [2000, 7999];
      return String(rng.int(min, max)).padStart(4, '0');
    }
  }
}

/**
 * The nearest postal code within 0.3° of the office, preferring the city's own state. Searches
 * rings of cells outward and stops once no unsearched cell can hold anything nearer: dense
 * cities have hundreds of ZIP codes within 0.3°.
 */
function nearestPostal(postal: PostalCodes, city: City, lat: number, lon: number): string | null {
  const grid = postal.get(city.country);
  if (!grid) return null;
  const kmPerLon = 111.32 * Math.cos((lat * Math.PI) / 180);
  const row = postalRow(lat);
  const column = postalColumn(lon);
  let best: PostalPoint | null = null;
  let bestKm = Infinity;
  // Another state's code only when the city's own state has none within reach.
  let other: PostalPoint | null = null;
  let otherKm = Infinity;
  for (let ring = 0; ring <= POSTAL_RINGS; ring++) {
    for (let r = row - ring; r <= row + ring; r++) {
      for (let c = column - ring; c <= column + ring; c++) {
        if (Math.max(Math.abs(r - row), Math.abs(c - column)) !== ring) continue;
        for (const p of grid.get(postalKey(r, c)) ?? []) {
          if (Math.abs(p.lat - lat) > 0.3 || Math.abs(p.lon - lon) > 0.3) continue;
          // Equirectangular distance: exact enough to rank points a few kilometres apart.
          const km = Math.hypot((p.lat - lat) * 111.32, (p.lon - lon) * kmPerLon);
          const sameState = !p.region || p.region === city.region;
          if (sameState && km < bestKm) {
            best = p;
            bestKm = km;
          } else if (!sameState && km < otherKm) {
            other = p;
            otherKm = km;
          }
        }
      }
    }
    // Everything within `ring` whole cells of the office's cell has been seen.
    if (best && bestKm <= ring * POSTAL_CELL * Math.min(111.32, kmPerLon)) break;
  }
  return (best ?? other)?.name ?? null;
}

