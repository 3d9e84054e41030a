import type { FastifyInstance, FastifyReply } from 'fastify';

export type AfterResponse = (reply: FastifyReply, what: string, work: () => Promise<void>) => void;

/**
 * Work a request starts but does not wait for: it runs once the response is sent, so the
 * answer's timing says nothing about it (e.g. whether an address has an account). It cannot be
 * lost silently: a failure is logged with what it was, and closing the server waits for work
 * still running. Register once per plugin that uses it.
 */
export function afterResponse(app: FastifyInstance): AfterResponse {
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(running);
  });
  return (reply, what, work) => {
    // 'close' comes when the response is complete, and also when the client went away first.
    reply.raw.once('close', () => {
      const done: Promise<void> = work()
        .catch((err: unknown) => reply.log.error({ err }, `${what} failed after the response`))
        .finally(() => running.delete(done));
      running.add(done);
    });
  };
}
