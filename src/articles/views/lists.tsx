import { absoluteUrl, Layout, type NavSection } from '../../web/layout.tsx';
import { SITE_FEEDS, type AlternateLink } from '../../web/feed-links.ts';
import type { ListParams } from '../params.ts';
import { categoryHref, KIND_PLURALS, listJsonLd } from '../present.ts';
import type { ArticleCard, Term } from '../queries.ts';
import type { ArticleKind } from '../types.ts';
import { ArticleCardList } from './cards.tsx';
import { attributeText } from '../../web/attribute-text.ts';
import { plural } from '../../web/format.ts';
import { DigestSignup } from '../../web/digest-signup.tsx';
import { Avatar } from '../../web/people.tsx';
import { Pagination } from '../../web/pagination.tsx';

/** The publication's list pages: all articles, a category, a tag, an author, a mediator's tab. */

const KINDS: ArticleKind[] = ['article', 'news', 'video'];

/** A list's address for a page and kind: the canonical form, with no default values in it. */
export function listHref(path: string, page: number, kind?: ArticleKind): string {
  const qs = new URLSearchParams();
  if (kind) qs.set('kind', kind);
  if (page > 1) qs.set('page', String(page));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** The search box of the publication pages; also on error pages, to help a reader on. */
export function ArticleSearchForm({
  q = '',
  id = 'site-q',
  label = 'Search articles and mediators',
  problemId,
}: {
  q?: string;
  id?: string;
  label?: string;
  /** The id of the message saying what is wrong with the search, when something is. */
  problemId?: string;
}): JSX.Element {
  return (
    <form class="site-search" action="/search" method="get" role="search" aria-label="Search Concord">
      <label for={id} safe>
        {label}
      </label>
      <div class="site-search-row">
        <input id={id} type="search" name="q" value={attributeText(q)} maxlength="200" aria-invalid={problemId ? 'true' : undefined} aria-describedby={problemId} />
        <button class="button" type="submit">
          Search
        </button>
      </div>
    </form>
  );
}

function KindFilter({ path, current }: { path: string; current?: ArticleKind }): JSX.Element {
  return (
    <nav class="kind-filter" aria-label="Show only">
      <ul class="tabs">
        <li>
          <a href={listHref(path, 1)} aria-current={current === undefined ? 'page' : undefined}>
            Everything
          </a>
        </li>
        {KINDS.map((k) => (
          <li>
            <a href={listHref(path, 1, k)} aria-current={current === k ? 'page' : undefined} safe>
              {KIND_PLURALS[k]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CategoryNav({ categories, current }: { categories: Term[]; current?: string }): JSX.Element {
  if (!categories.length) return <></>;
  return (
    <nav class="category-nav" aria-label="Categories">
      <h2 class="small-heading">Categories</h2>
      <ul>
        <li>
          <a href="/articles" aria-current={current === undefined ? 'page' : undefined}>
            All articles
          </a>
        </li>
        {categories.map((c) => (
          <li>
            <a href={categoryHref(c.slug)} aria-current={current === c.slug ? 'page' : undefined} safe>
              {c.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface ListView {
  publicUrl: string;
  /** The page's <title> and <h1>. */
  heading: string;
  /** Plain text under the heading; also the meta description. */
  intro: string;
  /** The list's address without query: '/articles', '/articles/category/family'. */
  path: string;
  params: ListParams;
  total: number;
  pageCount: number;
  cards: ArticleCard[];
  pageSize: number;
  /** Shown when there is nothing to list. */
  emptyText: string;
  /** Offer "Everything / Articles / News summaries / Videos". */
  kindFilter?: boolean;
  categories?: Term[];
  currentCategory?: string;
  /** Above the list, e.g. an author's name and bio. */
  head?: JSX.Element;
  /** The navigation's current section: 'articles', or 'mediators' for a profile's tab. */
  section?: NavSection;
  /** Shown before the heading, e.g. "Articles › Tag". */
  crumb?: { href: string; label: string };
  /** This list's RSS and Atom feeds: linked in the head and offered beside the list. */
  feeds?: AlternateLink[];
}

/** Every list page: heading, filters, cards, pages, and a way on (categories, search). */
export function ArticleListPage(v: ListView): JSX.Element {
  const href = (page: number) => listHref(v.path, page, v.params.kind);
  const url = absoluteUrl(v.publicUrl, href(v.params.page));
  const title = [v.heading, v.params.kind ? KIND_PLURALS[v.params.kind] : null, v.params.page > 1 ? `page ${v.params.page}` : null].filter(Boolean).join(' · ');
  // Built by the route from escaped views (an author's bio, profile tabs).
  const safeHead = v.head ?? '';
  const count = v.params.kind ? plural(v.total, KIND_PLURALS[v.params.kind].replace(/s$/, '').toLowerCase(), KIND_PLURALS[v.params.kind].toLowerCase()) : plural(v.total, 'piece');
  return (
    <Layout
      title={title}
      description={v.intro}
      canonical={url}
      section={v.section ?? 'articles'}
      feeds={v.feeds?.filter((f) => !SITE_FEEDS.some((site) => site.href === f.href))}
      jsonLd={[listJsonLd({ name: v.heading, description: v.intro, url, publicUrl: v.publicUrl, cards: v.cards, firstPosition: (v.params.page - 1) * v.pageSize + 1, total: v.total })]}
    >
      <div class="list-layout">
        <div class="list-main">
          {v.crumb ? (
            <p class="crumb">
              <a href={v.crumb.href} safe>
                {v.crumb.label}
              </a>
            </p>
          ) : (
            ''
          )}
          <h1 safe>{v.heading}</h1>
          <p class="lead" safe>
            {v.intro}
          </p>
          {safeHead}
          {v.kindFilter ? <KindFilter path={v.path} current={v.params.kind} /> : ''}
          {v.total ? (
            <>
              <p class="muted" aria-live="polite">
                <span safe>{count}</span>
                {v.pageCount > 1 ? `, page ${v.params.page} of ${v.pageCount}` : ''}
              </p>
              <ArticleCardList cards={v.cards} level={2} />
            </>
          ) : (
            <p class="notice" safe>
              {v.emptyText}
            </p>
          )}
          <Pagination page={v.params.page} pageCount={v.pageCount} href={href} />
        </div>
        <aside class="list-aside">
          <ArticleSearchForm />
          {v.categories ? <CategoryNav categories={v.categories} current={v.currentCategory} /> : ''}
          {v.feeds ? <FollowFeeds feeds={v.feeds} /> : ''}
          <DigestSignup idPrefix="aside-digest-" />
        </aside>
      </div>
    </Layout>
  );
}

/** "Follow this list": its RSS and Atom links, for a feed reader. */
function FollowFeeds({ feeds }: { feeds: AlternateLink[] }): JSX.Element {
  return (
    <nav class="panel follow-feeds" aria-label="Feeds of this list">
      <h2>Follow this list</h2>
      <ul class="feed-list">
        {feeds.map((f) => (
          <li>
            <a href={f.href} type={f.type}>
              {f.type === 'application/rss+xml' ? 'RSS feed' : 'Atom feed'}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The head of an author page: who they are. */
export function AuthorHead({ name, bio }: { name: string; bio: string }): JSX.Element {
  return (
    <div class="author-head">
      <Avatar name={name} photoUrl={null} />
      {bio ? <p safe>{bio}</p> : <p class="muted">Writes for Concord.</p>}
    </div>
  );
}

/** A page past the last of a list: a 404 that says how many pages there are and links to them. */
export function ListOutOfRangePage({ what, href, pageCount, total, noun = 'piece' }: { what: string; href: (page: number) => string; pageCount: number; total: number; noun?: string }): JSX.Element {
  const pages = pageCount === 1 ? 'only 1 page' : `only ${pageCount} pages`;
  return (
    <Layout title="No such page" noindex section="articles">
      <h1>There is no page with that number</h1>
      <p class="lead">
        <span safe>{what}</span> {total ? `has ${pages} (${plural(total, noun)})` : 'has nothing to show yet'}.
      </p>
      <ul>
        {pageCount > 1 ? (
          <li>
            <a href={href(pageCount)}>Go to the last page</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={href(1)}>Go to the first page</a>
        </li>
        <li>
          <a href="/articles">See the newest articles</a>
        </li>
      </ul>
      <ArticleSearchForm />
    </Layout>
  );
}

/**
 * A 404 for the publication: an article, category, tag or author that is not (or no longer)
 * public. `q`: words to offer in the search box, such as those of the address not found.
 */
export function PublicationNotFoundPage({ heading, message, q = '' }: { heading: string; message: string; q?: string }): JSX.Element {
  return (
    <Layout title={heading} noindex section="articles">
      <h1 safe>{heading}</h1>
      <p class="lead" safe>
        {message}
      </p>
      <p>The address may be mistyped, or the page may have been taken down. You can search for it:</p>
      <ArticleSearchForm q={q} />
      <ul>
        <li>
          <a href="/articles">See the newest articles</a>
        </li>
        <li>
          <a href="/mediators">Find a mediator near you</a>
        </li>
        <li>
          <a href="/">Go to the home page</a>
        </li>
      </ul>
    </Layout>
  );
}
