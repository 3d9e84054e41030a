import { sign, verifySignature } from '../lib/signing.ts';
import { MAX_FORM_HOURS, MIN_FORM_SECONDS } from './schema.ts';

/**
 * The contact form carries the time it was shown, signed with SECRET, in a hidden field. Scripts
 * that post straight away are refused; nothing is stored for it. Bound to the profile, so a
 * stamp made for one mediator's form cannot be reused on another's.
 */
const PURPOSE = 'inquiry-form-shown';

export function formStamp(secret: string, slug: string, now: Date): string {
  const ms = String(now.getTime());
  return `${ms}.${sign(secret, PURPOSE, `${slug}\n${ms}`)}`;
}

export type StampCheck = { status: 'ok' } | { status: 'too_fast' | 'expired' | 'invalid' };

export function checkStamp(secret: string, slug: string, raw: unknown, now: Date): StampCheck {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const m = typeof value === 'string' ? /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!m || !verifySignature(secret, PURPOSE, `${slug}\n${m[1]}`, m[2]!)) return { status: 'invalid' };
  const elapsed = now.getTime() - Number(m[1]);
  if (elapsed < MIN_FORM_SECONDS * 1000) return { status: 'too_fast' };
  if (elapsed > MAX_FORM_HOURS * 3_600_000) return { status: 'expired' };
  return { status: 'ok' };
}
