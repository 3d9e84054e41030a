import type { Db } from '../../src/db/database.ts';
import type { Engine } from '../../src/config.ts';
import { haversineKm, toKm } from '../../src/geo/distance.ts';
import { defaultUnit } from '../../src/geo/resolve.ts';
import { normalise } from '../../src/geo/places.ts';
import { BIO_ONLY_KEYWORD_FIT, SERVICE_AREA_PROXIMITY, bestMatchScore, fit, freshness, proximity, pickFeatured } from '../../src/directory/ranking.ts';
import { impressionsFor } from '../../src/directory/featured/impressions.ts';
import { regionContains, regionOfRow } from '../../src/directory/featured/regions.ts';
// The rate tables only (data the page names); the conversion is done here again, the obvious way.
import { COUNTRY_CURRENCY, USD_PER } from '../../src/directory/currency.ts';
import { DEFAULT_RADIUS, PAGE_SIZE } from '../../src/directory/schema.ts';
import { keywordTerms, textSearchFor } from '../../src/directory/text-search.ts';
import type { MatchKind, SearchParams } from '../../src/directory/types.ts';

export interface ExhaustiveHit {
  id: number;
  match: MatchKind;
  distanceKm: number | null;
  score: number;
}

/**
 * The search done the slow, obvious way, as a reference for the in-memory index: read every
 * listed mediator with all their rows, test each against the filters and the place, score every
 * one with ranking.ts and sort them all. Needs `params.location` (no place resolution here).
 */
export async function exhaustiveSearch(db: Db, engine: Engine, params: SearchParams, now: Date) {
  const [mediators, offices, areas, practice, languages, grants] = await Promise.all([
    db.selectFrom('mediators').selectAll().where('status', '=', 'published').execute(),
    db.selectFrom('offices').select(['mediator_id', 'lat', 'lon']).execute(),
    db.selectFrom('service_areas').select(['mediator_id', 'kind', 'country', 'region']).execute(),
    db.selectFrom('mediator_practice_areas').selectAll().execute(),
    db.selectFrom('mediator_languages').selectAll().execute(),
    db.selectFrom('featured_grants').selectAll().where('association_id', 'is', null).orderBy('id').execute(),
  ]);
  const terms = keywordTerms(params.q);
  const keyword = terms.length ? new Set(await textSearchFor(engine).matchingIds(db, terms)) : null;
  const place = params.location ?? null;
  const unit = params.unit ?? (place ? defaultUnit(place.country) : 'mi');
  const radiusKm = toKm(params.radius ?? DEFAULT_RADIUS, unit);
  // Fees compared in US dollars; the budget is in the place's currency, US dollars without one.
  const usd = (amount: number | null, currency: string) => (amount === null || !(currency in USD_PER) ? null : amount * USD_PER[currency]!);
  const budget = params.maxFee === undefined ? null : usd(params.maxFee, (place && COUNTRY_CURRENCY[place.country]) || 'USD')!;

  const hits: (ExhaustiveHit & { name: string; fee: number | null; grantId: number | null })[] = [];
  for (const m of mediators) {
    const formats = (['in_person', 'online', 'phone'] as const).filter((f) => m[`fmt_${f}`] === 1);
    const mine = <T extends { mediator_id: number }>(rows: T[]) => rows.filter((r) => r.mediator_id === m.id);
    const practiceHits = mine(practice).filter((p) => params.practice.includes(p.practice_area)).length;
    const languageHits = mine(languages).filter((l) => params.language.includes(l.language)).length;
    if (params.practice.length && !practiceHits) continue;
    if (params.language.length && !languageHits) continue;
    if (params.format.length && !formats.some((f) => params.format.includes(f))) continue;
    const fee = usd(m.fee_min, m.fee_currency);
    if (budget !== null && (fee === null || fee > budget)) continue;
    if (params.freeConsultation && !m.free_consultation) continue;
    if (params.accepting && !m.accepting_cases) continue;
    if (keyword && !keyword.has(m.id)) continue;

    let match: MatchKind | null = null;
    let distanceKm: number | null = null;
    if (!place) match = 'anywhere';
    else {
      const within = mine(offices).map((o) => haversineKm(place, o)).filter((d) => d <= radiusKm);
      if (within.length) {
        match = 'office';
        distanceKm = Math.min(...within);
      } else {
        const covers = mine(areas).filter((a) => a.country === place.country && (a.region === null || a.region === place.region));
        const online = !params.format.length || params.format.includes('online');
        const travel = !params.format.length || params.format.includes('in_person');
        if (online && covers.some((a) => a.kind === 'online')) match = 'online';
        else if (travel && covers.some((a) => a.kind === 'travel')) match = 'travel';
      }
    }
    if (!match) continue;

    const shares: number[] = [];
    if (params.practice.length) shares.push(practiceHits / params.practice.length);
    if (params.language.length) shares.push(languageHits / params.language.length);
    if (params.format.length) shares.push(formats.filter((f) => params.format.includes(f)).length / params.format.length);
    if (terms.length) {
      const words = normalise(`${m.name} ${m.headline}`).split(/[^\p{L}\p{N}]+/u);
      shares.push(terms.every((t) => words.some((w) => w.startsWith(t))) ? 1 : BIO_ONLY_KEYWORD_FIT);
    }
    const score = bestMatchScore({
      proximity: match === 'office' ? proximity(distanceKm!, radiusKm) : match === 'anywhere' ? 0 : SERVICE_AREA_PROXIMITY,
      fit: fit(shares),
      completeness: m.completeness / 100,
      freshness: freshness(m.accepting_cases === 1, m.accepting_confirmed_at, now),
    });
    // Featured here: the first grant running now whose region holds the place.
    const at = now.toISOString();
    const grant = place ? mine(grants).find((g) => g.starts_at <= at && g.ends_at > at && regionContains(regionOfRow(g), place)) : undefined;
    hits.push({ id: m.id, match, distanceKm, score, name: m.name, fee, grantId: grant?.id ?? null });
  }

  type Hit = (typeof hits)[number];
  const byName = (a: Hit, b: Hit) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);
  const byDistance = (a: Hit, b: Hit) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity);
  const byFee = (a: Hit, b: Hit) => (a.fee ?? Infinity) - (b.fee ?? Infinity);
  const order = {
    match: (a: Hit, b: Hit) => b.score - a.score || byDistance(a, b) || byName(a, b),
    distance: (a: Hit, b: Hit) => byDistance(a, b) || b.score - a.score || byName(a, b),
    fee: (a: Hit, b: Hit) => byFee(a, b) || byDistance(a, b) || byName(a, b),
  }[params.sort];
  hits.sort(order);
  const page = hits.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE);
  const onPage = new Set(page.map((h) => h.id));
  const shown = impressionsFor(db).shown;
  const featured = pickFeatured(hits.filter((h) => h.grantId !== null && !onPage.has(h.id)).sort((a, b) => a.id - b.id), (h) => shown(h.grantId!), now, params.page);
  const plain = ({ id, match, distanceKm, score }: Hit): ExhaustiveHit => ({ id, match, distanceKm, score });
  return { total: hits.length, page: page.map(plain), featured: featured.map((h) => h.id) };
}
