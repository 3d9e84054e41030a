import { z } from 'zod';
import { pageParam, parseQuery, scalar, type Parsed } from '../web/query-params.ts';
import { countryCode, regionName } from '../geo/places.ts';
import { FORMATS, SORTS, type SearchParams, type ServedArea } from './types.ts';
import { LANGUAGE_CODE } from './languages.ts';

export const PAGE_SIZE = 20;
export const RADIUS_MIN = 1;
export const RADIUS_MAX = 250;
export const DEFAULT_RADIUS = 25;
/** What a profile address may look like; anything else is a 404 without a database look-up. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

// Takes untrusted query strings from the page and the API: every value is bounded in length
// and checked against a closed list or a number range before it reaches a query.
const list = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .refine((v) => v.length <= max, `Choose at most ${max}.`);

const flag = z
  .union([z.literal(''), z.enum(['1', 'true', 'on', '0', 'false', 'off'])], { message: 'Use 1 or 0.' })
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'on');

const optionalNumber = (label: string, min: number, max: number, int = false) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(
      z
        .string()
        .regex(int ? /^\d+$/ : /^\d+(\.\d+)?$/, `${label} must be a ${int ? 'whole ' : ''}number.`)
        .transform(Number)
        .pipe(z.number().min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max}.`))
        .optional(),
    );

const SearchQuery = z.object({
  near: scalar(z.string().max(200, 'The place is too long: type a ZIP or postal code, or a city.').optional().transform((v) => v?.trim() || undefined)),
  at: scalar(
    z
      .string()
      .max(60, 'Your location must be a latitude and a longitude, like 40.6782,-73.9442.')
      .optional()
      .transform((v) => v?.trim() || undefined)
      .refine((v) => v === undefined || /^[+-]?\d{1,2}(\.\d+)?\s*,\s*[+-]?\d{1,3}(\.\d+)?$/.test(v), 'Your location must be a latitude and a longitude, like 40.6782,-73.9442.'),
  ),
  radius: scalar(optionalNumber('Radius', RADIUS_MIN, RADIUS_MAX)),
  unit: scalar(z.enum(['mi', 'km'], { message: 'Unit must be mi or km.' }).optional()),
  practice: list(12).refine((v) => v.every((s) => /^[a-z0-9-]{1,40}$/.test(s)), 'Unknown practice area.'),
  // Codes only; search.ts looks them up in the index's languages (an unknown one → 400 with a message).
  language: list(10).refine((v) => v.every((s) => LANGUAGE_CODE.test(s)), 'Unknown language: use language codes such as es or asl.'),
  format: list(3).refine((v) => v.every((s) => (FORMATS as readonly string[]).includes(s)), 'Format must be in_person, online or phone.'),
  maxFee: scalar(optionalNumber('Maximum fee', 0, 100_000, true)),
  free: scalar(flag),
  accepting: scalar(flag),
  q: scalar(z.string().max(200, 'Keep the keywords under 200 characters.').optional().transform((v) => v?.trim() || undefined)),
  sort: scalar(z.enum(SORTS, { message: 'Sort must be match, distance or fee.' }).optional()),
  page: pageParam,
  // Slugs only; search.ts looks them up (an unknown one → 400 with a message).
  association: scalar(z.string().max(60, 'Unknown association.').optional().transform((v) => v?.trim() || undefined)),
  panel: scalar(z.string().max(60, 'Unknown panel.').optional().transform((v) => v?.trim() || undefined)),
  area: scalar(
    z
      .string()
      .max(12)
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return undefined;
        const area = parseArea(v);
        if (!area) ctx.addIssue({ code: 'custom', message: 'Choose a country or a state from the list.' });
        return area ?? undefined;
      }),
  ),
});

const FeaturedQuery = z.object({ page: pageParam });

/** `GET /featured?page=`. */
export const parseFeaturedQuery = (raw: unknown): Parsed<{ page: number }> => parseQuery(FeaturedQuery, raw);

/** "US" or "US-TX" (a country's ISO code, then a state's or province's) → the area, or null. */
export function parseArea(raw: string): ServedArea | null {
  const m = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$/.exec(raw.trim());
  if (!m) return null;
  const country = m[1]!.toUpperCase();
  if (countryCode(country) !== country) return null;
  const region = m[2]?.toUpperCase() ?? null;
  if (region !== null && !regionName(country, region)) return null;
  return { country, region };
}

/** The area as the address writes it: "US-TX". */
export const areaParam = (a: ServedArea) => (a.region ? `${a.country}-${a.region}` : a.country);

/** Only mediators who meet online: the one search where a place is not needed but an area is. */
export const isOnlineOnly = (p: Pick<SearchParams, 'format'>) => p.format.length === 1 && p.format[0] === 'online';

export type SearchQueryInput = z.input<typeof SearchQuery>;

export type ParsedSearch = Parsed<SearchParams>;

/**
 * Turns a raw query string object (page or API) into search parameters, or into problems a
 * person can read. Practice-area slugs are checked against the taxonomy by the search itself.
 */
export function parseSearchQuery(raw: unknown): ParsedSearch {
  const parsed = parseQuery<z.output<typeof SearchQuery>>(SearchQuery, raw);
  if (!parsed.ok) return parsed;
  const q = parsed.params;
  return {
    ok: true,
    params: {
      near: q.near,
      at: q.at,
      radius: q.radius,
      unit: q.unit,
      practice: q.practice,
      language: q.language,
      format: q.format as SearchParams['format'],
      maxFee: q.maxFee,
      freeConsultation: q.free,
      accepting: q.accepting,
      q: q.q,
      sort: q.sort ?? 'match',
      page: q.page,
      ...(q.area ? { area: q.area } : {}),
      ...(q.association ? { association: q.association } : {}),
      ...(q.panel ? { panel: q.panel } : {}),
    },
  };
}
