import { FeaturedLabel } from '../../directory/views/components.tsx';
import { cityLine } from '../../directory/views/format.ts';
import { absoluteUrl, Layout } from '../../web/layout.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { MAX_SEARCH_TERMS, type SiteSearchResult } from '../search.ts';
import { ArticleCardView } from './cards.tsx';
import { ArticleSearchForm } from './lists.tsx';
import { plural } from '../../web/format.ts';
import { Avatar } from '../../web/people.tsx';
import { Pagination } from '../../web/pagination.tsx';

export interface SearchPageView {
  publicUrl: string;
  /** What the visitor typed, shown back in the form. */
  q: string;
  result?: SiteSearchResult;
  /** Why the search could not run (a 400), in words a person can act on. */
  problems?: FieldProblem[];
}

export const searchHref = (q: string, page = 1) => `/search?${new URLSearchParams(page > 1 ? { q, page: String(page) } : { q }).toString()}`;

function MediatorResults({ q, mediators }: { q: string; mediators: SiteSearchResult['mediators'] }): JSX.Element {
  const all = `/mediators?${new URLSearchParams({ q }).toString()}`;
  return (
    <section aria-labelledby="mediators-title" class="search-mediators">
      <h2 id="mediators-title">
        {mediators.total ? `Mediators (${mediators.total.toLocaleString('en-US')})` : 'Mediators'}
      </h2>
      {mediators.total ? (
        <>
          <ul class="mini-cards">
            {mediators.hits.map((h) => (
              <li class="mini-card">
                <Avatar name={h.name} photoUrl={h.photoUrl} />
                <div>
                  <p class="mini-card-name">
                    <a href={`/mediators/${h.slug}`} safe>
                      {h.name}
                    </a>{' '}
                    {h.featured ? <FeaturedLabel /> : ''}
                  </p>
                  {h.headline ? <p safe>{h.headline}</p> : ''}
                  {h.office ? (
                    <p class="muted" safe>
                      {cityLine(h.office)}
                    </p>
                  ) : (
                    ''
                  )}
                </div>
              </li>
            ))}
          </ul>
          {mediators.total > mediators.hits.length ? (
            <p>
              <a href={all} safe>{`See all ${plural(mediators.total, 'mediator')} who match`}</a>, or add a place to find those near you.
            </p>
          ) : (
            <p>
              <a href="/mediators">Find mediators near a place</a>
            </p>
          )}
        </>
      ) : (
        <p class="muted">
          No listed mediator matches these words. <a href="/mediators">Find mediators near a place</a> instead.
        </p>
      )}
    </section>
  );
}

export function SearchPage(v: SearchPageView): JSX.Element {
  const r = v.result;
  const title = r ? `Search: ${v.q}${r.articles.page > 1 ? ` (page ${r.articles.page})` : ''}` : 'Search';
  return (
    <Layout
      title={title}
      description="Search Concord's articles, news summaries, videos and mediators."
      canonical={r ? undefined : absoluteUrl(v.publicUrl, '/search')}
      // Result pages are endless and thin: not for search engines.
      noindex={!!r || !!v.problems}
    >
      <h1>Search Concord</h1>
      <ArticleSearchForm q={v.q} id="q" label="Search articles, news, videos and mediators" problemId={v.problems?.length ? 'search-problems' : undefined} />
      {v.problems?.length ? (
        <div class="notice notice-error" role="alert" id="search-problems">
          <p>Please change what you searched for:</p>
          <ul>
            {v.problems.map((p) => (
              <li safe>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {r ? (
        <>
          {r.dropped ? (
            <p class="notice" role="status">
              Only the first {MAX_SEARCH_TERMS} words were searched for.
            </p>
          ) : (
            ''
          )}
          <div class="search-layout">
            <section aria-labelledby="articles-title" class="search-articles">
              <h2 id="articles-title">
                {r.articles.total ? `Articles (${r.articles.more ? 'over ' : ''}${r.articles.total.toLocaleString('en-US')})` : 'Articles'}
              </h2>
              {r.articles.total ? (
                <>
                  {r.articles.more ? (
                    <p class="notice" role="status" safe>
                      {`More than ${r.articles.total.toLocaleString('en-US')} articles match. These are the best matches among the ${r.articles.total.toLocaleString('en-US')} most recently added; add a word to narrow the search.`}
                    </p>
                  ) : (
                    ''
                  )}
                  {r.articles.pageCount > 1 ? (
                    <p class="muted">
                      Best matches first. Page {r.articles.page} of {r.articles.pageCount}.
                    </p>
                  ) : (
                    <p class="muted">Best matches first.</p>
                  )}
                  <ol class="article-cards article-results">
                    {r.articles.results.map((res) => (
                      <li>
                        <ArticleCardView card={res.card} level={3} marked={{ titleHtml: res.titleHtml, snippetHtml: res.snippetHtml }} />
                      </li>
                    ))}
                  </ol>
                  <Pagination page={r.articles.page} pageCount={r.articles.pageCount} href={(p) => searchHref(v.q, p)} />
                </>
              ) : (
                <p>
                  No article matches every word. Try fewer or different words, or <a href="/articles">browse the newest articles</a>.
                </p>
              )}
            </section>
            <MediatorResults q={v.q} mediators={r.mediators} />
          </div>
        </>
      ) : v.problems?.length ? (
        ''
      ) : (
        <p class="muted">
          Type a few words, for example <a href={searchHref('parenting plan')}>parenting plan</a>, <a href={searchHref('workplace')}>workplace</a> or{' '}
          <a href={searchHref('online mediation')}>online mediation</a>. To find a mediator near you, use <a href="/mediators">the mediator search</a>.
        </p>
      )}
    </Layout>
  );
}
