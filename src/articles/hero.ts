import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import type { HeroImage } from './types.ts';
import { encodeVariants, PHOTO_MAX_BYTES, readImageHeader, SIZE_MESSAGES, type UploadProblem } from '../web/images.ts';

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

export type HeroProblem = UploadProblem;

export const HERO_MESSAGES: Record<HeroProblem, string> = {
  empty: 'Choose an image to upload.',
  not_an_image: 'That file is not an image we can read. Upload a JPEG, PNG or WebP image.',
  wrong_type: 'Upload a JPEG, PNG or WebP image.',
  ...SIZE_MESSAGES,
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
  const sizes = HERO_WIDTHS.map((width) => ({ width, height: Math.round(width * HERO_RATIO) }));
  const encoded = await encodeVariants(input, sizes, 78);
  if (!encoded) return { ok: false, problem: 'not_an_image' };
  const files = HERO_WIDTHS.map((width, i) => ({ width, data: encoded[i]! }));
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

const IMAGE_NAME = /^[0-9a-f]{32}$/;

/**
 * Deletes the files of these images that no article and no revision names any more, and returns
 * the images it deleted. Call it after the change has committed. Every save keeps a revision with
 * its image, so an image replaced or removed stays as long as that revision can be restored; an
 * image goes unnamed when the save that stored it did not go through, or when its piece (and with
 * it its revisions) is deleted. Nothing names such an image again, so deleting it cannot race a
 * later save: a new upload always gets a new name.
 */
export async function pruneHeroes(db: Db, dir: string, images: readonly (string | null | undefined)[]): Promise<string[]> {
  const candidates = [...new Set(images.filter((i): i is string => !!i && IMAGE_NAME.test(i)))];
  if (!candidates.length) return [];
  const unnamed: string[] = [];
  for (const image of candidates) if (!(await heroNamed(db, image))) unnamed.push(image);
  await Promise.all(unnamed.flatMap((image) => HERO_WIDTHS.map((w) => fs.rm(path.join(dir, `${image}-${w}.webp`), { force: true }))));
  return unnamed;
}

async function heroNamed(db: Db, image: string): Promise<boolean> {
  const article = await db.selectFrom('articles').select('id').where('hero_image', '=', image).executeTakeFirst();
  if (article) return true;
  // A revision keeps its hero inside its JSON; 32 hex digits of a random name match nothing else.
  const revision = await db.selectFrom('article_revisions').select('id').where('content', 'like', `%${image}%`).executeTakeFirst();
  return !!revision;
}
