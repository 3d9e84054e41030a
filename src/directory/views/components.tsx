import { clientScript } from '../../web/client.ts';
import { CURRENCY_NAMES } from '../currency.ts';
import { RADIUS_MAX, areaParam } from '../schema.ts';
import { FORMAT_LABELS, FORMATS, SORTS, type Language, type PracticeArea, type SearchHit, type SearchParams, type Sort, type Verification } from '../types.ts';
import type { Unit } from '../../geo/distance.ts';
import { outside, searchHref, SITE_SEARCH, withoutFilters, type SearchHome } from './search-url.ts';
import { COMPARE_FORM_ID, ComparePick } from './compare-pick.tsx';
import { availabilityText, basedLine, cityLine, feeNotes, formatDistance, formatFeeRange, formatFormats } from './format.ts';
import { attributeText } from '../../web/attribute-text.ts';
import { formatDate, plural } from '../../web/format.ts';
import { Avatar } from '../../web/people.tsx';

/** Pieces shared by the directory's pages. */

/** Where map images come from (config), passed to the browser map script as data attributes. */
export interface MapSettings {
  tiles: string;
  attribution: string;
}

export interface MapMarker {
  lat: number;
  lon: number;
  label: string;
  href?: string;
  detail?: string;
}

/** Leaflet's stylesheet, for pages that load Leaflet with the page (the member's office pin). */
export const MAP_STYLES = ['/assets/leaflet/leaflet.css'];

/**
 * Only our own map script: it loads Leaflet (and so the tile server) when the visitor presses
 * "Show map", so no page asks a third party for anything before that.
 */
export const MAP_SCRIPTS = [clientScript('map')];

export const RADIUS_CHOICES = [10, 25, 50, 100] as const;

export function FeaturedLabel(): JSX.Element {
  return <span class="label-featured">Featured</span>;
}

/** "✓ Verified Dec 3, 2026 by Concord": the date and who saw the evidence, in words. */
export function VerifiedBadge({ verification }: { verification: Verification }): JSX.Element {
  return (
    <span class="badge-verified">
      <span aria-hidden="true">✓</span> Verified{' '}
      <time datetime={verification.verifiedAt.slice(0, 10)} safe>
        {formatDate(verification.verifiedAt)}
      </time>{' '}
      by <span safe>{verification.verifier}</span>
    </span>
  );
}

/** A card's verified credentials: the first `max` (two on result cards, one on compact featured cards), and how many more. */
export function CardVerified({ verified, max = 2 }: { verified: SearchHit['verified']; max?: number }): JSX.Element {
  if (!verified?.length) return <></>;
  const more = verified.length - max;
  return (
    <ul class="card-verified" aria-label="Verified credentials">
      {verified.slice(0, max).map((v) => (
        <li>
          <span safe>{v.title}</span>: <VerifiedBadge verification={v} />
        </li>
      ))}
      {more > 0 ? <li class="muted" safe>{`and ${plural(more, 'more verified credential')}`}</li> : ''}
    </ul>
  );
}

/** The tile server's host name, as the "Show map" button names it: "tile.openstreetmap.org". */
export function tileHost(tiles: string): string {
  try {
    return new URL(tiles.replace(/\{[a-z]\}\./g, '').replace(/\{[a-z]\}/g, '0')).hostname;
  } catch {
    return 'an outside map server';
  }
}

/**
 * The map, drawn only when the visitor asks ("Show map", which names the tile server): until
 * then no request leaves the site. The offer and the box are hidden in the HTML and shown by
 * map.js, so without JavaScript there is no button that does nothing and no empty frame;
 * everything on the map is also in the list beside it.
 */
export function MapBox({
  markers,
  settings,
  label,
  fallback,
  small,
  newTab,
}: {
  markers: MapMarker[];
  settings: MapSettings;
  label: string;
  /** Where the same information is on the page, for the note shown when the map fails. */
  fallback: string;
  small?: boolean;
  /** The markers' links open in a new tab (the embedded directory). */
  newTab?: boolean;
}): JSX.Element {
  if (!markers.length) return <></>;
  return (
    <div class="map-slot" data-map-slot>
      <p class="map-offer" data-map-offer hidden>
        <button class="button button-secondary" type="button" data-map-toggle aria-expanded="false">
          Show map
        </button>{' '}
        <span class="hint" safe>
          {`Map images come from ${tileHost(settings.tiles)}.`}
        </span>
      </p>
      <div
        class={small ? 'map map-small' : 'map'}
        role="region"
        aria-label={label}
        data-map
        data-markers={JSON.stringify(markers)}
        data-tiles={settings.tiles}
        data-attribution={settings.attribution}
        data-fallback={fallback}
        data-new-tab={newTab ? '1' : undefined}
        hidden
      ></div>
    </div>
  );
}

/** How the mediator relates to the searched place, in words: "3.2 mi · Austin, TX". */
export function whereLine(hit: SearchHit, area: string | null): string | null {
  if (hit.match === 'office' && hit.office) {
    return hit.distance ? `${formatDistance(hit.distance)} away · office in ${cityLine(hit.office)}` : `Office in ${cityLine(hit.office)}`;
  }
  // Matched by a service area: say where they are based too, as a licence and the law are local.
  const based = hit.based ? ` · based in ${basedLine(hit.based)}` : '';
  if (hit.match === 'online') return (area ? `Meets online with clients in ${area}` : 'Meets online') + based;
  if (hit.match === 'travel') return (area ? `Travels to clients in ${area}` : 'Travels to clients') + based;
  return hit.office ? `Office in ${cityLine(hit.office)}` : hit.based ? `Based in ${basedLine(hit.based)}` : null;
}

/** A card's name, linked to the profile, and its "Featured" label. */
export function CardHeading({ hit, home }: { hit: Pick<SearchHit, 'slug' | 'name' | 'featured' | 'featuredFor'>; home?: SearchHome | undefined }): JSX.Element {
  const out = outside(home);
  return (
    <h3>
      <a href={`/mediators/${hit.slug}`} target={out.target} rel={out.rel} safe>
        {hit.name}
      </a>{' '}
      {hit.featured ? <FeaturedLabel /> : ''}
      {hit.featured && hit.featuredFor?.length ? (
        <span class="featured-for" safe>
          {` for ${hit.featuredFor.join('; ')}`}
        </span>
      ) : (
        ''
      )}
    </h3>
  );
}

/**
 * One result card. `area` names the searched region for mediators who serve it without an
 * office nearby ("Meets online with clients in Texas").
 */
export function MediatorCard({
  hit,
  area = null,
  showReasons = true,
  compare = false,
  home,
}: {
  hit: SearchHit;
  area?: string | null;
  showReasons?: boolean;
  /** A "Compare" box, part of the page's CompareForm (results pages). */
  compare?: boolean;
  /** Where the search lives (the embedded directory opens profiles in a new tab). */
  home?: SearchHome | undefined;
}): JSX.Element {
  const where = whereLine(hit, area);
  const fee = formatFeeRange(hit.fee);
  const availability = availabilityText(hit.availability);
  const languages = hit.languages.map((l) => l.name);
  return (
    <article class={hit.featured ? 'card card-featured' : 'card'}>
      {/* A photo when the mediator gave one; initials on every card said nothing and took the
          name's room. */}
      {hit.photoUrl ? <Avatar name={hit.name} photoUrl={hit.photoUrl} /> : ''}
      <div>
        <CardHeading hit={hit} home={home} />
        {hit.headline ? <p safe>{hit.headline}</p> : ''}
        {where ? (
          <p>
            <strong safe>{where}</strong>
          </p>
        ) : (
          ''
        )}
        <CardVerified verified={hit.verified} />
        {hit.practiceAreas.length ? (
          <ul class="tags" aria-label="Practice areas">
            {hit.practiceAreas.map((p) => (
              <li safe>{p.name}</li>
            ))}
          </ul>
        ) : (
          ''
        )}
        <ul class="card-meta">
          <li safe>{fee ?? 'Fee not listed'}</li>
          {feeNotes(hit.fee).map((n) => (
            <li safe>{n}</li>
          ))}
          {hit.formats.length ? <li safe>{formatFormats(hit.formats).join(', ')}</li> : ''}
          {languages.length ? <li safe>{languages.join(', ')}</li> : ''}
        </ul>
        <p>
          <span class={availability.ok ? 'ok' : hit.availability.accepting ? '' : 'muted'} safe>
            {availability.text}
          </span>
          {availability.note && !availability.ok ? (
            <>
              {' · '}
              <span class="warn" safe>
                {availability.note}
              </span>
            </>
          ) : (
            ''
          )}
        </p>
        {showReasons && hit.reasons.length ? (
          <ul class="reasons" aria-label="Why this mediator is shown">
            {hit.reasons.map((r) => (
              <li safe>{r}</li>
            ))}
          </ul>
        ) : (
          ''
        )}
        {compare ? <ComparePick slug={hit.slug} name={hit.name} form={COMPARE_FORM_ID} /> : ''}
      </div>
    </article>
  );
}

/** Result cards: an ordered list where the order means something (search), else a grid. */
export function CardList({ hits, area, ordered, compare }: { hits: SearchHit[]; area?: string | null; ordered?: boolean; compare?: boolean }): JSX.Element {
  const items = hits.map((hit) => (
    <li>
      <MediatorCard hit={hit} area={area} compare={compare} />
    </li>
  ));
  return ordered ? <ol class="cards">{items}</ol> : <ul class="cards card-grid">{items}</ul>;
}

/** Markers for the hits that have an office in the searched area. */
export function officeMarkers(hits: SearchHit[]): MapMarker[] {
  const seen = new Set<number>();
  const markers: MapMarker[] = [];
  for (const hit of hits) {
    if (!hit.office || seen.has(hit.id)) continue;
    seen.add(hit.id);
    markers.push({
      lat: hit.office.lat,
      lon: hit.office.lon,
      label: hit.name,
      href: `/mediators/${hit.slug}`,
      detail: [hit.distance ? formatDistance(hit.distance) : null, cityLine(hit.office)].filter(Boolean).join(' · '),
    });
  }
  return markers;
}

/** The "Use my location" button and where its messages are read out; shown by locate.js. */
export function LocateButton(): JSX.Element {
  return (
    <button class="button button-secondary" type="button" data-locate hidden>
      Use my location
    </button>
  );
}

function RadiusOptions({ radius }: { radius: number }): JSX.Element {
  const choices: number[] = [...RADIUS_CHOICES];
  if (!choices.includes(radius)) choices.push(radius);
  choices.sort((a, b) => a - b);
  return (
    <>
      {choices.map((r) => (
        <option value={String(r)} selected={r === radius}>
          {r}
        </option>
      ))}
    </>
  );
}

function UnitOptions({ unit }: { unit: Unit }): JSX.Element {
  return (
    <>
      <option value="mi" selected={unit === 'mi'}>
        miles
      </option>
      <option value="km" selected={unit === 'km'}>
        km
      </option>
    </>
  );
}

/** "Within [25] [miles]": the radius and its unit, shared by the home box and the filters. */
function DistanceFields({ radius, unit, class: className }: { radius: number; unit: Unit; class?: string }): JSX.Element {
  return (
    <fieldset class={className}>
      <legend>Within</legend>
      <div class="row">
        <label class="visually-hidden" for="radius">
          Distance
        </label>
        <select id="radius" name="radius">
          <RadiusOptions radius={radius} />
        </select>
        <label class="visually-hidden" for="unit">
          Unit
        </label>
        <select id="unit" name="unit">
          <UnitOptions unit={unit} />
        </select>
      </div>
    </fieldset>
  );
}

/** The home page's search box: a place, a distance, a kind of dispute. */
export function SearchBox({ practiceAreas, radius, unit }: { practiceAreas: PracticeArea[]; radius: number; unit: Unit }): JSX.Element {
  return (
    <form class="search-box" action="/mediators" method="get" role="search" aria-label="Find mediators">
      <div class="field field-near">
        <label for="near">
          Where are you?
          <span class="hint">A ZIP or postal code, or a city</span>
        </label>
        <input id="near" type="text" name="near" autocomplete="postal-code" maxlength="200" data-place-input />
      </div>
      <DistanceFields radius={radius} unit={unit} class="field" />
      <div class="field">
        <label for="practice">Kind of dispute</label>
        <select id="practice" name="practice">
          <option value="">Any</option>
          {practiceAreas.map((p) => (
            <option value={p.slug} safe>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div class="search-actions">
        <button class="button" type="submit">
          Find mediators
        </button>
        <LocateButton />
      </div>
      <p class="status" aria-live="polite" data-locate-status></p>
    </form>
  );
}

// The languages most asked for are always shown; the rest sit behind "More languages".
const COMMON_LANGUAGES = ['en', 'es', 'fr', 'zh', 'vi', 'ar', 'ko', 'asl'];

const SORT_LABELS = { match: 'Best match', distance: 'Distance, nearest first', fee: 'Fee, lowest first' } as const satisfies Record<Sort, string>;

function Check({ name, value, label, checked }: { name: string; value: string; label: string; checked: boolean }): JSX.Element {
  return (
    <label class="check">
      <input type="checkbox" name={name} value={value} checked={checked} /> <span safe>{label}</span>
    </label>
  );
}

/**
 * Every search filter in one GET form, so any result page is a link that can be shared.
 * `radius`/`unit` are what the search used (sticky even when the visitor left them out).
 */
export function FilterForm({
  params,
  radius,
  unit,
  practiceAreas,
  languages,
  activeCount,
  feeCurrency,
  point,
  open = false,
  total,
  home = SITE_SEARCH,
}: {
  params: SearchParams;
  radius: number;
  unit: Unit;
  /** The currency the fee filter reads (currency.ts): the place's. */
  feeCurrency: string;
  /** A point from "Use my location": the box shows its town, `at` keeps the point. */
  point?: { text: string; at: string } | undefined;
  practiceAreas: PracticeArea[];
  /** Every language, hidden ones included (offered only while chosen, so they can be unchosen). */
  languages: Language[];
  activeCount: number;
  /** Open on phones too, where the form is the page's main action. */
  open?: boolean;
  /** The results it shows now: the button says so, and filters.ts keeps the results in step. */
  total?: number | undefined;
  /** Where the search lives: the form goes there, and an association's directory offers its panels. */
  home?: SearchHome;
}): JSX.Element {
  const offered = languages.filter((l) => !l.hidden || params.language.includes(l.code));
  const commonLanguages = COMMON_LANGUAGES.flatMap((code) => offered.filter((l) => l.code === code));
  const otherLanguages = offered.filter((l) => !COMMON_LANGUAGES.includes(l.code));
  const moreOpen = params.language.some((code) => otherLanguages.some((l) => l.code === code));
  return (
    <details class="filters" open={open}>
      <summary>{activeCount ? `Search and filters (${activeCount} on)` : 'Search and filters'}</summary>
      <form class="filters-body" action={home.path} method="get" role="search" aria-label="Search and filters" data-live-filters={total !== undefined}>
        {params.area ? <input type="hidden" name="area" value={areaParam(params.area)} /> : ''}
        {params.association && !home.association ? <input type="hidden" name="association" value={params.association} /> : ''}
        {params.panel && !home.association ? <input type="hidden" name="panel" value={params.panel} /> : ''}
        <div class="field">
          <label for="near">
            Near
            <span class="hint">A ZIP or postal code, or a city</span>
          </label>
          <input id="near" type="text" name="near" value={attributeText(point ? point.text : (params.near ?? ''))} autocomplete="postal-code" maxlength="200" data-place-input />
          {point ? <input type="hidden" name="at" value={point.at} /> : ''}
          <LocateButton />
          <p class="status" aria-live="polite" data-locate-status></p>
        </div>
        <DistanceFields radius={radius} unit={unit} />
        <div class="field">
          <label for="sort">Sort by</label>
          <select id="sort" name="sort">
            {SORTS.map((s) => (
              <option value={s} selected={params.sort === s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {home.association?.panels.length ? <PanelChoices panels={home.association.panels} chosen={params.panel} /> : ''}
        <fieldset>
          <legend>Kind of dispute</legend>
          <div class="checks">
            {practiceAreas.map((p) => (
              <Check name="practice" value={p.slug} label={p.name} checked={params.practice.includes(p.slug)} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>How you meet</legend>
          <div class="checks">
            {FORMATS.map((f) => (
              <Check name="format" value={f} label={FORMAT_LABELS[f]} checked={params.format.includes(f)} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Languages</legend>
          <div class="checks">
            {commonLanguages.map((l) => (
              <Check name="language" value={l.code} label={l.name} checked={params.language.includes(l.code)} />
            ))}
          </div>
          <details open={moreOpen}>
            <summary>More languages</summary>
            <div class="checks">
              {otherLanguages.map((l) => (
                <Check name="language" value={l.code} label={l.name} checked={params.language.includes(l.code)} />
              ))}
            </div>
          </details>
        </fieldset>
        <fieldset>
          <legend>Fees and availability</legend>
          <div class="field">
            {/* == search-input: the label says the rule the filter applies (the lowest fee) and the currency it reads == */}
            <label for="maxFee">Starting fee at or below</label>
            <span class="hint" id="maxFee-hint" safe>
              {`Per hour, in ${CURRENCY_NAMES[feeCurrency] ?? feeCurrency}. Fees in other currencies are converted.`}
            </span>
            <input
              id="maxFee"
              type="number"
              name="maxFee"
              min="0"
              max="100000"
              step="1"
              inputmode="numeric"
              aria-describedby="maxFee-hint"
              value={params.maxFee === undefined ? '' : String(params.maxFee)}
            />
            <a class="hint" href="/how-search-works#fees" {...outside(home)}>
              How fees are compared
            </a>
          </div>
          <Check name="free" value="1" label="Free first consultation" checked={params.freeConsultation} />
          <Check name="accepting" value="1" label="Accepting new cases" checked={params.accepting} />
        </fieldset>
        <div class="field">
          <label for="q">
            Keywords
            <span class="hint">For example: parenting plan, tenant, partnership</span>
          </label>
          <input id="q" type="search" name="q" value={attributeText(params.q ?? '')} maxlength="200" />
        </div>
        <div class="filters-actions">
          <button class="button" type="submit" safe>
            {total === undefined ? 'Show mediators' : `Show ${plural(total, 'mediator')}`}
          </button>
          {activeCount ? <a href={searchHref(withoutFilters(params), {}, home)}>Clear filters</a> : ''}
        </div>
      </form>
    </details>
  );
}

/** An association's panels, one at a time: "All members" or one panel. */
function PanelChoices({ panels, chosen }: { panels: { slug: string; name: string }[]; chosen: string | undefined }): JSX.Element {
  return (
    <fieldset>
      <legend>Panel</legend>
      <div class="checks">
        <label class="check">
          <input type="radio" name="panel" value="" checked={!chosen} /> <span>All members</span>
        </label>
        {panels.map((p) => (
          <label class="check">
            <input type="radio" name="panel" value={p.slug} checked={chosen === p.slug} /> <span safe>{p.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The next larger distance to suggest when nothing was found, or null at the maximum. */
export function widerRadius(radius: number): number | null {
  const next = [...RADIUS_CHOICES, RADIUS_MAX].find((r) => r > radius);
  return next ?? null;
}
