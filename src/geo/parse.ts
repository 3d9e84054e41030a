import { countryCode, findRegions, type Subdivision } from './places.ts';

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
  | { kind: 'city'; city: string }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

export const MAX_QUERY_LENGTH = 200;

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
  if (last === undefined) return { kind: 'city', city };

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
