import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, readImageHeader } from '../members/photos.ts';
import type { HeroImage } from './types.ts';

/**
 * Article hero images. Like member photos, an upload is trusted for nothing: its type is read
 * from its content, its pixel count is checked from the header before decoding, and it is
 * re-encoded (dropping EXIF and GPS) to a few widths of WebP at 16:9 under random names in
 * <DATA_DIR>/articles, served from /media/articles/<name>. `image` in the database is the random
 * base name; pages ask for a width with heroSrc and let the browser pick with heroSrcset.
 */

export const HERO_MAX_BYTES = PHOTO_MAX_BYTES;
export const HERO_WIDTHS = [480, 960, 1600] as const;
export type HeroWidth = (typeof HERO_WIDTHS)[number];
/** Every hero is cropped to 16:9, so cards and pages reserve the same space before it loads. */
export const HERO_RATIO = 9 / 16;
export const HERO_NAME_PATTERN = /^([0-9a-f]{32})-(480|960|1600)\.webp$/;

export type HeroProblem = 'empty' | 'not_an_image' | 'wrong_type' | 'too_many_pixels' | 'too_small';

export const HERO_MESSAGES: Record<HeroProblem, string> = {
  empty: 'Choose an image to upload.',
  not_an_image: 'That file is not an image we can read. Upload a JPEG, PNG or WebP image.',
  wrong_type: 'Upload a JPEG, PNG or WebP image.',
  too_many_pixels: `That image is too large in pixels. Upload one under ${PHOTO_MAX_PIXELS / 1_000_000} megapixels.`,
  too_small: 'That image is too small. Upload one at least 480 pixels wide.',
};

export function heroSrc(image: string, width: HeroWidth = 960): string {
  return `/media/articles/${image}-${width}.webp`;
}

export function heroSrcset(image: string): string {
  return HERO_WIDTHS.map((w) => `${heroSrc(image, w)} ${w}w`).join(', ');
}

/** Re-encodes an upload (or a generated image) and writes its widths; returns what to store with the alt text. */
export async function storeHero(dir: string, input: Buffer, alt: string): Promise<{ ok: true; hero: HeroImage } | { ok: false; problem: HeroProblem }> {
  const header = await readImageHeader(input);
  if (!header.ok) return header;
  if (header.width < HERO_WIDTHS[0]) return { ok: false, problem: 'too_small' };
  let files: { width: number; data: Buffer }[];
  try {
    files = await Promise.all(
      HERO_WIDTHS.map(async (width) => ({
        width,
        data: await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
          .rotate()
          .resize(width, Math.round(width * HERO_RATIO), { fit: 'cover', position: 'attention' })
          .webp({ quality: 78 })
          .toBuffer(),
      })),
    );
  } catch {
    return { ok: false, problem: 'not_an_image' };
  }
  await fs.mkdir(dir, { recursive: true });
  const image = crypto.randomBytes(16).toString('hex');
  for (const f of files) {
    const name = `${image}-${f.width}.webp`;
    const tmp = path.join(dir, `.${name}.tmp`);
    await fs.writeFile(tmp, f.data);
    await fs.rename(tmp, path.join(dir, name));
  }
  const biggest = HERO_WIDTHS[HERO_WIDTHS.length - 1]!;
  return { ok: true, hero: { image, alt: alt.trim(), width: biggest, height: Math.round(biggest * HERO_RATIO) } };
}

export async function removeHero(dir: string, image: string | null | undefined): Promise<void> {
  if (!image || !/^[0-9a-f]{32}$/.test(image)) return;
  await Promise.all(HERO_WIDTHS.map((w) => fs.rm(path.join(dir, `${image}-${w}.webp`), { force: true })));
}
