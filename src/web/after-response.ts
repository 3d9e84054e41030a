import type { FastifyInstance, FastifyReply } from 'fastify';

export interface AfterResponse {
  /** Runs `work` once the response to `reply` is sent; `what` names it in the log if it fails. */
  (reply: FastifyReply, what: string, work: () => Promise<void>): void;
  /** Resolves when the work started so far has finished (closing the server waits for it too). */
  settled(): Promise<void>;
}

/**
 * Work a request starts but does not wait for: it runs once the response is sent, so the
 * answer's timing says nothing about it (e.g. whether an address has an account). It cannot be
 * lost silently: a failure is logged with what it was, and closing the server waits for work
 * still running.
 */
export function afterResponse(app: FastifyInstance): AfterResponse {
  const running = new Set<Promise<void>>();
  const settled = async () => {
    while (running.size) await Promise.allSettled(running);
  };
  app.addHook('onClose', settled);
  const later = (reply: FastifyReply, what: string, work: () => Promise<void>) => {
    // 'close' comes when the response is complete, and also when the client went away first.
    reply.raw.once('close', () => {
      const done: Promise<void> = work()
        .catch((err: unknown) => reply.log.error({ err }, `${what} failed after the response`))
        .finally(() => running.delete(done));
      running.add(done);
    });
  };
  return Object.assign(later, { settled });
}
