import type { GrantRegion } from './featured/regions.ts';
import type { Unit } from '../geo/distance.ts';
import type { FeeSplit, MediatorStatus, ServiceAreaKind } from '../db/schema.ts';

/** The directory's own types: what services return and views and the API present. */

export const FORMATS = ['in_person', 'online', 'phone'] as const;
export type Format = (typeof FORMATS)[number];
export const FORMAT_LABELS: Record<Format, string> = { in_person: 'In person', online: 'Online (video)', phone: 'Phone' };

export const SORTS = ['match', 'distance', 'fee'] as const;
export type Sort = (typeof SORTS)[number];

export const FEE_SPLIT_LABELS: Record<FeeSplit, string> = {
  equal: 'Split equally between the parties',
  by_agreement: 'Split as the parties agree',
  one_party: 'Paid by one party',
  varies: 'Varies by case',
};

export interface PracticeArea {
  slug: string;
  name: string;
  description: string;
}

/** A language mediators list: ISO 639-1 or 639-3 code (or `asl`), its English name. */
export interface Language {
  code: string;
  name: string;
  /** Offered neither in the search filter nor in the profile form; stays on profiles that list it. */
  hidden: boolean;
}

/** A language as profiles and cards show it. */
export type LanguageName = Pick<Language, 'code' | 'name'>;

export interface Office {
  label: string;
  address: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  lat: number;
  lon: number;
}

export interface ServiceArea {
  kind: ServiceAreaKind;
  country: string;
  region: string | null;
}

export interface Credential {
  title: string;
  issuer: string;
  year: number | null;
}

/** Someone saw evidence that the credential was held on `verifiedAt`; it lapses at `until`. */
export interface Verification {
  verifiedAt: string;
  until: string;
  /** "Concord" or the verifying association's name. */
  verifier: string;
}

/** A credential as pages and the API show it: with the verification that counts now, if any. */
export type ShownCredential = Credential & { verification: Verification | null };

export interface Fee {
  min: number | null;
  max: number | null;
  currency: string;
  freeConsultation: boolean;
  slidingScale: boolean;
  split: FeeSplit;
}

export interface Availability {
  accepting: boolean;
  confirmedAt: string | null;
  /** True when not confirmed in the last 90 days: shown as "not confirmed since …". */
  stale: boolean;
}

/** An association the mediator is a member of, and the panels of it they sit on. */
export interface Membership {
  slug: string;
  name: string;
  panels: { slug: string; name: string }[];
}

/** A search limited to an association's members, or to one of its panels. */
export interface MembershipScope {
  slug: string;
  name: string;
  panel: { slug: string; name: string } | null;
}

/** Everything a profile page shows. */
export interface Mediator {
  id: number;
  slug: string;
  name: string;
  headline: string;
  bio: string;
  photoUrl: string | null;
  practiceAreas: PracticeArea[];
  languages: LanguageName[];
  formats: Format[];
  fee: Fee;
  credentials: ShownCredential[];
  yearsInPractice: number | null;
  mediationsCount: number | null;
  availability: Availability;
  status: MediatorStatus;
  featured: boolean;
  offices: Office[];
  serviceAreas: ServiceArea[];
  associations: Membership[];
  completeness: number;
  updatedAt: string;
}

/** Input for creating a mediator (seed, factories, later the member dashboard). */
export interface MediatorInput {
  slug?: string;
  name: string;
  headline?: string;
  bio?: string;
  photoUrl?: string | null;
  practiceAreas?: string[];
  languages?: string[];
  formats?: Format[];
  feeMin?: number | null;
  feeMax?: number | null;
  feeCurrency?: string;
  freeConsultation?: boolean;
  slidingScale?: boolean;
  feeSplit?: FeeSplit;
  credentials?: Credential[];
  yearsInPractice?: number | null;
  mediationsCount?: number | null;
  acceptingCases?: boolean;
  acceptingConfirmedAt?: string | null;
  status?: MediatorStatus;
  /** Created already featured (the demo data, tests): a grant of the site's, from `featuredFrom` to `featuredUntil` (open-ended: without end). */
  featuredTier?: string | null;
  featuredFrom?: string | null;
  featuredUntil?: string | null;
  /** The grant's region; by default the country of the first office, else of the first service area. */
  featuredRegion?: GrantRegion;
  offices?: Office[];
  serviceAreas?: ServiceArea[];
  createdAt?: string;
}

/** The resolved place a search is centred on. */
export interface SearchLocation {
  label: string;
  lat: number;
  lon: number;
  country: string;
  region: string;
  /** 'coordinates' for a shared point ("Use my location"), named by its nearest town. */
  kind?: 'postal' | 'city' | 'coordinates';
}

/** Validated search parameters (see schema.ts for how raw query strings become these). */
export interface SearchParams {
  near?: string;
  /** The point "Use my location" shared ('lat,lon'); used while `near` still names its town. */
  at?: string;
  /** Set instead of `near` when the location is already resolved (API callers, tests). */
  location?: SearchLocation;
  radius?: number;
  unit?: Unit;
  practice: string[];
  language: string[];
  format: Format[];
  /** The highest starting hourly fee, in the currency of the place searched (see currency.ts). */
  maxFee?: number;
  freeConsultation: boolean;
  accepting: boolean;
  q?: string;
  sort: Sort;
  page: number;
  /**
   * Online only, with no place: the country or state whose clients the mediator says they meet
   * online ("US", "US-TX"), since a mediator's licence and the law that applies are local.
   */
  area?: ServedArea;
  /** Only members of this association (its slug), and on this panel of it. */
  association?: string;
  panel?: string;
}

/** A country, or a state or province of it. */
export interface ServedArea {
  country: string;
  region: string | null;
}

export type MatchKind = 'office' | 'online' | 'travel' | 'anywhere';

/** One result card. */
export interface SearchHit {
  id: number;
  slug: string;
  name: string;
  headline: string;
  photoUrl: string | null;
  practiceAreas: PracticeArea[];
  languages: LanguageName[];
  formats: Format[];
  fee: Fee;
  availability: Availability;
  featured: boolean;
  /** On /featured: the regions of the member's running grants, in words ("Texas, United States"). */
  featuredFor?: string[];
  /**
   * How the mediator matches the place: an office within the radius ('office', with distance and
   * that office), or a service area covering it ('online' or 'travel'), or no place asked ('anywhere').
   */
  match: MatchKind;
  distance: { value: number; unit: Unit } | null;
  office: { city: string; region: string; country: string; lat: number; lon: number } | null;
  /** Where the mediator is based (their first office), for cards whose match is not an office nearby. */
  based: { city: string; region: string; country: string } | null;
  /** Plain-words reasons this result is here, e.g. "Office 3.2 mi away", "Speaks Spanish". */
  reasons: string[];
  /** Best-match score, 0–1 (see ranking.ts and /how-search-works). */
  score: number;
  /** The associations they are a member of (search results carry them; the featured lists do not need them). */
  associations?: Membership[];
  /** Their credentials verified now (read for the page's hits at render time; never ranked). */
  verified?: (Verification & { title: string })[];
}

export interface SearchResult {
  location: SearchLocation | null;
  radius: number;
  unit: Unit;
  /** The currency `maxFee` is read in: the place's (US dollars without one). */
  feeCurrency: string;
  sort: Sort;
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  results: SearchHit[];
  /** The area an online-only search was for (SearchParams.area), or null. */
  area: ServedArea | null;
  /** Up to 3 featured members who match, rotated; shown labelled, never in place of a result. */
  featured: SearchHit[];
  /** The association (and panel) the search is limited to, or null. */
  membership: MembershipScope | null;
}
