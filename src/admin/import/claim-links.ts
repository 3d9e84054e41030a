import { rowLinkToken, timedRowLinkStatus, type LinkedRow, type RowLink } from '../../lib/signing.ts';
import type { Mail } from '../../mail/mailer.ts';
import { absoluteUrl } from '../../web/layout.tsx';

/**
 * The link that hands an imported profile to its mediator: the claim row's id and the moment it
 * was mailed, signed with SECRET and the row's own random `link_secret`, so a row made later
 * (even one given the same id) never answers it. It works once (claimed_at) and for LINK_DAYS.
 */
export const LINK_DAYS = 60;
const PURPOSE = 'claim-imported-profile';
const DAY_MS = 86_400_000;

export const claimToken = (secret: string, claim: LinkedRow, now: Date): string => rowLinkToken(secret, PURPOSE, claim, now);

export const claimLinkStatus = (secret: string, link: RowLink, claim: LinkedRow, now: Date): 'ok' | 'expired' | 'invalid' =>
  timedRowLinkStatus(secret, PURPOSE, link, claim, now, LINK_DAYS * DAY_MS);

export const claimMail = (publicUrl: string, to: string, name: string, token: string): Mail => ({
  to,
  subject: 'A profile on Concord is waiting for you',
  text:
    `A profile for "${name}" was added to Concord, the directory of mediators, from a list of mediators. ` +
    `It is not shown to anyone, and it will not be unless you agree.\n\n` +
    `To see it, correct it and decide whether it is listed, open this link (it works once, for ${LINK_DAYS} days):\n\n` +
    `${absoluteUrl(publicUrl, `/claim?token=${encodeURIComponent(token)}`)}\n\n` +
    `If you do nothing, it stays unlisted. If this is not you, ignore this mail.\n\n— Concord\n`,
});
