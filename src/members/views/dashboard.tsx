import { CsrfField, ErrorSummary, PostButton } from '../../web/forms.tsx';
import type { MemberGrant } from '../../directory/featured/grants.ts';
import { FeaturedPanel } from './featured-panel.tsx';
import { FEE_SPLIT_LABELS, FORMAT_LABELS, FORMATS, type Language, type PracticeArea } from '../../directory/types.ts';
import { MAP_STYLES, tileHost, type MapSettings } from '../../directory/views/components.tsx';
import { clientScript } from '../../web/client.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { AreaNav } from '../../web/area-nav.tsx';
import { CURRENCIES, LIMITS, MAX_AREAS, MAX_CREDENTIALS, MAX_OFFICES } from '../schema.ts';
import { emptyArea, emptyCredential, emptyOffice, type CredentialFields, type ListingState, type OfficeFields, type OwnProfile, type ProfileFields } from '../types.ts';
import { Check, Checks, CountrySelect, ErrorLine, ImageField, RegionSelect, Select, TextArea, TextField } from '../../web/fields.tsx';
import { formatDate } from '../../web/format.ts';
import { PHOTO_MAX_BYTES } from '../../web/images.ts';
import { Avatar } from '../../web/people.tsx';

export type DashboardNotice = 'verified' | 'office_added' | 'office_removed' | 'credential_added' | 'credential_removed' | 'created' | 'saved' | 'waiting' | 'listed' | 'unlisted' | 'confirmed' | 'photo_saved' | 'photo_removed';

export const DASHBOARD_NOTICES: Record<DashboardNotice, string> = {
  verified: 'Your email address is confirmed, and you are logged in. Make your profile below: nothing is listed until you publish it.',
  office_added: 'An empty office is added to the form below. Nothing is saved until you press “Save profile”.',
  office_removed: 'The office is taken out of the form below. Press “Save profile” to save the change.',
  credential_added: 'An empty credential is added to the form below. Nothing is saved until you press “Save profile”.',
  credential_removed: 'The credential is taken out of the form below. Press “Save profile” to save the change.',
  created: 'Your profile is saved. It is not listed yet: check the preview, then publish it when you are ready.',
  saved: 'Your changes are saved.',
  waiting: 'Thank you. An editor will review your profile before it is listed for the first time; we will email you.',
  listed: 'Your profile is listed: people can find it in search now.',
  unlisted: 'Your profile is no longer listed. It has gone from search, its page and the API.',
  confirmed: 'Thank you: your availability is confirmed as of today.',
  photo_saved: 'Your photo is saved.',
  photo_removed: 'Your photo is removed.',
};

const STATE_TEXT: Record<ListingState, string> = {
  none: 'You have no profile yet. Fill in the form below to make one; nothing is listed until you publish it.',
  draft: 'Not listed. Only you can see your profile, in the preview.',
  waiting: 'Waiting for review. An editor will check your profile before it is listed for the first time.',
  listed: 'Listed. People can find your profile in search.',
  suspended: 'Suspended by the Concord team. Your profile is not listed; reply to our mail to talk about it.',
};

export interface DashboardView {
  csrf: string;
  profile: OwnProfile | null;
  /** What the form shows: the saved profile, or what was just sent with its problems. */
  fields: ProfileFields;
  problems: FieldProblem[];
  /** A problem with the photo upload or with publishing, shown beside that form. */
  photoProblem?: string;
  publishProblem?: string;
  notice?: DashboardNotice | null;
  practiceAreas: PracticeArea[];
  /** What the languages checkboxes offer (offeredLanguages). */
  languages: Language[];
  map: MapSettings;
  /** The row just added without JavaScript, to focus (see ProfileForm). */
  focus?: string;
  /** The member's featured places that have not ended. */
  featured?: MemberGrant[];
}

export function DashboardPage(v: DashboardView): JSX.Element {
  const { profile, fields, problems } = v;
  const state: ListingState = profile?.state ?? 'none';
  const notice = v.notice ? DASHBOARD_NOTICES[v.notice] : null;
  const stateText = STATE_TEXT[state];
  return (
    <Layout title="Your profile" section="account" noindex styles={MAP_STYLES} scripts={['/assets/leaflet/leaflet.js', clientScript('office-pin'), clientScript('profile-form')]}>
      <AreaNav area="dashboard" current="profile" />
      <h1>Your profile</h1>
      {notice ? (
        <div class="notice" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <div class="dashboard-panels">
      <section class="panel" aria-labelledby="listing-title">
        <h2 id="listing-title">Listing</h2>
        <p>
          <strong>Status:</strong> <span safe>{stateText}</span>
        </p>
        {v.publishProblem ? (
          <div class="notice notice-error" role="alert">
            <p safe>{v.publishProblem}</p>
          </div>
        ) : (
          ''
        )}
        {profile ? (
          <>
            <p>
              Your profile is {profile.completeness}% complete. Updated <time datetime={profile.updatedAt} safe>{formatDate(profile.updatedAt)}</time>.
            </p>
            <div class="actions">
              <a class="button button-secondary" href="/dashboard/preview">
                Preview your profile
              </a>
              {state === 'draft' ? <PostButton action="/dashboard/publish" csrf={v.csrf} label="Publish" /> : ''}
              {state === 'listed' ? (
                <a class="button button-secondary" href={`/mediators/${profile.slug}`}>
                  See your public page
                </a>
              ) : (
                ''
              )}
              {state === 'listed' || state === 'waiting' ? <PostButton action="/dashboard/unlist" csrf={v.csrf} label={state === 'listed' ? 'Unlist' : 'Cancel the request'} secondary /> : ''}
            </div>
            <p class="hint">You can unlist your profile at any moment: it leaves search and its page at once.</p>
          </>
        ) : (
          ''
        )}
      </section>

      {profile ? <AvailabilityPanel profile={profile} csrf={v.csrf} /> : ''}
      {profile ? <PhotoPanel profile={profile} csrf={v.csrf} problem={v.photoProblem} /> : ''}
      <FeaturedPanel grants={v.featured ?? []} />
      </div>

      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{profile ? 'Edit your profile' : 'Make your profile'}</h2>
        <ErrorSummary problems={problems} />
        <ProfileForm csrf={v.csrf} fields={fields} problems={problems} practiceAreas={v.practiceAreas} languages={v.languages} map={v.map} focus={v.focus} />
      </section>

      <section class="panel" aria-labelledby="data-title">
        <h2 id="data-title">Your data</h2>
        <ul>
          <li>
            <a href="/dashboard/export">Download my data</a> (a JSON file of everything Concord holds about you)
          </li>
          <li>
            <a href="/dashboard/delete">Delete my account and profile</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

function AvailabilityPanel({ profile, csrf }: { profile: OwnProfile; csrf: string }): JSX.Element {
  const confirmed = profile.acceptingConfirmedAt;
  const accepting = profile.fields.accepting ? 'You say you are accepting new cases.' : 'You say you are not accepting new cases.';
  return (
    <section class="panel" aria-labelledby="availability-title">
      <h2 id="availability-title">Availability</h2>
      <p>
        {accepting}{' '}
        {confirmed ? (
          <>
            Last confirmed <time datetime={confirmed} safe>{formatDate(confirmed)}</time>.
          </>
        ) : (
          'Not confirmed yet.'
        )}
      </p>
      <p class="hint">Profiles confirmed in the last 90 days rank higher. Change the answer in the form below.</p>
      <PostButton action="/dashboard/availability" csrf={csrf} label="Confirm availability" secondary />
    </section>
  );
}

function PhotoPanel({ profile, csrf, problem }: { profile: OwnProfile; csrf: string; problem?: string }): JSX.Element {
  const megabytes = PHOTO_MAX_BYTES / 1024 / 1024;
  return (
    <section class="panel" aria-labelledby="photo-title">
      <h2 id="photo-title">Photo</h2>
      <div class="photo-row">
        <Avatar name={profile.fields.name} photoUrl={profile.photoUrl} large />
        <div>
          <form method="post" action="/dashboard/photo" enctype="multipart/form-data">
            <CsrfField token={csrf} />
            <ImageField
              name="photo"
              label="Choose a photo"
              hint={`A JPEG, PNG or WebP file up to ${megabytes} MB. We crop it square and remove its metadata (such as where it was taken).`}
              error={problem}
            />
            <button class="button" type="submit">
              Upload photo
            </button>
          </form>
          {profile.photoUrl ? <PostButton action="/dashboard/photo/delete" csrf={csrf} label="Remove photo" secondary /> : ''}
        </div>
      </div>
    </section>
  );
}

const SPLIT_OPTIONS = Object.entries(FEE_SPLIT_LABELS) as [string, string][];
const FORMAT_OPTIONS = FORMATS.map((f) => [f, FORMAT_LABELS[f]] as const);
const CURRENCY_OPTIONS = CURRENCIES.map((c) => [c, c] as const);
const AREA_KINDS = [
  ['', 'Choose…'],
  ['online', 'Online'],
  ['travel', 'I travel to clients'],
] as const;

/** The rows to show: what is there, plus one empty row to add another (the form works without JS). */
function withBlank<T>(list: T[], blank: () => T, max: number): T[] {
  return list.length < max ? [...list, blank()] : list;
}

/** What the slot in a row template is called; the profile script puts the next free row number there. */
const ROW_SLOT = '__row__';

/** The rows to show: those there are, or one empty one to start with. */
const rowsToShow = <T,>(list: T[], blank: () => T): T[] => (list.length ? list : [blank()]);

/**
 * Adds a row. Without JavaScript it sends the form, which comes back as typed with one more empty
 * row; the profile script adds the row in place instead (src/web/client/profile-form.ts).
 */
function AddRowButton({ kind, label, shown }: { kind: 'office' | 'credential'; label: string; shown: boolean }): JSX.Element {
  return (
    <p class="row-add" data-row-add={kind} hidden={!shown}>
      <button class="button button-secondary" type="submit" name="add" value={kind} safe>
        {label}
      </button>
    </p>
  );
}

function RemoveRowButton({ kind, i, label }: { kind: 'office' | 'credential'; i: number | string; label: string }): JSX.Element {
  return (
    <button class="button button-secondary row-remove" type="submit" name="remove" value={`${kind}_${i}`} data-row-remove>
      Remove <span class="visually-hidden" safe>{label}</span>
      <span aria-hidden="true">this {kind}</span>
    </button>
  );
}

function CredentialGroup({ c, i, problems, focus }: { c: CredentialFields; i: number | string; problems: FieldProblem[]; focus?: boolean }): JSX.Element {
  const legend = typeof i === 'number' ? `Credential ${i + 1}` : 'New credential';
  return (
    <fieldset class="row-group" data-row>
      <legend data-row-legend safe>
        {legend}
      </legend>
      <TextField name={`credential_${i}_title`} label="Title" value={c.title} problems={problems} maxlength={LIMITS.title} autofocus={focus} />
      <div class="row">
        <TextField name={`credential_${i}_issuer`} label="Issued by" value={c.issuer} problems={problems} maxlength={LIMITS.issuer} />
        <TextField name={`credential_${i}_year`} label="Year" value={c.year} problems={problems} inputmode="numeric" maxlength={4} />
      </div>
      <RemoveRowButton kind="credential" i={i} label={legend} />
    </fieldset>
  );
}

function OfficeGroup({ o, i, problems, map, focus }: { o: OfficeFields; i: number | string; problems: FieldProblem[]; map: MapSettings; focus?: boolean }): JSX.Element {
  const legend = typeof i === 'number' ? `Office ${i + 1}` : 'New office';
  return (
    <fieldset class="row-group" data-office data-row>
      <legend data-row-legend safe>
        {legend}
      </legend>
      <TextField name={`office_${i}_label`} label="Name of the office (optional)" value={o.label} problems={problems} maxlength={LIMITS.label} autofocus={focus} />
      <TextField name={`office_${i}_address`} label="Street address" value={o.address} problems={problems} maxlength={LIMITS.address} autocomplete="off" />
      <div class="row">
        <TextField name={`office_${i}_postal_code`} label="ZIP or postal code" value={o.postal_code} problems={problems} maxlength={LIMITS.postal_code} data="postal" />
        <TextField name={`office_${i}_city`} label="City" value={o.city} problems={problems} maxlength={LIMITS.city} data="1" />
      </div>
      <p class="hint" data-postal-found aria-live="polite"></p>
      <div class="row">
        <CountrySelect name={`office_${i}_country`} label="Country" value={o.country} problems={problems} emptyLabel="From the postal code or city" />
        <RegionSelect name={`office_${i}_region`} label="State, province or region" value={o.region} country={o.country} problems={problems} />
      </div>
      <input type="hidden" name={`office_${i}_lat`} value={o.lat} data-pin="lat" />
      <input type="hidden" name={`office_${i}_lon`} value={o.lon} data-pin="lon" />
      <div
        class="map map-small"
        role="region"
        aria-label={`Map of ${legend}: drag the pin to your door`}
        data-office-pin
        data-tiles={map.tiles}
        data-tile-host={tileHost(map.tiles)}
        data-attribution={map.attribution}
        hidden
      ></div>
      <RemoveRowButton kind="office" i={i} label={legend} />
    </fieldset>
  );
}

export function ProfileForm(v: {
  csrf: string;
  fields: ProfileFields;
  problems: FieldProblem[];
  practiceAreas: PracticeArea[];
  languages: Language[];
  map: MapSettings;
  /** The row just added without JavaScript (`office_2`), whose first field gets the focus. */
  focus?: string;
}): JSX.Element {
  const { fields: f, problems } = v;
  return (
    <form method="post" action="/dashboard/profile" novalidate class="profile-form">
      <CsrfField token={v.csrf} />
      {/* Enter in a field presses the form's first button: saving, never adding or removing a row. */}
      <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">
        Save profile
      </button>
      <fieldset>
        <legend>About you</legend>
        <TextField name="name" label="Your name, as clients should see it" value={f.name} problems={problems} maxlength={LIMITS.name} autocomplete="name" required />
        <TextField name="headline" label="Headline" hint="One line about your practice, like “Family mediator helping parents agree”." value={f.headline} problems={problems} maxlength={LIMITS.headline} />
        <TextArea
          name="bio"
          label="About your practice"
          hint="How you work and who you help. You can use Markdown: **bold**, *italic*, lists and links. Email addresses are hidden on your page."
          value={f.bio}
          problems={problems}
          maxlength={LIMITS.bio}
          rows={10}
        />
      </fieldset>

      <Checks name="practice" legend="Kinds of dispute" options={v.practiceAreas.map((p) => [p.slug, p.name] as const)} chosen={f.practice} problems={problems} />
      <Checks name="languages" legend="Languages you mediate in" options={v.languages.map((l) => [l.code, l.name] as const)} chosen={f.languages} problems={problems} />
      <Checks name="formats" legend="How you meet clients" options={FORMAT_OPTIONS} chosen={f.formats} problems={problems} />

      <fieldset>
        <legend>Fees</legend>
        <div class="row">
          <TextField name="fee_min" label="Lowest hourly fee" value={f.fee_min} problems={problems} inputmode="numeric" maxlength={9} hint="Whole number, or empty." />
          <TextField name="fee_max" label="Highest hourly fee" value={f.fee_max} problems={problems} inputmode="numeric" maxlength={9} hint="Whole number, or empty." />
        </div>
        <Select name="fee_currency" label="Currency" value={f.fee_currency} options={CURRENCY_OPTIONS} problems={problems} />
        <Select name="fee_split" label="Who pays" value={f.fee_split} options={SPLIT_OPTIONS} problems={problems} />
        <Check name="free_consultation" label="I offer a free first consultation" checked={f.free_consultation} />
        <Check name="sliding_scale" label="I offer a sliding scale (fees adjusted to what people can pay)" checked={f.sliding_scale} />
      </fieldset>

      <fieldset>
        <legend>Experience</legend>
        <div class="row">
          <TextField name="years_in_practice" label="Years in practice" value={f.years_in_practice} problems={problems} inputmode="numeric" maxlength={3} />
          <TextField name="mediations_count" label="Mediations so far (about)" value={f.mediations_count} problems={problems} inputmode="numeric" maxlength={9} />
        </div>
        <Check name="accepting" label="I am accepting new cases" checked={f.accepting} />
      </fieldset>

      <fieldset data-rows="credential" data-max={String(MAX_CREDENTIALS)}>
        <legend>Credentials</legend>
        <p class="hint">Certifications, degrees and memberships.</p>
        {rowsToShow(f.credentials, emptyCredential).map((c, i) => (
          <CredentialGroup c={c} i={i} problems={problems} focus={v.focus === `credential_${i}`} />
        ))}
        <AddRowButton kind="credential" label="Add another credential" shown={f.credentials.length < MAX_CREDENTIALS} />
        <template data-row-template="credential">
          <CredentialGroup c={emptyCredential()} i={ROW_SLOT} problems={[]} />
        </template>
      </fieldset>

      <fieldset data-rows="office" data-max={String(MAX_OFFICES)}>
        <legend>Offices</legend>
        <p class="hint">
          Where you meet clients in person. We place each office on the map from its postal code, or its city, and fill in the state and country from the postal code
          when we know it.
        </p>
        {rowsToShow(f.offices, emptyOffice).map((o, i) => (
          <OfficeGroup o={o} i={i} problems={problems} map={v.map} focus={v.focus === `office_${i}`} />
        ))}
        <AddRowButton kind="office" label="Add another office" shown={f.offices.length < MAX_OFFICES} />
        <template data-row-template="office">
          <OfficeGroup o={emptyOffice()} i={ROW_SLOT} problems={[]} map={v.map} />
        </template>
      </fieldset>

      <fieldset>
        <legend>Where else you work</legend>
        <p class="hint">Online across a state or country, or places you travel to. Leave the region empty for the whole country.</p>
        {withBlank(f.areas, emptyArea, MAX_AREAS).map((a, i) => (
          <div class="row">
            <Select name={`area_${i}_kind`} label={`Area ${i + 1}: how`} value={a.kind} options={AREA_KINDS} problems={problems} />
            <CountrySelect name={`area_${i}_country`} label="Country" value={a.country} problems={problems} emptyLabel="Choose…" />
            <RegionSelect name={`area_${i}_region`} label="State or region (optional)" value={a.region} country={a.country} problems={problems} />
          </div>
        ))}
      </fieldset>

      <button class="button" type="submit">
        Save profile
      </button>
    </form>
  );
}

export function DeleteAccountPage(v: { csrf: string; hasProfile: boolean; problems: FieldProblem[]; status?: number }): JSX.Element {
  return (
    <Layout title="Delete your account" section="account" noindex>
      <AreaNav area="dashboard" current="account" />
      <div class="narrow">
        <h1>Delete your account</h1>
        <p class="lead">
          {v.hasProfile
            ? 'This deletes your account and your profile, with its offices, photo and everything else, at once. It cannot be undone.'
            : 'This deletes your account at once. It cannot be undone.'}
        </p>
        <p>
          You may want to <a href="/dashboard/export">download your data</a> first.
        </p>
        <ErrorSummary problems={v.problems} />
        <form method="post" action="/dashboard/delete" novalidate>
          <CsrfField token={v.csrf} />
          <div class={v.problems.length ? 'field field-invalid' : 'field'}>
            <label for="current_password">Your password</label>
            <ErrorLine id="current_password" error={v.problems[0]?.message} />
            <input
              id="current_password"
              name="current_password"
              type="password"
              autocomplete="current-password"
              required
              maxlength="200"
              aria-invalid={v.problems.length ? 'true' : undefined}
              aria-describedby={v.problems.length ? 'current_password-error' : undefined}
            />
          </div>
          <button class="button button-danger" type="submit">
            Delete my account
          </button>
        </form>
        <p>
          <a href="/dashboard">Keep my account</a>
        </p>
      </div>
    </Layout>
  );
}
