import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random token for a cookie or a mailed link: 256 bits, URL-safe. */
export const newToken = () => crypto.randomBytes(32).toString('base64url');

/** What is stored for a token: its SHA-256. A token is random, so no salt or slow hash is needed. */
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** What a cookie or link token looks like; anything else is rejected before any look-up. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Argon2id, the library's default, with its default cost (19 MiB, 2 passes: OWASP's first
 * recommendation). The parameters are in the stored string, so raising them later still
 * verifies old hashes.
 */
export const hashPassword = (password: string) => hash(password);

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. With no hash (an unknown email) it still does the
 * work of one check, so the answer takes as long whether or not the account exists.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword(newToken());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
