import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it. Conventions shared by both engines, so the same queries
 * run on SQLite and PostgreSQL:
 * - flags are integers 0/1 (better-sqlite3 cannot bind booleans);
 * - timestamps are ISO-8601 UTC text ('2026-11-25T10:00:00.000Z'), which sorts and compares
 *   the same on both engines;
 * - coordinates are double precision degrees (WGS84).
 */
export interface Database {
  practice_areas: PracticeAreaTable;
  languages: LanguageTable;
  mediators: MediatorTable;
  mediator_practice_areas: MediatorPracticeAreaTable;
  mediator_languages: MediatorLanguageTable;
  mediator_credentials: MediatorCredentialTable;
  credential_evidence: CredentialEvidenceTable;
  offices: OfficeTable;
  service_areas: ServiceAreaTable;
  places: PlaceTable;
  directory_changes: DirectoryChangeTable;
  directory_changes_pruned: DirectoryChangesPrunedTable;
  users: UserTable;
  sessions: SessionTable;
  user_tokens: UserTokenTable;
  auth_attempts: AuthAttemptTable;
  account_notices: AccountNoticeTable;
  inquiries: InquiryTable;
  inquiry_replies: InquiryReplyTable;
  inquiry_attempts: InquiryAttemptTable;
  listing_stats: ListingStatsTable;
  authors: AuthorTable;
  categories: CategoryTable;
  tags: TagTable;
  articles: ArticleTable;
  article_authors: ArticleAuthorTable;
  article_categories: ArticleCategoryTable;
  article_tags: ArticleTagTable;
  article_associations: ArticleAssociationTable;
  article_revisions: ArticleRevisionTable;
  article_reviews: ArticleReviewTable;
  article_terms: ArticleTermTable;
  publication_terms: PublicationTermTable;
  article_related: ArticleRelatedTable;
  article_vocabulary: ArticleVocabularyTable;
  digest_subscribers: DigestSubscriberTable;
  digest_runs: DigestRunTable;
  audit_log: AuditLogTable;
  associations: AssociationTable;
  association_panels: AssociationPanelTable;
  association_admins: AssociationAdminTable;
  association_members: AssociationMemberTable;
  association_member_panels: AssociationMemberPanelTable;
  association_invitations: AssociationInvitationTable;
  featured_grants: FeaturedGrantTable;
  featured_grant_reminders: FeaturedGrantReminderTable;
  featured_impressions: FeaturedImpressionTable;
  mediator_claims: MediatorClaimTable;
}

/** Languages mediators list (2026-12-06-15); `hidden` ones stay on profiles but are offered nowhere. */
export interface LanguageTable {
  code: string;
  name: string;
  hidden: Generated<number>;
}

export interface PracticeAreaTable {
  slug: string;
  name: string;
  description: string;
  position: number;
}

export type MediatorStatus = 'draft' | 'published' | 'suspended';
export type FeeSplit = 'equal' | 'by_agreement' | 'one_party' | 'varies';

export interface MediatorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  headline: string;
  bio: string;
  photo_url: string | null;
  fmt_in_person: number;
  fmt_online: number;
  fmt_phone: number;
  fee_min: number | null;
  fee_max: number | null;
  fee_currency: string;
  free_consultation: number;
  sliding_scale: number;
  fee_split: FeeSplit;
  years_in_practice: number | null;
  mediations_count: number | null;
  accepting_cases: number;
  accepting_confirmed_at: string | null;
  status: MediatorStatus;
  featured_tier: string | null;
  featured_from: string | null;
  featured_until: string | null;
  /** 0–100, derived from which profile fields are filled; kept in step on every write. */
  completeness: number;
  created_at: string;
  updated_at: string;
  /** The member account that owns and edits this profile (null for demo and imported profiles). */
  user_id: number | null;
  /** When the member asked for the profile to be listed and it awaits its first approval. */
  review_requested_at: string | null;
  /** When an editor or admin first approved the profile; later publications need no approval. */
  approved_at: string | null;
  /** When the one freshness reminder for the current confirmation was mailed (src/freshness/). */
  freshness_reminded_at: string | null;
  /** Set when the sweep unlisted the profile for not being confirmed; cleared when re-listed. */
  unlisted_stale_at: string | null;
  /** Random, made by the database; the freshness link signs it, so no other row answers that link. */
  link_secret: Generated<string>;
}

export interface MediatorPracticeAreaTable {
  mediator_id: number;
  practice_area: string;
}

export interface MediatorLanguageTable {
  mediator_id: number;
  /** A code of `languages` (ISO 639-1 or 639-3), e.g. 'en'. */
  language: string;
}

export interface MediatorCredentialTable {
  id: Generated<number>;
  mediator_id: number;
  title: string;
  issuer: string;
  year: number | null;
  /** The member's order; saves keep unchanged credentials' rows (and their verification). */
  position: ColumnType<number, number | undefined, number>;
  /** The association the member says issued it (one they belong to): its admins may verify it. */
  issuer_association_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** When someone saw evidence of it; a verification counts for a year from then. */
  verified_at: ColumnType<string | null, string | null | undefined, string | null>;
  verified_by_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Who verified, as shown: "Concord" for a site admin, else the association's name. */
  verifier_label: ColumnType<string, string | undefined, string>;
  verifying_association_id: ColumnType<number | null, number | null | undefined, number | null>;
  declined_at: ColumnType<string | null, string | null | undefined, string | null>;
  decline_reason: ColumnType<string, string | undefined, string>;
  /** When the member was told the verification lapses soon; later than verified_at means this verification's mail went. */
  lapse_reminded_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Evidence waiting for a decision; the decision deletes the row and its file. */
export interface CredentialEvidenceTable {
  id: Generated<number>;
  credential_id: number;
  mediator_id: number;
  /** Random, under DATA_DIR/evidence. */
  file_name: string;
  original_name: string;
  media_type: 'application/pdf' | 'image/webp';
  bytes: number;
  uploaded_at: string;
}

export interface OfficeTable {
  id: Generated<number>;
  mediator_id: number;
  label: string;
  address: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  lat: number;
  lon: number;
  /** Grid cell of (lat, lon); see src/geo/grid.ts. The spatial index is (cell, lat, lon). */
  cell: number;
}

export type ServiceAreaKind = 'online' | 'travel';

export interface ServiceAreaTable {
  id: Generated<number>;
  mediator_id: number;
  kind: ServiceAreaKind;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Region code within the country ('TX', 'ON', 'ENG'); null means the whole country. */
  region: string | null;
}

export type PlaceKind = 'postal' | 'city';

export interface PlaceTable {
  id: Generated<number>;
  kind: PlaceKind;
  /** Display name: the city name, or the postal code as written ('78701', 'M5V'). */
  name: string;
  /** Lower-case, accent-free, single-spaced name used for look-ups. */
  name_norm: string;
  region: string;
  region_name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
}

/** Appended by triggers whenever a mediator or a row search reads about them changes. */
export interface DirectoryChangeTable {
  /** bigserial on PostgreSQL: parsed to a number (see database.ts). */
  id: Generated<number>;
  mediator_id: number;
  /**
   * PostgreSQL only: the writing transaction (xid8, filled by the column default; read it as
   * text). SQLite has one writer at a time, so its ids commit in order and say enough.
   */
  xid?: Generated<string>;
}

/** One row: how far `directory_changes` has been pruned (see migration 2026-12-06-03). */
export interface DirectoryChangesPrunedTable {
  singleton: number;
  /** Every entry below this is gone: an entry id on SQLite, a transaction id (xid8, as text) on PostgreSQL. */
  below: number | string;
}

export type Role = 'member' | 'editor' | 'admin';

export interface UserTable {
  id: Generated<number>;
  /** Trimmed and lower-cased before it is stored or looked up. */
  email: string;
  /** Argon2id, in the PHC string format. */
  password_hash: string;
  role: Role;
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
  /** An IANA time zone the user chose (editors schedule in it); null until they do. */
  time_zone: string | null;
  /** Set while an admin has suspended the account: no log-in, no session, the profile out of the directory. */
  suspended_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Shown to the person when they try to log in. */
  suspension_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The profile's status before the suspension, put back on restore; null without a profile. */
  suspended_listing: ColumnType<MediatorStatus | null, MediatorStatus | null | undefined, MediatorStatus | null>;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token in the visitor's cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
}

export type TokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

export interface UserTokenTable {
  /** SHA-256 (hex) of the token in the mailed link. */
  id: string;
  user_id: number;
  purpose: TokenPurpose;
  /** For change_email: the address the account moves to once the link is followed. */
  new_email: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when a password or address change withdrew the link before it was used. */
  retired_at: string | null;
}

export interface AccountNoticeTable {
  /** SHA-256 (hex) of '<notice>:<email address>'. */
  key: string;
  /** When that notice last went to that address. */
  sent_at: string;
}

export type AttemptAction = 'login' | 'reset';
/** 'pair' is an account and a client address together (log-ins only). */
export type AttemptScope = 'email' | 'address' | 'pair';

export interface AuthAttemptTable {
  id: Generated<number>;
  action: AttemptAction;
  scope: AttemptScope;
  /** SHA-256 (hex) of the email address, the client address, or both. */
  key: string;
  created_at: string;
}

export type InquiryStatus = 'new' | 'replied' | 'closed';

export interface InquiryTable {
  id: Generated<number>;
  /** Null once the mediator's profile is deleted. */
  mediator_id: number | null;
  sender_name: string;
  sender_email: string;
  /** '' when not given. */
  sender_phone: string;
  /** A practice area slug, or 'other'. */
  kind: string;
  place: string;
  /** 'in_person' | 'online' | 'phone' | 'any'. */
  format: string;
  message: string;
  status: InquiryStatus;
  /** 1 when mailed to the member; 0 for a demo profile with no owner account. */
  delivered: number;
  created_at: string;
  replied_at: string | null;
  closed_at: string | null;
}

export interface InquiryReplyTable {
  id: Generated<number>;
  inquiry_id: number;
  message: string;
  created_at: string;
}

export interface InquiryAttemptTable {
  id: Generated<number>;
  /** SHA-256 (hex) of 'address:<client address>' or 'email:<sender address>'. */
  key: string;
  created_at: string;
}

export interface ListingStatsTable {
  mediator_id: number;
  /** 'YYYY-MM', UTC. */
  month: string;
  views: number;
  appearances: number;
  inquiries: number;
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  user_id: number | null;
  mediator_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export type ArticleKind = 'article' | 'news' | 'video';
export type ArticleStatus = 'draft' | 'submitted' | 'changes_requested' | 'declined' | 'scheduled' | 'published';
export type VideoProvider = 'youtube' | 'vimeo';

export interface ArticleTable {
  id: Generated<number>;
  kind: ArticleKind;
  slug: string;
  title: string;
  excerpt: string;
  excerpt_written: number;
  body: string;
  source_name: string | null;
  source_url: string | null;
  video_url: string | null;
  video_provider: VideoProvider | null;
  video_id: string | null;
  video_seconds: number | null;
  hero_image: string | null;
  hero_alt: string | null;
  hero_width: number | null;
  hero_height: number | null;
  reading_minutes: number;
  status: ArticleStatus;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  publish_at: string | null;
  published_at: string | null;
  revised_at: string | null;
}

export interface ArticleAuthorTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleCategoryTable {
  article_id: number;
  category_id: number;
}

/** A piece tagged with an association it concerns: the association's page lists it as its news. */
export interface ArticleAssociationTable {
  article_id: number;
  association_id: number;
}

export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  user_id: number | null;
  created_at: string;
  /** JSON of the editable content at this save (see src/articles/revisions.ts). */
  content: string;
}

export type ReviewAction = 'submitted' | 'withdrawn' | 'approved' | 'changes_requested' | 'declined' | 'scheduled' | 'published' | 'unpublished' | 'restored' | 'authors_changed';

export interface ArticleReviewTable {
  id: Generated<number>;
  article_id: number;
  user_id: number | null;
  action: ReviewAction;
  comment: string;
  created_at: string;
}

export interface ArticleTermTable {
  article_id: number;
  term: string;
  weight: number;
}

export interface PublicationTermTable {
  term: string;
  documents: number;
}

export interface ArticleRelatedTable {
  article_id: number;
  position: number;
  related_id: number;
  score: number;
}

/** The distinct terms (space-separated) a published article is counted under in publication_terms. */
export interface ArticleVocabularyTable {
  article_id: number;
  terms: string;
}

export interface DigestSubscriberTable {
  id: Generated<number>;
  email: string;
  user_id: number | null;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  last_sent_at: string | null;
  /**
   * Random, made by the database; the mailed links sign it. "legacy:…" marks a row that existed
   * before links signed it, whose old id-only unsubscribe link is still accepted (src/digest/links.ts).
   */
  link_secret: Generated<string>;
}

export interface DigestRunTable {
  week: string;
  started_at: string;
  finished_at: string | null;
  sent: number;
}

/** Append-only (triggers refuse UPDATE and DELETE): src/audit/log.ts writes it, the admin area reads it. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** Null when the account was deleted since; the label keeps who it was. */
  actor_user_id: number | null;
  /** The actor's email address at the time. */
  actor_label: string;
  actor_role: string;
  /** What was done, as 'noun.verb': 'user.role_changed', 'article.published', 'association.created'. */
  action: string;
  subject_kind: string;
  subject_id: string | null;
  /** The subject in words at the time (a name, a title, an email address). */
  subject_label: string;
  /** The association the action was taken for, when an association's admin acted. */
  association_id: number | null;
  before_json: string | null;
  after_json: string | null;
  /** Why, as the actor wrote it (a decline, a suspension, a removal). */
  reason: string | null;
}

export interface AssociationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  website: string;
  /** Who may join, in the association's words. */
  criteria: string;
  logo_url: string | null;
  /** '#rrggbb': the branded directory's main and background colours. */
  color_primary: string;
  color_accent: string;
  /** Origins allowed to frame the embedded directory, one per line ('https://scma.example.org'). */
  frame_origins: string;
  created_at: string;
  updated_at: string;
}

export interface AssociationPanelTable {
  id: Generated<number>;
  association_id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface AssociationAdminTable {
  association_id: number;
  user_id: number;
  created_at: string;
}

export type MembershipState = 'invited' | 'applied' | 'member' | 'declined' | 'removed' | 'left';

export interface AssociationMemberTable {
  association_id: number;
  mediator_id: number;
  state: MembershipState;
  note: string;
  created_at: string;
  updated_at: string;
}

export interface AssociationMemberPanelTable {
  association_id: number;
  mediator_id: number;
  panel_id: number;
}

/** An invitation to an address with no mediator profile yet; it becomes a membership once there is one. */
export interface AssociationInvitationTable {
  id: Generated<number>;
  association_id: number;
  /** Trimmed and lower-cased, as users.email is. */
  email: string;
  invited_by: number | null;
  created_at: string;
}

export type GrantRegionKind = 'country' | 'region' | 'metro';

/** A featured place granted for a region and a period (migration 2026-12-06-12). */
export interface FeaturedGrantTable {
  id: Generated<number>;
  mediator_id: number;
  /** null: granted by the site's admins, for the site's own directory. */
  association_id: number | null;
  tier: string;
  region_kind: GrantRegionKind;
  country: string;
  /** The state or province code ('TX'); for a metro area, its city's; '' for a whole country. */
  region: string;
  /** A metro area's city ('Austin'), and its centre. */
  metro_name: string;
  metro_lat: number | null;
  metro_lon: number | null;
  starts_at: string;
  /** The grant ends by itself at this instant; ending it early moves it. */
  ends_at: string;
  granted_by: number | null;
  created_at: string;
  updated_at: string;
}

/** One reminder mail claimed (14 or 3 days before the end), so several instances send it once. */
export interface FeaturedGrantReminderTable {
  grant_id: number;
  days_before: number;
  sent_at: string;
}

/** How often a grant's member was shown in a featured place, per UTC day ('YYYY-MM-DD'). */
export interface FeaturedImpressionTable {
  grant_id: number;
  day: string;
  count: number;
}

/** An imported profile waiting for its mediator (src/admin/import/): the claim link signs `link_secret`. */
export interface MediatorClaimTable {
  id: Generated<number>;
  mediator_id: number;
  /** Where the claim link is mailed; trimmed and lower-cased, as users.email is. */
  email: string;
  /** The file it came from, as the import named it. */
  source: string;
  created_at: string;
  mailed_at: string | null;
  /** Set once, when the mediator takes the profile over: the link works once. */
  claimed_at: string | null;
  link_secret: Generated<string>;
}
