import type { MediatorStatus } from '../db/schema.ts';

/**
 * The profile form as the member typed it: every value a string (or a list of them), so a form
 * with a mistake comes back exactly as it was sent. schema.ts turns these into a ValidProfile.
 */
export interface OfficeFields {
  label: string;
  address: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  /** Set by the map pin (JavaScript) or by the last save; empty means "place it for me". */
  lat: string;
  lon: string;
}

export interface CredentialFields {
  title: string;
  issuer: string;
  year: string;
}

export interface AreaFields {
  kind: string;
  country: string;
  region: string;
}

export interface ProfileFields {
  name: string;
  headline: string;
  bio: string;
  practice: string[];
  languages: string[];
  formats: string[];
  fee_min: string;
  fee_max: string;
  fee_currency: string;
  fee_split: string;
  free_consultation: boolean;
  sliding_scale: boolean;
  years_in_practice: string;
  mediations_count: string;
  accepting: boolean;
  credentials: CredentialFields[];
  offices: OfficeFields[];
  areas: AreaFields[];
}

/** Where a member's profile stands, as the dashboard says it. */
export type ListingState = 'none' | 'draft' | 'waiting' | 'listed' | 'suspended';

/** The member's own profile as the dashboard shows it (besides the form's fields). */
export interface OwnProfile {
  id: number;
  slug: string;
  status: MediatorStatus;
  state: ListingState;
  photoUrl: string | null;
  completeness: number;
  acceptingConfirmedAt: string | null;
  reviewRequestedAt: string | null;
  approvedAt: string | null;
  updatedAt: string;
  fields: ProfileFields;
}

export function listingState(row: { status: MediatorStatus; review_requested_at: string | null }): ListingState {
  if (row.status === 'published') return 'listed';
  if (row.status === 'suspended') return 'suspended';
  return row.review_requested_at ? 'waiting' : 'draft';
}

export const emptyOffice = (): OfficeFields => ({ label: '', address: '', city: '', region: '', postal_code: '', country: '', lat: '', lon: '' });
export const emptyCredential = (): CredentialFields => ({ title: '', issuer: '', year: '' });
export const emptyArea = (): AreaFields => ({ kind: '', country: '', region: '' });

export function emptyProfileFields(): ProfileFields {
  return {
    name: '',
    headline: '',
    bio: '',
    practice: [],
    languages: [],
    formats: [],
    fee_min: '',
    fee_max: '',
    fee_currency: 'USD',
    fee_split: 'equal',
    free_consultation: false,
    sliding_scale: false,
    years_in_practice: '',
    mediations_count: '',
    accepting: false,
    credentials: [],
    offices: [],
    areas: [],
  };
}
