import type { FastifyPluginAsync } from 'fastify';
import { resolveLocation } from '../geo/resolve.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { openApiDocument } from './openapi.ts';
import { presentMediator, presentPlace, presentSearch } from './present.ts';
import { getListedMediator } from './profiles.ts';
import { SLUG_PATTERN, parseSearchQuery } from './schema.ts';
import { searchMediators } from './search.ts';
import { statsFor } from './stats.ts';

const MY_LOCATION_MESSAGE = 'That asks for your own location, which only your browser knows: send it as "latitude,longitude".';

/**
 * The directory's JSON API under /api/v1. Same parameters and the same services as the pages.
 * Public and read-only: anyone may use every route here.
 */
export const directoryApi: FastifyPluginAsync = async (app) => {
  const { db, engine, config, now } = app.deps;

  app.get('/openapi.json', async () => openApiDocument(config.publicUrl));

  app.get('/mediators', async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) throw badRequest('Some search parameters are not valid.', parsed.problems);
    const outcome = await searchMediators({ db, engine }, parsed.params, now());
    switch (outcome.status) {
      case 'ok':
        // Counted in memory after the search (see src/directory/stats.ts).
        statsFor(db).record('appearances', [...outcome.result.results, ...outcome.result.featured].map((h) => h.id), now());
        return presentSearch(outcome.result, config.publicUrl);
      case 'invalid':
        throw badRequest('Some search parameters are not valid.', outcome.problems);
      case 'my_location':
        throw badRequest('Some search parameters are not valid.', [{ field: 'near', message: MY_LOCATION_MESSAGE }]);
      case 'page_out_of_range':
        throw badRequest(`There ${outcome.pageCount === 1 ? 'is only 1 page' : `are only ${outcome.pageCount} pages`} of results.`, [
          { field: 'page', message: `Page must be between 1 and ${outcome.pageCount}.` },
        ]);
      case 'location_not_found':
        return reply.code(400).send({
          error: {
            status: 400,
            message: "We couldn't find a place by that name.",
            details: [{ field: 'near', message: 'Try a ZIP or postal code, or a city with its state or country.' }],
          },
          suggestions: outcome.suggestions.map(presentPlace),
        });
    }
  });

  app.get<{ Params: { slug: string } }>('/mediators/:slug', async (request) => {
    const { slug } = request.params;
    const mediator = SLUG_PATTERN.test(slug) ? await getListedMediator(db, slug, now()) : null;
    if (!mediator) throw notFound('No listed mediator has that address.');
    return presentMediator(mediator, config.publicUrl);
  });

  app.get<{ Querystring: { q?: unknown } }>('/locations', async (request, reply) => {
    const q = request.query.q;
    if (typeof q !== 'string' || !q.trim()) throw badRequest('Say which place to look up.', [{ field: 'q', message: 'Type a ZIP or postal code, a city, or "lat,lon".' }]);
    if (q.length > 200) throw badRequest('That place is too long.', [{ field: 'q', message: 'Keep it under 200 characters.' }]);
    const r = await resolveLocation(db, q);
    // "me" names no place; the answer says so, and the page's box offers "Use my location".
    if (r.status === 'my_location') return { query: q, place: null, candidates: [], myLocation: true };
    if (r.status === 'found') return { query: q, place: presentPlace(r.place), candidates: r.alternatives.map(presentPlace) };
    if (r.status === 'not_found') {
      return reply.code(404).send({
        error: { status: 404, message: "We couldn't find a place by that name.", details: [] },
        query: q,
        place: null,
        candidates: r.suggestions.map(presentPlace),
      });
    }
    throw badRequest(r.status === 'invalid' ? r.message : 'Say which place to look up.', [{ field: 'q', message: 'Type a ZIP or postal code, a city, or "lat,lon".' }]);
  });
};
