import sharp, { type Metadata } from 'sharp';
import type { Db } from '../db/database.ts';
import { hashToken } from '../lib/tokens.ts';
import { attemptWait, recordAttempts } from './attempt-limits.ts';
import { inMinutes } from './format.ts';

/**
 * Uploaded images (members' photos, articles' hero images), trusted for nothing: the type is read
 * from the content by sharp (never from the name or the Content-Type), the size in pixels and
 * bytes per pixel from the header before anything is decoded (a small file can declare a huge
 * image: a decompression bomb), and the variants are re-encoded as WebP, which drops EXIF and
 * every other piece of metadata (GPS positions included). Each account may upload so many an hour.
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
/** Uploads (photos, hero images and credentials' evidence together) one account may make per hour: each one costs a decode or a check. */
export const UPLOADS_PER_HOUR = 10;
export const UPLOAD_WINDOW_MS = 60 * 60 * 1000;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

export type ImageProblem = 'empty' | 'not_an_image' | 'wrong_type' | 'too_many_pixels' | 'too_much_data';
/** What refuses an upload: what the header says, or an image smaller than its use needs. */
export type UploadProblem = ImageProblem | 'too_small';

/** The size refusals every upload words the same way (photos, hero images, logos). */
export const SIZE_MESSAGES: Record<'too_many_pixels' | 'too_much_data', string> = {
  too_many_pixels: `That image is too large in pixels. Upload one under ${PHOTO_MAX_PIXELS / 1_000_000} megapixels.`,
  too_much_data: TOO_MUCH_DATA_MESSAGE,
};

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
export async function encodeVariants(
  input: Buffer,
  sizes: readonly { width: number; height: number }[],
  quality: number,
  /** 'contain' keeps the whole image inside the size on a transparent ground (logos, which a crop would cut). */
  fit: 'cover' | 'contain' = 'cover',
): Promise<Buffer[] | null> {
  const largest = sizes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  let decoded: { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  try {
    const sized = sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(largest.width, largest.height, fit === 'cover' ? { fit, position: 'attention' } : { fit, background: { r: 255, g: 255, b: 255, alpha: 0 } });
    decoded = await (fit === 'contain' ? sized.ensureAlpha() : sized)
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    return null;
  }
  const { width, height, channels } = decoded.info;
  const out: Buffer[] = [];
  for (const size of sizes) {
    out.push(await sharp(decoded.data, { raw: { width, height, channels } }).resize(size.width, size.height, { fit }).webp({ quality }).toBuffer());
  }
  return out;
}

/**
 * Seconds until this account may upload another image (photo or hero), or 0. Counted in the
 * database, like the contact form's limits, so that every instance shares the count.
 */
export const uploadWait = (db: Db, userId: number, now: Date) => attemptWait(db, uploadKeys(userId), UPLOAD_WINDOW_MS, now);

export const recordUpload = (db: Db, userId: number, now: Date) => recordAttempts(db, uploadKeys(userId), UPLOAD_WINDOW_MS, now);

const uploadKeys = (userId: number) => [{ key: hashToken(`image-upload:${userId}`), limit: UPLOADS_PER_HOUR }];

export const uploadLimitMessage = (waitSeconds: number) =>
  `You have uploaded ${UPLOADS_PER_HOUR} files in the last hour (photos, pictures and evidence together), the most we take, so this one was not saved. Please try again ${inMinutes(waitSeconds)}.`;
