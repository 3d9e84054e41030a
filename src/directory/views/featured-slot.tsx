import { FEATURED_EVERY } from '../ranking.ts';
import type { SearchHit } from '../types.ts';
import { CardHeading, CardVerified, MediatorCard, whereLine } from './components.tsx';
import { formatFeeRange } from './format.ts';
import { Avatar } from '../../web/people.tsx';
import { outside, type SearchHome } from './search-url.ts';

/**
 * Featured members in a compact card: name, label, headline, where and fee. Paid places stay
 * small so they never push the real results out of the first screen (see /how-search-works).
 */
export function FeaturedCompactCard({ hit, area = null, home }: { hit: SearchHit; area?: string | null; home?: SearchHome | undefined }): JSX.Element {
  const where = whereLine(hit, area);
  const fee = formatFeeRange(hit.fee);
  return (
    <article class="card card-featured card-compact">
      {/* A photo when the mediator gave one, as on the result cards. */}
      {hit.photoUrl ? <Avatar name={hit.name} photoUrl={hit.photoUrl} /> : ''}
      <div>
        <CardHeading hit={{ ...hit, featured: true }} home={home} />
        {hit.headline ? (
          <p class="card-compact-headline" safe>
            {hit.headline}
          </p>
        ) : (
          ''
        )}
        <p class="muted" safe>
          {[where, fee].filter(Boolean).join(' · ')}
        </p>
        <CardVerified verified={hit.verified} max={1} />
      </div>
    </article>
  );
}

/** The home page's and other pages' featured members: a grid of compact cards. */
export function FeaturedCompactList({ hits }: { hits: SearchHit[] }): JSX.Element {
  return (
    <ul class="cards card-grid">
      {hits.map((hit) => (
        <li>
          <FeaturedCompactCard hit={hit} />
        </li>
      ))}
    </ul>
  );
}

function FeaturedSlot({ hit, area, home }: { hit: SearchHit; area: string | null; home: SearchHome | undefined }): JSX.Element {
  return (
    <aside class="featured-slot" aria-label={`Featured member: ${hit.name}`}>
      <p class="featured-slot-note">
        {home?.association ? <span safe>{`Featured by ${home.association.name}, shown in addition to the results.`}</span> : 'Paid placement, shown in addition to the results.'}{' '}
        <a href="/how-search-works#featured" {...outside(home)}>
          How featured works
        </a>
      </p>
      <FeaturedCompactCard hit={hit} area={area} home={home} />
    </aside>
  );
}

/**
 * The page's results in order, with one compact featured card after every FEATURED_EVERY
 * results (the rest after the last result when the page is short). The results are ordered
 * lists numbered on from each other, so the featured cards never take a place in the order.
 */
export function ResultsWithFeatured({
  results,
  featured,
  area,
  first,
  compare = false,
  home,
}: {
  results: SearchHit[];
  featured: SearchHit[];
  area: string | null;
  first: number;
  /** A "Compare" box on each result card (the page's CompareForm). */
  compare?: boolean;
  home?: SearchHome | undefined;
}): JSX.Element {
  const parts: JSX.Element[] = [];
  let f = 0;
  for (let i = 0; i < results.length; i += FEATURED_EVERY) {
    const chunk = results.slice(i, i + FEATURED_EVERY);
    parts.push(
      <ol class="cards" start={String(first + i)}>
        {chunk.map((hit) => (
          <li>
            <MediatorCard hit={hit} area={area} compare={compare} home={home} />
          </li>
        ))}
      </ol>,
    );
    const last = i + FEATURED_EVERY >= results.length;
    // After a full chunk one featured card; after the last chunk, every one still waiting.
    const take = last ? featured.length - f : chunk.length === FEATURED_EVERY ? 1 : 0;
    for (let n = 0; n < take && f < featured.length; n++) parts.push(<FeaturedSlot hit={featured[f++]!} area={area} home={home} />);
  }
  for (; f < featured.length; f++) parts.push(<FeaturedSlot hit={featured[f]!} area={area} home={home} />);
  return <div class="results-list">{parts}</div>;
}
