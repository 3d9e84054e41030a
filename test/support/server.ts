import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/app.ts';
import { fileMailer } from '../../src/mail/mailer.ts';
import { createTestDatabase, runId, TMP_DIR, type TestDatabase } from './db.ts';
import { readMails, type CapturedMail } from './mail.ts';

/** A fixed clock for tests: freshness and featured rotation depend on "now". */
export const TEST_NOW = new Date('2026-11-25T12:00:00.000Z');

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  engine: Engine;
  baseUrl: string;
  /** This server's own mail folder: every mail it sent, as .eml files. */
  mailDir: string;
  /** This server's own folder of member photos. */
  photoDir: string;
  /** This server's own folder of article hero images. */
  articleImageDir: string;
  /** This server's own folder of credential evidence. */
  evidenceDir: string;
  /** The mails sent so far (after-response work included), oldest first, decoded, with their links. */
  mails(): Promise<CapturedMail[]>;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real server on a real database of the given engine, listening on a free local port. `now`
 * is a fixed date or a clock function (a test that moves time on passes a function); `env`
 * adds settings as the environment would give them (e.g. NODE_ENV, TRUST_PROXY); `db` serves a
 * database the test prepared (it is dropped on close like the server's own).
 */
export async function startTestServer(engine: Engine, opts: { now?: Date | (() => Date); env?: Record<string, string>; db?: TestDatabase } = {}): Promise<TestServer> {
  const db = opts.db ?? (await createTestDatabase(engine));
  const mailDir = path.join(TMP_DIR, `mail-${runId()}-${crypto.randomBytes(5).toString('hex')}`);
  const photoDir = path.join(TMP_DIR, `photos-${runId()}-${crypto.randomBytes(5).toString('hex')}`);
  const articleImageDir = path.join(TMP_DIR, `articles-${runId()}-${crypto.randomBytes(5).toString('hex')}`);
  const evidenceDir = path.join(TMP_DIR, `evidence-${runId()}-${crypto.randomBytes(5).toString('hex')}`);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp', SEED_MEDIATORS: '0', ...opts.env }), engine, databaseUrl: db.url, mailDir, photoDir, articleImageDir, evidenceDir };
  const now = typeof opts.now === 'function' ? opts.now : () => (opts.now as Date | undefined) ?? TEST_NOW;
  const mailer = fileMailer(mailDir, 'Concord <no-reply@concord.test>');
  const app = await buildApp({ db: db.db, engine, config: { ...config, publicUrl: 'http://concord.test' }, now, mailer });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    db,
    engine,
    baseUrl,
    mailDir,
    photoDir,
    articleImageDir,
    evidenceDir,
    // Mail a request sends after its response is counted as sent with it.
    mails: async () => {
      await app.afterResponse.settled();
      return readMails(mailDir);
    },
    get: (path, init) => fetch(baseUrl + path, { redirect: 'manual', ...init }),
    async close() {
      await app.close();
      await db.drop();
      fs.rmSync(mailDir, { recursive: true, force: true });
      fs.rmSync(photoDir, { recursive: true, force: true });
      fs.rmSync(articleImageDir, { recursive: true, force: true });
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    },
  };
}
