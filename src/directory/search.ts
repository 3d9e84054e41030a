import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { boundingBox, fromKm, haversineKm, roundDistance, toKm, type Point } from '../geo/distance.ts';
import { cellsCovering } from '../geo/grid.ts';
import { defaultUnit, resolveLocation, type ResolvedPlace } from '../geo/resolve.ts';
import { normalise } from '../geo/places.ts';
import { languageName } from './languages.ts';
import { listPracticeAreas } from './practice-areas.ts';
import {
  BIO_ONLY_KEYWORD_FIT,
  SERVICE_AREA_PROXIMITY,
  bestMatchScore,
  fit,
  freshness,
  isStale,
  proximity,
  rotateFeatured,
} from './ranking.ts';
import { DEFAULT_RADIUS, PAGE_SIZE } from './schema.ts';
import { keywordTerms, textSearchFor } from './text-search.ts';
import type { MatchKind, PracticeArea, SearchHit, SearchLocation, SearchParams, SearchResult } from './types.ts';
import { FORMAT_LABELS } from './types.ts';
import { feeOf, formatsOf, isFeaturedNow } from './rows.ts';

export interface SearchDeps {
  db: Db;
  engine: Engine;
}

export type SearchOutcome =
  | { status: 'ok'; result: SearchResult; /** Other places the typed name could mean. */ alternatives: ResolvedPlace[] }
  | { status: 'location_not_found'; query: string; suggestions: ResolvedPlace[] }
  | { status: 'invalid'; problems: { field: string; message: string }[] }
  | { status: 'page_out_of_range'; pageCount: number; total: number };

/** Above this many grid cells (a huge radius near a pole) the lat/lon ranges alone bound the scan. */
const MAX_CELLS = 2000;

/** What the candidate queries return per mediator (and, for offices, per office). */
interface CandidateRow {
  mediator_id: number;
  name: string;
  /** Only read when there are keywords (see keywordInTitle); '' otherwise. */
  headline: string;
  completeness: number;
  accepting_cases: number;
  accepting_confirmed_at: string | null;
  fee_min: number | null;
  fmt_in_person: number;
  fmt_online: number;
  fmt_phone: number;
  featured_tier: string | null;
  featured_from: string | null;
  featured_until: string | null;
  /** Counts from a subquery: a string on PostgreSQL, a number on SQLite. */
  practice_hits: number | string | null;
  language_hits: number | string | null;
}

interface Candidate {
  row: CandidateRow;
  match: MatchKind;
  distanceKm: number | null;
  /** The nearest office inside the radius; its address is read for the page only. */
  officeId: number | null;
  score: number;
}

export type Filters = SearchParams & { terms: string[] };

// Only what ranking needs, all of it in the mediators_ranking index, so candidate rows are read
// from that index rather than from the wide mediator rows (bios make those large).
const candidateColumns = [
  'mediators.id as mediator_id',
  'mediators.name',
  'mediators.completeness',
  'mediators.accepting_cases',
  'mediators.accepting_confirmed_at',
  'mediators.fee_min',
  'mediators.fmt_in_person',
  'mediators.fmt_online',
  'mediators.fmt_phone',
  'mediators.featured_tier',
  'mediators.featured_from',
  'mediators.featured_until',
] as const;

/**
 * The visitor's filters as one SQL condition on `mediators`. Values were validated by schema.ts;
 * they are bound as parameters here, never spliced into SQL.
 */
function mediatorConditions(engine: Engine, f: Filters) {
  return (eb: ExpressionBuilder<Database, 'mediators'>): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [eb('mediators.status', '=', 'published')];
    if (f.practice.length) {
      all.push(
        eb.exists(
          eb
            .selectFrom('mediator_practice_areas as mpa')
            .select('mpa.mediator_id')
            .whereRef('mpa.mediator_id', '=', 'mediators.id')
            .where('mpa.practice_area', 'in', f.practice),
        ),
      );
    }
    if (f.language.length) {
      all.push(
        eb.exists(
          eb
            .selectFrom('mediator_languages as ml')
            .select('ml.mediator_id')
            .whereRef('ml.mediator_id', '=', 'mediators.id')
            .where('ml.language', 'in', f.language),
        ),
      );
    }
    if (f.format.length) {
      all.push(eb.or(f.format.map((fmt) => eb(`mediators.fmt_${fmt}`, '=', 1))));
    }
    if (f.maxFee !== undefined) all.push(eb.and([eb('mediators.fee_min', 'is not', null), eb('mediators.fee_min', '<=', f.maxFee)]));
    if (f.freeConsultation) all.push(eb('mediators.free_consultation', '=', 1));
    if (f.accepting) all.push(eb('mediators.accepting_cases', '=', 1));
    if (f.terms.length) all.push(textSearchFor(engine).matches(f.terms));
    return eb.and(all);
  };
}

/**
 * The candidate columns that depend on the search: the headline only when there are keywords
 * (keywordInTitle), and how many of the chosen practice areas and languages each candidate
 * offers (the fit score).
 */
function searchColumns(f: Filters) {
  return (eb: ExpressionBuilder<Database, 'mediators'>) => [
    f.terms.length ? eb.ref('mediators.headline').as('headline') : sql<string>`''`.as('headline'),
    f.practice.length > 1
      ? eb
          .selectFrom('mediator_practice_areas as mpa')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('mpa.mediator_id', '=', 'mediators.id')
          .where('mpa.practice_area', 'in', f.practice)
          .as('practice_hits')
      : sql<number>`${f.practice.length}`.as('practice_hits'),
    f.language.length > 1
      ? eb
          .selectFrom('mediator_languages as ml')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('ml.mediator_id', '=', 'mediators.id')
          .where('ml.language', 'in', f.language)
          .as('language_hits')
      : sql<number>`${f.language.length}`.as('language_hits'),
  ];
}

/**
 * The office candidate query: the grid cells and lat/lon ranges of the circle's bounding box,
 * answered from the `offices_spatial` index, joined to the mediators who pass the filters.
 * Exported so a test can check on both engines that the plan really uses the index.
 */
export function officeCandidatesQuery(deps: SearchDeps, f: Filters, centre: Point, radiusKm: number) {
  const box = boundingBox(centre, radiusKm);
  const cells = cellsCovering(box);
  return deps.db
    .selectFrom('offices')
    .innerJoin('mediators', 'mediators.id', 'offices.mediator_id')
    .select(candidateColumns)
    .select(searchColumns(f))
    .select(['offices.id as office_id', 'offices.lat', 'offices.lon'])
    .where((eb) => {
      const inBox: Expression<SqlBool>[] = [eb('offices.lat', '>=', box.minLat), eb('offices.lat', '<=', box.maxLat)];
      if (cells.length <= MAX_CELLS) inBox.push(eb('offices.cell', 'in', cells));
      if (box.minLon <= box.maxLon) inBox.push(eb('offices.lon', '>=', box.minLon), eb('offices.lon', '<=', box.maxLon));
      else inBox.push(eb.or([eb('offices.lon', '>=', box.minLon), eb('offices.lon', '<=', box.maxLon)]));
      return eb.and(inBox);
    })
    .where(mediatorConditions(deps.engine, f));
}

/** Mediators with an office inside the circle, each with its nearest such office. */
async function officeCandidates(deps: SearchDeps, f: Filters, centre: Point, radiusKm: number) {
  const rows = await officeCandidatesQuery(deps, f, centre, radiusKm).execute();

  // Distances are computed here, not in SQL, so both engines give bit-identical results.
  const nearest = new Map<number, Candidate>();
  for (const r of rows) {
    const d = haversineKm(centre, r);
    if (d > radiusKm) continue;
    const seen = nearest.get(r.mediator_id);
    if (seen && seen.distanceKm! <= d) continue;
    nearest.set(r.mediator_id, {
      row: r,
      match: 'office',
      distanceKm: d,
      officeId: r.office_id,
      score: 0,
    });
  }
  return nearest;
}

/** Mediators who serve the place online or by travel: a service area for its country or region. */
async function serviceAreaCandidates(deps: SearchDeps, f: Filters, place: SearchLocation) {
  const wantsOnline = !f.format.length || f.format.includes('online');
  const wantsTravel = !f.format.length || f.format.includes('in_person');
  const kinds = [...(wantsOnline ? ['online' as const] : []), ...(wantsTravel ? ['travel' as const] : [])];
  if (!kinds.length || !place.country) return [];
  return deps.db
    .selectFrom('service_areas')
    .innerJoin('mediators', 'mediators.id', 'service_areas.mediator_id')
    .select(candidateColumns)
    .select(searchColumns(f))
    .select('service_areas.kind')
    .where('service_areas.country', '=', place.country)
    .where((eb) => eb.or([eb('service_areas.region', 'is', null), eb('service_areas.region', '=', place.region)]))
    .where('service_areas.kind', 'in', kinds)
    .where(mediatorConditions(deps.engine, f))
    .execute();
}

async function anywhereCandidates(deps: SearchDeps, f: Filters) {
  return deps.db.selectFrom('mediators').select(candidateColumns).select(searchColumns(f)).where(mediatorConditions(deps.engine, f)).execute();
}

/** Every term is the start of a word in the name or headline (else it matched only in the bio). */
function keywordInTitle(r: CandidateRow, terms: string[]): boolean {
  const words = normalise(`${r.name} ${r.headline}`).split(/[^\p{L}\p{N}]+/u);
  return terms.every((t) => words.some((w) => w.startsWith(t)));
}

function score(c: Candidate, f: Filters, radiusKm: number, now: Date): number {
  const r = c.row;
  const shares: number[] = [];
  if (f.practice.length) shares.push(Number(r.practice_hits) / f.practice.length);
  if (f.language.length) shares.push(Number(r.language_hits) / f.language.length);
  if (f.format.length) shares.push(formatsOf(r).filter((x) => f.format.includes(x)).length / f.format.length);
  if (f.terms.length) shares.push(keywordInTitle(r, f.terms) ? 1 : BIO_ONLY_KEYWORD_FIT);
  return bestMatchScore({
    proximity: c.match === 'office' ? proximity(c.distanceKm!, radiusKm) : c.match === 'anywhere' ? 0 : SERVICE_AREA_PROXIMITY,
    fit: fit(shares),
    completeness: r.completeness / 100,
    freshness: freshness(r.accepting_cases === 1, r.accepting_confirmed_at, now),
  });
}

const byName = (a: Candidate, b: Candidate) =>
  a.row.name < b.row.name ? -1 : a.row.name > b.row.name ? 1 : a.row.mediator_id - b.row.mediator_id;
const byDistance = (a: Candidate, b: Candidate) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity);
const nullsLast = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);

const ORDER: Record<SearchParams['sort'], (a: Candidate, b: Candidate) => number> = {
  match: (a, b) => b.score - a.score || byDistance(a, b) || byName(a, b),
  distance: (a, b) => byDistance(a, b) || b.score - a.score || byName(a, b),
  fee: (a, b) => nullsLast(a.row.fee_min, b.row.fee_min) || byDistance(a, b) || byName(a, b),
};

type PlaceOutcome =
  | { kind: 'place'; place: SearchLocation | null; alternatives: ResolvedPlace[] }
  | { kind: 'invalid'; message: string }
  | { kind: 'not_found'; query: string; suggestions: ResolvedPlace[] };

async function resolvePlace(deps: SearchDeps, params: SearchParams): Promise<PlaceOutcome> {
  if (params.location) return { kind: 'place', place: params.location, alternatives: [] };
  if (!params.near) return { kind: 'place', place: null, alternatives: [] };
  const r = await resolveLocation(deps.db, params.near);
  if (r.status === 'found') return { kind: 'place', place: r.place, alternatives: r.alternatives };
  if (r.status === 'empty') return { kind: 'place', place: null, alternatives: [] };
  if (r.status === 'invalid') return { kind: 'invalid', message: r.message };
  return { kind: 'not_found', query: r.query, suggestions: r.suggestions };
}

/**
 * Finds listed mediators for a place and filters, ranked by the published rules. Candidates are
 * fetched through the spatial index (offices) and the service-area index, then scored here.
 */
export async function searchMediators(deps: SearchDeps, params: SearchParams, now: Date): Promise<SearchOutcome> {
  const [resolved, areas] = await Promise.all([resolvePlace(deps, params), listPracticeAreas(deps.db)]);
  if (resolved.kind === 'invalid') return { status: 'invalid', problems: [{ field: 'near', message: resolved.message }] };
  if (resolved.kind === 'not_found') return { status: 'location_not_found', query: resolved.query, suggestions: resolved.suggestions };
  const { place, alternatives } = resolved;

  const unknown = params.practice.filter((p) => !areas.some((a) => a.slug === p));
  if (unknown.length) {
    return { status: 'invalid', problems: [{ field: 'practice', message: `Unknown practice area: ${unknown.join(', ')}. Choose from the list.` }] };
  }

  const f: Filters = { ...params, terms: keywordTerms(params.q) };
  const unit = params.unit ?? (place ? defaultUnit(place.country) : 'mi');
  const radius = params.radius ?? DEFAULT_RADIUS;
  const radiusKm = toKm(radius, unit);

  let candidates: Candidate[];
  if (place) {
    // Two independent reads: on PostgreSQL they run on two pooled connections at once.
    const [byOffice, areaRows] = await Promise.all([officeCandidates(deps, f, place, radiusKm), serviceAreaCandidates(deps, f, place)]);
    const withOffice = new Set(byOffice.keys());
    for (const r of areaRows) {
      if (withOffice.has(r.mediator_id)) continue;
      const kind: MatchKind = r.kind === 'online' ? 'online' : 'travel';
      const seen = byOffice.get(r.mediator_id);
      // One entry per mediator; online outranks travel as the more useful way to meet.
      if (!seen || (seen.match === 'travel' && kind === 'online')) {
        byOffice.set(r.mediator_id, { row: r, match: kind, distanceKm: null, officeId: null, score: 0 });
      }
    }
    candidates = [...byOffice.values()];
  } else {
    candidates = (await anywhereCandidates(deps, f)).map((row) => ({ row, match: 'anywhere', distanceKm: null, officeId: null, score: 0 }));
  }
  for (const c of candidates) c.score = score(c, f, radiusKm, now);
  candidates.sort(ORDER[params.sort]);

  const total = candidates.length;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (params.page > pageCount) return { status: 'page_out_of_range', pageCount, total };

  const pageItems = candidates.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE);
  const onPage = new Set(pageItems.map((c) => c.row.mediator_id));
  const featured = rotateFeatured(
    candidates.filter((c) => !onPage.has(c.row.mediator_id) && isFeaturedNow(c.row, now)).sort((a, b) => a.row.mediator_id - b.row.mediator_id),
    now,
    params.page,
  );

  const details = await cardDetails(deps.db, [...pageItems, ...featured], areas);
  const toHit = (c: Candidate) => presentHit(c, details.get(c.row.mediator_id)!, f, unit, place, now);
  return {
    status: 'ok',
    alternatives,
    result: {
      location: place,
      radius,
      unit,
      sort: params.sort,
      total,
      page: params.page,
      pageCount,
      pageSize: PAGE_SIZE,
      results: pageItems.map(toHit),
      featured: featured.map(toHit),
    },
  };
}

interface CardDetails {
  slug: string;
  headline: string;
  office: SearchHit['office'];
  photoUrl: string | null;
  fee: SearchHit['fee'];
  practiceAreas: PracticeArea[];
  languages: string[];
}

/** The rest of what a card shows, for the twenty-odd mediators on the page only. */
async function cardDetails(db: Db, shown: Candidate[], areas: PracticeArea[]): Promise<Map<number, CardDetails>> {
  const out = new Map<number, CardDetails>();
  const ids = shown.map((c) => c.row.mediator_id);
  if (!ids.length) return out;
  const officeIds = shown.flatMap((c) => (c.officeId === null ? [] : [c.officeId]));
  const [rows, practice, languages, offices] = await Promise.all([
    db
      .selectFrom('mediators')
      .select(['id', 'slug', 'headline', 'photo_url', 'fee_min', 'fee_max', 'fee_currency', 'free_consultation', 'sliding_scale', 'fee_split'])
      .where('id', 'in', ids)
      .execute(),
    db.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']).where('mediator_id', 'in', ids).execute(),
    db.selectFrom('mediator_languages').select(['mediator_id', 'language']).where('mediator_id', 'in', ids).orderBy('language').execute(),
    officeIds.length
      ? db.selectFrom('offices').select(['id', 'mediator_id', 'city', 'region', 'country', 'lat', 'lon']).where('id', 'in', officeIds).execute()
      : Promise.resolve([]),
  ]);
  const position = new Map(areas.map((a, i) => [a.slug, i]));
  for (const r of rows) {
    const office = offices.find((o) => o.mediator_id === r.id);
    out.set(r.id, {
      slug: r.slug,
      headline: r.headline,
      office: office ? { city: office.city, region: office.region, country: office.country, lat: office.lat, lon: office.lon } : null,
      photoUrl: r.photo_url,
      fee: feeOf(r),
      practiceAreas: practice
        .filter((p) => p.mediator_id === r.id)
        .map((p) => areas[position.get(p.practice_area)!]!)
        .filter(Boolean)
        .sort((a, b) => position.get(a.slug)! - position.get(b.slug)!),
      languages: languages.filter((l) => l.mediator_id === r.id).map((l) => l.language),
    });
  }
  return out;
}

function presentHit(c: Candidate, d: CardDetails, f: Filters, unit: SearchResult['unit'], place: SearchLocation | null, now: Date): SearchHit {
  const r = c.row;
  const distance = c.distanceKm === null ? null : { value: roundDistance(fromKm(c.distanceKm, unit)), unit };
  const reasons: string[] = [];
  if (c.match === 'office' && distance) reasons.push(`Office ${distance.value} ${unit} away${d.office ? ` in ${d.office.city}` : ''}`);
  if (c.match === 'online' && place) reasons.push(`Works online with clients in ${place.label}`);
  if (c.match === 'travel' && place) reasons.push(`Travels to meet clients in ${place.label}`);
  for (const p of d.practiceAreas.filter((a) => f.practice.includes(a.slug))) reasons.push(p.name);
  for (const l of d.languages.filter((code) => f.language.includes(code))) reasons.push(`Speaks ${languageName(l)}`);
  for (const fmt of formatsOf(r).filter((x) => f.format.includes(x))) reasons.push(FORMAT_LABELS[fmt]);
  if (f.terms.length) reasons.push(keywordInTitle(r, f.terms) ? 'Matches your keywords' : 'Keywords found in profile');
  if (f.freeConsultation) reasons.push('Free consultation');
  return {
    id: r.mediator_id,
    slug: d.slug,
    name: r.name,
    headline: d.headline,
    photoUrl: d.photoUrl,
    practiceAreas: d.practiceAreas,
    languages: d.languages,
    formats: formatsOf(r),
    fee: d.fee,
    availability: {
      accepting: r.accepting_cases === 1,
      confirmedAt: r.accepting_confirmed_at,
      stale: isStale(r.accepting_cases === 1, r.accepting_confirmed_at, now),
    },
    featured: isFeaturedNow(r, now),
    match: c.match,
    distance,
    office: d.office,
    reasons,
    score: c.score,
  };
}
