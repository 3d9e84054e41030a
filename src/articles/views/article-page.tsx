import { CardList } from '../../directory/views/components.tsx';
import type { SearchHit } from '../../directory/types.ts';
import { clientScript } from '../../web/client.ts';
import { absoluteUrl, Layout } from '../../web/layout.tsx';
import { heroSrc, heroSrcset } from '../hero.ts';
import { articleBodyHtml, articleHref, articleJsonLd, categoryHref, heroImageUrl, mediatorArticlesHref, tagHref } from '../present.ts';
import type { ArticleAuthor, ArticleCard, PublishedArticle } from '../queries.ts';
import { embedUrl, formatDuration, watchUrl } from '../video.ts';
import { ArticleCardList, BylineLinks, KindLabel, Length } from './cards.tsx';
import { formatDate } from '../../web/format.ts';
import { DigestSignup } from '../../web/digest-signup.tsx';
import { Avatar } from '../../web/people.tsx';

export interface ArticlePageView {
  publicUrl: string;
  article: PublishedArticle;
  readNext: ArticleCard[];
  featured: SearchHit[];
  featuredTotal: number;
  /** Where the featured members shown come from ("Featured members near Austin, TX"). */
  featuredHeading: string;
  /** The digest box subscribes in one submit with this token; a signed-in reader's address is filled in. */
  digest: { csrf: string; email?: string };
}

const PROVIDER_NAMES = { youtube: 'YouTube', vimeo: 'Vimeo' } as const;
// The article column is at most about 44rem wide; the hero fills it.
const HERO_SIZES = '(min-width: 56em) 44rem, 100vw';

/** Only http(s) addresses become links: the editor's form checks this too, this is the last guard. */
function isWebUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function hostOf(raw: string): string {
  try {
    return new URL(raw).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function Hero({ article: a }: { article: PublishedArticle }): JSX.Element {
  if (!a.hero) return <></>;
  return (
    <figure class="article-hero">
      <HeroImage hero={a.hero} />
    </figure>
  );
}

/** The hero image at the top of the page (or as a video's picture): the first thing seen, so fetched first. */
function HeroImage({ hero, class: className }: { hero: NonNullable<PublishedArticle['hero']>; class?: string }): JSX.Element {
  return (
    <img
      class={className}
      src={heroSrc(hero.image, 960)}
      srcset={heroSrcset(hero.image)}
      sizes={HERO_SIZES}
      width={String(hero.width)}
      height={String(hero.height)}
      alt={hero.alt}
      fetchpriority="high"
    />
  );
}

/**
 * The click-to-load video. Until the visitor presses play nothing comes from the video site:
 * the picture is our own hero image, and the player's address sits in a data attribute that
 * src/web/client/video.ts turns into an iframe on click. Without JavaScript the button is a
 * plain link to the video's own page.
 */
function VideoFacade({ article: a }: { article: PublishedArticle }): JSX.Element {
  const video = a.video!;
  const provider = PROVIDER_NAMES[video.provider];
  const duration = video.seconds ? formatDuration(video.seconds) : null;
  const watch = watchUrl(video);
  return (
    <figure class="video">
      <div class="video-frame" data-video-frame>
        {a.hero ? <HeroImage hero={a.hero} class="video-thumb" /> : ''}
        <a class="video-play" href={watch} rel="noopener nofollow external" data-embed={embedUrl(video)} data-embed-title={`Video: ${a.title}`}>
          <span class="video-play-icon" aria-hidden="true"></span>
          <span class="video-play-text">
            Play the video
            {duration ? (
              <>
                {' '}
                <span class="video-duration" safe>
                  ({duration})
                </span>
              </>
            ) : (
              ''
            )}
          </span>
        </a>
      </div>
      <figcaption class="muted">
        The video plays from {provider}. Nothing is loaded from {provider} until you press play.{' '}
        <a href={watch} rel="noopener nofollow external">
          Watch it on {provider} instead
        </a>
        .
      </figcaption>
    </figure>
  );
}

function SourceLink({ source }: { source: NonNullable<PublishedArticle['source']> }): JSX.Element {
  if (!isWebUrl(source.url)) {
    return (
      <p class="source-link">
        Source: <span safe>{source.name}</span>
      </p>
    );
  }
  const host = hostOf(source.url);
  return (
    <p class="source-link">
      <a href={source.url} rel="noopener nofollow external">
        Read the complete article at <span safe>{source.name}</span>
      </a>{' '}
      <span class="muted" safe>
        ({host})
      </span>
    </p>
  );
}

function AuthorCard({ author: a }: { author: ArticleAuthor }): JSX.Element {
  return (
    <li class="author">
      <Avatar name={a.name} photoUrl={a.photoUrl} />
      <div>
        <p class="author-name">
          <a href={a.href} safe>
            {a.name}
          </a>
        </p>
        {a.headline ? <p safe>{a.headline}</p> : ''}
        <ul class="actions">
          {a.mediatorSlug ? (
            <>
              <li>
                <a href={a.href} safe>{`${a.name}'s profile`}</a>
              </li>
              <li>
                <a href={mediatorArticlesHref(a.mediatorSlug)} safe>{`More by ${a.name}`}</a>
              </li>
              {a.contactHref ? (
                <li>
                  <a class="button button-secondary" href={a.contactHref} safe>{`Contact ${a.name}`}</a>
                </li>
              ) : (
                ''
              )}
            </>
          ) : (
            <li>
              <a href={a.href} safe>{`More by ${a.name}`}</a>
            </li>
          )}
        </ul>
      </div>
    </li>
  );
}

function NearYouBox(): JSX.Element {
  return (
    <section class="panel" aria-labelledby="near-title">
      <h2 id="near-title">Find mediators near you</h2>
      <form action="/mediators" method="get" role="search" aria-labelledby="near-title">
        <div class="field">
          <label for="aside-near">
            Where are you?
            <span class="hint">A ZIP or postal code, or a city</span>
          </label>
          <input id="aside-near" type="text" name="near" autocomplete="postal-code" maxlength="200" />
        </div>
        <button class="button" type="submit">
          Find mediators
        </button>
      </form>
    </section>
  );
}

export function ArticlePage(v: ArticlePageView): JSX.Element {
  const a = v.article;
  const url = absoluteUrl(v.publicUrl, articleHref(a.slug));
  const image = a.hero ? heroImageUrl(v.publicUrl, a.hero.image) : undefined;
  // Author-written Markdown, sanitised by an allow-list in renderMarkdown (present.ts).
  const safeBody = articleBodyHtml(a);
  const authorsTitle = a.authors.length > 1 ? 'About the authors' : 'About the author';
  const published = formatDate(a.publishedAt);
  const revised = a.revisedAt ? formatDate(a.revisedAt) : null;
  return (
    <Layout
      title={a.title}
      description={a.excerpt}
      canonical={url}
      section="articles"
      openGraph={{
        type: 'article',
        image,
        imageAlt: a.hero?.alt,
        imageWidth: a.hero?.width,
        imageHeight: a.hero?.height,
        article: {
          publishedTime: a.publishedAt,
          modifiedTime: a.revisedAt ?? undefined,
          authors: a.authors.map((p) => absoluteUrl(v.publicUrl, p.href)),
          sections: a.categories.map((c) => c.name),
          tags: a.tags.map((t) => t.name),
        },
      }}
      jsonLd={[articleJsonLd(a, v.publicUrl)]}
      scripts={a.video ? [clientScript('video')] : []}
    >
      <div class="article-layout">
        <article class="article" aria-labelledby="article-title">
          <header class="article-head">
            <p class="article-kicker">
              <KindLabel kind={a.kind} />
              {a.categories.map((c) => (
                <>
                  {' · '}
                  <a href={categoryHref(c.slug)} safe>
                    {c.name}
                  </a>
                </>
              ))}
            </p>
            <h1 id="article-title" safe>
              {a.title}
            </h1>
            {a.authors.length ? (
              <p class="byline">
                By <BylineLinks authors={a.authors} />
              </p>
            ) : (
              ''
            )}
            <p class="article-dates muted">
              Published{' '}
              <time datetime={a.publishedAt} safe>
                {published}
              </time>
              {revised ? (
                <>
                  {' · Updated '}
                  <time datetime={a.revisedAt!} safe>
                    {revised}
                  </time>
                </>
              ) : (
                ''
              )}
              {' · '}
              {a.video?.seconds ? 'Running time ' : ''}
              <Length card={{ kind: a.kind, readingMinutes: a.readingMinutes, videoSeconds: a.video?.seconds ?? null }} />
            </p>
          </header>

          {a.video ? <VideoFacade article={a} /> : <Hero article={a} />}

          {a.video ? <h2>About this video</h2> : ''}
          <div class="prose article-body">{safeBody}</div>

          {a.source ? <SourceLink source={a.source} /> : ''}

          {a.tags.length ? (
            <ul class="tags" aria-label="Tags">
              {a.tags.map((t) => (
                <li>
                  <a href={tagHref(t.slug)} safe>
                    {t.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            ''
          )}

          {a.associations.length ? (
            <p class="piece-associations">
              {a.associations.length === 1 ? 'Association: ' : 'Associations: '}
              {a.associations.map((as, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={`/associations/${as.slug}`} safe>
                    {as.name}
                  </a>
                </>
              ))}
            </p>
          ) : (
            ''
          )}

          {a.authors.length ? (
            <section class="author-box" aria-labelledby="authors-title">
              <h2 id="authors-title">{authorsTitle}</h2>
              <ul class="authors">
                {a.authors.map((author) => (
                  <AuthorCard author={author} />
                ))}
              </ul>
            </section>
          ) : (
            ''
          )}
        </article>

        <aside class="article-aside" aria-label="Find a mediator">
          <NearYouBox />
          {v.featured.length ? (
            <section aria-labelledby="featured-title">
              <h2 id="featured-title" safe>
                {v.featuredHeading}
              </h2>
              <p class="muted">
                Members who pay for a featured place, always labelled. <a href="/how-search-works#featured">How featured works</a>
              </p>
              <CardList hits={v.featured} />
              <p>
                <a href="/featured">View all featured members{v.featuredTotal > v.featured.length ? ` (${v.featuredTotal})` : ''}</a>
              </p>
            </section>
          ) : (
            ''
          )}
        </aside>
      </div>

      {v.readNext.length ? (
        <section class="read-next" aria-labelledby="read-next-title">
          <h2 id="read-next-title">Read these next</h2>
          <ArticleCardList cards={v.readNext} level={3} />
        </section>
      ) : (
        ''
      )}
      <DigestSignup idPrefix="article-digest-" csrf={v.digest.csrf} email={v.digest.email} />
    </Layout>
  );
}
