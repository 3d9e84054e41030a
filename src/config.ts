import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** The environment, parsed once into a typed config. Every variable is documented in README.md. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  MAP_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().default('&copy; OpenStreetMap contributors'),
  // Demo people on a first start: 600 in development, none in production unless asked for.
  SEED_MEDIATORS: z.coerce.number().int().min(0).max(1_000_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).optional(),
  SECRET: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  DKIM_DOMAIN: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a domain name, e.g. mediators.example.org').optional(),
  DKIM_SELECTOR: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, 'a DNS label, e.g. concord2026').optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
});

/** Signs what the site hands out and checks later without storing it (form timestamps, mailed links). */
const DEV_SECRET = 'concord-development-secret-not-for-production';
const SECRET_MIN = 32;

export type Engine = 'sqlite' | 'postgres';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  engine: Engine;
  /** A postgres:// URL, or the path of the SQLite file. */
  databaseUrl: string;
  publicUrl: string;
  mapTileUrl: string;
  mapTileAttribution: string;
  seedMediators: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  production: boolean;
  /** smtp:// or smtps:// URL of the mail server; null writes mail as .eml files to mailDir. */
  smtpUrl: string | null;
  /** Where mail goes without SMTP_URL: `<DATA_DIR>/mail`. */
  mailDir: string;
  /** Member photos, re-encoded, with random names: `<DATA_DIR>/photos`. */
  photoDir: string;
  /** Article hero images, re-encoded, with random names: `<DATA_DIR>/articles`. */
  articleImageDir: string;
  /** Evidence for credentials, private, with random names: `<DATA_DIR>/evidence`; never served as a folder. */
  evidenceDir: string;
  /** The From: of every mail, e.g. 'Concord <no-reply@mediators.example.org>'. */
  mailFrom: string;
  /** The HMAC key for signed values (see src/lib/signing.ts); required in production. */
  secret: string;
  /** Signs every mail with DKIM when set (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE). */
  dkim: DkimKey | null;
  /**
   * Whose X-Forwarded-For to believe, as Fastify's `trustProxy` takes it: false (the socket's
   * address, the default) or the proxies' addresses and CIDR ranges.
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | string[];

/** What nodemailer needs to sign a mail: the d= domain, the s= selector and the PEM private key. */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** All three DKIM settings or none; the key file must hold a private key that signs. */
function readDkim(e: z.infer<typeof Env>): DkimKey | null {
  const given = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY_FILE];
  if (given.every((v) => v === undefined)) return null;
  if (given.some((v) => v === undefined)) {
    throw new Error('Invalid environment: DKIM: set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE together, or none of them.');
  }
  let privateKey: string;
  try {
    privateKey = fs.readFileSync(e.DKIM_PRIVATE_KEY_FILE!, 'utf8');
  } catch (err) {
    throw new Error(`Invalid environment: DKIM_PRIVATE_KEY_FILE: cannot read ${e.DKIM_PRIVATE_KEY_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let type: string | undefined;
  try {
    type = crypto.createPrivateKey(privateKey).asymmetricKeyType;
  } catch {
    throw new Error(`Invalid environment: DKIM_PRIVATE_KEY_FILE: ${e.DKIM_PRIVATE_KEY_FILE} does not hold a private key in PEM format (-----BEGIN PRIVATE KEY-----).`);
  }
  // nodemailer signs with RSA only (a=rsa-sha256); with another key it would send mail unsigned.
  if (type !== 'rsa') {
    throw new Error(`Invalid environment: DKIM_PRIVATE_KEY_FILE: DKIM here signs with an RSA key; ${e.DKIM_PRIVATE_KEY_FILE} holds a key of type ${type}.`);
  }
  return { domainName: e.DKIM_DOMAIN!.toLowerCase(), keySelector: e.DKIM_SELECTOR!, privateKey };
}

/** proxy-addr's names for address ranges, which Fastify's trustProxy accepts too. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [ip = '', bits, ...rest] = entry.split('/');
  const family = net.isIP(ip);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Off unless set: a client can write any X-Forwarded-For, so believing it without a proxy in front
 * would let anyone pick their own address and slip past every per-address limit. Only the
 * proxies' own addresses are taken: "true" would trust whoever connects, and a hop count cannot
 * tell the proxy from a client that connects directly (Fastify 5 ignores one for that reason).
 */
function readTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true' || /^\d+$/.test(value)) {
    throw new Error(
      `Invalid environment: TRUST_PROXY: "${value}" would believe the X-Forwarded-For of clients that connect directly; give the addresses of the proxies in front of Concord (e.g. 127.0.0.1 or 10.0.0.0/8).`,
    );
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const wrong = entries.filter((e) => !isAddressOrRange(e));
  if (wrong.length || !entries.length) {
    throw new Error(
      `Invalid environment: TRUST_PROXY: ${wrong.map((w) => `"${w}"`).join(', ') || `"${value}"`} is not an address or a CIDR range; give the proxies' addresses separated by commas (e.g. 127.0.0.1,10.0.0.0/8).`,
    );
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && (!e.SECRET || e.SECRET.length < SECRET_MIN)) {
    throw new Error(`Invalid environment: SECRET: set a random value of at least ${SECRET_MIN} characters in production (e.g. \`openssl rand -base64 48\`).`);
  }
  if (e.SECRET !== undefined && e.SECRET.length < SECRET_MIN) {
    throw new Error(`Invalid environment: SECRET: use at least ${SECRET_MIN} characters.`);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const url = e.DATABASE_URL ?? '';
  const engine: Engine = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    engine,
    databaseUrl: engine === 'postgres' ? url : url || path.join(dataDir, 'concord.sqlite'),
    publicUrl,
    mapTileUrl: e.MAP_TILE_URL,
    mapTileAttribution: e.MAP_TILE_ATTRIBUTION,
    seedMediators: e.SEED_MEDIATORS ?? (production ? 0 : 600),
    logLevel: e.LOG_LEVEL,
    production,
    smtpUrl: e.SMTP_URL ?? null,
    mailDir: path.join(dataDir, 'mail'),
    photoDir: path.join(dataDir, 'photos'),
    articleImageDir: path.join(dataDir, 'articles'),
    evidenceDir: path.join(dataDir, 'evidence'),
    mailFrom: e.MAIL_FROM ?? `Concord <no-reply@${new URL(publicUrl).hostname}>`,
    secret: e.SECRET ?? DEV_SECRET,
    dkim: readDkim(e),
    trustProxy: readTrustProxy(e.TRUST_PROXY),
  };
}
