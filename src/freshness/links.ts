import { sign, verifySignature } from '../lib/signing.ts';

/**
 * The one-click link in a freshness mail: the mediator and the moment it was issued, signed with
 * SECRET. Nothing is stored for it. It works until the availability is confirmed after that
 * moment (so once), and for LINK_DAYS at most.
 */
export const LINK_DAYS = 30;
const PURPOSE = 'confirm-availability';
const DAY_MS = 86_400_000;

export function confirmToken(secret: string, mediatorId: number, now: Date): string {
  const value = `${mediatorId}.${now.getTime()}`;
  return `${value}.${sign(secret, PURPOSE, value)}`;
}

export type TokenRead = { status: 'ok'; mediatorId: number; issuedAt: Date } | { status: 'expired' | 'invalid' };

export function readConfirmToken(secret: string, token: unknown, now: Date): TokenRead {
  const m = typeof token === 'string' ? /^(\d{1,10})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m || !verifySignature(secret, PURPOSE, `${m[1]}.${m[2]}`, m[3]!)) return { status: 'invalid' };
  const issued = Number(m[2]);
  if (issued > now.getTime() || now.getTime() - issued > LINK_DAYS * DAY_MS) return { status: 'expired' };
  return { status: 'ok', mediatorId: Number(m[1]), issuedAt: new Date(issued) };
}
