import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../web/http-error.ts';
import { logoDir, logoFiles } from './logos.ts';
import { findAssociationBySlug, listAssociations, listRoster } from './queries.ts';
import { noSuchPage, rosterPageOf } from './membership-schema.ts';
import { ASSOCIATION_SLUG } from './schema.ts';
import { AssociationPage, AssociationsPage, themeCss } from './views/public.tsx';

const NO_ASSOCIATION = 'There is no association at this address.';

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
    return reply.html(<AssociationPage association={a} roster={roster} publicUrl={publicUrl} />);
  });

  app.get<{ Params: { slug: string } }>('/associations/:slug/theme.css', async (request, reply) => {
    const a = await theAssociation(request);
    // The page links it with its version (`?v=` its last change), so it may be kept long.
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(themeCss(a));
  });

  await logoFiles(app, logoDir(config.dataDir), db);
}
