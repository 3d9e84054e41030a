import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { encodeVariants, readImageHeader, SIZE_MESSAGES, type UploadProblem } from '../web/images.ts';
import { notFound } from '../web/http-error.ts';
import { logoInUse } from './queries.ts';

/**
 * Association logos, trusted for nothing (src/web/images.ts): the type is read from the content
 * (an SVG, which can carry script, is refused as not a JPEG, PNG or WebP), the pixel count from
 * the header before decoding (a pixel bomb is refused), and the image is re-encoded as one WebP
 * inside LOGO_BOX, whole, on a transparent ground. Random names under <DATA_DIR>/logos, served
 * from /media/logos/<name> while an association names them.
 */

export const LOGO_BOX = { width: 320, height: 160 } as const;
const NAME = /^[0-9a-f]{32}\.webp$/;

export type LogoProblem = UploadProblem;

export const LOGO_MESSAGES: Record<LogoProblem, string> = {
  empty: 'Choose a logo to upload.',
  not_an_image: 'That file is not an image we can read. Upload the logo as a PNG, JPEG or WebP image (not SVG).',
  wrong_type: 'Upload the logo as a PNG, JPEG or WebP image. SVG files are not taken, as they can carry scripts.',
  ...SIZE_MESSAGES,
  too_small: 'That image is too small for a logo. Upload one at least 32 pixels wide and high.',
};

export const logoDir = (dataDir: string) => path.join(dataDir, 'logos');

export async function processLogo(input: Buffer): Promise<{ ok: true; data: Buffer } | { ok: false; problem: LogoProblem }> {
  const header = await readImageHeader(input);
  if (!header.ok) return header;
  if (header.width < 32 || header.height < 32) return { ok: false, problem: 'too_small' };
  const encoded = await encodeVariants(input, [LOGO_BOX], 85, 'contain');
  return encoded ? { ok: true, data: encoded[0]! } : { ok: false, problem: 'not_an_image' };
}

/** Writes the logo under a new random name; returns the logo_url to store. */
export async function storeLogo(dir: string, data: Buffer): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const name = `${crypto.randomBytes(16).toString('hex')}.webp`;
  const tmp = path.join(dir, `.${name}.tmp`);
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path.join(dir, name));
  return `/media/logos/${name}`;
}

export async function removeLogo(dir: string, logoUrl: string | null): Promise<void> {
  const name = logoUrl?.replace(/^\/media\/logos\//, '');
  if (name && NAME.test(name)) await fs.rm(path.join(dir, name), { force: true });
}

/** GET /media/logos/:name — anyone, while an association names the file. */
export async function logoFiles(app: FastifyInstance, dir: string, db: Db): Promise<void> {
  app.get<{ Params: { name: string } }>('/media/logos/:name', async (request, reply) => {
    const { name } = request.params;
    const gone = () => notFound('There is no logo at this address.');
    if (!NAME.test(name) || !(await logoInUse(db, `/media/logos/${name}`))) throw gone();
    const data = await fs.readFile(path.join(dir, name)).catch(() => null);
    if (!data) throw gone();
    return reply.type('image/webp').header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(data);
  });
}
