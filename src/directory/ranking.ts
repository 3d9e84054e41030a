import { PAGE_SIZE } from './schema.ts';

/**
 * The best-match formula. /how-search-works explains it in plain words and imports these same
 * constants, so the published rules and the code cannot drift apart.
 *
 *   score = 0.40 × proximity + 0.25 × fit + 0.20 × completeness + 0.15 × freshness
 */
export const RANKING_WEIGHTS = { proximity: 0.4, fit: 0.25, completeness: 0.2, freshness: 0.15 } as const;
/** Availability confirmed within this many days counts fully… */
export const FRESH_DAYS = 30;
/** …and counts nothing after this many; the profile then says "not confirmed since …". */
export const STALE_DAYS = 90;
/** Proximity given to a mediator who serves the place online or by travel, with no office in the radius. */
export const SERVICE_AREA_PROXIMITY = 0.3;
/** Keywords found only in the bio count this much of a match in the name or headline. */
export const BIO_ONLY_KEYWORD_FIT = 0.5;
/** Extra labelled slots per results page for featured members who match. */
export const FEATURED_SLOTS = 3;
/** A featured slot comes after every this many results, so paid places never push the first results away. */
export const FEATURED_EVERY = 3;
export { PAGE_SIZE };

const DAY_MS = 86_400_000;

export function daysSince(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : (now.getTime() - t) / DAY_MS;
}

/** 1 within FRESH_DAYS of the last confirmation, falling linearly to 0 at STALE_DAYS. */
export function freshness(accepting: boolean, confirmedAt: string | null, now: Date): number {
  return freshnessAt(accepting, confirmedAt ? Date.parse(confirmedAt) : Number.NaN, now.getTime());
}

/** freshness() on epoch milliseconds (NaN: never confirmed), for the search index's tight loop. */
export function freshnessAt(accepting: boolean, confirmedMs: number, nowMs: number): number {
  const age = (nowMs - confirmedMs) / DAY_MS;
  if (!accepting || Number.isNaN(age)) return 0;
  if (age <= FRESH_DAYS) return 1;
  if (age >= STALE_DAYS) return 0;
  return (STALE_DAYS - age) / (STALE_DAYS - FRESH_DAYS);
}

export function isStale(accepting: boolean, confirmedAt: string | null, now: Date): boolean {
  const age = daysSince(confirmedAt, now);
  return accepting && (age === null || age > STALE_DAYS);
}

/** 1 at the search centre, 0 at the edge of the radius. */
export function proximity(distanceKm: number, radiusKm: number): number {
  return Math.max(0, 1 - distanceKm / radiusKm);
}

/** The mean of the shares of each thing asked for that the mediator offers; 1 when nothing was asked. */
export function fit(shares: number[]): number {
  return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : 1;
}

export interface ScoreParts {
  proximity: number;
  fit: number;
  /** 0–1. */
  completeness: number;
  freshness: number;
}

export function bestMatchScore(p: ScoreParts): number {
  return bestMatch(p.proximity, p.fit, p.completeness, p.freshness);
}

/** bestMatchScore() on plain numbers, for the search index's tight loop. */
export function bestMatch(proximity: number, fit: number, completeness: number, freshness: number): number {
  const w = RANKING_WEIGHTS;
  const raw = w.proximity * proximity + w.fit * fit + w.completeness * completeness + w.freshness * freshness;
  // Rounded so that both engines (and any float noise) give the same order for the same data.
  return Math.round(raw * 1e6) / 1e6;
}

/**
 * Which featured members get this page's slots: the ones shown least so far (`shown`: each grant's
 * impressions, featured/impressions.ts), so every eligible member gets an equal share of them;
 * among equals, a rotation by day and page, so ties do not always favour the same members.
 */
export function pickFeatured<T>(eligible: T[], shown: (t: T) => number, now: Date, page: number, slots = FEATURED_SLOTS): T[] {
  if (!eligible.length) return eligible;
  const day = Math.floor(now.getTime() / DAY_MS);
  const start = (day * slots + (page - 1) * slots) % eligible.length;
  const rotated = [...eligible.slice(start), ...eligible.slice(0, start)];
  const counts = new Map(rotated.map((t) => [t, shown(t)]));
  // Array.prototype.sort is stable: equals keep the rotation's order.
  return rotated.sort((a, b) => counts.get(a)! - counts.get(b)!).slice(0, slots);
}
