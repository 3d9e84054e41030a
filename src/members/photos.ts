import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { encodeVariants, readImageHeader, SIZE_MESSAGES, type UploadProblem } from '../web/images.ts';
import { notFound } from '../web/http-error.ts';
import { hasRole } from '../web/viewer.ts';

/**
 * Member photos. An upload is trusted for nothing: its type is read from its content by sharp
 * (never from the name or the Content-Type), its size in pixels is checked from the header
 * before anything is decoded (a small file can declare a huge image: a decompression bomb), and
 * it is re-encoded to a few square WebP sizes, which drops EXIF and every other piece of metadata
 * (GPS positions included). Files get random names under <DATA_DIR>/photos and are served
 * read-only from /media/photos/<name>.
 */

export const PHOTO_SIZES = [96, 320, 640] as const;
/** The size photo_url points at; pages ask for it at 64–128 CSS px, so 320 is sharp on 2x screens. */
const MAIN_SIZE = 320;

export const PHOTO_NAME_PATTERN = /^[0-9a-f]{32}-(?:96|320|640)\.webp$/;
const URL_PATTERN = /^\/media\/photos\/([0-9a-f]{32})-320\.webp$/;

export type PhotoProblem = UploadProblem;

export const PHOTO_MESSAGES: Record<PhotoProblem, string> = {
  empty: 'Choose a photo to upload.',
  not_an_image: 'That file is not an image we can read. Upload a JPEG, PNG or WebP photo.',
  wrong_type: 'Upload a JPEG, PNG or WebP photo.',
  ...SIZE_MESSAGES,
  too_small: 'That image is too small. Upload one at least 96 pixels wide and high.',
};

export type Processed = { ok: true; files: { size: number; data: Buffer }[] } | { ok: false; problem: PhotoProblem };

export async function processPhoto(input: Buffer): Promise<Processed> {
  const header = await readImageHeader(input);
  if (!header.ok) return header;
  if (header.width < 96 || header.height < 96) return { ok: false, problem: 'too_small' };
  const encoded = await encodeVariants(input, PHOTO_SIZES.map((size) => ({ width: size, height: size })), 80);
  if (!encoded) return { ok: false, problem: 'not_an_image' };
  return { ok: true, files: PHOTO_SIZES.map((size, i) => ({ size, data: encoded[i]! })) };
}

/** Writes the sizes under a new random name; returns the photo_url to store. */
export async function storePhoto(dir: string, files: { size: number; data: Buffer }[]): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const id = crypto.randomBytes(16).toString('hex');
  for (const f of files) {
    const name = `${id}-${f.size}.webp`;
    const tmp = path.join(dir, `.${name}.tmp`);
    await fs.writeFile(tmp, f.data);
    await fs.rename(tmp, path.join(dir, name));
  }
  return `/media/photos/${id}-${MAIN_SIZE}.webp`;
}

/** Deletes every size of a stored photo; other photo_url values (demo data, none) are ignored. */
export async function removePhoto(dir: string, photoUrl: string | null): Promise<void> {
  const id = photoUrl ? URL_PATTERN.exec(photoUrl)?.[1] : undefined;
  if (!id) return;
  await Promise.all(PHOTO_SIZES.map((size) => fs.rm(path.join(dir, `${id}-${size}.webp`), { force: true })));
}

/**
 * GET /media/photos/:name — anyone, for a listed profile's photo; its member and editors also see
 * the photo of an unlisted one. The names are random and strictly checked, never paths.
 */
export async function photoFiles(app: FastifyInstance, dir: string, db: Db): Promise<void> {
  app.get<{ Params: { name: string } }>('/media/photos/:name', async (request, reply) => {
    const { name } = request.params;
    const gone = () => notFound('There is no photo at this address.');
    if (!PHOTO_NAME_PATTERN.test(name)) throw gone();
    const photoUrl = `/media/photos/${name.replace(/-\d+\.webp$/, `-${MAIN_SIZE}.webp`)}`;
    const owner = await db.selectFrom('mediators').select(['status', 'user_id']).where('photo_url', '=', photoUrl).executeTakeFirst();
    if (!owner) throw gone();
    const listed = owner.status === 'published';
    const viewer = request.user;
    if (!listed && !(viewer && (viewer.id === owner.user_id || hasRole(viewer.role, 'editor')))) throw gone();
    const data = await fs.readFile(path.join(dir, name)).catch(() => null);
    if (!data) throw gone();
    // A new photo gets a new name, but an unlisted profile's photo must stop being served soon.
    reply.header('cache-control', listed ? 'public, max-age=3600' : 'private, no-store');
    return reply.type('image/webp').header('x-content-type-options', 'nosniff').send(data);
  });
}
