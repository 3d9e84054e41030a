import type { Db } from '../../db/database.ts';
import type { FeaturedGrantTable } from '../../db/schema.ts';
import { haversineKm, KM_PER_MILE } from '../../geo/distance.ts';
import { countryCode, countryName, findRegions, placeKey, regionName } from '../../geo/places.ts';

/**
 * Where a featured grant shows: a country, a state or province, or a metro area (a city of the
 * place data and METRO_KM around it). A featured member is shown only for a search, or a visitor,
 * whose place lies inside the grant's region, and never otherwise.
 */
export type GrantRegion =
  | { kind: 'country'; country: string }
  | { kind: 'region'; country: string; region: string }
  | { kind: 'metro'; country: string; region: string; name: string; lat: number; lon: number };

/** A metro area reaches this far from its city's centre: the commuting distance of a large city. */
export const METRO_KM = 50 * KM_PER_MILE;

/** Where a search or a visitor is: a point with its country and region, or (online only) an area. */
export type PlaceForFeatured = { country: string; region: string | null; lat?: number; lon?: number };

/** Whether a place lies in a grant's region. An area without a point is in no metro area. */
export function regionContains(r: GrantRegion, p: PlaceForFeatured): boolean {
  if (r.country !== p.country) return false;
  if (r.kind === 'country') return true;
  if (r.kind === 'region') return r.region === p.region;
  return p.lat !== undefined && p.lon !== undefined && haversineKm(r, { lat: p.lat, lon: p.lon }) <= METRO_KM;
}

/** The region in words: 'United States', 'Texas, United States', 'Austin metro area (TX, United States)'. */
export function regionLabel(r: GrantRegion): string {
  const country = countryName(r.country);
  if (r.kind === 'country') return country;
  if (r.kind === 'region') return `${regionName(r.country, r.region) || r.region}, ${country}`;
  return `${r.name} metro area (${r.region ? `${r.region}, ` : ''}${country})`;
}

/** The region as a person would type it in the region field, which parseRegion reads back as the same region. */
export function regionInput(r: GrantRegion): string {
  if (r.kind === 'country') return r.country;
  if (r.kind === 'region') return `${r.country}-${r.region}`;
  return `metro:${r.name}, ${r.region && regionName(r.country, r.region) ? r.region : r.country}`;
}

/** The columns of featured_grants that hold a region. */
export type RegionColumns = Pick<FeaturedGrantTable, 'region_kind' | 'country' | 'region' | 'metro_name' | 'metro_lat' | 'metro_lon'>;

export function regionOfRow(row: RegionColumns): GrantRegion {
  if (row.region_kind === 'country') return { kind: 'country', country: row.country };
  if (row.region_kind === 'region') return { kind: 'region', country: row.country, region: row.region };
  return { kind: 'metro', country: row.country, region: row.region, name: row.metro_name, lat: row.metro_lat ?? 0, lon: row.metro_lon ?? 0 };
}

export function regionColumns(r: GrantRegion): RegionColumns {
  return {
    region_kind: r.kind,
    country: r.country,
    region: r.kind === 'country' ? '' : r.region,
    metro_name: r.kind === 'metro' ? r.name : '',
    metro_lat: r.kind === 'metro' ? r.lat : null,
    metro_lon: r.kind === 'metro' ? r.lon : null,
  };
}

/** Two regions are the same place. */
export const sameRegion = (a: GrantRegion, b: GrantRegion) => regionLabel(a) === regionLabel(b);

/**
 * The places a limit on featured members is counted in. Grants nest: a country holds its states
 * and provinces, a state its metro areas. A point is covered by the grants for its country, for
 * its state and for every metro area that reaches it, so the most crowded points are found among
 * a few "cells": the region itself, and each narrower region granted inside it.
 */
interface Cell {
  country: string;
  region: string | null;
  metro: { lat: number; lon: number; name: string } | null;
}

/** Two metro areas share some place when their circles meet. */
const metrosMeet = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => haversineKm(a, b) <= 2 * METRO_KM;

const cellOf = (r: GrantRegion): Cell => ({ country: r.country, region: r.kind === 'country' ? null : r.region, metro: r.kind === 'metro' ? r : null });

/**
 * Whether a grant's region covers a cell. A metro cell counts every metro area that meets it,
 * even when three circles meet pairwise but share no point: the count errs towards refusing.
 */
function covers(r: GrantRegion, c: Cell): boolean {
  if (r.country !== c.country) return false;
  if (r.kind === 'country') return true;
  if (r.kind === 'region') return c.region === r.region;
  return c.metro !== null && metrosMeet(r, c.metro);
}

/** Whether a narrower grant's place lies (at least partly) inside a region. */
function within(inner: GrantRegion, outer: GrantRegion): boolean {
  if (inner.country !== outer.country) return false;
  if (outer.kind === 'country') return true;
  if (outer.kind === 'region') return inner.kind !== 'country' && inner.region === outer.region;
  return inner.kind === 'metro' && metrosMeet(inner, outer);
}

function cellLabel(c: Cell): string {
  if (c.metro) return `${c.metro.name} metro area (${c.region ? `${c.region}, ` : ''}${countryName(c.country)})`;
  if (c.region) return `${regionName(c.country, c.region) || c.region}, ${countryName(c.country)}`;
  return countryName(c.country);
}

/** A grant as the limit counts it: whose, where, and when (ISO instants, the end excluded). */
export interface PlacedGrant {
  mediatorId: number;
  region: GrantRegion;
  startsAt: string;
  endsAt: string;
}

export interface Crowding {
  /** The place that would hold too many, in words. */
  label: string;
  /** When it would first be over the limit. */
  at: string;
  /** The first moment after that when it has room for one more, or null when no grant there ends. */
  roomFrom: string | null;
}

/**
 * Whether adding `grant` would put more than `max` members (each counted once, whatever their
 * grants) in a featured place at some point of its region at some moment of its period. `others`
 * are the other site-wide grants; those in other countries or periods are ignored.
 */
export function crowding(grant: PlacedGrant, others: readonly PlacedGrant[], max: number): Crowding | null {
  const relevant = others.filter((o) => o.region.country === grant.region.country && o.endsAt > grant.startsAt);
  const cells = [cellOf(grant.region), ...relevant.filter((o) => within(o.region, grant.region)).map((o) => cellOf(o.region))];
  const membersAt = (c: Cell, at: string) =>
    new Set(relevant.filter((o) => o.startsAt <= at && at < o.endsAt && o.mediatorId !== grant.mediatorId && covers(o.region, c)).map((o) => o.mediatorId));
  // The count only rises when a grant starts, so its maxima are at the new grant's start and at the others' starts within its period.
  const moments = [grant.startsAt, ...relevant.map((o) => o.startsAt).filter((at) => at > grant.startsAt && at < grant.endsAt)].sort();
  for (const at of moments) {
    for (const c of cells) {
      const members = membersAt(c, at);
      if (members.size + 1 <= max) continue;
      const ends = [...new Set(relevant.filter((o) => members.has(o.mediatorId) && covers(o.region, c) && o.endsAt > at).map((o) => o.endsAt))].sort();
      const roomFrom = ends.find((end) => membersAt(c, end).size < max) ?? null;
      return { label: cellLabel(c), at, roomFrom };
    }
  }
  return null;
}

/**
 * What an admin typed as a region: a country ('US', 'Canada'), a state or province ('US-TX',
 * 'Texas', 'Ontario'), or a metro area by its city ('Austin, TX', 'metro:Toronto'). A city is
 * looked up in the place data, the most populous of that name first. Untrusted text: bound, never spliced.
 */
export async function parseRegion(db: Db, raw: string): Promise<GrantRegion | { problem: string }> {
  const text = raw.trim();
  if (!text) return { problem: 'Enter a region: a country (US), a state or province (US-TX, Ontario), or a city for its metro area (Austin, TX).' };
  if (text.length > 120) return { problem: 'That region is too long: enter a country, a state or province, or a city.' };
  const coded = /^([A-Za-z]{2})-([A-Za-z0-9]{1,3})$/.exec(text);
  if (coded) {
    const country = coded[1]!.toUpperCase();
    const region = coded[2]!.toUpperCase();
    if (regionName(country, region)) return { kind: 'region', country, region };
    return { problem: `${text} is not a state or province we know. Write it as US-TX, CA-ON or AU-NSW.` };
  }
  const metro = /^metro:\s*(.+)$/i.exec(text);
  if (!metro) {
    const country = countryCode(text);
    if (country) return { kind: 'country', country };
    const regions = findRegions(text);
    if (regions.length === 1) return { kind: 'region', ...regions[0]! };
    if (regions.length > 1) return { problem: `${text} names more than one region: write it with its country, as ${regions.map((r) => `${r.country}-${r.region}`).join(' or ')}.` };
  }
  const [cityPart, qualifier] = (metro ? metro[1]! : text).split(',').map((x) => x.trim());
  const qualifierCountry = qualifier ? countryCode(qualifier) : null;
  const qualifierRegions = qualifier ? findRegions(qualifier) : [];
  const cities = await db
    .selectFrom('places')
    .select(['name', 'region', 'country', 'lat', 'lon'])
    .where('kind', '=', 'city')
    .where('name_norm', '=', placeKey(cityPart ?? ''))
    .orderBy('population', 'desc')
    .limit(20)
    .execute();
  const city = cities.find((c) => !qualifier || c.country === qualifierCountry || qualifierRegions.some((r) => r.country === c.country && r.region === c.region));
  if (!city) return { problem: `We found no country, state, province or city called “${text}”. Try US, US-TX, Ontario or “Austin, TX”.` };
  return { kind: 'metro', country: city.country, region: city.region, name: city.name, lat: city.lat, lon: city.lon };
}
