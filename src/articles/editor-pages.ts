import type { FastifyInstance } from 'fastify';

/** Small readers the editors' pages share (articles, categories, tags). */

/** The query string as an object, whatever arrived. */
export const queryOf = (raw: unknown): Record<string, unknown> => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});

/** `?done=` names a notice from a closed list; anything else shows none. */
export const noticeOf = <K extends string>(raw: unknown, all: Record<K, string>): K | null => (typeof raw === 'string' && Object.hasOwn(all, raw) ? (raw as K) : null);

/** These pages carry CSRF tokens and what was typed: never cached. */
export function neverCached(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
}
