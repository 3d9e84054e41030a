import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listCategories } from '../articles/categories.ts';
import type { FieldProblem } from '../web/http-error.ts';
import { parseSubscribe, typedEmail } from './schema.ts';
import { activeUnsubscribeToken, checkConfirmLink, checkUnsubscribeLink, confirmSubscription, subscribe, unsubscribe } from './service.ts';
import { BadLinkPage, CheckEmailPage, ConfirmedPage, ConfirmPage, DigestPage, UnsubscribedPage, UnsubscribePage } from './views/pages.tsx';
import { inMinutes } from '../web/format.ts';
import { EMAIL_MAX } from '../web/form-fields.ts';

/**
 * The weekly digest's pages. Subscribing is a form (CSRF, limits per client and per address);
 * confirming and unsubscribing are mailed links whose signed token authorises them in place of a
 * session, so their POSTs need no CSRF cookie (the mail may be opened in a browser that has never
 * seen Concord). GETs of those links change nothing: mail scanners open links.
 */
export async function digestPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, config, now } = ctx;

  // RFC 8058: a mail client unsubscribing in one click POSTs "List-Unsubscribe=One-Click", as a
  // form or as multipart/form-data. The token is in the URL, so the body is read and ignored.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, {}));

  // Forms carry CSRF tokens, and the link pages carry tokens and addresses.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const field = (raw: unknown, name: string) => {
    const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return typeof s === 'string' ? s : undefined;
  };

  async function digestPage(request: FastifyRequest, reply: FastifyReply, typed: string, problems: FieldProblem[] = [], notice: { text: string; error?: boolean } | null = null) {
    const viewer = request.user;
    const member = viewer ? { email: viewer.email, unsubscribeToken: await activeUnsubscribeToken(db, config.secret, viewer.email) } : null;
    const view = { csrf: reply.generateCsrf(), email: typed || viewer?.email || '', problems, notice, member, categories: await listCategories(db) };
    return reply.html(<DigestPage {...view} />);
  }

  app.get('/digest', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const typed = (field(q, 'email') ?? '').slice(0, EMAIL_MAX);
    const notice = field(q, 'done') === 'subscribed' ? { text: 'You are subscribed: the digest will come to your account’s address every Monday with something new.' } : null;
    return digestPage(request, reply, typed, [], notice);
  });

  app.post('/digest', { preHandler: app.csrfProtection }, async (request, reply) => {
    const form = parseSubscribe(request.body);
    if (!form.ok) {
      reply.code(400);
      return digestPage(request, reply, typedEmail(request.body), form.problems);
    }
    const outcome = await subscribe(ctx, form.value.email, request.user, request.ip, now());
    switch (outcome.status) {
      case 'subscribed':
        return reply.redirect('/digest?done=subscribed', 303);
      case 'mailed':
        return reply.redirect(`/digest/check-email?email=${encodeURIComponent(form.value.email)}`, 303);
      case 'limited':
        reply.code(429).header('retry-after', String(outcome.waitSeconds));
        return digestPage(request, reply, form.value.email, [], {
          text: `We didn't send anything: there have been too many requests for this address or from this connection in the last hour. Please try again ${inMinutes(outcome.waitSeconds)}.`,
          error: true,
        });
      case 'mail_failed':
        reply.code(503);
        return digestPage(request, reply, form.value.email, [], { text: "We couldn't send the confirmation email just now. Please try again in a few minutes.", error: true });
    }
  });

  app.get('/digest/check-email', async (request, reply) => {
    const email = (field(request.query, 'email') ?? '').slice(0, EMAIL_MAX);
    if (!email) return reply.redirect('/digest', 303);
    return reply.html(<CheckEmailPage email={email} />);
  });

  app.get('/digest/confirm', async (request, reply) => {
    const token = field(request.query, 'token');
    const link = await checkConfirmLink(db, config.secret, token, now());
    if (link.status !== 'ok') return reply.code(400).html(<BadLinkPage status={link.status} what="confirm" />);
    return reply.html(<ConfirmPage token={token!} email={link.email} />);
  });

  app.post('/digest/confirm', async (request, reply) => {
    const result = await confirmSubscription(db, config.secret, field(request.body, 'token'), now());
    if (result.status === 'confirmed' || result.status === 'already') return reply.html(<ConfirmedPage email={result.email} already={result.status === 'already'} />);
    return reply.code(400).html(<BadLinkPage status={result.status} what="confirm" />);
  });

  const unsubscribeTokenOf = (request: FastifyRequest) => field(request.query, 'token') ?? field(request.body, 'token');

  app.get('/digest/unsubscribe', async (request, reply) => {
    const token = field(request.query, 'token');
    const link = await checkUnsubscribeLink(db, config.secret, token);
    if (link.status !== 'ok') return reply.code(400).html(<BadLinkPage status="invalid" what="unsubscribe" />);
    return reply.html(<UnsubscribePage token={token!} email={link.email} subscribed={link.subscribed} />);
  });

  app.post('/digest/unsubscribe', async (request, reply) => {
    const link = await checkUnsubscribeLink(db, config.secret, unsubscribeTokenOf(request));
    if (link.status !== 'ok') return reply.code(400).html(<BadLinkPage status="invalid" what="unsubscribe" />);
    await unsubscribe(db, link.subscriberId, now());
    return reply.html(<UnsubscribedPage email={link.email} />);
  });
}
