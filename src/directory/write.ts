import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MediatorTable, OfficeTable } from '../db/schema.ts';
import { cellOf } from '../geo/grid.ts';
import { chunks } from '../lib/arrays.ts';
import { slugOf } from '../lib/latin.ts';
import type { DbContext } from '../web/context.ts';
import { listPracticeAreas } from './practice-areas.ts';
import { textSearchFor } from './text-search.ts';
import type { MediatorInput, Office } from './types.ts';
import { regionColumns } from './featured/regions.ts';

/** The end of a grant given without one. */
const OPEN_ENDED = '9999-12-31T00:00:00.000Z';

const flag = (b: boolean | undefined) => (b ? 1 : 0);

/** An office as its table row, with its grid cell. */
export function officeRow(mediatorId: number, o: Office): Insertable<OfficeTable> {
  return {
    mediator_id: mediatorId,
    label: o.label,
    address: o.address,
    city: o.city,
    region: o.region,
    postal_code: o.postalCode,
    country: o.country,
    lat: o.lat,
    lon: o.lon,
    cell: cellOf(o.lat, o.lon),
  };
}

/**
 * A new profile's address, letters of every script spelt out ('Đặng Weiß' → dang-weiss).
 * Only new profiles get one: a saved slug is never made again, so addresses do not break.
 */
export function slugify(name: string): string {
  return slugOf(name) || 'mediator';
}

/** Share of the profile a visitor would want filled in, 0–100. Shown to members; used in ranking. */
export function completeness(m: MediatorInput): number {
  const parts = [
    !!m.photoUrl,
    (m.headline ?? '').trim().length >= 10,
    (m.bio ?? '').trim().length >= 200,
    (m.practiceAreas ?? []).length > 0,
    (m.languages ?? []).length > 0,
    (m.formats ?? []).length > 0,
    m.feeMin != null || m.feeMax != null || !!m.freeConsultation,
    (m.credentials ?? []).length > 0,
    m.yearsInPractice != null,
    (m.offices ?? []).length > 0 || (m.serviceAreas ?? []).length > 0,
  ];
  return Math.round((parts.filter(Boolean).length / parts.length) * 100);
}

function mediatorRow(m: MediatorInput, slug: string, now: string): Insertable<MediatorTable> {
  const formats = new Set(m.formats ?? []);
  return {
    slug,
    name: m.name,
    headline: m.headline ?? '',
    bio: m.bio ?? '',
    photo_url: m.photoUrl ?? null,
    fmt_in_person: flag(formats.has('in_person')),
    fmt_online: flag(formats.has('online')),
    fmt_phone: flag(formats.has('phone')),
    fee_min: m.feeMin ?? null,
    fee_max: m.feeMax ?? null,
    fee_currency: m.feeCurrency ?? 'USD',
    free_consultation: flag(m.freeConsultation),
    sliding_scale: flag(m.slidingScale),
    fee_split: m.feeSplit ?? 'equal',
    years_in_practice: m.yearsInPractice ?? null,
    mediations_count: m.mediationsCount ?? null,
    accepting_cases: flag(m.acceptingCases),
    accepting_confirmed_at: m.acceptingConfirmedAt ?? null,
    status: m.status ?? 'published',
    completeness: completeness(m),
    created_at: m.createdAt ?? now,
    updated_at: now,
  };
}

/** Picks slugs that are free, both in the database and within this batch. */
async function uniqueSlugs(db: Db, inputs: MediatorInput[]): Promise<string[]> {
  const wanted = inputs.map((m) => m.slug ?? slugify(m.name));
  const taken = new Set<string>();
  for (const batch of chunks([...new Set(wanted)], 1000)) {
    const rows = await db.selectFrom('mediators').select('slug').where('slug', 'in', batch).execute();
    rows.forEach((r) => taken.add(r.slug));
  }
  return wanted.map((base) => {
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  });
}

/**
 * Creates mediators with their offices, service areas, practice areas, languages and credentials,
 * in batches (the seed makes 100,000 this way). The caller opens the transaction.
 */
export async function insertMediators({ db, engine }: DbContext, inputs: MediatorInput[], now = new Date()): Promise<number[]> {
  const stamp = now.toISOString();
  const slugs = await uniqueSlugs(db, inputs);
  const ids: number[] = [];
  const areaNames = new Map((await listPracticeAreas(db)).map((p) => [p.slug, p.name]));
  for (const [batchNo, batch] of chunks(inputs, 400).entries()) {
    const batchSlugs = slugs.slice(batchNo * 400, batchNo * 400 + batch.length);
    const inserted = await db
      .insertInto('mediators')
      .values(batch.map((m, i) => mediatorRow(m, batchSlugs[i]!, stamp)))
      .returning(['id', 'slug'])
      .execute();
    const idBySlug = new Map(inserted.map((r) => [r.slug, r.id]));
    const batchIds = batchSlugs.map((s) => idBySlug.get(s)!);
    ids.push(...batchIds);

    const each = <T>(pick: (m: MediatorInput, id: number) => T[]) => batch.flatMap((m, i) => pick(m, batchIds[i]!));
    const practice = each((m, id) => [...new Set(m.practiceAreas ?? [])].map((p) => ({ mediator_id: id, practice_area: p })));
    const languages = each((m, id) => [...new Set(m.languages ?? [])].map((l) => ({ mediator_id: id, language: l })));
    const credentials = each((m, id) => (m.credentials ?? []).map((c) => ({ mediator_id: id, title: c.title, issuer: c.issuer, year: c.year })));
    const offices = each((m, id) => (m.offices ?? []).map((o) => officeRow(id, o)));
    const areas = each((m, id) => (m.serviceAreas ?? []).map((a) => ({ mediator_id: id, kind: a.kind, country: a.country, region: a.region })));
    for (const rows of chunks(practice, 2000)) await db.insertInto('mediator_practice_areas').values(rows).execute();
    for (const rows of chunks(languages, 2000)) await db.insertInto('mediator_languages').values(rows).execute();
    for (const rows of chunks(credentials, 1000)) await db.insertInto('mediator_credentials').values(rows).execute();
    for (const rows of chunks(offices, 1000)) await db.insertInto('offices').values(rows).execute();
    for (const rows of chunks(areas, 1000)) await db.insertInto('service_areas').values(rows).execute();
    const grants = each((m, id) => {
      const region = m.featuredRegion ?? (m.offices?.[0] ?? m.serviceAreas?.[0] ? { kind: 'country' as const, country: (m.offices?.[0] ?? m.serviceAreas?.[0])!.country } : null);
      if (!m.featuredTier || !region) return [];
      const starts = m.featuredFrom ?? m.createdAt ?? stamp;
      return [{ mediator_id: id, tier: m.featuredTier, ...regionColumns(region), starts_at: starts, ends_at: m.featuredUntil ?? OPEN_ENDED, created_at: stamp, updated_at: stamp }];
    });
    for (const rows of chunks(grants, 500)) await db.insertInto('featured_grants').values(rows).execute();

    await textSearchFor(engine).index(
      db,
      batch.map((m, i) => ({
        id: batchIds[i]!,
        name: m.name,
        headline: m.headline ?? '',
        bio: m.bio ?? '',
        practice: (m.practiceAreas ?? []).map((p) => areaNames.get(p) ?? p).join(' '),
      })),
    );
  }
  return ids;
}
