import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { MediatorTable } from '../db/schema.ts';
import { completeness, insertMediators, officeRow } from '../directory/write.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { formatsOf } from '../directory/rows.ts';
import { textSearchFor } from '../directory/text-search.ts';
import type { MediatorInput, Office } from '../directory/types.ts';
import { haversineKm } from '../geo/distance.ts';
import { resolveLocation, type ResolvedPlace } from '../geo/resolve.ts';
import type { FieldProblem } from '../web/http-error.ts';
import type { OfficeToPlace, ValidProfile } from './schema.ts';
import { listingState, type OwnProfile, type ProfileFields } from './types.ts';
import { confirmAvailability } from '../directory/availability.ts';
import type { Context } from '../web/context.ts';
import { replaceCredentials } from '../directory/credentials/verification.ts';
import { removeEvidenceFiles } from '../directory/credentials/evidence.ts';

/**
 * A member's own profile: read, save, publish, unlist. Every function finds the profile by the
 * signed-in user's id; no id from a form or a path ever selects which profile or row changes.
 * Writes to mediators and its child tables are seen by search through the directory_changes
 * triggers; the keyword index (text-search.ts) is written here, as insertMediators does.
 */

type Row = MediatorTable & { id: number };

export async function findOwnMediator(db: Db, userId: number): Promise<Row | null> {
  return ((await db.selectFrom('mediators').selectAll().where('user_id', '=', userId).executeTakeFirst()) as Row | undefined) ?? null;
}

/** The member's profile with the form's fields filled from the database; null before they make one. */
export async function getOwnProfile(db: Db, userId: number): Promise<OwnProfile | null> {
  const row = await findOwnMediator(db, userId);
  if (!row) return null;
  const id = row.id;
  const [practice, languages, credentials, offices, areas] = await Promise.all([
    db.selectFrom('mediator_practice_areas').select('practice_area').where('mediator_id', '=', id).execute(),
    db.selectFrom('mediator_languages').select('language').where('mediator_id', '=', id).orderBy('language').execute(),
    db.selectFrom('mediator_credentials').select(['title', 'issuer', 'year']).where('mediator_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('offices').selectAll().where('mediator_id', '=', id).orderBy('id').execute(),
    db.selectFrom('service_areas').select(['kind', 'country', 'region']).where('mediator_id', '=', id).orderBy('id').execute(),
  ]);
  const num = (n: number | null) => (n === null ? '' : String(n));
  const fields: ProfileFields = {
    name: row.name,
    headline: row.headline,
    bio: row.bio,
    practice: practice.map((p) => p.practice_area),
    languages: languages.map((l) => l.language),
    formats: formatsOf(row),
    fee_min: num(row.fee_min),
    fee_max: num(row.fee_max),
    fee_currency: row.fee_currency,
    fee_split: row.fee_split,
    free_consultation: row.free_consultation === 1,
    sliding_scale: row.sliding_scale === 1,
    years_in_practice: num(row.years_in_practice),
    mediations_count: num(row.mediations_count),
    accepting: row.accepting_cases === 1,
    credentials: credentials.map((c) => ({ title: c.title, issuer: c.issuer, year: num(c.year) })),
    offices: offices.map((o) => ({
      label: o.label,
      address: o.address,
      city: o.city,
      region: o.region,
      postal_code: o.postal_code,
      country: o.country,
      lat: String(o.lat),
      lon: String(o.lon),
    })),
    areas: areas.map((a) => ({ kind: a.kind, country: a.country, region: a.region ?? '' })),
  };
  return {
    id,
    slug: row.slug,
    status: row.status,
    state: listingState(row),
    photoUrl: row.photo_url,
    completeness: row.completeness,
    acceptingConfirmedAt: row.accepting_confirmed_at,
    reviewRequestedAt: row.review_requested_at,
    approvedAt: row.approved_at,
    updatedAt: row.updated_at,
    fields,
  };
}

/** How far a dragged pin may sit from the typed place; further, the typed place wins. */
const PIN_KM = 50;

/** "78701 (Austin, TX)" → "Austin": the town a postal code's label names. */
const townOf = (place: ResolvedPlace) => /\(([^()]+?)(?:, [^,()]+)?\)$/.exec(place.label)?.[1] ?? '';

async function placeOne(db: Db, o: OfficeToPlace): Promise<ResolvedPlace | null> {
  const tries: string[] = [];
  if (o.postalCode) tries.push(o.postalCode);
  if (o.city) tries.push([o.city, o.region || o.country].filter(Boolean).join(', '));
  for (const q of tries) {
    const r = await resolveLocation(db, q);
    if (r.status === 'found' && r.place.kind !== 'coordinates' && (!o.country || r.place.country === o.country)) return r.place;
  }
  return null;
}

/**
 * Puts each office on the map from its postal code or city (resolveLocation). The member's
 * dragged pin is kept when it is near that place: it marks the door more exactly than a postal
 * code's centre, but a pin left over from an old address must not outlive the address.
 */
export async function placeOffices(db: Db, offices: OfficeToPlace[]): Promise<{ offices: Office[]; problems: FieldProblem[] }> {
  const placed: Office[] = [];
  const problems: FieldProblem[] = [];
  for (const [i, o] of offices.entries()) {
    const place = await placeOne(db, o);
    if (!place) {
      problems.push({
        field: o.postalCode ? `office_${i}_postal_code` : `office_${i}_city`,
        message: o.postalCode
          ? `We couldn't find the postal code "${o.postalCode}"${o.city ? ` or the city "${o.city}"` : ''}. Check it, or type the city and state instead.`
          : `We couldn't find the city "${o.city}". Check the spelling, and add the state or country.`,
      });
      continue;
    }
    const pin = o.pin && haversineKm(o.pin, place) <= PIN_KM ? o.pin : { lat: place.lat, lon: place.lon };
    placed.push({
      label: o.label,
      address: o.address,
      city: o.city || (place.kind === 'postal' ? townOf(place) : place.label.split(',')[0]!.trim()),
      region: o.region || place.region,
      postalCode: o.postalCode,
      country: o.country || place.country,
      lat: pin.lat,
      lon: pin.lon,
    });
  }
  return { offices: placed, problems };
}

export type SaveOutcome = { status: 'saved'; mediatorId: number; created: boolean } | { status: 'invalid'; problems: FieldProblem[] };

/**
 * Creates or updates the member's one profile from a validated form. Child rows (offices,
 * practice areas, …) are replaced as a whole: the form always sends all of them.
 */
export async function saveOwnProfile(ctx: Context, userId: number, p: ValidProfile, now: Date): Promise<SaveOutcome> {
  const areas = await listPracticeAreas(ctx.db);
  const known = new Set(areas.map((a) => a.slug));
  if (p.practiceAreas.some((a) => !known.has(a))) return { status: 'invalid', problems: [{ field: 'practice', message: 'Choose kinds of dispute from the list.' }] };
  const placed = await placeOffices(ctx.db, p.offices);
  if (placed.problems.length) return { status: 'invalid', problems: placed.problems };

  try {
    return await saveInTransaction(ctx, userId, p, areas, placed.offices, now);
  } catch (err) {
    // Two first saves sent at once (a double click) both found no profile; the unique user_id
    // stopped the second. Run it again: it now finds the first one's profile and updates it.
    if (!isUniqueViolation(err)) throw err;
    return saveInTransaction(ctx, userId, p, areas, placed.offices, now);
  }
}

async function saveInTransaction(ctx: Context, userId: number, p: ValidProfile, areas: { slug: string; name: string }[], offices: MediatorInput['offices'], now: Date): Promise<SaveOutcome> {
  const at = now.toISOString();
  let goneEvidence: string[] = [];
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    const existing = await findOwnMediator(trx, userId);
    const input: MediatorInput = {
      ...p,
      photoUrl: existing?.photo_url ?? null,
      offices,
      // A changed answer is a fresh statement; an unchanged one keeps its date (see "confirm").
      acceptingConfirmedAt:
        existing && (existing.accepting_cases === 1) === p.acceptingCases ? existing.accepting_confirmed_at : p.acceptingCases ? at : null,
      status: 'draft',
    };
    if (!existing) {
      const [id] = await insertMediators({ ...ctx, db: trx }, [input], now);
      await trx.updateTable('mediators').set({ user_id: userId }).where('id', '=', id!).execute();
      return { status: 'saved', mediatorId: id!, created: true };
    }
    const id = existing.id;
    const formats = new Set(p.formats);
    const flag = (b: boolean) => (b ? 1 : 0);
    await trx
      .updateTable('mediators')
      .set({
        name: p.name,
        headline: p.headline,
        bio: p.bio,
        fmt_in_person: flag(formats.has('in_person')),
        fmt_online: flag(formats.has('online')),
        fmt_phone: flag(formats.has('phone')),
        fee_min: p.feeMin,
        fee_max: p.feeMax,
        fee_currency: p.feeCurrency,
        free_consultation: flag(p.freeConsultation),
        sliding_scale: flag(p.slidingScale),
        fee_split: p.feeSplit,
        years_in_practice: p.yearsInPractice,
        mediations_count: p.mediationsCount,
        accepting_cases: flag(p.acceptingCases),
        accepting_confirmed_at: input.acceptingConfirmedAt ?? null,
        completeness: completeness(input),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    for (const table of ['mediator_practice_areas', 'mediator_languages', 'offices', 'service_areas'] as const) {
      await trx.deleteFrom(table).where('mediator_id', '=', id).execute();
    }
    // Credentials are matched, not replaced: an unchanged one keeps its verification.
    goneEvidence = await replaceCredentials(trx, id, p.credentials);
    if (p.practiceAreas.length) await trx.insertInto('mediator_practice_areas').values(p.practiceAreas.map((a) => ({ mediator_id: id, practice_area: a }))).execute();
    if (p.languages.length) await trx.insertInto('mediator_languages').values(p.languages.map((l) => ({ mediator_id: id, language: l }))).execute();
    if (offices?.length) {
      await trx.insertInto('offices').values(offices.map((o) => officeRow(id, o))).execute();
    }
    if (p.serviceAreas.length) await trx.insertInto('service_areas').values(p.serviceAreas.map((a) => ({ mediator_id: id, ...a }))).execute();
    const names = new Map(areas.map((a) => [a.slug, a.name]));
    await textSearchFor(ctx.engine).index(trx, [{ id, name: p.name, headline: p.headline, bio: p.bio, practice: p.practiceAreas.map((a) => names.get(a) ?? a).join(' ') }]);
    return { status: 'saved', mediatorId: id, created: false };
  });
  // The evidence of credentials that changed or went is deleted once the save has committed.
  await removeEvidenceFiles(ctx.config.evidenceDir, goneEvidence);
  return outcome;
}

export type PublishOutcome = 'listed' | 'waiting' | 'no_profile' | 'suspended' | 'no_place';

/**
 * The member's consent to be listed. The first listing waits for an editor's approval; once
 * approved, publishing again (after an unlist) is immediate.
 */
export async function publishOwnProfile(db: Db, userId: number, now: Date): Promise<PublishOutcome> {
  const row = await findOwnMediator(db, userId);
  if (!row) return 'no_profile';
  if (row.status === 'suspended') return 'suspended';
  if (row.status === 'published') return 'listed';
  const places = await db.selectFrom('offices').select('id').where('mediator_id', '=', row.id).union(db.selectFrom('service_areas').select('id').where('mediator_id', '=', row.id)).execute();
  if (!places.length) return 'no_place';
  const at = now.toISOString();
  if (row.approved_at) {
    await db.updateTable('mediators').set({ status: 'published', review_requested_at: null, updated_at: at }).where('id', '=', row.id).execute();
    return 'listed';
  }
  await db.updateTable('mediators').set({ review_requested_at: row.review_requested_at ?? at }).where('id', '=', row.id).execute();
  return 'waiting';
}

/**
 * Takes the profile off Concord at once: status draft, so pages, the API and (through the
 * triggers) the search index drop it with the next request. A pending review request goes too.
 */
export async function unlistOwnProfile(db: Db, userId: number, now: Date): Promise<boolean> {
  const row = await findOwnMediator(db, userId);
  if (!row) return false;
  const status = row.status === 'suspended' ? 'suspended' : 'draft';
  // Unlisted by choice now, not for staleness: confirming availability must not re-list it.
  await db.updateTable('mediators').set({ status, review_requested_at: null, unlisted_stale_at: null, updated_at: now.toISOString() }).where('id', '=', row.id).execute();
  return true;
}

/** "I'm still (not) accepting new cases": the date the directory shows and ranks freshness by. */
export async function confirmOwnAvailability(db: Db, userId: number, now: Date): Promise<boolean> {
  const row = await findOwnMediator(db, userId);
  if (!row) return false;
  // The same confirmation as the mailed link: it also re-lists a profile unlisted for staleness.
  await confirmAvailability(db, row.id, row.accepting_cases === 1, now);
  return true;
}

/**
 * Sets (or clears) the photo of the member's profile; returns the old photo_url so the caller
 * can delete its files once this has committed. Null when the member has no profile.
 */
export async function setOwnPhoto(db: Db, userId: number, photoUrl: string | null, now: Date): Promise<{ old: string | null } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await findOwnMediator(trx, userId);
    if (!row) return null;
    const [practice, languages, credentials, offices, areas] = await Promise.all(
      (['mediator_practice_areas', 'mediator_languages', 'mediator_credentials', 'offices', 'service_areas'] as const).map((t) =>
        trx.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('mediator_id', '=', row.id).executeTakeFirstOrThrow(),
      ),
    );
    // completeness() looks at how many of each there are, not at what they say.
    const some = (c: { n: number | string }) => Array.from({ length: Number(c.n) }, () => null as never);
    const score = completeness({
      name: row.name,
      photoUrl,
      headline: row.headline,
      bio: row.bio,
      practiceAreas: some(practice!),
      languages: some(languages!),
      formats: formatsOf(row),
      feeMin: row.fee_min,
      feeMax: row.fee_max,
      freeConsultation: row.free_consultation === 1,
      credentials: some(credentials!),
      yearsInPractice: row.years_in_practice,
      offices: some(offices!),
      serviceAreas: some(areas!),
    });
    await trx.updateTable('mediators').set({ photo_url: photoUrl, completeness: score, updated_at: now.toISOString() }).where('id', '=', row.id).execute();
    return { old: row.photo_url };
  });
}
