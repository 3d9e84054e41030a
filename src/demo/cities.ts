/**
 * Where demo mediators practise: the cities of the places table in the four countries the demo
 * covers, each picked with a weight by its population. Read once per seeding, in a fixed order.
 */
import type { Db } from '../db/database.ts';
import { Weighted } from './random.ts';

export interface City {
  id: number;
  name: string;
  region: string;
  regionName: string;
  country: CountryCode;
  lat: number;
  lon: number;
  population: number;
}

export type CountryCode = 'US' | 'CA' | 'GB' | 'AU';

export interface CountryInfo {
  code: CountryCode;
  /** Share of mediators, in percent. */
  share: number;
  minPopulation: number;
  currency: string;
  name: string;
}

const COUNTRIES: CountryInfo[] = [
  { code: 'US', share: 85, minPopulation: 50_000, currency: 'USD', name: 'the United States' },
  { code: 'CA', share: 6, minPopulation: 100_000, currency: 'CAD', name: 'Canada' },
  { code: 'GB', share: 5, minPopulation: 100_000, currency: 'GBP', name: 'the United Kingdom' },
  { code: 'AU', share: 4, minPopulation: 100_000, currency: 'AUD', name: 'Australia' },
];

/** The countries and cities a demo mediator is placed in, with their weights. */
export interface World {
  countries: Weighted<CountryInfo>;
  cities: Map<CountryCode, Weighted<City>>;
  byCountry: Map<CountryCode, City[]>;
}

/** Code-unit order, the same everywhere (unlike a database's collation). */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the candidate cities; fails when the places table has none (places not loaded yet). */
export async function loadWorld(db: Db): Promise<World> {
  const rows = await db
    .selectFrom('places')
    .select(['id', 'name', 'region', 'region_name', 'country', 'lat', 'lon', 'population'])
    .where('kind', '=', 'city')
    .where((eb) =>
      eb.or(COUNTRIES.map((c) => eb.and([eb('country', '=', c.code), eb('population', '>=', c.minPopulation)]))),
    )
    .execute();
  // Sorted here, not in SQL: the engines collate text differently, and the order decides which
  // city a random number lands on. Ids are left out so that any load order gives the same data.
  rows.sort(
    (a, b) =>
      compare(a.country, b.country) || b.population - a.population || compare(a.name, b.name) ||
      compare(a.region, b.region) || a.lat - b.lat || a.lon - b.lon,
  );

  const byCountry = new Map<CountryCode, City[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    // A city listed under two names ('New York', 'New York City') would be picked twice as often.
    const key = `${r.country}:${r.lat}:${r.lon}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const city: City = { ...r, regionName: r.region_name || r.region, country: r.country as CountryCode };
    const list = byCountry.get(city.country) ?? [];
    list.push(city);
    byCountry.set(city.country, list);
  }
  const present = COUNTRIES.filter((c) => byCountry.has(c.code));
  if (!present.length) throw new Error('No cities in the places table: load places (loadPlaces) before seeding.');

  const cities = new Map<CountryCode, Weighted<City>>();
  for (const [code, list] of byCountry) cities.set(code, new Weighted(list, list.map((c) => c.population)));

  return { countries: new Weighted(present, present.map((c) => c.share)), cities, byCountry };
}
