import { z } from 'zod';
import { countryName, REGION_CHOICES, regionName } from '../geo/places.ts';
import { FEE_SPLIT_LABELS, FORMATS, type Credential, type Format } from '../directory/types.ts';
import type { FeeSplit, Role, ServiceAreaKind } from '../db/schema.ts';
import type { FieldProblem } from '../web/http-error.ts';
import { emptyCredential, emptyOffice, type AreaFields, type CredentialFields, type OfficeFields, type ProfileFields } from './types.ts';
import { asFormBody, fieldChecker, fieldValue, fieldValues, formField, type FormBody } from '../web/form-fields.ts';
import { filterText, pageParam, parseQuery, scalar, type Parsed } from '../web/query-params.ts';
import type { UserFilter } from './admin.ts';
import { ROLES } from '../web/viewer.ts';

// Takes untrusted form bodies. Nothing here trusts an id: the profile a form changes is always the
// signed-in member's own, found by user_id (see profiles.ts), and rows are replaced, never addressed.

export const MAX_OFFICES = 10;
export const MAX_CREDENTIALS = 20;
export const MAX_AREAS = 20;
export const LIMITS = { name: 100, headline: 160, bio: 8000, label: 80, address: 200, city: 100, region: 60, postal_code: 12, title: 150, issuer: 150, note: 2000 };
export const CURRENCIES = ['USD', 'CAD', 'GBP', 'EUR', 'AUD', 'NZD'] as const;

const OFFICE_KEYS = ['label', 'address', 'city', 'region', 'postal_code', 'country', 'lat', 'lon'] as const satisfies readonly (keyof OfficeFields)[];
const CREDENTIAL_KEYS = ['title', 'issuer', 'year'] as const satisfies readonly (keyof CredentialFields)[];
const AREA_KEYS = ['kind', 'country', 'region'] as const satisfies readonly (keyof AreaFields)[];

/** Longest text kept to show again in the form; longer is refused anyway (see LIMITS). */
const KEEP = 20_000;

type Body = FormBody;
const asBody = asFormBody;
const one = (body: Body, name: string) => fieldValue(body, name, KEEP);
const many = fieldValues;
const checked = (body: Body, name: string) => ['1', 'on', 'true'].includes(one(body, name));

/** Rows are numbered fields (office_0_city, office_1_city, …); blank rows are dropped here. */
function rows<K extends string>(body: Body, prefix: string, keys: readonly K[], max: number): Record<K, string>[] {
  const out: Record<K, string>[] = [];
  for (let i = 0; i < max; i++) {
    const row = Object.fromEntries(keys.map((k) => [k, one(body, `${prefix}_${i}_${k}`)])) as Record<K, string>;
    if (keys.some((k) => row[k].trim() !== '')) out.push(row);
  }
  return out;
}

/** What the member sent, as typed, to validate and (when something is wrong) to show again. */
export function readProfileFields(raw: unknown): ProfileFields {
  const body = asBody(raw);
  const offices = rows(body, 'office', OFFICE_KEYS, MAX_OFFICES);
  return {
    name: one(body, 'name'),
    headline: one(body, 'headline'),
    bio: one(body, 'bio'),
    practice: many(body, 'practice'),
    languages: many(body, 'languages'),
    formats: many(body, 'formats'),
    fee_min: one(body, 'fee_min'),
    fee_max: one(body, 'fee_max'),
    fee_currency: one(body, 'fee_currency'),
    fee_split: one(body, 'fee_split'),
    free_consultation: checked(body, 'free_consultation'),
    sliding_scale: checked(body, 'sliding_scale'),
    years_in_practice: one(body, 'years_in_practice'),
    mediations_count: one(body, 'mediations_count'),
    accepting: checked(body, 'accepting'),
    credentials: rows(body, 'credential', CREDENTIAL_KEYS, MAX_CREDENTIALS),
    // A row with only the pin's coordinates left in it counts as blank.
    offices: offices.filter((o) => OFFICE_KEYS.some((k) => k !== 'lat' && k !== 'lon' && o[k].trim() !== '')),
    areas: rows(body, 'area', AREA_KEYS, MAX_AREAS).filter((a) => a.country.trim() !== '' || a.region.trim() !== ''),
  };
}

export type RowKind = 'office' | 'credential';
const ROW_MAX: Record<RowKind, number> = { office: MAX_OFFICES, credential: MAX_CREDENTIALS };

/**
 * The profile form's "Add another …" and "Remove …" buttons, which work without JavaScript: the
 * form comes back as typed, with one more empty row or without the removed one, and nothing is
 * saved. Null when the form was sent to be saved.
 */
export function readRowChange(raw: unknown): { fields: ProfileFields; added: RowKind | null; removed: RowKind | null } | null {
  const body = asBody(raw);
  const add = one(body, 'add');
  const remove = /^(office|credential)_(\d{1,2})$/.exec(one(body, 'remove'));
  if (add !== 'office' && add !== 'credential' && !remove) return null;
  if (remove) {
    const kind = remove[1] as RowKind;
    const prefix = `${kind}_${Number(remove[2])}_`;
    const fields = readProfileFields(Object.fromEntries(Object.entries(body).filter(([name]) => !name.startsWith(prefix))));
    return { fields, added: null, removed: kind };
  }
  const kind = add as RowKind;
  const fields = readProfileFields(body);
  const rows: unknown[] = kind === 'office' ? fields.offices : fields.credentials;
  if (rows.length >= ROW_MAX[kind]) return { fields, added: null, removed: null };
  if (kind === 'office') fields.offices.push(emptyOffice());
  else fields.credentials.push(emptyCredential());
  return { fields, added: kind, removed: null };
}

/** An office as validated, before it is placed on the map (see placeOffices in profiles.ts). */
export interface OfficeToPlace {
  label: string;
  address: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  /** The pin, when the member moved it (or a save placed it); kept only near the typed place. */
  pin: { lat: number; lon: number } | null;
}

export interface ValidProfile {
  name: string;
  headline: string;
  bio: string;
  practiceAreas: string[];
  languages: string[];
  formats: Format[];
  feeMin: number | null;
  feeMax: number | null;
  feeCurrency: string;
  feeSplit: FeeSplit;
  freeConsultation: boolean;
  slidingScale: boolean;
  yearsInPractice: number | null;
  mediationsCount: number | null;
  acceptingCases: boolean;
  credentials: Credential[];
  offices: OfficeToPlace[];
  serviceAreas: { kind: ServiceAreaKind; country: string; region: string | null }[];
}

/**
 * Each schema is made once per set of arguments: making a zod schema costs far more than using it,
 * and an import checks every row of a file with these (src/admin/import/).
 */
function once<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  const made = new Map<string, R>();
  return (...args) => {
    const key = args.map(String).join('\u0000');
    let schema = made.get(key);
    if (schema === undefined) made.set(key, (schema = make(...args)));
    return schema;
  };
}

const text = once((label: string, max: number, required = false) => {
  const s = z.string().trim().max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`);
  return required ? s.min(1, `Enter ${label}.`) : s;
});
const wholeNumber = once((label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(
      z
        .string()
        .regex(/^\d{1,9}$/, `${label} must be a whole number, like 150.`)
        .transform(Number)
        .pipe(z.number().min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max.toLocaleString('en-US')}.`))
        .nullable(),
    ),
);
const coordinate = once((max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number().min(-max).max(max).nullable())
    .catch(null),
);
const countryCode = once((label: string, required: boolean) =>
  z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => (v === '' ? !required : /^[A-Z]{2}$/.test(v) && countryName(v) !== v), `Choose ${label} from the list.`),
);
const regionCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => v === '' || /^[A-Z0-9]{1,3}$/.test(v), 'Choose the state or region from the list, or leave it empty.');

export type Validated = { ok: true; value: ValidProfile } | { ok: false; problems: FieldProblem[] };

/** Checks every field; problems are keyed by the input's id, in the form's order. */
/** What the form may choose from: practice-area slugs, and language codes (offeredLanguages). */
export interface ProfileChoices {
  practice: ReadonlySet<string>;
  languages: ReadonlySet<string>;
}

export function validateProfile(f: ProfileFields, choices: ProfileChoices, now: Date): Validated {
  const { problems, take } = fieldChecker();

  const name = take(text('your name', LIMITS.name, true), f.name, 'name');
  const headline = take(text('the headline', LIMITS.headline), f.headline, 'headline');
  const bio = take(text('the description of your practice', LIMITS.bio), f.bio, 'bio');
  if (f.practice.length > 12 || f.practice.some((p) => !choices.practice.has(p))) problems.push({ field: 'practice', message: 'Choose kinds of dispute from the list.' });
  if (f.languages.some((l) => !choices.languages.has(l))) problems.push({ field: 'languages', message: 'Choose languages from the list.' });
  if (f.formats.some((x) => !(FORMATS as readonly string[]).includes(x))) problems.push({ field: 'formats', message: 'Choose how you meet from the list.' });
  const feeMin = take(wholeNumber('The lowest fee', 0, 100_000), f.fee_min, 'fee_min');
  const feeMax = take(wholeNumber('The highest fee', 0, 100_000), f.fee_max, 'fee_max');
  if (feeMin != null && feeMax != null && feeMax < feeMin) problems.push({ field: 'fee_max', message: 'The highest fee must be at least the lowest fee.' });
  const feeCurrency = take(z.enum(CURRENCIES, { message: 'Choose a currency from the list.' }), f.fee_currency, 'fee_currency');
  const feeSplit = take(z.enum(Object.keys(FEE_SPLIT_LABELS) as [FeeSplit, ...FeeSplit[]], { message: 'Choose who pays from the list.' }), f.fee_split, 'fee_split');
  const yearsInPractice = take(wholeNumber('Years in practice', 0, 80), f.years_in_practice, 'years_in_practice');
  const mediationsCount = take(wholeNumber('The number of mediations', 0, 1_000_000), f.mediations_count, 'mediations_count');

  /** Where we know a country's regions, the region must be one of them (the form offers only those). */
  const regionFits = (country: string, region: string, field: string) => {
    if (!country || !region || problems.some((p) => p.field === field) || !REGION_CHOICES.some(([c]) => c === country)) return;
    if (!regionName(country, region)) problems.push({ field, message: `Choose a state or region of ${countryName(country)} from the list, or “None, or not listed”.` });
  };

  const thisYear = now.getUTCFullYear();
  const credentials = f.credentials.map((c, i): Credential => ({
    title: take(text('the credential', LIMITS.title, true), c.title, `credential_${i}_title`),
    issuer: take(text('who issued it', LIMITS.issuer), c.issuer, `credential_${i}_issuer`),
    year: take(wholeNumber('The year', 1900, thisYear), c.year, `credential_${i}_year`),
  }));

  const offices = f.offices.map((o, i): OfficeToPlace => {
    const at = (k: string) => `office_${i}_${k}`;
    const office: OfficeToPlace = {
      label: take(text('the office name', LIMITS.label), o.label, at('label')),
      address: take(text('the street address', LIMITS.address), o.address, at('address')),
      city: take(text('the city', LIMITS.city), o.city, at('city')),
      region: take(regionCode, o.region, at('region')),
      postalCode: take(text('the postal code', LIMITS.postal_code), o.postal_code, at('postal_code')),
      country: take(countryCode('the country', false), o.country, at('country')),
      pin: null,
    };
    regionFits(office.country, office.region, at('region'));
    const lat = coordinate(90).parse(o.lat);
    const lon = coordinate(180).parse(o.lon);
    if (lat !== null && lon !== null) office.pin = { lat, lon };
    if (!o.postal_code.trim() && !o.city.trim()) problems.push({ field: at('postal_code'), message: 'Enter the postal code or the city of this office, so we can place it on the map.' });
    return office;
  });

  const serviceAreas = f.areas.map((a, i) => {
    const area = {
      kind: take(z.enum(['online', 'travel'], { message: 'Choose online or travel.' }), a.kind, `area_${i}_kind`),
      country: take(countryCode('the country', true), a.country, `area_${i}_country`),
      region: take(regionCode, a.region, `area_${i}_region`) || null,
    };
    regionFits(area.country, area.region ?? '', `area_${i}_region`);
    return area;
  });

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      headline,
      bio,
      practiceAreas: f.practice,
      languages: f.languages,
      formats: f.formats as Format[],
      feeMin,
      feeMax,
      feeCurrency,
      feeSplit,
      freeConsultation: f.free_consultation,
      slidingScale: f.sliding_scale,
      yearsInPractice,
      mediationsCount,
      acceptingCases: f.accepting,
      credentials,
      offices,
      serviceAreas,
    },
  };
}

export const DeclineForm = z.object({
  note: formField(z.string().trim().min(1, 'Write a note telling the member what to change.').max(LIMITS.note, `Keep the note under ${LIMITS.note} characters.`)),
});
export const RoleForm = z.object({ role: formField(z.enum(ROLES, { message: 'Choose member, editor or admin.' })) });
export const SUSPENSION_REASON_MAX = 1000;
export const SuspendForm = z.object({
  reason: formField(
    z
      .string()
      .trim()
      .min(1, 'Write the reason: the person reads it when they try to log in.')
      .max(SUSPENSION_REASON_MAX, `Keep the reason under ${SUSPENSION_REASON_MAX} characters.`),
  ),
});
export const DeleteAccountForm = z.object({ current_password: formField(z.string().min(1, 'Enter your password to confirm.').max(200, 'That password is not right.')) });

/** The longest text the admins' user list filters by: no email address is longer (RFC 5321). */
export const USER_FILTER_MAX = 254;
const UsersQuery = z.object({
  q: filterText(USER_FILTER_MAX, `Keep the search to ${USER_FILTER_MAX} characters or fewer: no email address is longer.`),
  // "" is the form's "Any role"; "any" is accepted too, for addresses typed by hand.
  role: scalar(
    z
      .union([z.enum(['', 'any']), z.enum(ROLES)], { message: 'Choose a role from the list: any role, member, editor or administrator.' })
      .optional()
      .transform((v): Role | null => (v === undefined || v === '' || v === 'any' ? null : v)),
  ),
  page: pageParam,
});

/** `GET /admin/users?q=&role=&page=`, and the same on the role form's address (to come back to). */
export const parseUsersQuery = (raw: unknown): Parsed<UserFilter & { page: number }> => parseQuery(UsersQuery, raw);
