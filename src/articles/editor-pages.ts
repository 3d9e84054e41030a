import type { FastifyInstance } from 'fastify';

/** These pages carry CSRF tokens and what was typed: never cached. */
export function neverCached(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
}
