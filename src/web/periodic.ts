import type { FastifyInstance } from 'fastify';

/**
 * Background work a server repeats while it runs (a sweep, writing counts): one run at a time,
 * the first `firstAfterMs` after start, then every `everyMs`, off the request path. A failure is
 * reported and the next run goes ahead. Closing the server stops the timers and waits for the run
 * under way; with `lastOnClose` it runs once more (counts held in memory are written).
 */
export function repeatWhileOpen(
  app: FastifyInstance,
  opts: { everyMs: number; firstAfterMs?: number; lastOnClose?: boolean; what: string },
  task: () => Promise<unknown>,
): void {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => (running = running.then(task).catch((err: unknown) => app.log.error({ err }, `${opts.what} failed`)));
  const timers = [setInterval(run, opts.everyMs), ...(opts.firstAfterMs === undefined ? [] : [setTimeout(run, opts.firstAfterMs)])];
  for (const t of timers) t.unref();
  app.addHook('onClose', async () => {
    for (const t of timers) clearTimeout(t);
    await (opts.lastOnClose ? run() : running);
  });
}
