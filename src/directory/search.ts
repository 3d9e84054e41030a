import { fromKm, roundDistance, toKm } from '../geo/distance.ts';
import { defaultUnit, resolveLocation, type ResolvedPlace } from '../geo/resolve.ts';
import { namesOf } from './languages.ts';
import { isStale } from './ranking.ts';
import { DEFAULT_RADIUS, PAGE_SIZE, isOnlineOnly } from './schema.ts';
import { indexFor, type IndexHit, type SearchIndex } from './search-index.ts';
import { keywordTerms, textSearchFor } from './text-search.ts';
import type { SearchHit, SearchLocation, SearchParams, SearchResult } from './types.ts';
import { FORMAT_LABELS } from './types.ts';
import { cardDetails, type CardDetails } from './cards.ts';
import { budgetCurrency } from './currency.ts';
import { impressionsFor } from './featured/impressions.ts';
import type { DbContext } from '../web/context.ts';
import { membershipsOf, resolveMembershipFilter } from './memberships.ts';
import { verifiedCredentialsOf } from './credentials/verification.ts';

export type SearchOutcome =
  | { status: 'ok'; result: SearchResult; /** Other places the typed name could mean. */ alternatives: ResolvedPlace[] }
  | { status: 'location_not_found'; query: string; suggestions: ResolvedPlace[] }
  /** 'me', 'near me': the page offers "Use my location" instead of guessing a place. */
  | { status: 'my_location' }
  | { status: 'invalid'; problems: { field: string; message: string }[] }
  | { status: 'page_out_of_range'; pageCount: number; total: number };

type Filters = SearchParams & { terms: string[] };

type PlaceOutcome =
  | { kind: 'place'; place: SearchLocation | null; alternatives: ResolvedPlace[] }
  | { kind: 'invalid'; message: string }
  | { kind: 'my_location' }
  | { kind: 'not_found'; query: string; suggestions: ResolvedPlace[] };

/** 'near Brooklyn, NY' and 'Brooklyn, NY' are the same text; capitals and spaces aside. */
const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

async function resolvePlace(ctx: DbContext, params: SearchParams): Promise<PlaceOutcome> {
  if (params.location) return { kind: 'place', place: params.location, alternatives: [] };
  // After "Use my location" the box shows the town ('near Brooklyn, NY') and `at` keeps the
  // point. The point counts while the box still says that; a place typed over it wins.
  if (params.at) {
    const r = await resolveLocation(ctx.db, params.at);
    if (r.status === 'found' && (!params.near || sameText(params.near, r.place.label) || sameText(params.near, `near ${r.place.label}`))) {
      return { kind: 'place', place: r.place, alternatives: [] };
    }
  }
  if (!params.near) return { kind: 'place', place: null, alternatives: [] };
  const r = await resolveLocation(ctx.db, params.near);
  if (r.status === 'found') return { kind: 'place', place: r.place, alternatives: r.alternatives };
  if (r.status === 'empty') return { kind: 'place', place: null, alternatives: [] };
  if (r.status === 'invalid') return { kind: 'invalid', message: r.message };
  if (r.status === 'my_location') return { kind: 'my_location' };
  return { kind: 'not_found', query: r.query, suggestions: r.suggestions };
}

/** Keyword matches per index and search terms, brought up to date as the directory changes. */
const keywordCache = new WeakMap<SearchIndex, Map<string, { version: number; slots: Uint8Array }>>();
const KEYWORD_CACHE_SIZE = 200;
/** More changed mediators than this since a cached entry, and it is fetched again whole. */
const KEYWORD_RECHECK_LIMIT = 2000;

/**
 * The mediators the engine's full-text index matches for these terms, as the index's per-slot
 * map. Popular keywords ("divorce", "family") match a large share of the directory, which takes
 * tens of milliseconds to read, so matches are kept per index and, when mediators change, only
 * those are checked again (a changed mediator gets a new slot, so their old mark goes with it).
 */
async function keywordMatches(ctx: DbContext, index: SearchIndex, terms: string[]): Promise<Uint8Array | null> {
  if (!terms.length) return null;
  let cache = keywordCache.get(index);
  if (!cache) keywordCache.set(index, (cache = new Map()));
  const key = terms.join(' ');
  const text = textSearchFor(ctx.engine);
  const version = index.version;
  let entry = cache.get(key);
  cache.delete(key);
  if (entry && entry.version !== version) {
    const changed = index.changedSince(entry.version);
    if (changed && changed.length <= KEYWORD_RECHECK_LIMIT) {
      const matched = changed.length ? await text.matchingIds(ctx.db, terms, changed) : [];
      entry = { version, slots: index.keywordSlots(matched, entry.slots) };
    } else entry = undefined;
  }
  entry ??= { version, slots: index.keywordSlots(await text.matchingIds(ctx.db, terms)) };
  cache.set(key, entry); // most recently used last
  if (cache.size > KEYWORD_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return entry.slots;
}

export interface SearchOptions {
  /**
   * The search is an association's own directory (this id, which `params.association` names):
   * its featured places hold that association's grants to its members, and none of the site's.
   */
  ownDirectoryOf?: number;
}

/**
 * Finds listed mediators for a place and filters, ranked by the published rules (ranking.ts,
 * /how-search-works). The in-memory index (search-index.ts) finds and ranks the candidates; the
 * database resolves the place, matches keywords and supplies the details of the page shown.
 */
export async function searchMediators(ctx: DbContext, params: SearchParams, now: Date, opts: SearchOptions = {}): Promise<SearchOutcome> {
  const index = indexFor(ctx.db);
  const [resolved] = await Promise.all([resolvePlace(ctx, params), index.sync()]);
  const areas = index.practiceAreas;
  if (resolved.kind === 'invalid') return { status: 'invalid', problems: [{ field: 'near', message: resolved.message }] };
  if (resolved.kind === 'not_found') return { status: 'location_not_found', query: resolved.query, suggestions: resolved.suggestions };
  if (resolved.kind === 'my_location') return { status: 'my_location' };
  const { place, alternatives } = resolved;

  const membership = await resolveMembershipFilter(ctx.db, params.association, params.panel);
  if (!membership.ok) return { status: 'invalid', problems: [{ field: membership.field, message: membership.message }] };
  if (opts.ownDirectoryOf !== undefined && membership.associationId !== opts.ownDirectoryOf) throw new Error('An association’s directory searches its own members only.');

  const unknown = params.practice.filter((p) => !areas.some((a) => a.slug === p));
  if (unknown.length) {
    return { status: 'invalid', problems: [{ field: 'practice', message: `Unknown practice area: ${unknown.join(', ')}. Choose from the list.` }] };
  }
  // A hidden language is still known: links made before it was hidden keep working.
  const unknownLanguages = params.language.filter((code) => !index.languageNames.has(code));
  if (unknownLanguages.length) {
    return { status: 'invalid', problems: [{ field: 'language', message: `Unknown language: ${unknownLanguages.join(', ')}. Choose from the list.` }] };
  }

  const f: Filters = { ...params, terms: keywordTerms(params.q) };
  const unit = params.unit ?? (place ? defaultUnit(place.country) : 'mi');
  const radius = params.radius ?? DEFAULT_RADIUS;
  const feeCurrency = budgetCurrency(place?.country);
  const keywordSlots = await keywordMatches(ctx, index, f.terms);
  // Online only with no place: the area stands in for it (a licence and the law are local).
  const area = !place && isOnlineOnly(params) && params.area ? params.area : null;
  const impressions = impressionsFor(ctx.db);
  const ranked = index.rank({ ...f, place, servedOnline: area, radiusKm: toKm(radius, unit), feeCurrency, keywordSlots, pageSize: PAGE_SIZE, now, associationId: membership.associationId, panelId: membership.panelId, featuredBy: opts.ownDirectoryOf ?? null, featuredShown: impressions.shown });

  const total = ranked.total;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (params.page > pageCount) return { status: 'page_out_of_range', pageCount, total };

  const featured = ranked.featured;
  // Counted here, in memory, before the next search ranks: the rotation evens out what it reads.
  impressions.record(featured.map((h) => h.grantId!), now);
  const shownIds = [...ranked.page, ...featured].map((h) => h.mediatorId);
  const [details, memberships, verified] = await Promise.all([cardDetails(ctx.db, index, [...ranked.page, ...featured], areas), membershipsOf(ctx.db, shownIds), verifiedCredentialsOf(ctx.db, shownIds, now)]);
  // A mediator unlisted between ranking and reading details is left out rather than shown half.
  const shown = (hits: IndexHit[]) =>
    hits.filter((h) => details.has(h.mediatorId)).map((h) => ({ ...presentHit(h, details.get(h.mediatorId)!, f, unit, place, now, index.languageNames), associations: memberships.get(h.mediatorId) ?? [], verified: verified.get(h.mediatorId) ?? [] }));
  return {
    status: 'ok',
    alternatives,
    result: {
      location: place,
      area,
      radius,
      unit,
      feeCurrency,
      sort: params.sort,
      total,
      page: params.page,
      pageCount,
      pageSize: PAGE_SIZE,
      results: shown(ranked.page),
      featured: shown(featured),
      membership: membership.named,
    },
  };
}

function presentHit(h: IndexHit, d: CardDetails, f: Filters, unit: SearchResult['unit'], place: SearchLocation | null, now: Date, languageNames: ReadonlyMap<string, string>): SearchHit {
  const languages = d.languages.map((code) => ({ code, name: languageNames.get(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const distance = h.distanceKm === null ? null : { value: roundDistance(fromKm(h.distanceKm, unit)), unit };
  const reasons: string[] = [];
  if (h.match === 'office' && distance) reasons.push(`Office ${distance.value} ${unit} away${d.office ? ` in ${d.office.city}` : ''}`);
  if (h.match === 'online' && place) reasons.push(`Works online with clients in ${place.label}`);
  if (h.match === 'travel' && place) reasons.push(`Travels to meet clients in ${place.label}`);
  for (const p of d.practiceAreas.filter((a) => f.practice.includes(a.slug))) reasons.push(p.name);
  for (const l of languages.filter((l) => f.language.includes(l.code))) reasons.push(`Speaks ${l.name}`);
  for (const fmt of h.formats.filter((x) => f.format.includes(x))) reasons.push(FORMAT_LABELS[fmt]);
  if (f.terms.length) reasons.push(h.keywordInTitle ? 'Matches your keywords' : 'Keywords found in profile');
  if (f.freeConsultation) reasons.push('Free consultation');
  return {
    id: h.mediatorId,
    slug: d.slug,
    name: h.name,
    headline: d.headline,
    photoUrl: d.photoUrl,
    practiceAreas: d.practiceAreas,
    languages,
    formats: h.formats,
    fee: d.fee,
    availability: {
      accepting: h.acceptingCases,
      confirmedAt: h.acceptingConfirmedAt,
      stale: isStale(h.acceptingCases, h.acceptingConfirmedAt, now),
    },
    featured: h.featured,
    match: h.match,
    distance,
    office: d.office,
    based: d.based,
    reasons,
    score: h.score,
  };
}
