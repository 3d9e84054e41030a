import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Config } from '../config.ts';
import { HttpError } from '../web/http-error.ts';
import { runAsViewer, hasRole, type Role, type Viewer } from '../web/viewer.ts';
import { createSession, deleteSession, findSession, SESSION_DAYS } from './sessions.ts';
import { TOKEN_PATTERN } from '../lib/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null; set by the session hook before any route's own preHandlers. */
    user: Viewer | null;
    /** The session cookie's token while the session is valid. */
    sessionToken: string | null;
  }
}

/** __Host- makes browsers insist on Secure, path / and no Domain: only for HTTPS sites. */
export const sessionCookieName = (config: Config) => (config.production ? '__Host-concord_session' : 'concord_session');

function cookieOptions(config: Config, request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.production || request.protocol === 'https',
    maxAge: SESSION_DAYS * 86_400,
  };
}

/**
 * Reads the session cookie on every request (one primary-key look-up joined to users) and sets
 * request.user. A preHandler rather than onRequest: the rest of the request must run inside
 * runAsViewer, and a form body is read between onRequest and preHandler, outside it.
 */
export const sessionHook = fp(
  async function sessionHook(app: FastifyInstance) {
    const { db, config, now } = app.deps;
    const name = sessionCookieName(config);
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('preHandler', (request, reply, done) => {
      const token = request.cookies[name];
      if (!token || request.url.startsWith('/assets/')) return runAsViewer(null, done);
      if (!TOKEN_PATTERN.test(token)) {
        reply.clearCookie(name, { path: '/' });
        return runAsViewer(null, done);
      }
      findSession(db, token, now()).then(
        (found) => {
          if (found) {
            request.user = found.viewer;
            request.sessionToken = token;
            if (found.extended) reply.setCookie(name, token, cookieOptions(config, request));
          } else {
            reply.clearCookie(name, { path: '/' });
          }
          runAsViewer(request.user, done);
        },
        (err: Error) => done(err),
      );
    });
  },
  { name: 'concord-sessions', dependencies: ['@fastify/cookie'] },
);

/**
 * Starts a new session for a user who just proved who they are, ending the one the request came
 * with: a fresh id on every log-in and privilege change, so a planted cookie is never promoted.
 */
export async function startSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: number): Promise<void> {
  const { db, config, now } = app.deps;
  const name = sessionCookieName(config);
  const old = request.cookies[name];
  if (old && TOKEN_PATTERN.test(old)) await deleteSession(db, old);
  const token = await createSession(db, userId, request.headers['user-agent'] ?? '', now());
  reply.setCookie(name, token, cookieOptions(config, request));
  // A new CSRF secret too, for the same reason; the next form page makes it.
  reply.clearCookie('_csrf', { path: '/' });
}

/** Ends the request's session (if any) and forgets the cookie. */
export async function endSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const name = sessionCookieName(app.deps.config);
  const token = request.cookies[name];
  if (token && TOKEN_PATTERN.test(token)) await deleteSession(app.deps.db, token);
  reply.clearCookie(name, { path: '/' });
  reply.clearCookie('_csrf', { path: '/' });
}

/**
 * For a route's preHandler: only signed-in users (with at least `role`). A page asked for while
 * signed out leads to the log-in page and back; a wrong role is a 403 page.
 */
export function requireUser(role: Role = 'member'): preHandlerAsyncHookHandler {
  return async function (request, reply) {
    if (!request.user) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      throw new HttpError(401, 'You are no longer logged in, so nothing was changed. Please log in again and try once more.');
    }
    if (!hasRole(request.user.role, role)) {
      throw new HttpError(403, `This page is for ${role === 'admin' ? 'administrators' : 'editors'} only.`);
    }
  };
}
