import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../web/http-error.ts';
import type { FeedFormat, FeedScope } from '../web/feed-links.ts';
import { etagOf, FEED_SIZE, findFeedSubject, publishedPieces, renderFeed } from './feeds.ts';
import { buildSitemap, keptSitemap, robotsTxt, SITEMAP_MAX_URLS } from './sitemap.ts';

export interface DiscoveryOptions {
  /** URLs per sitemap before /sitemap.xml becomes an index; tests use a small number. */
  sitemapMaxUrls?: number;
}

/**
 * Feeds change within minutes of a publication; sitemaps and robots.txt are read far less often
 * (and each instance builds its sitemap anew only every SITEMAP_KEEP_MS).
 */
const FEED_MAX_AGE = 300;
const SITEMAP_MAX_AGE = 3600;

const FILES: Record<string, FeedFormat> = { 'rss.xml': 'rss', 'atom.xml': 'atom' };
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const NO_FEED = 'There is no feed at this address. The feeds of the whole site are /feeds/rss.xml and /feeds/atom.xml.';
const NO_SUBJECT = {
  category: 'There is no category with that name, so it has no feed.',
  tag: 'No published article has that tag yet, so it has no feed.',
  author: 'No published article is by that author yet, so there is no feed for them.',
} as const;

/** Sends a cacheable document, or 304 when the client already holds this exact one. */
function sendCached(request: FastifyRequest, reply: FastifyReply, body: string | Buffer, contentType: string, maxAge: number, etag = etagOf(body)) {
  reply.header('cache-control', `public, max-age=${maxAge}`).header('etag', etag);
  const given = request.headers['if-none-match'];
  if (given && given.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  return reply.type(contentType).send(body);
}

/**
 * Machine-readable ways in: RSS and Atom feeds, sitemap.xml (an index past the threshold) and
 * robots.txt. All public, read-only and cacheable for a few minutes.
 */
export async function discoveryRoutes(app: FastifyInstance, opts: DiscoveryOptions): Promise<void> {
  const { db, config, now } = app.deps;
  const maxUrls = opts.sitemapMaxUrls ?? SITEMAP_MAX_URLS;

  async function feed(request: FastifyRequest, reply: FastifyReply, scope: FeedScope, format: FeedFormat) {
    const at = now();
    const subject = await findFeedSubject(db, scope, at);
    if (!subject) throw notFound(scope.kind === 'site' ? NO_FEED : NO_SUBJECT[scope.kind]);
    const pieces = await publishedPieces(db, { scope: scope.kind === 'site' ? undefined : scope, limit: FEED_SIZE }, at);
    const built = renderFeed(subject, pieces, format, config.publicUrl, at);
    return sendCached(request, reply, built.body, built.contentType, FEED_MAX_AGE);
  }

  app.get('/feeds/rss.xml', (request, reply) => feed(request, reply, { kind: 'site' }, 'rss'));
  app.get('/feeds/atom.xml', (request, reply) => feed(request, reply, { kind: 'site' }, 'atom'));
  for (const kind of ['category', 'tag', 'author'] as const) {
    app.get<{ Params: { slug: string; file: string } }>(`/feeds/${kind}/:slug/:file`, (request, reply) => {
      const { slug, file } = request.params;
      const format = FILES[file];
      if (!format) throw notFound(NO_FEED);
      if (!SLUG.test(slug)) throw notFound(NO_SUBJECT[kind]);
      return feed(request, reply, { kind, slug }, format);
    });
  }
  // The addresses feed readers try on their own.
  for (const [path, to] of [
    ['/feed', '/feeds/rss.xml'],
    ['/feed.xml', '/feeds/rss.xml'],
    ['/rss.xml', '/feeds/rss.xml'],
    ['/atom.xml', '/feeds/atom.xml'],
  ] as const) {
    app.get(path, (_request, reply) => reply.redirect(to, 301));
  }

  // Built at most once per SITEMAP_KEEP_MS by this instance; the index and its parts are served
  // from the same build.
  const sitemap = keptSitemap((at) => buildSitemap(db, config.publicUrl, at, maxUrls), now);

  app.get('/sitemap.xml', async (request, reply) => {
    const { root } = await sitemap();
    return sendCached(request, reply, root.body, 'application/xml; charset=utf-8', SITEMAP_MAX_AGE, root.etag);
  });

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request, reply) => {
    const m = /^([1-9]\d{0,5})\.xml$/.exec(request.params.file);
    const part = m ? (await sitemap()).parts[Number(m[1]) - 1] : undefined;
    if (!part) throw notFound('There is no sitemap with that number. Start from /sitemap.xml.');
    return sendCached(request, reply, part.body, 'application/xml; charset=utf-8', SITEMAP_MAX_AGE, part.etag);
  });

  app.get('/robots.txt', (request, reply) => sendCached(request, reply, robotsTxt(config.publicUrl), 'text/plain; charset=utf-8', SITEMAP_MAX_AGE));
}
