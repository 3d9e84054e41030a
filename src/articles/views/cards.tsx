import { heroSrc, heroSrcset } from '../hero.ts';
import { HeroArt } from './hero-art.tsx';
import { articleHref, KIND_LABELS, lengthOf } from '../present.ts';
import type { ArticleCard, Byline } from '../queries.ts';
import type { ArticleKind } from '../types.ts';
import { formatDate } from '../../web/format.ts';

/** The article card, shared by the lists, the home page, the profile tab, author pages, search and "Read these next". */

/** "Video", "News summary", "Article": a label, so a video is marked as one wherever it is listed. */
export function KindLabel({ kind }: { kind: ArticleKind }): JSX.Element {
  return (
    <span class={`kind-label kind-${kind}`}>
      {kind === 'video' ? <span aria-hidden="true">▶ </span> : ''}
      <span safe>{KIND_LABELS[kind]}</span>
    </span>
  );
}

/** "Ana Ruiz", "Ana Ruiz and Ben Cole": each name links to the author's profile or page. */
export function BylineLinks({ authors }: { authors: Byline[] }): JSX.Element {
  return (
    <>
      {authors.map((a, i) => (
        <>
          {i === 0 ? '' : i === authors.length - 1 ? ' and ' : ', '}
          <a href={a.href} safe>
            {a.name}
          </a>
        </>
      ))}
    </>
  );
}

/** Reading time or running time, with a machine-readable duration. */
export function Length({ card }: { card: Pick<ArticleCard, 'kind' | 'readingMinutes' | 'videoSeconds'> }): JSX.Element {
  const length = lengthOf(card);
  return (
    <time datetime={length.datetime} safe>
      {length.text}
    </time>
  );
}

export interface CardProps {
  card: ArticleCard;
  /** The card's heading level: 2 on a page whose only other heading is the <h1>, else 3. */
  level?: 2 | 3;
  /** Title, kind and byline only (the home page's column). */
  compact?: boolean;
  /** Search results: the title and a snippet as safe HTML with <mark> around matches (search.ts markedHtml). */
  marked?: { titleHtml: string; snippetHtml: string };
}

export function ArticleCardView({ card, level = 3, compact = false, marked }: CardProps): JSX.Element {
  const href = articleHref(card.slug);
  const date = formatDate(card.publishedAt);
  const safeTitleHtml = marked?.titleHtml;
  const safeSnippetHtml = marked?.snippetHtml;
  const link =
    safeTitleHtml === undefined ? (
      <a href={href} safe>
        {card.title}
      </a>
    ) : (
      <a href={href}>{safeTitleHtml}</a>
    );
  return (
    <article class={`article-card${compact ? ' article-card-compact' : ''}`}>
      {!compact && card.hero ? (
        <img
          class="article-card-image"
          src={heroSrc(card.hero.image, 480)}
          srcset={heroSrcset(card.hero.image)}
          sizes="(min-width: 56em) 24rem, 100vw"
          width={String(card.hero.width)}
          height={String(card.hero.height)}
          alt=""
          loading="lazy"
          decoding="async"
        />
      ) : !compact ? (
        <HeroArt slug={card.slug} class="article-card-image" />
      ) : (
        ''
      )}
      <div class="article-card-body">
        <p class="article-card-kind">
          <KindLabel kind={card.kind} />
          {card.kind === 'video' && card.videoSeconds ? (
            <>
              {' · '}
              <Length card={card} />
            </>
          ) : (
            ''
          )}
        </p>
        {level === 2 ? <h2>{link}</h2> : <h3>{link}</h3>}
        {card.authors.length ? (
          <p class="byline">
            By <BylineLinks authors={card.authors} />
          </p>
        ) : (
          ''
        )}
        {compact ? '' : safeSnippetHtml !== undefined ? <p class="snippet">{safeSnippetHtml}</p> : <p safe>{card.excerpt}</p>}
        <p class="article-card-meta">
          <time datetime={card.publishedAt} safe>
            {date}
          </time>
          {card.kind === 'video' ? '' : (
            <>
              {' · '}
              <Length card={card} />
            </>
          )}
        </p>
      </div>
    </article>
  );
}

/** Cards in a grid (or a plain list for the compact column); the order is newest or best first. */
export function ArticleCardList({ cards, level, compact, label }: { cards: ArticleCard[]; level?: 2 | 3; compact?: boolean; label?: string }): JSX.Element {
  return (
    <ul class={compact ? 'article-cards article-cards-compact' : 'article-cards'} aria-label={label}>
      {cards.map((card) => (
        <li>
          <ArticleCardView card={card} level={level} compact={compact} />
        </li>
      ))}
    </ul>
  );
}
