import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import securityHeaders from 'helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { fastifyKitaHtml as kitaHtml } from '@kitajs/fastify-html-plugin';
import type { Config } from '../config.ts';
import type { AppDeps, Context } from './context.ts';
import { devMailPages } from './dev-mail.tsx';
import { afterResponse, type AfterResponse } from './after-response.ts';
import { frameworkErrorsWith, registerErrorHandling } from './errors.tsx';
import { clientScripts } from './client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** What every route and service is handed (src/web/context.ts). */
    deps: Context;
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

/** One part of the site: registers its routes, hooks or background work on the server. */
export type Feature = FastifyPluginAsync | { plugin: FastifyPluginAsync; prefix: string };

/**
 * The web server: security headers, cookies, CSRF, forms, static files, errors, then each feature
 * in the order given. web/ names no feature; src/app.ts composes the site from them.
 */
export async function buildServer(deps: AppDeps, features: readonly Feature[]): Promise<FastifyInstance> {
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
  app.decorate('deps', { ...deps, logError: (err: unknown, what: string) => app.log.error({ err }, what) });
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
  // The features, each registering its own routes, hooks and timers (src/app.ts names them in order).
  for (const f of features) await (typeof f === 'function' ? app.register(f) : app.register(f.plugin, { prefix: f.prefix }));
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
        // No page is framed, not even by the site itself; an association's embedded directory
        // names its own sites instead (web/framing.ts).
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    // Without HTTPS in development, HSTS would break http://localhost for a year.
    hsts: config.production,
    // Our own pages see where a visitor came from (a profile's link back to the same results);
    // other sites never do.
    referrerPolicy: { policy: 'same-origin' as const },
    // The same as frame-ancestors 'none', for browsers that read only this header.
    xFrameOptions: { action: 'deny' as const },
  };
}
