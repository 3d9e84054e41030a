import type { FastifyInstance, FastifyReply } from 'fastify';
import { getListedMediator, listFeaturedFor } from '../directory/profiles.ts';
import { featuredHeading } from '../directory/views/featured.tsx';
import { visitorWhere } from '../web/visitor-place.ts';
import { SLUG_PATTERN as MEDIATOR_SLUG } from '../directory/schema.ts';
import { statsFor } from '../directory/stats.ts';
import { badRequest } from '../web/http-error.ts';
import { LIST_PAGE_SIZE, parseListQuery, parseSearchQuery, SEARCH_PAGE_SIZE, SLUG_PATTERN, typedSearch, type ListParams } from './params.ts';
import { authorHref, categoryHref, mediatorArticlesHref, tagHref } from './present.ts';
import { allCategories, cardsByIds, findAuthor, findCategory, findTag, getPublishedArticle, listPublished, mediatorArticles, type ListFilter } from './queries.ts';
import { readTheseNext } from './related.ts';
import { searchSite } from './search.ts';
import { ArticlePage } from './views/article-page.tsx';
import { feedAlternates, SITE_FEEDS } from '../web/feed-links.ts';
import { ArticleListPage, AuthorHead, listHref, ListOutOfRangePage, PublicationNotFoundPage, type ListView } from './views/lists.tsx';
import { MediatorArticlesPage } from './views/profile-articles.tsx';
import { SearchPage, searchHref } from './views/search-page.tsx';

/**
 * The publication's public pages: the lists (all, category, tag, author, a mediator's tab), the
 * article page and the site search. Each handler: validate → read (queries.ts, search.ts) →
 * render. Only published pieces are ever read here; anything else is the same 404.
 */
export async function articlePages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;
  const { publicUrl } = config;
  const stats = statsFor(db);

  /** "caucus-or-joint-session" → "caucus or joint session"; anything that is not a slug → nothing. */
  const slugWords = (slug: string) => (SLUG_PATTERN.test(slug) ? slug.split('-').filter(Boolean).slice(0, 8).join(' ') : '');
  const notFound = (reply: FastifyReply, heading: string, message: string, q = '') =>
    reply.code(404).header('cache-control', 'no-store').html(<PublicationNotFoundPage heading={heading} message={message} q={q} />);

  function listParams(query: unknown): ListParams {
    const parsed = parseListQuery(query);
    if (!parsed.ok) throw badRequest('That list address is not quite right.', parsed.problems);
    return parsed.params;
  }

  /** One page of a list, or the helpful 404 for a page past the last. */
  async function renderList(
    reply: FastifyReply,
    params: ListParams,
    filter: ListFilter,
    view: Omit<ListView, 'publicUrl' | 'params' | 'total' | 'pageCount' | 'cards' | 'pageSize'>,
  ) {
    const page = await listPublished(db, { ...filter, kind: params.kind }, { limit: LIST_PAGE_SIZE, offset: (params.page - 1) * LIST_PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(page.total / LIST_PAGE_SIZE));
    if (params.page > pageCount) {
      return reply
        .code(404)
        .html(<ListOutOfRangePage what={view.heading} href={(p) => listHref(view.path, p, params.kind)} pageCount={pageCount} total={page.total} />);
    }
    return reply.html(<ArticleListPage {...view} publicUrl={publicUrl} params={params} total={page.total} pageCount={pageCount} cards={page.cards} pageSize={LIST_PAGE_SIZE} />);
  }

  app.get('/articles', async (request, reply) => {
    const params = listParams(request.query);
    return renderList(reply, params, {}, {
      heading: 'Articles',
      intro: 'Articles, news summaries and videos about mediation, written by mediators and the Concord editors.',
      path: '/articles',
      feeds: SITE_FEEDS,
      emptyText: 'Nothing has been published yet. Please come back soon.',
      kindFilter: true,
      categories: await allCategories(db),
    });
  });

  app.get<{ Params: { slug: string } }>('/articles/category/:slug', async (request, reply) => {
    const { slug } = request.params;
    const params = listParams(request.query);
    const category = SLUG_PATTERN.test(slug) ? await findCategory(db, slug) : null;
    if (!category) return notFound(reply, 'We couldn’t find that category', 'There is no category at this address.');
    return renderList(reply, params, { categoryId: category.id }, {
      heading: category.name,
      intro: category.description || `Articles in ${category.name}.`,
      path: categoryHref(category.slug),
      feeds: feedAlternates({ kind: 'category', slug: category.slug }, category.name),
      emptyText: 'Nothing in this category has been published yet.',
      kindFilter: true,
      categories: await allCategories(db),
      currentCategory: category.slug,
      crumb: { href: '/articles', label: 'Articles' },
    });
  });

  app.get<{ Params: { slug: string } }>('/articles/tag/:slug', async (request, reply) => {
    const { slug } = request.params;
    const params = listParams(request.query);
    const tag = SLUG_PATTERN.test(slug) ? await findTag(db, slug) : null;
    // A tag used only on unpublished drafts is not shown: that would hint at unpublished work.
    const any = tag ? await listPublished(db, { tagId: tag.id }, { limit: 1, offset: 0 }) : null;
    if (!tag || !any?.total) return notFound(reply, 'We couldn’t find that tag', 'Nothing published carries this tag.');
    return renderList(reply, params, { tagId: tag.id }, {
      heading: `Tagged “${tag.name}”`,
      intro: `Articles, news summaries and videos tagged “${tag.name}”.`,
      path: tagHref(tag.slug),
      feeds: feedAlternates({ kind: 'tag', slug: tag.slug }, tag.name),
      emptyText: 'Nothing of this kind carries this tag.',
      kindFilter: true,
      categories: await allCategories(db),
      crumb: { href: '/articles', label: 'Articles' },
    });
  });

  app.get<{ Params: { slug: string } }>('/articles/:slug', async (request, reply) => {
    const { slug } = request.params;
    const article = SLUG_PATTERN.test(slug) ? await getPublishedArticle(db, slug) : null;
    // Drafts, submitted, scheduled and declined pieces look exactly like a missing one.
    // The address's words go in the search box: a mistyped or old address usually still names the piece.
    if (!article) return notFound(reply, 'We couldn’t find that article', 'There is no published article at this address.', slugWords(slug));
    const [readNext, featured] = await Promise.all([readTheseNext(db, article.id, 3).then((ids) => cardsByIds(db, ids)), listFeaturedFor(db, now(), visitorWhere(request), 3)]);
    // The digest box carries a CSRF token, so the page is never cached.
    reply.header('cache-control', 'no-store');
    const digest = { csrf: reply.generateCsrf(), email: request.user?.email };
    return reply.html(
      <ArticlePage publicUrl={publicUrl} article={article} readNext={readNext} featured={featured.hits} featuredTotal={featured.everywhere} featuredHeading={featuredHeading(featured.scope)} digest={digest} />,
    );
  });

  app.get<{ Params: { slug: string } }>('/authors/:slug', async (request, reply) => {
    const { slug } = request.params;
    const params = listParams(request.query);
    const author = SLUG_PATTERN.test(slug) ? await findAuthor(db, slug) : null;
    if (author?.listedMediatorSlug) {
      // A mediator's writing lives on their profile's tab; the author address leads there.
      return reply.redirect(listHref(mediatorArticlesHref(author.listedMediatorSlug), params.page), 302);
    }
    const any = author ? await listPublished(db, { authorId: author.id }, { limit: 1, offset: 0 }) : null;
    if (!author || !any?.total) return notFound(reply, 'We couldn’t find that author', 'Nobody has published under this name.');
    return renderList(reply, params, { authorId: author.id }, {
      heading: author.name,
      intro: `Articles, news summaries and videos by ${author.name}.`,
      path: authorHref(author.slug),
      feeds: feedAlternates({ kind: 'author', slug: author.slug }, author.name),
      emptyText: `${author.name} has published nothing of this kind.`,
      kindFilter: true,
      head: <AuthorHead name={author.name} bio={author.bio} />,
      crumb: { href: '/articles', label: 'Articles' },
    });
  });

  app.get<{ Params: { slug: string } }>('/mediators/:slug/articles', async (request, reply) => {
    const { slug } = request.params;
    const params = listParams(request.query);
    const mediator = MEDIATOR_SLUG.test(slug) ? await getListedMediator(db, slug, now()) : null;
    if (!mediator) return notFound(reply, 'We couldn’t find that mediator', 'This mediator is not listed on Concord. They may have removed their profile, or the address may be mistyped.');
    const articles = await mediatorArticles(db, mediator.id, { limit: LIST_PAGE_SIZE, offset: (params.page - 1) * LIST_PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(articles.total / LIST_PAGE_SIZE));
    const path = mediatorArticlesHref(mediator.slug);
    if (params.page > pageCount) {
      return reply.code(404).html(<ListOutOfRangePage what={`Articles by ${mediator.name}`} href={(p) => listHref(path, p)} pageCount={pageCount} total={articles.total} />);
    }
    return reply.html(
      <MediatorArticlesPage
        publicUrl={publicUrl}
        mediator={{ slug: mediator.slug, name: mediator.name, headline: mediator.headline, photoUrl: mediator.photoUrl }}
        params={{ page: params.page }}
        articles={articles}
        pageCount={pageCount}
        pageSize={LIST_PAGE_SIZE}
      />,
    );
  });

  app.get('/search', async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) {
      return reply.code(400).header('cache-control', 'no-store').html(<SearchPage publicUrl={publicUrl} q={typedSearch(request.query)} problems={parsed.problems} />);
    }
    const { q, page } = parsed.params;
    if (!q) return reply.html(<SearchPage publicUrl={publicUrl} q="" />);
    const outcome = await searchSite(app.deps, q, page, SEARCH_PAGE_SIZE, now());
    if (outcome.status === 'no_terms') {
      return reply
        .code(400)
        .header('cache-control', 'no-store')
        .html(<SearchPage publicUrl={publicUrl} q={q} problems={[{ field: 'q', message: 'Type at least one word or number to search for.' }]} />);
    }
    if (outcome.status === 'out_of_range') {
      return reply.code(404).html(<ListOutOfRangePage what={`The search for “${q}”`} href={(p) => searchHref(q, p)} pageCount={outcome.pageCount} total={outcome.total} noun="matching article" />);
    }
    stats.record('appearances', outcome.result.mediators.hits.map((h) => h.id), now());
    return reply.html(<SearchPage publicUrl={publicUrl} q={q} result={outcome.result} />);
  });
}
