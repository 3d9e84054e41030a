import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MediatorTable } from '../db/schema.ts';
import { hideEmailAddresses } from '../web/markdown.ts';
import { languagesOf } from './languages.ts';
import { listPracticeAreas } from './practice-areas.ts';
import { isStale, pickFeatured } from './ranking.ts';
import { impressionsFor } from './featured/impressions.ts';
import { regionLabel, regionOfRow } from './featured/regions.ts';
import { feeOf, formatsOf } from './rows.ts';
import type { Mediator, SearchHit } from './types.ts';
import { indexFor } from './search-index.ts';
import { membershipsOf } from './memberships.ts';
import { credentialsOf, verifiedCredentialsOf } from './credentials/verification.ts';
import { haversineKm, KM_PER_MILE } from '../geo/distance.ts';
import type { VisitorWhere } from '../web/visitor-place.ts';

/** A published mediator with everything the profile page shows; null when not listed. */
export async function getListedMediator(db: Db, slug: string, now: Date): Promise<Mediator | null> {
  const row = await db.selectFrom('mediators').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
  return row ? withDetails(db, row, now) : null;
}

/**
 * Any mediator, listed or not, as its profile page would show it: for previews by its member
 * and by editors reviewing it. Never for public pages (those use getListedMediator).
 */
export async function getMediatorForPreview(db: Db, id: number, now: Date): Promise<Mediator | null> {
  const row = await db.selectFrom('mediators').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withDetails(db, row, now) : null;
}

async function withDetails(db: Db, row: Selectable<MediatorTable>, now: Date): Promise<Mediator> {
  const at = now.toISOString();
  const [areas, practice, languages, credentials, offices, serviceAreas, memberships, grant] = await Promise.all([
    listPracticeAreas(db),
    db.selectFrom('mediator_practice_areas').select('practice_area').where('mediator_id', '=', row.id).execute(),
    languagesOf(db, [row.id]),
    credentialsOf(db, row.id, now),
    db.selectFrom('offices').selectAll().where('mediator_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('service_areas').select(['kind', 'country', 'region']).where('mediator_id', '=', row.id).orderBy('id').execute(),
    membershipsOf(db, [row.id]),
    db.selectFrom('featured_grants').select('id').where('mediator_id', '=', row.id).where('association_id', 'is', null).where('starts_at', '<=', at).where('ends_at', '>', at).executeTakeFirst(),
  ]);
  const chosen = new Set(practice.map((p) => p.practice_area));
  const accepting = row.accepting_cases === 1;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    // Contact goes through Concord: addresses typed into a profile never reach a page or the API.
    headline: hideEmailAddresses(row.headline),
    bio: hideEmailAddresses(row.bio),
    photoUrl: row.photo_url,
    practiceAreas: areas.filter((a) => chosen.has(a.slug)),
    languages: languages.get(row.id) ?? [],
    formats: formatsOf(row),
    fee: feeOf(row),
    credentials: credentials.map((c) => ({ title: hideEmailAddresses(c.title), issuer: hideEmailAddresses(c.issuer), year: c.year, verification: c.verification })),
    yearsInPractice: row.years_in_practice,
    mediationsCount: row.mediations_count,
    availability: { accepting, confirmedAt: row.accepting_confirmed_at, stale: isStale(accepting, row.accepting_confirmed_at, now) },
    status: row.status,
    featured: grant !== undefined,
    offices: offices.map((o) => ({
      label: o.label,
      address: o.address,
      city: o.city,
      region: o.region,
      postalCode: o.postal_code,
      country: o.country,
      lat: o.lat,
      lon: o.lon,
    })),
    serviceAreas,
    associations: memberships.get(row.id) ?? [],
    completeness: row.completeness,
    updatedAt: row.updated_at,
  };
}

/**
 * Featured members whose grant runs now (in the area, when given). A short list (no offset: the
 * home page, an article's sidebar) shows the least shown first, as results pages do, and counts
 * an impression for each; /featured's pages (an offset) rotate by one place a day, so its pages
 * keep their order through a visit, and count theirs too.
 */
export async function listFeatured(
  db: Db,
  now: Date,
  opts: { limit: number; offset?: number; area?: FeaturedArea },
): Promise<{ total: number; everywhere: number; hits: SearchHit[] }> {
  // Who is featured now comes from the search index (kept in step with the change log), so a
  // page showing a few featured members reads only their rows.
  const index = indexFor(db);
  await index.sync();
  const nowMs = now.getTime();
  const everyone = index.featuredIds(nowMs);
  const { area } = opts;
  const featured = area
    ? // Only grants whose region holds the place: for a country, those for the whole of it.
      await featuredIn(db, index.featuredIds(nowMs, area.kind === 'near' ? area : (g) => g.region.kind === 'country' && g.region.country === area.country), area)
    : everyone;
  const total = featured.length;
  const impressions = impressionsFor(db);
  const shown =
    opts.offset === undefined
      ? pickFeatured(featured, (f) => impressions.shown(f.grantId), now, 1, opts.limit)
      : pickFeatured(featured, () => 0, now, 1, total).slice(opts.offset, opts.offset + opts.limit);
  impressions.record(shown.map((f) => f.grantId), now);
  const pageIds = shown.map((f) => f.mediatorId);
  if (!pageIds.length) return { total, everywhere: everyone.length, hits: [] };
  const found = await db
    .selectFrom('mediators')
    .select(['id', 'slug', 'name', 'headline', 'photo_url', 'fmt_in_person', 'fmt_online', 'fmt_phone', 'fee_min', 'fee_max', 'fee_currency'])
    .select(['free_consultation', 'sliding_scale', 'fee_split', 'accepting_cases', 'accepting_confirmed_at'])
    .where('id', 'in', pageIds)
    .where('status', '=', 'published')
    .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  const page = pageIds.flatMap((id) => byId.get(id) ?? []);

  const ids = page.map((r) => r.id);
  const at = now.toISOString();
  const [areas, practice, languages, offices, grants, verified] = await Promise.all([
    listPracticeAreas(db),
    db.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']).where('mediator_id', 'in', ids).execute(),
    languagesOf(db, ids),
    db.selectFrom('offices').select(['mediator_id', 'city', 'region', 'country', 'lat', 'lon']).where('mediator_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('featured_grants')
      .select(['mediator_id', 'region_kind', 'country', 'region', 'metro_name', 'metro_lat', 'metro_lon'])
      .where('mediator_id', 'in', ids)
      .where('association_id', 'is', null)
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .orderBy('id')
      .execute(),
    verifiedCredentialsOf(db, ids, now),
  ]);
  const hits = page.map((r): SearchHit => {
    const chosen = new Set(practice.filter((p) => p.mediator_id === r.id).map((p) => p.practice_area));
    const office = offices.find((o) => o.mediator_id === r.id);
    const accepting = r.accepting_cases === 1;
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      headline: hideEmailAddresses(r.headline),
      photoUrl: r.photo_url,
      practiceAreas: areas.filter((a) => chosen.has(a.slug)),
      languages: languages.get(r.id) ?? [],
      formats: formatsOf(r),
      fee: feeOf(r),
      availability: { accepting, confirmedAt: r.accepting_confirmed_at, stale: isStale(accepting, r.accepting_confirmed_at, now) },
      featured: true,
      featuredFor: [...new Set(grants.filter((g) => g.mediator_id === r.id).map((g) => regionLabel(regionOfRow(g))))],
      match: 'anywhere',
      distance: null,
      office: office ? { city: office.city, region: office.region, country: office.country, lat: office.lat, lon: office.lon } : null,
      based: office ? { city: office.city, region: office.region, country: office.country } : null,
      reasons: [],
      score: 0,
      verified: verified.get(r.id) ?? [],
    };
  });
  return { total, everywhere: everyone.length, hits };
}

/** Where featured members should come from: near a place (an office close by, or serving its area), or one country. */
export type FeaturedArea = { kind: 'near'; lat: number; lon: number; country: string; region: string } | { kind: 'country'; country: string };

/** "Near" a place for featured members: about an hour's drive, the radius people search most after the default. */
export const FEATURED_NEAR_KM = 100 * KM_PER_MILE;

/** The featured members (in their order) with an office in the area, or who serve it online or by travel. */
async function featuredIn<T extends { mediatorId: number }>(db: Db, featured: T[], area: FeaturedArea): Promise<T[]> {
  if (!featured.length) return featured;
  const ids = featured.map((f) => f.mediatorId);
  const [offices, serviceAreas] = await Promise.all([
    db.selectFrom('offices').select(['mediator_id', 'lat', 'lon', 'country']).where('mediator_id', 'in', ids).execute(),
    db.selectFrom('service_areas').select(['mediator_id', 'country', 'region']).where('mediator_id', 'in', ids).where('country', '=', area.country).execute(),
  ]);
  const inArea = new Set<number>();
  for (const o of offices) {
    if (area.kind === 'country' ? o.country === area.country : haversineKm(area, o) <= FEATURED_NEAR_KM) inArea.add(o.mediator_id);
  }
  for (const a of serviceAreas) {
    if (area.kind === 'country' || a.region === null || a.region === area.region) inArea.add(a.mediator_id);
  }
  return featured.filter((f) => inArea.has(f.mediatorId));
}

/** Where the featured members shown were chosen from, for the heading that says so. */
export type FeaturedScope = { kind: 'near'; label: string } | { kind: 'country'; country: string } | { kind: 'world' };

/**
 * Featured members for a visitor who has not searched on this page. A member is shown only where
 * their grant's region holds the visitor's place, as in search: with a place (their last search),
 * grants whose region holds it, of members with an office or service area near it, else the
 * country-wide grants of its country; with only a country (their browser's language), that
 * country's country-wide grants, as a grant for a state or a city says nothing of where in the
 * country the visitor is; with neither, nobody, as no grant covers the whole world.
 */
export async function listFeaturedFor(db: Db, now: Date, where: VisitorWhere, limit: number): Promise<{ total: number; everywhere: number; hits: SearchHit[]; scope: FeaturedScope }> {
  if (where.kind === 'place') {
    const { place } = where;
    const near = await listFeatured(db, now, { limit, area: { kind: 'near', lat: place.lat, lon: place.lon, country: place.country, region: place.region } });
    if (near.total) return { ...near, scope: { kind: 'near', label: place.label } };
  }
  const country = where.kind === 'place' ? where.place.country : where.kind === 'country' ? where.country : null;
  if (country) {
    const inCountry = await listFeatured(db, now, { limit, area: { kind: 'country', country } });
    return { ...inCountry, scope: { kind: 'country', country } };
  }
  const everywhere = indexFor(db).featuredIds(now.getTime()).length;
  return { total: 0, everywhere, hits: [], scope: { kind: 'world' } };
}
