import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import securityHeaders from 'helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { fastifyKitaHtml as kitaHtml } from '@kitajs/fastify-html-plugin';
import type { Config, Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { devMailPages } from '../mail/dev-routes.tsx';
import { accountPages } from '../accounts/routes.tsx';
import { memberPages } from '../members/routes.tsx';
import { sessionHook } from '../accounts/session.ts';
import { afterResponse, type AfterResponse } from './after-response.ts';
import { frameworkErrorsWith, registerErrorHandling } from './errors.tsx';
import { clientScripts } from './client.ts';
import { directoryPages } from '../directory/routes.tsx';
import { directoryApi } from '../directory/api.ts';
import { sitePages } from './pages.tsx';
import { inquiryPages } from '../inquiries/routes.tsx';
import { listingStatsFlusher } from '../inquiries/stats.ts';
import { freshnessPages } from '../freshness/routes.tsx';
import { freshnessTimer } from '../freshness/service.ts';
import { changeLogPruner } from '../directory/search-index.ts';
import { discoveryRoutes } from '../articles/discovery-routes.ts';
import { digestPages } from '../digest/routes.tsx';
import { digestTimer } from '../digest/service.ts';
import { editorArticlePages } from '../articles/editor-routes.tsx';
import { memberArticlePages } from '../articles/member-routes.tsx';
import { categoryPages } from '../articles/category-routes.tsx';
import { tagPages } from '../articles/tag-routes.tsx';
import { articleScheduler } from '../articles/scheduler.ts';
import { articlePages } from '../articles/routes.tsx';

/** What every route needs, passed in rather than imported, so tests build servers on any database. */
export interface AppDeps {
  db: Db;
  engine: Engine;
  config: Config;
  /** The clock; tests fix it so freshness and featured rotation are predictable. */
  now: () => Date;
  /** Sends (or, without SMTP_URL, writes) mail; tests read what it wrote. */
  mailer: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Work a route leaves until its response is sent (mail whose timing must not show). */
    afterResponse: AfterResponse;
  }
}

/** What the log keeps of a request: never the token of a mailed link (/verify, /reset-password). */
function logRequest(request: FastifyRequest) {
  return { method: request.method, url: request.url.replace(/([?&]token=)[^&#]*/gi, '$1[hidden]'), remoteAddress: request.ip };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const leafletDist = path.resolve(here, '../../node_modules/leaflet/dist');

function tileOrigin(tileUrl: string): string | null {
  try {
    return new URL(tileUrl.replace(/\{[a-z]\}/g, 'a')).origin;
  } catch {
    return null;
  }
}

export async function buildServer(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, serializers: { req: logRequest } },
    // A 10 KB query string is answered with a clear 400, not a dropped connection.
    routerOptions: { maxParamLength: 500 },
    bodyLimit: 1024 * 1024,
    // Off unless TRUST_PROXY names the proxy: production alone is no reason to believe X-Forwarded-For.
    trustProxy: config.trustProxy,
    // Malformed URLs fail before routing, where no hook runs: our own page, never quoting the
    // path, with the security headers set by helmet's own middleware.
    frameworkErrors: frameworkErrorsWith(securityHeaders(securityOptions(config))),
  });
  app.decorate('deps', deps);
  app.decorate('afterResponse', afterResponse(app));

  await app.register(helmet, securityOptions(config));
  await app.register(rateLimit, { max: 600, timeWindow: '1 minute', allowList: ['127.0.0.1', '::1'].filter(() => !config.production) });
  await app.register(cookie);
  // The secret lives in its own cookie; every POST form carries a token made from it, checked
  // by the route's preHandler (the body is read by then). See src/accounts/routes.tsx.
  await app.register(csrfProtection, { cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: config.production } });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(kitaHtml);
  await app.register(fastifyStatic, { root: path.join(here, 'assets'), prefix: '/assets/', maxAge: '1h' });
  await app.register(fastifyStatic, { root: leafletDist, prefix: '/assets/leaflet/', decorateReply: false, maxAge: '1d' });
  await app.register(clientScripts);

  registerErrorHandling(app);
  await app.register(sessionHook);
  await app.register(sitePages);
  await app.register(directoryPages);
  await app.register(directoryApi, { prefix: '/api/v1' });
  await app.register(accountPages);
  await app.register(memberPages);
  await app.register(inquiryPages);
  await app.register(freshnessPages);
  await app.register(discoveryRoutes);
  await app.register(digestPages);
  await app.register(memberArticlePages);
  await app.register(editorArticlePages);
  await app.register(categoryPages);
  await app.register(tagPages);
  await app.register(articlePages);
  // Background work, stopped (and the last counts written) when the server closes.
  await app.register(listingStatsFlusher);
  await app.register(freshnessTimer);
  await app.register(changeLogPruner);
  await app.register(digestTimer);
  await app.register(articleScheduler);
  // Development only: never in production, where mail may hold people's reset links.
  if (!config.production && deps.mailer.folder) await app.register(devMailPages(deps.mailer.folder));
  return app;
}

/** The security headers (CSP and the rest) of every response, by helmet. */
function securityOptions(config: Config) {
  const tiles = tileOrigin(config.mapTileUrl);
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(tiles ? [tiles] : [])],
        connectSrc: ["'self'"],
        // Video players, loaded only after a visitor presses play (src/web/client/video.ts).
        frameSrc: ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    // Without HTTPS in development, HSTS would break http://localhost for a year.
    hsts: config.production,
    // Our own pages see where a visitor came from (a profile's link back to the same results);
    // other sites never do.
    referrerPolicy: { policy: 'same-origin' as const },
  };
}
