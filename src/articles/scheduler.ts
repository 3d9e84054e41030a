import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pieceLiveMail } from './mails.ts';
import { publishDue } from './publishing.ts';
import { scheduledWriters } from './workflow.ts';

/** How often the server looks for scheduled pieces that are due. */
export const PUBLISH_EVERY_MS = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    articleScheduler: {
      /** Publishes what is due now (after any run in progress); resolves when done. */
      run(): Promise<void>;
      /** Resolves when the run in progress, if any, is done. */
      settled(): Promise<void>;
    };
  }
}

/**
 * Publishes scheduled pieces when they are due: once as soon as the server is ready (so what
 * came due while it was down goes out on start) and then every 30 seconds, on the server's
 * clock (deps.now). publishDue claims each piece, so several instances publish it once, and only
 * the instance that claimed it mails the writer. Stopped, after its last run, when the server closes.
 */
export const articleScheduler = fp(async function articleScheduler(app: FastifyInstance): Promise<void> {
  const { db, mailer, config, now } = app.deps;
  const log = (err: unknown, what: string) => app.log.error({ err }, what);
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  async function once(): Promise<void> {
    const ids = await publishDue(app.deps, now());
    for (const piece of await scheduledWriters(db, ids)) {
      if (!piece.writer) continue;
      try {
        await mailer.send(pieceLiveMail(config.publicUrl, piece.writer.email, piece));
      } catch (err) {
        // Published all the same; the writer sees it in their list.
        log(err, `article ${piece.id}: the "published" mail could not be sent`);
      }
    }
  }
  const run = () => {
    if (closed) return running;
    running = running.then(once).catch((err: unknown) => log(err, 'publishing scheduled articles failed'));
    return running;
  };

  app.decorate('articleScheduler', { run, settled: () => running });
  let every: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    void run();
    every = setInterval(run, PUBLISH_EVERY_MS);
    every.unref();
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearInterval(every);
    await running;
  });
});
