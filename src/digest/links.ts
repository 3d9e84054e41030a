import { sign, verifySignature } from '../lib/signing.ts';

/**
 * The digest's mailed links, signed with SECRET so nothing is stored for them.
 * - Confirm: the address and the moment the link was sent; works for CONFIRM_DAYS. Holding it
 *   proves the address is yours, which is the whole point of the double opt-in.
 * - Unsubscribe: the subscriber's id; it never expires, because an unsubscribe link in an old
 *   mail must keep working (RFC 8058 asks for that too).
 */
export const CONFIRM_DAYS = 7;
const DAY_MS = 86_400_000;
const CONFIRM = 'digest-confirm';
const UNSUBSCRIBE = 'digest-unsubscribe';
const SIG = '[A-Za-z0-9_-]{43}';

export function confirmToken(secret: string, email: string, now: Date): string {
  const value = `${Buffer.from(email, 'utf8').toString('base64url')}.${now.getTime()}`;
  return `${value}.${sign(secret, CONFIRM, value)}`;
}

export type ConfirmRead = { status: 'ok'; email: string; issuedAt: Date } | { status: 'expired' | 'invalid' };

export function readConfirmToken(secret: string, token: unknown, now: Date): ConfirmRead {
  const m = typeof token === 'string' && token.length <= 600 ? new RegExp(`^([A-Za-z0-9_-]{1,400})\\.(\\d{1,15})\\.(${SIG})$`).exec(token) : null;
  if (!m || !verifySignature(secret, CONFIRM, `${m[1]}.${m[2]}`, m[3]!)) return { status: 'invalid' };
  const issued = Number(m[2]);
  if (issued > now.getTime() || now.getTime() - issued > CONFIRM_DAYS * DAY_MS) return { status: 'expired' };
  return { status: 'ok', email: Buffer.from(m[1]!, 'base64url').toString('utf8'), issuedAt: new Date(issued) };
}

export function unsubscribeToken(secret: string, subscriberId: number): string {
  return `${subscriberId}.${sign(secret, UNSUBSCRIBE, String(subscriberId))}`;
}

/** The subscriber id a valid unsubscribe token names, or null. */
export function readUnsubscribeToken(secret: string, token: unknown): number | null {
  const m = typeof token === 'string' ? new RegExp(`^(\\d{1,10})\\.(${SIG})$`).exec(token) : null;
  return m && verifySignature(secret, UNSUBSCRIBE, m[1]!, m[2]!) ? Number(m[1]) : null;
}
