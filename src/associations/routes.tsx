import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { associationNews } from '../articles/associations.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { pageParam, parseQuery } from '../web/query-params.ts';
import { logoDir, logoFiles } from './logos.ts';
import { findAssociationBySlug, listAssociations, listRoster } from './queries.ts';
import { noSuchPage, rosterPageOf } from './membership-schema.ts';
import { ASSOCIATION_SLUG } from './schema.ts';
import { AssociationNewsPage, AssociationPage, AssociationsPage, NEWS_ON_PAGE, NEWS_PAGE_SIZE, themeCss } from './views/public.tsx';

const NO_ASSOCIATION = 'There is no association at this address.';

function newsPageOf(raw: unknown): number {
  const parsed = parseQuery<{ page: number }>(z.object({ page: pageParam }), raw);
  if (!parsed.ok) throw badRequest('That page number is not quite right.', parsed.problems);
  return parsed.params.page;
}

/** The public association pages: /associations, /associations/:slug and its colours, and the logos. */
export async function associationPages(app: FastifyInstance): Promise<void> {
  const { db, config } = app.deps;
  const { publicUrl } = config;

  const theAssociation = async (request: FastifyRequest<{ Params: { slug: string } }>) => {
    const { slug } = request.params;
    const a = ASSOCIATION_SLUG.test(slug) ? await findAssociationBySlug(db, slug) : null;
    if (!a) throw notFound(NO_ASSOCIATION);
    return a;
  };

  app.get('/associations', async (_request, reply) => reply.html(<AssociationsPage associations={await listAssociations(db)} publicUrl={publicUrl} />));

  app.get<{ Params: { slug: string } }>('/associations/:slug', async (request, reply) => {
    const a = await theAssociation(request);
    const page = rosterPageOf(request.query);
    const roster = await listRoster(db, a.id, page);
    if (page > roster.pageCount) throw noSuchPage(page, roster.pageCount, `/associations/${a.slug}`);
    const news = await associationNews(db, a.id, app.deps.now(), { limit: NEWS_ON_PAGE, offset: 0 });
    return reply.html(<AssociationPage association={a} roster={roster} news={news} publicUrl={publicUrl} />);
  });

  app.get<{ Params: { slug: string } }>('/associations/:slug/news', async (request, reply) => {
    const a = await theAssociation(request);
    const page = newsPageOf(request.query);
    const news = await associationNews(db, a.id, app.deps.now(), { limit: NEWS_PAGE_SIZE, offset: (page - 1) * NEWS_PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(news.total / NEWS_PAGE_SIZE));
    if (page > pageCount) throw notFound(`There is no page ${page} of this news: it has ${pageCount === 1 ? 'one page' : `${pageCount} pages`}. Go to /associations/${a.slug}/news for the first.`);
    return reply.html(<AssociationNewsPage association={a} news={news} page={page} pageCount={pageCount} publicUrl={publicUrl} />);
  });

  app.get<{ Params: { slug: string } }>('/associations/:slug/theme.css', async (request, reply) => {
    const a = await theAssociation(request);
    // The page links it with its version (`?v=` its last change), so it may be kept long.
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(themeCss(a));
  });

  await logoFiles(app, logoDir(config.dataDir), db);
}
