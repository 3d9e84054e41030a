import { hash, verify } from '@node-rs/argon2';
import { newToken } from '../lib/tokens.ts';

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
