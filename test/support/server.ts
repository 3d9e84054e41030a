import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/web/server.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** A fixed clock for tests: freshness and featured rotation depend on "now". */
export const TEST_NOW = new Date('2026-11-25T12:00:00.000Z');

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  engine: Engine;
  baseUrl: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on a real database of the given engine, listening on a free local port. */
export async function startTestServer(engine: Engine, opts: { now?: Date } = {}): Promise<TestServer> {
  const db = await createTestDatabase(engine);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp', SEED_MEDIATORS: '0' }), engine, databaseUrl: db.url };
  const app = await buildServer({ db: db.db, engine, config: { ...config, publicUrl: 'http://concord.test' }, now: () => opts.now ?? TEST_NOW });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    db,
    engine,
    baseUrl,
    get: (path, init) => fetch(baseUrl + path, { redirect: 'manual', ...init }),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
