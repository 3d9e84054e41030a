import type { Unit } from '../../geo/distance.ts';
import { absoluteUrl, Layout } from '../../web/layout.tsx';
import { clientScript } from '../../web/client.ts';
import { DEFAULT_RADIUS } from '../../directory/schema.ts';
import type { PracticeArea, SearchHit } from '../../directory/types.ts';
import { SearchBox } from '../../directory/views/components.tsx';
import { FeaturedCompactList } from '../../directory/views/featured-slot.tsx';
import type { ArticleCard } from '../../articles/queries.ts';
import { ArticleCardList } from '../../articles/views/cards.tsx';

export interface HomeView {
  publicUrl: string;
  practiceAreas: PracticeArea[];
  featured: SearchHit[];
  featuredTotal: number;
  /** Where the featured members shown come from ("Featured members near Austin, TX"). */
  featuredHeading: string;
  /** The distance unit the visitor most likely thinks in (from their browser's language). */
  unit: Unit;
  /** The newest published articles, shown beside the search box. */
  latest: ArticleCard[];
}

export function HomePage(v: HomeView): JSX.Element {
  const url = absoluteUrl(v.publicUrl, '/');
  const description = 'Find a mediator near you — or one who meets online. Compare fees, languages, experience and availability, ranked by published rules.';
  return (
    <Layout
      title="Find mediators near you"
      description={description}
      canonical={url}
      scripts={[clientScript('locate'), clientScript('place-input')]}
      jsonLd={[
        {
          '@context': 'https://schema.org',
          '@type': 'WebSite',
          name: 'Concord',
          url,
          description,
          potentialAction: {
            '@type': 'SearchAction',
            target: { '@type': 'EntryPoint', urlTemplate: `${absoluteUrl(v.publicUrl, '/mediators')}?near={near}` },
            'query-input': 'required name=near',
          },
        },
      ]}
    >
      <div class={v.latest.length ? 'home-top' : undefined}>
        <div class="home-lead">
          <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">Find mediators near you</h1>
            <p class="lead">A mediator helps you and the other side reach your own agreement — usually faster, cheaper and calmer than court.</p>
            <SearchBox practiceAreas={v.practiceAreas} radius={DEFAULT_RADIUS} unit={v.unit} />
          </section>
          <section class="join-box" aria-labelledby="join-title">
            <h2 id="join-title">Are you a mediator?</h2>
            <p>List your practice for free. People near you find you here and write to you through Concord; you decide when you are listed.</p>
            <p>
              <a class="button button-secondary" href="/for-mediators">
                List your practice
              </a>
            </p>
          </section>
        </div>
        {v.latest.length ? (
          <section class="home-latest" aria-labelledby="latest-title">
            <h2 id="latest-title">Latest articles</h2>
            <ArticleCardList cards={v.latest} compact />
            <p>
              <a href="/articles">All articles, news and videos</a>
            </p>
          </section>
        ) : (
          ''
        )}
      </div>

      {v.featured.length ? (
        <section aria-labelledby="featured-title">
          <h2 id="featured-title" safe>
            {v.featuredHeading}
          </h2>
          <p class="muted">
            Members who pay for a featured place. They are always labelled, and never take the place of a better match in search.{' '}
            <a href="/how-search-works#featured">How featured works</a>
          </p>
          <FeaturedCompactList hits={v.featured} />
          <p>
            <a href="/featured">View all featured members{v.featuredTotal > v.featured.length ? ` (${v.featuredTotal})` : ''}</a>
          </p>
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol class="steps">
          <li>
            <strong>Search near you.</strong> Type a ZIP or postal code or a city, or share your location. Mediators who meet online or travel to you are included too.
          </li>
          <li>
            <strong>Compare a few.</strong> Each profile shows fees, languages, experience, and when the mediator last confirmed they are taking new cases.
          </li>
          <li>
            <strong>Choose together.</strong> Mediation works best when both sides agree on the mediator: share the profile link with the other party.
          </li>
        </ol>
        <p>
          Results are ordered by <a href="/how-search-works">published rules</a> — nobody can pay to rank higher. Every mediator listed here chose to be.
        </p>
      </section>
    </Layout>
  );
}
