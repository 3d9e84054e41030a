import type { ResolvedPlace } from '../geo/resolve.ts';
import type { Mediator, SearchHit, SearchResult } from './types.ts';

/** JSON shapes of the public API (documented in openapi.ts). Domain types stay internal. */

export function presentPlace(p: Pick<ResolvedPlace, 'label' | 'lat' | 'lon' | 'country' | 'region'>) {
  return { label: p.label, lat: p.lat, lon: p.lon, country: p.country, region: p.region };
}

function presentFee(fee: SearchHit['fee']) {
  return {
    min: fee.min,
    max: fee.max,
    currency: fee.currency,
    freeConsultation: fee.freeConsultation,
    slidingScale: fee.slidingScale,
    split: fee.split,
  };
}

export function presentHit(h: SearchHit, baseUrl: string) {
  return {
    slug: h.slug,
    name: h.name,
    headline: h.headline,
    url: `${baseUrl}/mediators/${h.slug}`,
    photoUrl: h.photoUrl,
    match: h.match,
    distance: h.distance,
    office: h.office,
    featured: h.featured,
    practiceAreas: h.practiceAreas.map((p) => p.slug),
    // Codes in code order, as the API always gave them (pages list them by name).
    languages: h.languages.map((l) => l.code).sort(),
    formats: h.formats,
    fee: presentFee(h.fee),
    acceptingNewCases: h.availability,
    reasons: h.reasons,
    score: h.score,
    associations: h.associations ?? [],
    verifiedCredentials: (h.verified ?? []).map((v) => ({ title: v.title, verifiedAt: v.verifiedAt, until: v.until, verifier: v.verifier })),
  };
}

export function presentSearch(r: SearchResult, baseUrl: string) {
  return {
    location: r.location ? presentPlace(r.location) : null,
    radius: r.radius,
    unit: r.unit,
    feeCurrency: r.feeCurrency,
    sort: r.sort,
    total: r.total,
    page: r.page,
    pageCount: r.pageCount,
    pageSize: r.pageSize,
    results: r.results.map((h) => presentHit(h, baseUrl)),
    featured: r.featured.map((h) => presentHit(h, baseUrl)),
  };
}

export function presentMediator(m: Mediator, baseUrl: string) {
  return {
    slug: m.slug,
    name: m.name,
    headline: m.headline,
    url: `${baseUrl}/mediators/${m.slug}`,
    bio: m.bio,
    photoUrl: m.photoUrl,
    practiceAreas: m.practiceAreas.map((p) => ({ slug: p.slug, name: p.name })),
    languages: m.languages.map((l) => l.code).sort(),
    formats: m.formats,
    fee: presentFee(m.fee),
    credentials: m.credentials,
    yearsInPractice: m.yearsInPractice,
    mediationsCount: m.mediationsCount,
    acceptingNewCases: m.availability,
    featured: m.featured,
    offices: m.offices,
    serviceAreas: m.serviceAreas,
    associations: m.associations,
    updatedAt: m.updatedAt,
  };
}
