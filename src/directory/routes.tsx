import type { FastifyInstance } from 'fastify';
import { languageRegion, unitForLanguages } from '../geo/resolve.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { listPracticeAreas } from './practice-areas.ts';
import { indexFor } from './search-index.ts';
import { getListedMediator, listFeatured, listFeaturedFor } from './profiles.ts';
import { DEFAULT_RADIUS, SLUG_PATTERN, isOnlineOnly, parseArea, parseFeaturedQuery, parseSearchQuery } from './schema.ts';
import { searchHref } from './views/search-url.ts';
import { searchMediators } from './search.ts';
import type { MapSettings } from './views/components.tsx';
import { FEATURED_PAGE_SIZE, FeaturedPage, featuredHeading } from './views/featured.tsx';
import { HomePage } from './views/home.tsx';
import { ProfilePage } from './views/profile.tsx';
import { LocationNotFoundPage, MyLocationPage, PageOutOfRangePage, ResultsPage } from './views/results.tsx';
import { resultsFrom } from './views/search-url.ts';
import { statsFor } from '../inquiries/stats.ts';
import { findContactTarget, formatChoices } from '../inquiries/service.ts';
import { formStamp } from '../inquiries/form-time.ts';
import { ContactForm } from '../inquiries/views/contact.tsx';
import { latestCards, mediatorArticles } from '../articles/queries.ts';
import { PROFILE_ARTICLES_SHOWN, ProfileArticlesSection } from '../articles/views/profile-articles.tsx';
import { lastPlace, rememberPlace, visitorWhere } from '../web/visitor-place.ts';
import { compareMediators, parseComparePicks } from './compare.ts';
import { ComparePage, TooManyPage } from './views/compare.tsx';

/**
 * The directory's pages. Each handler: validate → call the service → render. The JSON API
 * (api.ts) calls the same services with the same parameters.
 */
export async function directoryPages(app: FastifyInstance): Promise<void> {
  const { db, engine, config, now } = app.deps;
  const { publicUrl } = config;
  const map: MapSettings = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };
  // The listing's numbers, counted in memory after the work is done (never inside searchMediators).
  const stats = statsFor(db);

  app.get('/', async (request, reply) => {
    const [featured, practiceAreas, latest] = await Promise.all([listFeaturedFor(db, now(), visitorWhere(request), 6), listPracticeAreas(db), latestCards(db, 4)]);
    const unit = unitForLanguages(request.headers['accept-language']);
    // Featured members follow the visitor's last searched place (a cookie) or their language's country.
    reply.header('vary', 'Accept-Language, Cookie');
    return reply.html(
      <HomePage
        publicUrl={publicUrl}
        practiceAreas={practiceAreas}
        featured={featured.hits}
        featuredTotal={featured.everywhere}
        featuredHeading={featuredHeading(featured.scope)}
        unit={unit}
        latest={latest}
      />,
    );
  });

  app.get('/mediators', async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) throw badRequest('Some of the search details need changing.', parsed.problems);
    const params = parsed.params;
    if (isOnlineOnly(params) && !params.near && !params.area) {
      // Online only needs an area: the browser's country is the likely one, and the page lets
      // the visitor change it (or pick their state).
      reply.header('vary', 'Accept-Language');
      const area = parseArea(languageRegion(request.headers['accept-language']) ?? '');
      if (area) return reply.redirect(searchHref({ ...params, area }), 302);
    }
    const outcome = await searchMediators({ db, engine }, params, now());
    // The taxonomy as the search just saw it (the index keeps it in step with the database).
    const practiceAreas = indexFor(db).practiceAreas;
    switch (outcome.status) {
      case 'ok':
        // Remembered for "near you" on pages without a search box of their own (featured members, comparisons).
        if (outcome.result.location) rememberPlace(request, reply, outcome.result.location);
        stats.record('appearances', [...outcome.result.results, ...outcome.result.featured].map((h) => h.id), now());
        return reply.html(
          <ResultsPage publicUrl={publicUrl} params={params} result={outcome.result} alternatives={outcome.alternatives} practiceAreas={practiceAreas} map={map} />,
        );
      case 'location_not_found':
        // A 200: the page is a useful answer (suggestions and the form), not a broken link.
        return reply.html(
          <LocationNotFoundPage
            publicUrl={publicUrl}
            params={params}
            query={outcome.query}
            suggestions={outcome.suggestions}
            practiceAreas={practiceAreas}
            radius={params.radius ?? DEFAULT_RADIUS}
            unit={params.unit ?? 'mi'}
          />,
        );
      case 'my_location':
        // A 200 as well: "Use my location" is the answer to "near me".
        return reply.html(<MyLocationPage params={params} practiceAreas={practiceAreas} radius={params.radius ?? DEFAULT_RADIUS} unit={params.unit ?? 'mi'} />);
      case 'page_out_of_range':
        return reply.code(400).html(<PageOutOfRangePage params={params} pageCount={outcome.pageCount} total={outcome.total} />);
      case 'invalid':
        throw badRequest('Some of the search details need changing.', outcome.problems);
    }
  });

  app.get<{ Params: { slug: string } }>('/mediators/:slug', async (request, reply) => {
    const { slug } = request.params;
    const mediator = SLUG_PATTERN.test(slug) ? await getListedMediator(db, slug, now()) : null;
    const target = mediator ? await findContactTarget(db, slug) : null;
    if (!mediator || !target) throw notFound('This mediator is not listed on Concord. They may have removed their profile, or the address may be mistyped.');
    stats.record('views', [mediator.id], now());
    // The contact form carries a CSRF token and a signed start time: the page is never cached.
    reply.header('cache-control', 'no-store');
    const contact = (
      <ContactForm
        slug={mediator.slug}
        mediatorName={mediator.name}
        demo={target.ownerEmail === null}
        csrf={reply.generateCsrf()}
        stamp={formStamp(config.secret, mediator.slug, now())}
        practiceAreas={await listPracticeAreas(db)}
        formats={formatChoices(target)}
      />
    );
    // Their writing: the newest few here, all of it on the profile's "Articles" tab.
    const articles = await mediatorArticles(db, mediator.id, { limit: PROFILE_ARTICLES_SHOWN, offset: 0 });
    const section = <ProfileArticlesSection mediatorSlug={mediator.slug} name={mediator.name} articles={articles} />;
    const backHref = resultsFrom(request.headers.referer, [new URL(publicUrl).origin, `${request.protocol}://${request.host}`]);
    return reply.html(<ProfilePage publicUrl={publicUrl} mediator={mediator} map={map} contact={contact} articles={{ total: articles.total, section }} backHref={backHref} compare />);
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
