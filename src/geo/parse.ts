import { countryCode, findRegions, normalise, type Subdivision } from './places.ts';

/**
 * What a visitor typed into "near", understood without the database. The resolver
 * (resolve.ts) turns it into a point, candidates or suggestions.
 */
export type LocationQuery =
  | { kind: 'coordinates'; lat: number; lon: number }
  | { kind: 'us_zip'; code: string }
  /** The forward sortation area, the first three characters of a Canadian postal code. */
  | { kind: 'ca_postal'; code: string }
  /**
   * 'Austin, TX', 'Manchester, England', 'Perth, WA'. `country` is null when the region code
   * is used by several countries (WA: Washington and Western Australia). `orCountry` is set
   * when the same word is also a country ('Berlin, DE': Delaware, else Germany).
   */
  | { kind: 'city_region'; city: string; region: string; country: string | null; orCountry: string | null }
  | { kind: 'city_country'; city: string; country: string }
  /**
   * A name without a comma. `orSplit` reads its last words as a region or country ('Portland OR',
   * 'London Ontario'): tried when no town has the whole name.
   */
  | { kind: 'city'; city: string; orSplit?: Extract<LocationQuery, { kind: 'city_region' | 'city_country' }> }
  /** 'me', 'near me', 'my location': the visitor's own place, which only their browser knows. */
  | { kind: 'my_location' }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

export const MAX_QUERY_LENGTH = 200;

/** What people type when they mean "where I am", normalised. */
const MY_LOCATION = new Set(['me', 'near me', 'my location', 'near my location', 'current location', 'my current location', 'around me', 'nearby', 'near by', 'here', 'near here']);

/** Short names people use for big cities, normalised, and the place each stands for. */
const CITY_SHORT_NAMES: Readonly<Record<string, string>> = {
  nyc: 'New York, NY',
  'ny ny': 'New York, NY',
  sf: 'San Francisco, CA',
  la: 'Los Angeles, CA',
  dc: 'Washington, DC',
  'd c': 'Washington, DC',
  philly: 'Philadelphia, PA',
  nola: 'New Orleans, LA',
  vegas: 'Las Vegas, NV',
  slc: 'Salt Lake City, UT',
  atl: 'Atlanta, GA',
  chitown: 'Chicago, IL',
  'chi town': 'Chicago, IL',
};

/** The longest region or country name people write after a city without a comma ('Prince Edward Island'). */
const MAX_REGION_WORDS = 3;

const US_ZIP = /^(\d{5})(?:[-\s]?\d{4})?$/;
// Canadian postal codes never use D, F, I, O, Q or U, nor W or Z as the first letter.
const CA_POSTAL = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(?:\s*\d[ABCEGHJ-NPRSTV-Z]\d)?$/i;
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const COORDINATES = new RegExp(`^(${NUMBER})\\s*(?:[,;]|\\s)\\s*(${NUMBER})$`);

export function parseLocationQuery(raw: string): LocationQuery {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '') return { kind: 'empty' };
  if (text.length > MAX_QUERY_LENGTH) {
    return { kind: 'invalid', message: 'That is too long for a place. Try a city, a ZIP or postal code.' };
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { kind: 'invalid', message: 'Enter a city, a ZIP or postal code.' };
  }
  const zip = US_ZIP.exec(text);
  if (zip) return { kind: 'us_zip', code: zip[1]! };
  const postal = CA_POSTAL.exec(text);
  if (postal) return { kind: 'ca_postal', code: postal[1]!.toUpperCase() };
  const coordinates = COORDINATES.exec(text);
  if (coordinates) return parseCoordinates(Number(coordinates[1]), Number(coordinates[2]));
  const key = normalise(text);
  if (MY_LOCATION.has(key)) return { kind: 'my_location' };
  const short = CITY_SHORT_NAMES[key];
  if (short) return parsePlaceName(short);
  // 'near Boston' is Boston (and 'near Brooklyn, NY' is what the search box shows after "Use my location").
  const near = /^near\s+(.+)$/i.exec(text);
  if (near) return parseLocationQuery(near[1]!);
  return parsePlaceName(text);
}

function parseCoordinates(lat: number, lon: number): LocationQuery {
  if (!(Math.abs(lat) <= 90)) return { kind: 'invalid', message: 'Latitude must be between -90 and 90.' };
  if (!(Math.abs(lon) <= 180)) return { kind: 'invalid', message: 'Longitude must be between -180 and 180.' };
  return { kind: 'coordinates', lat, lon };
}

/**
 * 'City', 'City, Region', 'City, Country' or 'City, Region, Country'. The last part decides;
 * a middle part counts only as a region of the country named last.
 */
function parsePlaceName(text: string): LocationQuery {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const [city, ...qualifiers] = parts;
  if (city === undefined) return { kind: 'invalid', message: 'Enter a city, a ZIP or postal code.' };
  const last = qualifiers.at(-1);
  if (last === undefined) {
    const orSplit = splitRegion(city);
    return orSplit ? { kind: 'city', city, orSplit } : { kind: 'city', city };
  }

  const regions = findRegions(last);
  const country = countryCode(last);
  if (regions.length > 0) return cityInRegion(city, regions, country);
  if (country) {
    const middle = qualifiers.at(-2);
    const region = middle === undefined ? undefined : findRegions(middle).find((r) => r.country === country);
    return region
      ? { kind: 'city_region', city, region: region.region, country, orCountry: null }
      : { kind: 'city_country', city, country };
  }
  // Not a region or country we know: keep it, so the resolver answers "not found" with
  // suggestions rather than quietly dropping what the visitor asked for.
  return { kind: 'city_region', city, region: last.toUpperCase(), country: null, orCountry: null };
}

/**
 * 'Vancouver BC', 'Austin Texas', 'Paris France' read as if a comma stood before the region or
 * country: the longest run of last words that names one, with at least one word left for the city.
 */
function splitRegion(text: string): Extract<LocationQuery, { kind: 'city_region' | 'city_country' }> | null {
  const words = text.split(' ');
  for (let n = Math.min(MAX_REGION_WORDS, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    if (findRegions(tail).length === 0 && countryCode(tail) === null) continue;
    const read = parsePlaceName(`${words.slice(0, -n).join(' ')}, ${tail}`);
    if (read.kind === 'city_region' || read.kind === 'city_country') return read;
  }
  return null;
}

function cityInRegion(city: string, regions: Subdivision[], alsoCountry: string | null): LocationQuery {
  const first = regions[0]!;
  const countries = new Set(regions.map((r) => r.country));
  return {
    kind: 'city_region',
    city,
    region: first.region,
    country: countries.size === 1 ? first.country : null,
    orCountry: alsoCountry !== null && !countries.has(alsoCountry) ? alsoCountry : null,
  };
}
