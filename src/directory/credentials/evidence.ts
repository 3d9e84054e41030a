import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PHOTO_MAX_PIXELS, readImageHeader, SIZE_MESSAGES } from '../../web/images.ts';

/**
 * Evidence files for credentials: private papers (a certificate, a letter of admission), so they
 * live in config.evidenceDir (DATA_DIR/evidence), which no route serves as a folder, with random names. An upload is
 * trusted for nothing: a PDF must start with the `%PDF-` signature and is kept as sent (it is only
 * ever downloaded as an attachment, under a sandboxing CSP); an image must be a JPEG, PNG or WebP
 * by its content and is re-encoded as WebP, which drops its metadata. Anything else (an SVG, HTML,
 * a PDF in name only) is refused.
 */

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** Large enough to read a certificate; a bigger photo of one is scaled down. */
const IMAGE_MAX_SIDE = 2400;
export const FILE_NAME_PATTERN = /^[0-9a-f]{32}\.(?:pdf|webp)$/;

export type EvidenceProblem = 'empty' | 'wrong_type' | 'not_an_image' | 'too_many_pixels' | 'too_much_data';

export const EVIDENCE_MESSAGES: Record<EvidenceProblem, string> = {
  empty: 'Choose a file to upload: a PDF, or a JPEG, PNG or WebP image of the document.',
  wrong_type: 'Upload a PDF, or a JPEG, PNG or WebP image of the document. Other kinds of file (SVG, Word, HTML) are not accepted.',
  not_an_image: 'That file is not a PDF or an image we can read. Upload a PDF, or a JPEG, PNG or WebP image of the document.',
  ...SIZE_MESSAGES,
};

export const tooLargeMessage = `That file is larger than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB, so it was not saved. Go back and choose a smaller file, or a photo of the document.`;

export type CheckedEvidence = { ok: true; mediaType: 'application/pdf' | 'image/webp'; data: Buffer } | { ok: false; problem: EvidenceProblem };

const PDF_SIGNATURE = Buffer.from('%PDF-');
const isPdf = (b: Buffer) => b.length > PDF_SIGNATURE.length && b.subarray(0, PDF_SIGNATURE.length).equals(PDF_SIGNATURE);
/** What sharp would be asked to read: the formats images.ts accepts start with these bytes. */
const looksLikeImage = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8) || b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP');

export async function checkEvidence(input: Buffer): Promise<CheckedEvidence> {
  if (!input.length) return { ok: false, problem: 'empty' };
  if (isPdf(input)) return { ok: true, mediaType: 'application/pdf', data: input };
  // Anything not starting like a JPEG, PNG or WebP is refused before sharp sees it: sharp reads SVG too.
  if (!looksLikeImage(input)) return { ok: false, problem: 'wrong_type' };
  const header = await readImageHeader(input);
  if (!header.ok) return { ok: false, problem: header.problem };
  try {
    const data = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .webp({ quality: 85 })
      .toBuffer();
    return { ok: true, mediaType: 'image/webp', data };
  } catch {
    return { ok: false, problem: 'not_an_image' };
  }
}

/** Writes the file under a random name (via a temporary one, so a reader never sees half of it). */
export async function storeEvidence(dir: string, checked: { mediaType: 'application/pdf' | 'image/webp'; data: Buffer }): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const name = `${crypto.randomBytes(16).toString('hex')}.${checked.mediaType === 'application/pdf' ? 'pdf' : 'webp'}`;
  const tmp = path.join(dir, `.${name}.tmp`);
  await fs.writeFile(tmp, checked.data, { mode: 0o600 });
  await fs.rename(tmp, path.join(dir, name));
  return name;
}

export async function readEvidence(dir: string, name: string): Promise<Buffer | null> {
  if (!FILE_NAME_PATTERN.test(name)) return null;
  try {
    return await fs.readFile(path.join(dir, name));
  } catch {
    return null;
  }
}

/** Deletes files whose rows are gone; a name that is not one of ours is never a path. */
export async function removeEvidenceFiles(dir: string, names: string[]): Promise<void> {
  await Promise.all(names.filter((n) => FILE_NAME_PATTERN.test(n)).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

/** A name as uploaded, for the reviewer's link text only: short, no paths, no control characters. */
export const cleanOriginalName = (raw: string | undefined) =>
  (raw ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, 120) || 'evidence';
