import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { notFound } from '../web/http-error.ts';
import { attemptWait, recordAttempts } from '../inquiries/limits.ts';
import { inMinutes } from '../web/format.ts';
import { hashToken } from '../lib/tokens.ts';
import { hasRole } from '../web/viewer.ts';

/**
 * Member photos. An upload is trusted for nothing: its type is read from its content by sharp
 * (never from the name or the Content-Type), its size in pixels is checked from the header
 * before anything is decoded (a small file can declare a huge image: a decompression bomb), and
 * it is re-encoded to a few square WebP sizes, which drops EXIF and every other piece of metadata
 * (GPS positions included). Files get random names under <DATA_DIR>/photos and are served
 * read-only from /media/photos/<name>.
 */

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** 40 megapixels: more than any phone camera; decoding more is refused. */
export const PHOTO_MAX_PIXELS = 40_000_000;
/**
 * What one decode may hold in memory: 40 megapixels of 8-bit RGB. A pixel count alone lets a
 * 16-bit or RGBA image of the same size take twice or more (a 476 KB 16-bit PNG of 40 megapixels
 * took ~400 MB), so the header's bytes per pixel count too.
 */
export const IMAGE_MAX_DECODED_BYTES = PHOTO_MAX_PIXELS * 3;
export const TOO_MUCH_DATA_MESSAGE = `That image holds too much data to process. Upload one under ${PHOTO_MAX_PIXELS / 1_000_000} megapixels with ordinary 8-bit colour, as phones and cameras save photos.`;
/** Uploads (photos and hero images together) one account may make per hour: each one costs a decode. */
export const UPLOADS_PER_HOUR = 10;
export const UPLOAD_WINDOW_MS = 60 * 60 * 1000;
export const PHOTO_SIZES = [96, 320, 640] as const;
/** The size photo_url points at; pages ask for it at 64–128 CSS px, so 320 is sharp on 2x screens. */
const MAIN_SIZE = 320;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

export const PHOTO_NAME_PATTERN = /^[0-9a-f]{32}-(?:96|320|640)\.webp$/;
const URL_PATTERN = /^\/media\/photos\/([0-9a-f]{32})-320\.webp$/;

export type PhotoProblem = ImageProblem | 'too_small';

export const PHOTO_MESSAGES: Record<PhotoProblem, string> = {
  empty: 'Choose a photo to upload.',
  not_an_image: 'That file is not an image we can read. Upload a JPEG, PNG or WebP photo.',
  wrong_type: 'Upload a JPEG, PNG or WebP photo.',
  too_many_pixels: `That image is too large in pixels. Upload one under ${PHOTO_MAX_PIXELS / 1_000_000} megapixels.`,
  too_much_data: TOO_MUCH_DATA_MESSAGE,
  too_small: 'That image is too small. Upload one at least 96 pixels wide and high.',
};

export type Processed = { ok: true; files: { size: number; data: Buffer }[] } | { ok: false; problem: PhotoProblem };

export type ImageProblem = 'empty' | 'not_an_image' | 'wrong_type' | 'too_many_pixels' | 'too_much_data';

/**
 * Reads an upload's header only (nothing is decoded yet) and refuses what is not a JPEG, PNG or
 * WebP image of at most PHOTO_MAX_PIXELS and IMAGE_MAX_DECODED_BYTES: a small file can declare a
 * huge image. Member photos and article hero images both start here.
 */
export async function readImageHeader(input: Buffer): Promise<{ ok: true; width: number; height: number } | { ok: false; problem: ImageProblem }> {
  if (!input.length) return { ok: false, problem: 'empty' };
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, problem: 'not_an_image' };
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) return { ok: false, problem: 'wrong_type' };
  if (!meta.width || !meta.height) return { ok: false, problem: 'not_an_image' };
  if (meta.width * meta.height > PHOTO_MAX_PIXELS || (meta.pages ?? 1) > 1) return { ok: false, problem: 'too_many_pixels' };
  const bytesPerPixel = (meta.channels ?? 4) * (BYTES_PER_SAMPLE[meta.depth ?? ''] ?? 8);
  if (meta.width * meta.height * bytesPerPixel > IMAGE_MAX_DECODED_BYTES) return { ok: false, problem: 'too_much_data' };
  return { ok: true, width: meta.width, height: meta.height };
}

/**
 * The variants of an upload from one decode, one after another: the image is decoded once
 * (limitInputPixels again, as the header could lie about what the data holds), turned upright by
 * its EXIF orientation, cropped to the largest variant as 8-bit sRGB, and each variant is scaled
 * from those pixels and encoded as WebP, which writes no EXIF or other metadata. Null when the
 * data cannot be decoded.
 */
export async function encodeVariants(input: Buffer, sizes: readonly { width: number; height: number }[], quality: number): Promise<Buffer[] | null> {
  const largest = sizes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  let decoded: { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  try {
    decoded = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(largest.width, largest.height, { fit: 'cover', position: 'attention' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    return null;
  }
  const { width, height, channels } = decoded.info;
  const out: Buffer[] = [];
  for (const size of sizes) {
    out.push(await sharp(decoded.data, { raw: { width, height, channels } }).resize(size.width, size.height, { fit: 'cover' }).webp({ quality }).toBuffer());
  }
  return out;
}

export async function processPhoto(input: Buffer): Promise<Processed> {
  const header = await readImageHeader(input);
  if (!header.ok) return header;
  if (header.width < 96 || header.height < 96) return { ok: false, problem: 'too_small' };
  const encoded = await encodeVariants(input, PHOTO_SIZES.map((size) => ({ width: size, height: size })), 80);
  if (!encoded) return { ok: false, problem: 'not_an_image' };
  return { ok: true, files: PHOTO_SIZES.map((size, i) => ({ size, data: encoded[i]! })) };
}

/**
 * Seconds until this account may upload another image (photo or hero), or 0. Counted in the
 * database, like the contact form's limits, so that every instance shares the count.
 */
export const uploadWait = (db: Db, userId: number, now: Date) => attemptWait(db, uploadKeys(userId), UPLOAD_WINDOW_MS, now);

export const recordUpload = (db: Db, userId: number, now: Date) => recordAttempts(db, uploadKeys(userId), UPLOAD_WINDOW_MS, now);

const uploadKeys = (userId: number) => [{ key: hashToken(`image-upload:${userId}`), limit: UPLOADS_PER_HOUR }];

export const uploadLimitMessage = (waitSeconds: number) =>
  `You have uploaded ${UPLOADS_PER_HOUR} images in the last hour, the most we take, so this one was not saved. Please try again ${inMinutes(waitSeconds)}.`;

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
