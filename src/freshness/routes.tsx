import type { FastifyInstance } from 'fastify';
import { checkConfirmLink } from './service.ts';
import { AlreadyConfirmedPage, BadLinkPage, ConfirmedPage, ConfirmPage } from './views/confirm.tsx';
import { confirmAvailability } from '../directory/availability.ts';

/**
 * The one-click link of a freshness mail: anyone holding it may answer for that profile. GET shows
 * the question and changes nothing (mail scanners prefetch links); the POST carries the link's
 * signed token, which authorises it in place of a session, so it needs no CSRF cookie (the mail
 * may be opened in a browser that has never seen Concord).
 */
export async function freshnessPages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const field = (raw: unknown, name: string) => {
    const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
    return typeof v === 'string' ? v : undefined;
  };

  app.get('/availability/confirm', async (request, reply) => {
    const token = field(request.query, 'token');
    const link = await checkConfirmLink(db, config.secret, token, now());
    switch (link.status) {
      case 'ok':
        return reply.html(<ConfirmPage token={token!} name={link.name} unlisted={link.unlisted} />);
      case 'used':
        return reply.html(<AlreadyConfirmedPage confirmedAt={link.confirmedAt} slug={link.slug} listed={link.listed} />);
      default:
        return reply.code(400).html(<BadLinkPage status={link.status} />);
    }
  });

  app.post('/availability/confirm', async (request, reply) => {
    const link = await checkConfirmLink(db, config.secret, field(request.body, 'token'), now());
    if (link.status === 'used') return reply.html(<AlreadyConfirmedPage confirmedAt={link.confirmedAt} slug={link.slug} listed={link.listed} />);
    if (link.status !== 'ok') return reply.code(400).html(<BadLinkPage status={link.status} />);
    const answer = field(request.body, 'answer');
    const outcome = await confirmAvailability(db, link.mediatorId, answer !== 'no', now(), link.issuedAt);
    const listed = (await db.selectFrom('mediators').select('status').where('id', '=', link.mediatorId).executeTakeFirst())?.status === 'published';
    return reply.html(<ConfirmedPage outcome={outcome} slug={link.slug} listed={listed} />);
  });
}
