import { absoluteUrl, Layout } from '../../web/layout.tsx';
import type { SearchHit } from '../types.ts';
import { CardList } from './components.tsx';
import { countryPhrase } from './format.ts';
import type { FeaturedScope } from '../profiles.ts';
import { plural } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';

export const FEATURED_PAGE_SIZE = 20;

/** "Featured members near Austin, TX", "… in the United States", "… worldwide": where the ones shown come from. */
export function featuredHeading(scope: FeaturedScope): string {
  if (scope.kind === 'near') return `Featured members near ${scope.label}`;
  if (scope.kind === 'country') return `Featured members in ${countryPhrase(scope.country)}`;
  return 'Featured members worldwide';
}

export interface FeaturedView {
  publicUrl: string;
  hits: SearchHit[];
  total: number;
  page: number;
  pageCount: number;
}

const featuredHref = (page: number) => (page > 1 ? `/featured?page=${page}` : '/featured');

export function FeaturedPage(v: FeaturedView): JSX.Element {
  const url = absoluteUrl(v.publicUrl, featuredHref(v.page));
  const heading = v.total ? plural(v.total, 'featured member') : 'No featured members right now';
  const description = 'Mediators who pay for a featured place on Concord: what that means, and who they are.';
  return (
    <Layout
      title={v.page > 1 ? `Featured members (page ${v.page})` : 'Featured members'}
      description={description}
      canonical={url}
      section="featured"
      jsonLd={[
        {
          '@context': 'https://schema.org',
          '@type': 'CollectionPage',
          name: 'Featured members',
          url,
          description,
          mainEntity: {
            '@type': 'ItemList',
            numberOfItems: v.total,
            itemListElement: v.hits.map((h, i) => ({
              '@type': 'ListItem',
              position: (v.page - 1) * FEATURED_PAGE_SIZE + i + 1,
              name: h.name,
              url: absoluteUrl(v.publicUrl, `/mediators/${h.slug}`),
            })),
          },
        },
      ]}
    >
      <h1>Featured members</h1>
      <p class="lead">
        Featured members pay for a featured place on Concord. In search results they get at most a few extra places on a page, always marked{' '}
        <span class="label-featured">Featured</span>, and only when they match the search. They never take the place of another result, and they take turns fairly.
      </p>
      <p>
        <a href="/how-search-works#featured">Read exactly how featured places work</a>, or <a href="/mediators">search all mediators near you</a>.
      </p>

      <section aria-labelledby="members-title">
        <h2 id="members-title" safe>
          {heading}
        </h2>
        {v.total ? <CardList hits={v.hits} /> : <p>There are no featured members at the moment. Every listed mediator can be found through the search.</p>}
      </section>

      <Pagination page={v.page} pageCount={v.pageCount} href={featuredHref} />
    </Layout>
  );
}
