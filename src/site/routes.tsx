import type { FastifyInstance } from 'fastify';
import { unitForLanguages } from '../geo/resolve.ts';
import { notFound } from '../web/http-error.ts';
import { visitorWhere } from '../web/visitor-place.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { getListedMediator, listFeaturedFor } from '../directory/profiles.ts';
import { SLUG_PATTERN } from '../directory/schema.ts';
import { statsFor } from '../directory/stats.ts';
import type { MapSettings } from '../directory/views/components.tsx';
import { featuredHeading } from '../directory/views/featured.tsx';
import { ProfilePage } from '../directory/views/profile.tsx';
import { resultsFrom } from '../directory/views/search-url.ts';
import { findContactTarget, formatChoices } from '../inquiries/service.ts';
import { formStamp } from '../inquiries/form-time.ts';
import { ContactForm } from '../inquiries/views/contact.tsx';
import { latestCards, mediatorArticles } from '../articles/queries.ts';
import { PROFILE_ARTICLES_SHOWN, ProfileArticlesSection } from '../articles/views/profile-articles.tsx';
import { HomePage } from './views/home.tsx';

/**
 * The pages where the directory and the publication meet, composed here so that neither imports
 * the other the wrong way: the home page (search, featured members, the latest pieces) and a
 * mediator's profile (the directory's page, with the contact form from inquiries and their
 * writing from the publication).
 */
export async function meetingPages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;
  const { publicUrl } = config;
  const map: MapSettings = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };
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
}
