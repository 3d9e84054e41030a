import crypto from 'node:crypto';

/** A random token for a cookie or a mailed link: 256 bits, URL-safe. */
export const newToken = () => crypto.randomBytes(32).toString('base64url');

/** What is stored for a token: its SHA-256. A token is random, so no salt or slow hash is needed. */
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** What a cookie or link token looks like; anything else is rejected before any look-up. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
