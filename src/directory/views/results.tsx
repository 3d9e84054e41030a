import { absoluteUrl, Layout } from '../../web/layout.tsx';
import { clientScript } from '../../web/client.ts';
import type { Unit } from '../../geo/distance.ts';
import type { Language, PracticeArea, SearchParams, SearchResult, ServedArea } from '../types.ts';
import { areaParam, isOnlineOnly } from '../schema.ts';
import { countryChoices, countryName, regionChoices } from '../../geo/places.ts';
import { FilterForm, MAP_SCRIPTS, MapBox, officeMarkers, widerRadius, type MapSettings } from './components.tsx';
import { areaName } from './format.ts';
import { budgetCurrency } from '../currency.ts';
import { ResultsWithFeatured } from './featured-slot.tsx';
import { activeFilterCount, outside, searchHref, SITE_SEARCH, withoutFilters, type SearchHome } from './search-url.ts';
import { COMPARE_SCRIPTS, CompareForm } from './compare-pick.tsx';
import { plural } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';

/** A place the search could also mean, or a spelling it may have been. */
export interface PlaceChoice {
  label: string;
}

const SCRIPTS = [clientScript('filters'), clientScript('locate'), clientScript('place-input'), ...COMPARE_SCRIPTS];
// In another site's frame: no location sharing (a frame is not allowed it) and no compare tray
// (the plain compare form opens the comparison in a new tab); the frame tells its page its height.
const EMBED_SCRIPTS = [clientScript('filters'), clientScript('place-input'), clientScript('embed-frame')];

/**
 * A point shared by "Use my location", as the search box shows it: the town, not the numbers
 * ('near Brooklyn, NY'), with the point kept in `at` (see resolvePlace in search.ts).
 */
function sharedPoint(location: SearchResult['location']): { text: string; at: string } | undefined {
  if (location?.kind !== 'coordinates' || /^-?\d/.test(location.label)) return undefined;
  return { text: `near ${location.label}`, at: `${location.lat},${location.lon}` };
}

export interface ResultsView {
  publicUrl: string;
  params: SearchParams;
  result: SearchResult;
  alternatives: PlaceChoice[];
  practiceAreas: PracticeArea[];
  languages: Language[];
  /** null: no map (the embedded directory, when the map images would come from another site). */
  map: MapSettings | null;
  /** Where the search lives: the site's /mediators unless given. */
  home?: SearchHome;
}

function DidYouMean({ params, places, home }: { params: SearchParams; places: PlaceChoice[]; home: SearchHome }): JSX.Element {
  if (!places.length) return <></>;
  return (
    <div class="notice">
      <p>Did you mean…</p>
      <ul class="suggestions">
        {places.map((p) => (
          <li>
            <a href={searchHref(params, { near: p.label, page: 1 }, home)} safe>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoResults({ params, result, home }: { params: SearchParams; result: SearchResult; home: SearchHome }): JSX.Element {
  const wider = result.location ? widerRadius(result.radius) : null;
  const filters = activeFilterCount(params, home);
  const onlineOnly = params.format.length === 1 && params.format[0] === 'online';
  return (
    <div class="notice">
      <h2>No mediators match this search yet</h2>
      <p>Some ways to find one:</p>
      <ul class="next-steps">
        {wider ? (
          <li>
            <a href={searchHref(params, { radius: wider, unit: result.unit, page: 1 }, home)}>
              Search a wider area: within {wider} {result.unit}
            </a>
          </li>
        ) : (
          ''
        )}
        {filters ? (
          <li>
            <a href={searchHref(withoutFilters(params), {}, home)}>Remove the filters and keep the place</a>
          </li>
        ) : (
          ''
        )}
        {onlineOnly ? (
          ''
        ) : (
          <li>
            <a href={searchHref(params, { format: ['online'], page: 1 }, home)}>Look for mediators who meet online</a> — many work with clients anywhere in their state or
            country.
          </li>
        )}
        <li>Try a nearby town, or a ZIP or postal code, in the search box.</li>
      </ul>
    </div>
  );
}

const AREA_HINT = 'A mediator’s licence, and the law that applies, are usually those of your state or country.';

/**
 * Online only, with no place: where the visitor is, as a country or a state, so the results are
 * mediators who meet clients there online (the address keeps it as `area`).
 */
function AreaChooser({ params, area, home }: { params: SearchParams; area: ServedArea | null; home: SearchHome }): JSX.Element {
  const chosen = area ? areaParam(area) : '';
  const keep = [...new URLSearchParams(searchHref({ ...params, area: undefined, page: 1 }, {}, home).split('?')[1] ?? '')];
  return (
    <form class="area-chooser" action={home.path} method="get" aria-label="Where you are">
      {keep.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="area">
        Where are you?
        <span class="hint">{AREA_HINT}</span>
      </label>
      <div class="row">
        <select id="area" name="area" required>
          {chosen ? '' : <option value="">Choose your state or country</option>}
          {REGION_COUNTRIES.map((country) => (
            <optgroup label={`${countryName(country)}: ${country === 'CA' ? 'provinces' : country === 'GB' ? 'nations' : 'states'}`}>
              {regionChoices(country).map((r) => (
                <option value={`${country}-${r.code}`} selected={chosen === `${country}-${r.code}`} safe>
                  {r.name}
                </option>
              ))}
            </optgroup>
          ))}
          <optgroup label="Countries">
            {countryChoices().map((c) => (
              <option value={c.code} selected={chosen === c.code} safe>
                {c.name}
              </option>
            ))}
          </optgroup>
        </select>
        <button class="button" type="submit">
          Show mediators there
        </button>
      </div>
    </form>
  );
}

/** Countries whose states or provinces the chooser lists by name. */
const REGION_COUNTRIES = ['US', 'CA', 'GB', 'AU'];

export function ResultsPage(v: ResultsView): JSX.Element {
  const { params, result } = v;
  const home = v.home ?? SITE_SEARCH;
  const Page = home.layout ?? Layout;
  const place = result.location?.label;
  const servedArea = result.area ? areaName(result.area.country, result.area.region) : null;
  const onlineWithoutPlace = isOnlineOnly(params) && !result.location;
  // Online only and no area yet (the browser names no country): ask before listing the world A–Z.
  const askArea = onlineWithoutPlace && !result.area;
  const title = place ? `Mediators near ${place}` : servedArea ? `Mediators who meet online with clients in ${servedArea}` : askArea ? 'Mediators who meet online' : 'Mediators';
  const area = result.location ? areaName(result.location.country, result.location.region) : servedArea;
  const filters = activeFilterCount(params, home);
  const canonical = absoluteUrl(v.publicUrl, searchHref(params, {}, home));
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.results.length - 1;
  const summary = result.location
    ? `${plural(result.total, 'mediator')} within ${result.radius} ${result.unit}, or serving this area online or by travel`
    : servedArea
      ? `${plural(result.total, 'mediator')} who say they meet clients in ${servedArea} online`
      : askArea
        ? 'Tell us where you are to see the mediators who meet clients there online.'
        : plural(result.total, 'mediator');
  const markers = askArea ? [] : officeMarkers([...result.results, ...result.featured]);

  return (
    <Page
      title={result.page > 1 ? `${title} (page ${result.page})` : title}
      description={`${plural(result.total, 'mediator')}${place ? ` near ${place}` : ''}: compare fees, languages and availability.`}
      canonical={canonical}
      section={home.association ? undefined : 'mediators'}
      noindex={filters > 0}
      scripts={home.embedded ? [...EMBED_SCRIPTS, ...(v.map ? MAP_SCRIPTS : [])] : [...SCRIPTS, ...MAP_SCRIPTS]}
      jsonLd={[
        {
          '@context': 'https://schema.org',
          '@type': 'SearchResultsPage',
          name: title,
          url: canonical,
          mainEntity: {
            '@type': 'ItemList',
            numberOfItems: result.total,
            itemListElement: result.results.map((h, i) => ({
              '@type': 'ListItem',
              position: first + i,
              name: h.name,
              url: absoluteUrl(v.publicUrl, `/mediators/${h.slug}`),
            })),
          },
        },
      ]}
    >
      <div data-results-part="head">
        <h1 safe>{title}</h1>
        <p class="results-summary" data-results-count safe>
          {summary}
        </p>
        {home.association ? (
          result.membership?.panel ? (
            <p class="results-membership">
              <span safe>{`${result.membership.panel.name} only`}</span> · <a href={searchHref(params, { panel: undefined, page: 1 }, home)}>Show every member</a>
            </p>
          ) : (
            ''
          )
        ) : result.membership ? (
          <p class="results-membership">
            Members of <a href={`/associations/${result.membership.slug}`} safe>{result.membership.name}</a>
            {result.membership.panel ? <span safe>{`, ${result.membership.panel.name}`}</span> : ''} ·{' '}
            <a href={searchHref(params, { association: undefined, panel: undefined, page: 1 })}>Show every mediator</a>
          </p>
        ) : (
          ''
        )}
        <DidYouMean params={params} places={v.alternatives} home={home} />
        {onlineWithoutPlace ? <AreaChooser params={params} area={result.area} home={home} /> : ''}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" data-results-status></p>

      <div class="results-layout">
        <div class="results-filters">
          <FilterForm
            params={params}
            radius={result.radius}
            unit={result.unit}
            practiceAreas={v.practiceAreas} languages={v.languages}
            activeCount={filters}
            feeCurrency={result.feeCurrency}
            point={sharedPoint(result.location)}
            total={askArea ? undefined : result.total}
            home={home}
          />
        </div>

        <div class="results-main" data-results-part="main">
          {askArea ? (
            ''
          ) : result.total ? (
            <section aria-labelledby="results-title">
              <h2 id="results-title" class="visually-hidden">
                Results
              </h2>
              <p class="muted">
                Showing {first}–{last} of {result.total}, sorted by{' '}
                {result.sort === 'match' ? (
                  <a href="/how-search-works#best-match" {...outside(home)}>
                    best match
                  </a>
                ) : result.sort === 'distance' ? 'distance' : 'fee, lowest first'}.
                {result.featured.length ? (
                  <>
                    {' '}
                    Cards marked <span class="label-featured">Featured</span> are paid places between them.
                  </>
                ) : (
                  ''
                )}
              </p>
              <ResultsWithFeatured results={result.results} featured={result.featured} area={area} first={first} compare home={home} />
              <CompareForm newTab={home.embedded} />
            </section>
          ) : (
            <NoResults params={params} result={result} home={home} />
          )}

          {askArea ? '' : <Pagination page={result.page} pageCount={result.pageCount} href={(page) => searchHref(params, { page }, home)} />}
        </div>

        <div class="results-map" data-results-part="map">
          {markers.length ? <h2 class="visually-hidden">Map</h2> : ''}
          {v.map ? <MapBox markers={markers} settings={v.map} label="Map of mediators' offices on this page" fallback="Every mediator on the map is also in the list." newTab={home.embedded} /> : ''}
        </div>
      </div>
    </Page>
  );
}

export interface NotFoundView {
  publicUrl: string;
  params: SearchParams;
  query: string;
  suggestions: PlaceChoice[];
  practiceAreas: PracticeArea[];
  languages: Language[];
  unit: Unit;
  radius: number;
  home?: SearchHome;
}

/** The place could not be found: say so, offer spellings, and keep the form at hand. */
export function LocationNotFoundPage(v: NotFoundView): JSX.Element {
  const heading = `We couldn’t find “${v.query}”`;
  const home = v.home ?? SITE_SEARCH;
  const Page = home.layout ?? Layout;
  return (
    <Page title={heading} section={home.association ? undefined : 'mediators'} noindex scripts={home.embedded ? EMBED_SCRIPTS : SCRIPTS}>
      <h1 safe>{heading}</h1>
      <p class="lead">Check the spelling, or try a ZIP or postal code, or a city with its state or country (for example “Springfield, IL”).</p>
      {v.suggestions.length ? <DidYouMean params={v.params} places={v.suggestions} home={home} /> : ''}
      <p>
        You can also <a href={searchHref({ ...withoutFilters(v.params), near: undefined }, { format: ['online'] }, home)}>browse mediators who meet online</a>.
      </p>
      <div class="narrow">
        <FilterForm params={v.params} radius={v.radius} unit={v.unit} practiceAreas={v.practiceAreas} languages={v.languages} activeCount={activeFilterCount(v.params, home)} feeCurrency={budgetCurrency(undefined)} open home={home} />
      </div>
    </Page>
  );
}

export type MyLocationView = Omit<NotFoundView, 'publicUrl' | 'query' | 'suggestions'>;

/** "me", "near me": offer "Use my location" rather than a town that happens to be called Me. */
export function MyLocationPage(v: MyLocationView): JSX.Element {
  const home = v.home ?? SITE_SEARCH;
  const Page = home.layout ?? Layout;
  return (
    <Page title="Search near where you are" section={home.association ? undefined : 'mediators'} noindex scripts={home.embedded ? EMBED_SCRIPTS : SCRIPTS}>
      <h1>Search near where you are</h1>
      <p class="lead">
        Choose <strong>Use my location</strong> below: your browser asks you first, and the page then names the nearest town. Or type a ZIP or postal code, or a city.
      </p>
      <noscript>
        <p>Sharing your location needs JavaScript, which is off in this browser: type a ZIP or postal code, or a city, instead.</p>
      </noscript>
      <div class="narrow">
        <FilterForm
          params={{ ...v.params, near: undefined, at: undefined }}
          radius={v.radius}
          unit={v.unit}
          practiceAreas={v.practiceAreas} languages={v.languages}
          activeCount={activeFilterCount(v.params, home)}
          feeCurrency={budgetCurrency(undefined)}
          open
          home={home}
        />
      </div>
    </Page>
  );
}

/** A page number past the end (an old link, a hand-edited address): point to the last page. */
export function PageOutOfRangePage({ params, pageCount, total, home = SITE_SEARCH }: { params: SearchParams; pageCount: number; total: number; home?: SearchHome }): JSX.Element {
  const lastPage = searchHref(params, { page: Math.max(1, pageCount) }, home);
  const Page = home.layout ?? Layout;
  const message = total
    ? `This search has ${plural(total, 'result')} on ${plural(pageCount, 'page')}, so there is no page ${params.page}.`
    : `This search has no results, so there is no page ${params.page}.`;
  return (
    <Page title="No such page of results" section={home.association ? undefined : 'mediators'} noindex>
      <h1>No such page of results</h1>
      <div class="notice notice-error" role="alert">
        <p safe>{message}</p>
      </div>
      <p>
        <a class="button" href={lastPage}>
          {total ? 'Go to the last page' : 'Back to the search'}
        </a>
      </p>
    </Page>
  );
}
