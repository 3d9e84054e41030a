import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, type FieldProblem } from './http-error.ts';
import { Layout } from './layout.tsx';
import { attributeText } from './attribute-text.ts';

/**
 * One place decides what a visitor sees when something goes wrong: JSON under /api/, a page
 * that helps them on everywhere else. Only messages written by us are shown: Fastify's own
 * messages can quote the request (a bad URL, a content type), so they are replaced by plain ones.
 */

interface Problem {
  status: number;
  message: string;
  details: FieldProblem[];
}

const PLAIN_MESSAGES: Record<number, string> = {
  400: "Something in the request wasn't right.",
  401: 'Please sign in first.',
  403: "You don't have access to this page.",
  404: "We couldn't find that page.",
  405: "That kind of request isn't accepted here.",
  406: "We can't answer in the format that was asked for.",
  408: 'The request took too long. Please try again.',
  413: 'That request was too large.',
  414: 'That address is too long.',
  415: "That kind of content isn't accepted here.",
  429: 'Too many requests in a short time. Please wait a minute and try again.',
  431: 'The request headers were too large.',
};

/** @fastify/csrf-protection's refusals: a missing secret cookie or a missing or wrong token. */
const CSRF_CODES = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);
const CSRF_MESSAGE =
  "This form had expired, or was sent from somewhere other than Concord, so nothing was changed. Go back, reload the page and try again. If it keeps happening, check that your browser accepts cookies from this site.";

const BAD_ADDRESS = "That web address isn't complete or has a mistake in it: it may have been cut off or changed when it was copied.";
const GENERIC_ERROR = 'Something went wrong on our side. Please try again in a moment.';

/** What a request's error means for the visitor. Exported for tests. */
export function describeError(error: unknown): Problem {
  if (error instanceof HttpError) return { status: error.status, message: error.message, details: error.details };
  const e = (error ?? {}) as { statusCode?: unknown; validation?: unknown; code?: unknown };
  if (typeof e.code === 'string' && CSRF_CODES.has(e.code)) return { status: 403, message: CSRF_MESSAGE, details: [] };
  if (Array.isArray(e.validation)) {
    // Fastify schema validation (the JSON API): Ajv's messages name the rule, never the value.
    const details = (e.validation as { instancePath?: string; params?: { missingProperty?: string }; message?: string }[]).map((v) => ({
      field: v.params?.missingProperty ?? (v.instancePath?.replace(/^\//, '') || 'request'),
      message: v.message ?? 'is not valid',
    }));
    return { status: 400, message: 'Some details in the request need fixing.', details };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, message: PLAIN_MESSAGES[status] ?? PLAIN_MESSAGES[400]!, details: [] };
  }
  return { status: 500, message: GENERIC_ERROR, details: [] };
}

const isApi = (request: FastifyRequest) => request.url === '/api' || request.url.startsWith('/api/');

async function send(problem: Problem, request: FastifyRequest, reply: FastifyReply) {
  reply.code(problem.status);
  // Error pages are never cached; a 429 keeps the Retry-After header the rate limiter set.
  reply.header('cache-control', 'no-store');
  if (isApi(request)) {
    return reply.type('application/json; charset=utf-8').send({ error: problem });
  }
  // Rendered here rather than with reply.html: the replies Fastify builds for frameworkErrors
  // are not decorated by plugins.
  const html = await (<ErrorPage problem={problem} near={typedPlace(request)} />);
  return reply.type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = describeError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: problem.status, code: (error as { code?: string }).code }, 'request refused');
    return send(problem, request, reply);
  });

  app.setNotFoundHandler((request, reply) => send({ status: 404, message: PLAIN_MESSAGES[404]!, details: [] }, request, reply));
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before routing (a malformed
 * percent-encoding in the path, FST_ERR_BAD_URL; an over-long path parameter) otherwise get
 * Fastify's default JSON, which quotes the path. No hook runs for them, so the security headers
 * (CSP and the rest) are set here by `headers`, helmet's middleware with the site's options.
 */
export function frameworkErrorsWith(headers: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    headers(request.raw, reply.raw, () => {});
    if ((error as { code?: unknown } | null)?.code === 'FST_ERR_BAD_URL') return send({ status: 400, message: BAD_ADDRESS, details: [] }, request, reply);
    const problem = describeError(error);
    // FST_ERR_MAX_PARAM_LENGTH is a 414; anything else here is still the visitor's 400.
    return send(problem.status >= 500 ? { status: 400, message: PLAIN_MESSAGES[400]!, details: [] } : problem, request, reply);
  };
}

const FIELD_LABELS: Record<string, string> = {
  near: 'Place',
  radius: 'Distance',
  unit: 'Unit',
  practice: 'Practice area',
  language: 'Language',
  format: 'How you meet',
  maxFee: 'Maximum hourly fee',
  free: 'Free consultation',
  accepting: 'Accepting new cases',
  q: 'Keywords',
  sort: 'Sort',
  page: 'Page',
};

/** The place the visitor had typed, to keep in the form; attribute values are escaped by kitajs. */
function typedPlace(request: FastifyRequest): string {
  const near = (request.query as Record<string, unknown> | undefined)?.near;
  return typeof near === 'string' && near.length <= 200 ? near : '';
}

function SearchAgain({ near = '' }: { near?: string }): JSX.Element {
  return (
    <form class="search-box panel narrow" action="/mediators" method="get" role="search">
      <div class="field field-near">
        <label for="error-near">
          Find mediators near
          <span class="hint">A ZIP or postal code, or a city</span>
        </label>
        <input id="error-near" type="text" name="near" value={attributeText(near)} autocomplete="postal-code" maxlength="200" />
      </div>
      <div class="search-actions">
        <button class="button" type="submit">
          Search
        </button>
      </div>
    </form>
  );
}

function ErrorPage({ problem, near = '' }: { problem: Problem; near?: string }): JSX.Element {
  const { status, message, details } = problem;
  const heading =
    status === 404
      ? "We couldn't find that page"
      : status === 400 && details.length
        ? 'Please check what you asked for'
        : status === 429
          ? 'Please slow down a little'
          : status >= 500
            ? 'Something went wrong on our side'
            : "We couldn't do that";
  return (
    <Layout title={heading} noindex>
      <h1>{heading}</h1>
      {status === 404 ? (
        <>
          {message !== PLAIN_MESSAGES[404] ? <p class="lead" safe>{message}</p> : ''}
          <p>The address may be mistyped, or the page may have moved or been removed. If you are looking for a mediator, search by place:</p>
          <SearchAgain />
          <ul>
            <li>
              <a href="/">Go to the home page</a>
            </li>
            <li>
              <a href="/mediators">Browse all mediators</a>
            </li>
            <li>
              <a href="/featured">See featured mediators</a>
            </li>
            <li>
              <a href="/about">Read about Concord</a>
            </li>
          </ul>
        </>
      ) : status >= 500 ? (
        <>
          <p class="lead" safe>{message}</p>
          <p>
            Nothing you did caused this. You can <a href="/">go to the home page</a> or <a href="/mediators">start a new search</a>.
          </p>
        </>
      ) : (
        <>
          <div class="notice notice-error" role="alert">
            <p safe>{message}</p>
            {details.length ? (
              <ul>
                {details.map((d) => {
                  const label = FIELD_LABELS[d.field] ?? d.field;
                  return (
                    <li>
                      <strong safe>{label}</strong>: <span safe>{d.message}</span>
                    </li>
                  );
                })}
              </ul>
            ) : (
              ''
            )}
          </div>
          <p>
            <a href="/mediators">Start a new search</a> or go to the <a href="/">home page</a>.
          </p>
          <SearchAgain near={near} />
        </>
      )}
    </Layout>
  );
}
