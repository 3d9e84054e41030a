import { rowLinkToken, timedRowLinkStatus, type LinkedRow, type RowLink } from '../lib/signing.ts';

/**
 * The one-click link in a freshness mail: the mediator's id and the moment it was issued, signed
 * with SECRET and the profile's own random `link_secret`, so a profile made later never answers
 * it. It works until the availability is confirmed after that moment (so once), and for LINK_DAYS
 * at most.
 */
export const LINK_DAYS = 30;
const PURPOSE = 'confirm-availability-row';
const DAY_MS = 86_400_000;

export function confirmToken(secret: string, mediator: LinkedRow, now: Date): string {
  return rowLinkToken(secret, PURPOSE, mediator, now);
}

export function confirmLinkStatus(secret: string, link: RowLink, mediator: LinkedRow, now: Date): 'ok' | 'expired' | 'invalid' {
  return timedRowLinkStatus(secret, PURPOSE, link, mediator, now, LINK_DAYS * DAY_MS);
}
