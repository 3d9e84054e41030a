import { rowLinkSignedFor, rowLinkToken, timedRowLinkStatus, verifySignature, type LinkedRow, type RowLink } from '../lib/signing.ts';

/**
 * The digest's mailed links: the subscriber's id signed with SECRET and the row's own random
 * `link_secret`, so a subscriber who is deleted and replaced never receives the old one's link.
 * - Confirm: also the moment the link was sent; works for CONFIRM_DAYS. Holding it proves the
 *   address is yours, which is the whole point of the double opt-in.
 * - Unsubscribe: never expires, because an unsubscribe link in an old mail must keep working
 *   (RFC 8058 asks for that too).
 */
export const CONFIRM_DAYS = 7;
const DAY_MS = 86_400_000;
const CONFIRM = 'digest-confirm-row';
const UNSUBSCRIBE = 'digest-unsubscribe-row';
/**
 * Before link secrets, unsubscribe links signed the id alone. Mails already sent carry them, so
 * they are still accepted, but only by a row that existed then: the migration marked those rows'
 * secrets (2026-12-06-02-mailed-link-secrets), and since then SQLite ids are never reused either.
 */
const LEGACY_UNSUBSCRIBE = 'digest-unsubscribe';
const LEGACY_MARK = 'legacy:';

export function confirmToken(secret: string, subscriber: LinkedRow, now: Date): string {
  return rowLinkToken(secret, CONFIRM, subscriber, now);
}

export function confirmLinkStatus(secret: string, link: RowLink, subscriber: LinkedRow, now: Date): 'ok' | 'expired' | 'invalid' {
  return timedRowLinkStatus(secret, CONFIRM, link, subscriber, now, CONFIRM_DAYS * DAY_MS);
}

export function unsubscribeToken(secret: string, subscriber: LinkedRow): string {
  return rowLinkToken(secret, UNSUBSCRIBE, subscriber);
}

export function unsubscribeLinkMatches(secret: string, link: RowLink, subscriber: LinkedRow): boolean {
  if (link.issuedAt) return false;
  if (rowLinkSignedFor(secret, UNSUBSCRIBE, link, subscriber)) return true;
  return subscriber.link_secret.startsWith(LEGACY_MARK) && verifySignature(secret, LEGACY_UNSUBSCRIBE, link.value, link.signature);
}
