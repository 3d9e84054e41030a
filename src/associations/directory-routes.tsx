import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answerSearch } from '../directory/routes.tsx';
import { parseSearchQuery } from '../directory/schema.ts';
import type { MapSettings } from '../directory/views/components.tsx';
import { allowFramingBy } from '../web/framing.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { findAssociationBySlug } from './queries.ts';
import { ASSOCIATION_SLUG } from './schema.ts';
import { brandedHome, embeddedHome } from './views/directory.tsx';

const NO_ASSOCIATION = 'There is no association at this address.';

/** The tile server's origin, or null when the address is not one. */
function originOf(url: string): string | null {
  try {
    return new URL(url.replace(/\{[a-z]\}/g, 'a')).origin;
  } catch {
    return null;
  }
}

/**
 * An association's own directory: `/associations/:slug/directory` (branded, on Concord) and
 * `/associations/:slug/embed` (framed by the association's own site), both the whole directory
 * search restricted to its members, and `/embed.js`, the loader the association's site includes.
 * The association comes from the path alone: a query's `association=` is overwritten, so no link
 * or hand-made address shows another association's members in its colours.
 */
export async function associationDirectoryPages(app: FastifyInstance): Promise<void> {
  const { db, config } = app.deps;
  const { publicUrl } = config;
  const map: MapSettings = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };
  // The embed loads nothing from a third party: a map only when its images come from this site.
  const embedMap = originOf(config.mapTileUrl) === originOf(publicUrl) ? map : null;

  const theAssociation = async (request: FastifyRequest<{ Params: { slug: string } }>) => {
    const { slug } = request.params;
    const a = ASSOCIATION_SLUG.test(slug) ? await findAssociationBySlug(db, slug) : null;
    if (!a) throw notFound(NO_ASSOCIATION);
    return a;
  };
  const searchParams = (request: FastifyRequest, slug: string) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) throw badRequest('Some of the search details need changing.', parsed.problems);
    return { ...parsed.params, association: slug };
  };

  app.get<{ Params: { slug: string } }>('/associations/:slug/directory', async (request, reply) => {
    const a = await theAssociation(request);
    return answerSearch(app, request, reply, searchParams(request, a.slug), { home: brandedHome(a), map, ownDirectoryOf: a.id, rememberPlace: true });
  });

  app.get<{ Params: { slug: string } }>(
    '/associations/:slug/embed',
    {
      // Another site's page: the embed reads no cookie (so no session, no remembered place, no
      // viewer) and sets none, whatever a hook or a visitor's browser would do.
      onRequest: async (request) => {
        request.cookies = {};
      },
      onSend: async (_request, reply, payload) => {
        reply.removeHeader('set-cookie');
        return payload;
      },
    },
    async (request, reply) => {
      const a = await theAssociation(request);
      allowFramingBy(reply, a.frameOrigins);
      // The page differs by nothing but its address; the configured sites may change, so kept briefly.
      reply.header('cache-control', 'public, max-age=60');
      return answerSearch(app, request, reply, searchParams(request, a.slug), { home: embeddedHome(a, publicUrl), map: embedMap, ownDirectoryOf: a.id, rememberPlace: false });
    },
  );

  // A short, stable address for the loader; the script itself sends the header that lets other sites load it.
  app.get('/embed.js', async (_request, reply) => reply.header('cross-origin-resource-policy', 'cross-origin').redirect('/assets/js/embed-loader.js', 302));
}
