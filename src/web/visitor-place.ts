import type { FastifyReply, FastifyRequest } from 'fastify';
import { countryCode } from '../geo/places.ts';

/**
 * Where a visitor most likely is, for pages that show something "near you" without a search:
 * the last place they searched (a functional first-party cookie, described on /about), else the
 * region of their browser's language, else nowhere in particular.
 */

/** The place a search resolved to, as much of it as is remembered. */
export interface VisitorPlace {
  label: string;
  lat: number;
  lon: number;
  country: string;
  region: string;
}

export type VisitorWhere = { kind: 'place'; place: VisitorPlace } | { kind: 'country'; country: string } | { kind: 'world' };

export const LAST_PLACE_COOKIE = 'concord_place';
/** How long the last searched place is remembered: a month of coming back to the site. */
const LAST_PLACE_DAYS = 30;
const LABEL_MAX = 120;

/** Remembers the place a search resolved to; nothing else goes in the cookie. */
export function rememberPlace(request: FastifyRequest, reply: FastifyReply, place: VisitorPlace): void {
  const { production } = request.server.deps.config;
  // Coordinates rounded to about a kilometre: enough for "near you", no more precise than that.
  const value = [place.lat.toFixed(2), place.lon.toFixed(2), place.country, place.region, place.label.slice(0, LABEL_MAX)].join('|');
  reply.setCookie(LAST_PLACE_COOKIE, value, {
    path: '/',
    maxAge: LAST_PLACE_DAYS * 86_400,
    httpOnly: true,
    sameSite: 'lax',
    secure: production || request.protocol === 'https',
  });
}

/**
 * The remembered place, or null. The cookie is the visitor's own and may have been edited: every
 * part is checked, and anything odd counts as no place.
 */
export function lastPlace(request: FastifyRequest): VisitorPlace | null {
  const raw = request.cookies[LAST_PLACE_COOKIE];
  if (!raw || raw.length > 300) return null;
  const [latText = '', lonText = '', country = '', region = '', ...rest] = raw.split('|');
  const label = rest.join('|');
  const lat = /^-?\d{1,2}(\.\d{1,6})?$/.test(latText) ? Number(latText) : NaN;
  const lon = /^-?\d{1,3}(\.\d{1,6})?$/.test(lonText) ? Number(lonText) : NaN;
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return null;
  if (!/^[A-Z]{2}$/.test(country) || !/^[A-Z0-9-]{0,10}$/.test(region)) return null;
  const cleanLabel = label.trim();
  if (!cleanLabel || cleanLabel.length > LABEL_MAX || /[\p{Cc}]/u.test(cleanLabel)) return null;
  return { label: cleanLabel, lat, lon, country, region };
}

/** The country of the first language in Accept-Language that names one ("en-US" → "US"), or null. */
export function countryOfLanguages(acceptLanguage: string | undefined): string | null {
  for (const part of (acceptLanguage ?? '').slice(0, 500).split(',').slice(0, 10)) {
    const tag = part.split(';')[0]?.trim() ?? '';
    const region = /^[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})$/i.exec(tag)?.[1];
    if (region) return countryCode(region);
  }
  return null;
}

/** Where the visitor most likely is: their last searched place, else their language's country, else the world. */
export function visitorWhere(request: FastifyRequest): VisitorWhere {
  const place = lastPlace(request);
  if (place) return { kind: 'place', place };
  const country = countryOfLanguages(request.headers['accept-language']);
  return country ? { kind: 'country', country } : { kind: 'world' };
}
