import type { Db } from '../db/database.ts';
import { fromKm, haversineKm, type Unit } from '../geo/distance.ts';
import { defaultUnit } from '../geo/resolve.ts';
import type { VisitorPlace } from '../web/visitor-place.ts';
import { getListedMediator } from './profiles.ts';
import { SLUG_PATTERN } from './schema.ts';
import type { Mediator, Office } from './types.ts';

/**
 * Comparing a few listed mediators side by side, from a shareable address: /compare?m=a,b,c.
 * No account and nothing stored: the address is the whole comparison.
 */

/** Four columns still fit side by side on a desktop and scroll sideways readably on a phone. */
export const COMPARE_MAX = 4;

export type ComparePicks = { status: 'ok'; slugs: string[] } | { status: 'too_many'; slugs: string[] };

/**
 * The profile addresses asked for, from `m` given once comma-separated (a shared link) or once
 * per ticked box (the results form without JavaScript): trimmed, lower-cased, each once, in order.
 * Takes an untrusted query string: at most 20 values of 100 characters are read.
 */
export function parseComparePicks(raw: unknown): ComparePicks {
  const m = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).m : undefined;
  const values = (Array.isArray(m) ? m : [m]).filter((v): v is string => typeof v === 'string').slice(0, 20);
  const slugs = [
    ...new Set(
      values
        .flatMap((v) => v.slice(0, 2000).split(','))
        .map((s) => s.trim().toLowerCase().slice(0, 100))
        .filter(Boolean),
    ),
  ].slice(0, 20);
  return slugs.length > COMPARE_MAX ? { status: 'too_many', slugs } : { status: 'ok', slugs };
}

/** How far a mediator's nearest office is from the visitor's last searched place. */
export interface CompareDistance {
  value: number;
  unit: Unit;
  office: Office;
}

export interface CompareColumn {
  mediator: Mediator;
  distance: CompareDistance | null;
}

export interface Comparison {
  columns: CompareColumn[];
  /** Addresses that are not (or no longer) a listed mediator. */
  missing: string[];
}

/** The listed mediators among `slugs`, in the order asked, with distances from `origin` when known. */
export async function compareMediators(db: Db, slugs: string[], origin: VisitorPlace | null, now: Date): Promise<Comparison> {
  const found = await Promise.all(slugs.map((slug) => (SLUG_PATTERN.test(slug) ? getListedMediator(db, slug, now) : Promise.resolve(null))));
  const columns: CompareColumn[] = [];
  const missing: string[] = [];
  found.forEach((mediator, i) => {
    if (mediator) columns.push({ mediator, distance: origin ? nearestOffice(mediator.offices, origin) : null });
    else missing.push(slugs[i]!);
  });
  return { columns, missing };
}

function nearestOffice(offices: Office[], origin: VisitorPlace): CompareDistance | null {
  let best: { km: number; office: Office } | null = null;
  for (const office of offices) {
    const km = haversineKm(origin, office);
    if (!best || km < best.km) best = { km, office };
  }
  if (!best) return null;
  const unit = defaultUnit(origin.country);
  return { value: fromKm(best.km, unit), unit, office: best.office };
}

/** The address of a comparison of these mediators, as a visitor would share it. */
export const compareHref = (slugs: string[]) => (slugs.length ? `/compare?m=${slugs.map(encodeURIComponent).join(',')}` : '/compare');
