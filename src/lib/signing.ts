import crypto from 'node:crypto';

/**
 * HMAC-SHA-256 signatures for values the site hands out and checks later without storing them
 * (the contact form's start time, the link in a freshness reminder). `purpose` keeps a signature
 * made for one use from being accepted for another.
 */
export function sign(secret: string, purpose: string, value: string): string {
  return crypto.createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}

/** Checks a signature in constant time. */
export function verifySignature(secret: string, purpose: string, value: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, value));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
