import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageRegion } from '../geo/resolve.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { indexFor } from './search-index.ts';
import { listFeatured } from './profiles.ts';
import { DEFAULT_RADIUS, isOnlineOnly, parseArea, parseFeaturedQuery, parseSearchQuery } from './schema.ts';
import { searchHref, SITE_SEARCH, type SearchHome } from './views/search-url.ts';
import { searchMediators } from './search.ts';
import type { MapSettings } from './views/components.tsx';
import { FEATURED_PAGE_SIZE, FeaturedPage } from './views/featured.tsx';
import { LocationNotFoundPage, MyLocationPage, PageOutOfRangePage, ResultsPage } from './views/results.tsx';
import { statsFor } from './stats.ts';
import { lastPlace, rememberPlace } from '../web/visitor-place.ts';
import type { SearchParams } from './types.ts';
import { compareMediators, parseComparePicks } from './compare.ts';
import { ComparePage, TooManyPage } from './views/compare.tsx';

export interface SearchPageOptions {
  home: SearchHome;
  map: MapSettings | null;
  /** An association's own directory (its id): its featured grants only (search.ts SearchOptions). */
  ownDirectoryOf?: number;
  /** Keep the resolved place in the visitor's cookie (never in another site's frame, which sets no cookie). */
  rememberPlace: boolean;
}

/**
 * A search's page, wherever the search lives (/mediators, or an association's branded or embedded
 * directory): search, then the results or the page that helps the visitor on.
 */
export async function answerSearch(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, params: SearchParams, opts: SearchPageOptions): Promise<unknown> {
  const { db, engine, config, now } = app.deps;
  const { publicUrl } = config;
  const { home } = opts;
  if (isOnlineOnly(params) && !params.near && !params.area) {
    // Online only needs an area: the browser's country is the likely one, and the page lets
    // the visitor change it (or pick their state).
    reply.header('vary', 'Accept-Language');
    const area = parseArea(languageRegion(request.headers['accept-language']) ?? '');
    if (area) return reply.redirect(searchHref({ ...params, area }, {}, home), 302);
  }
  const outcome = await searchMediators({ db, engine }, params, now(), opts.ownDirectoryOf === undefined ? {} : { ownDirectoryOf: opts.ownDirectoryOf });
  // The taxonomy as the search just saw it (the index keeps it in step with the database).
  const { practiceAreas, languages } = indexFor(db);
  const radius = params.radius ?? DEFAULT_RADIUS;
  const unit = params.unit ?? 'mi';
  switch (outcome.status) {
    case 'ok':
      // Remembered for "near you" on pages without a search box of their own (featured members, comparisons).
      if (outcome.result.location && opts.rememberPlace) rememberPlace(request, reply, outcome.result.location);
      statsFor(db).record('appearances', [...outcome.result.results, ...outcome.result.featured].map((h) => h.id), now());
      return reply.html(
        <ResultsPage publicUrl={publicUrl} params={params} result={outcome.result} alternatives={outcome.alternatives} practiceAreas={practiceAreas} languages={languages} map={opts.map} home={home} />,
      );
    case 'location_not_found':
      // A 200: the page is a useful answer (suggestions and the form), not a broken link.
      return reply.html(
        <LocationNotFoundPage publicUrl={publicUrl} params={params} query={outcome.query} suggestions={outcome.suggestions} practiceAreas={practiceAreas} languages={languages} radius={radius} unit={unit} home={home} />,
      );
    case 'my_location':
      // A 200 as well: "Use my location" is the answer to "near me".
      return reply.html(<MyLocationPage params={params} practiceAreas={practiceAreas} languages={languages} radius={radius} unit={unit} home={home} />);
    case 'page_out_of_range':
      return reply.code(400).html(<PageOutOfRangePage params={params} pageCount={outcome.pageCount} total={outcome.total} home={home} />);
    case 'invalid':
      throw badRequest('Some of the search details need changing.', outcome.problems);
  }
}

/**
 * The directory's pages. Each handler: validate → call the service → render. The JSON API
 * (api.ts) calls the same services with the same parameters.
 */
export async function directoryPages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;
  const { publicUrl } = config;
  const map: MapSettings = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };

  app.get('/mediators', async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) throw badRequest('Some of the search details need changing.', parsed.problems);
    return answerSearch(app, request, reply, parsed.params, { home: SITE_SEARCH, map, rememberPlace: true });
  });

  app.get('/featured', async (request, reply) => {
    const parsed = parseFeaturedQuery(request.query);
    if (!parsed.ok) throw badRequest('That page number is not valid.', parsed.problems);
    const { page } = parsed.params;
    const { total, hits } = await listFeatured(db, now(), { limit: FEATURED_PAGE_SIZE, offset: (page - 1) * FEATURED_PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(total / FEATURED_PAGE_SIZE));
    if (page > pageCount) throw notFound(`There ${pageCount === 1 ? 'is only 1 page' : `are only ${pageCount} pages`} of featured members, so there is no page ${page}.`);
    return reply.html(<FeaturedPage publicUrl={publicUrl} hits={hits} total={total} page={page} pageCount={pageCount} />);
  });

  app.get('/compare', async (request, reply) => {
    const picks = parseComparePicks(request.query);
    // Each comparison is one visitor's, with distances from their own last search: never indexed or shared by caches.
    reply.header('cache-control', 'private, no-cache').header('vary', 'Cookie');
    if (picks.status === 'too_many') {
      const { columns } = await compareMediators(db, picks.slugs, null, now());
      const names = new Map(columns.map((c) => [c.mediator.slug, c.mediator.name]));
      return reply.code(400).html(<TooManyPage picks={picks.slugs.map((slug) => ({ slug, name: names.get(slug) ?? null }))} />);
    }
    const origin = lastPlace(request);
    const { columns, missing } = await compareMediators(db, picks.slugs, origin, now());
    if (picks.slugs.length && !columns.length) reply.code(404);
    return reply.html(<ComparePage publicUrl={publicUrl} columns={columns} missing={missing} origin={origin} />);
  });
}
