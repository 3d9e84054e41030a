import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { LINK_DAYS } from './links.ts';
import { formatDate } from '../web/format.ts';

const sign = '\n\n— Concord\n';
const link = (publicUrl: string, token: string) => absoluteUrl(publicUrl, `/availability/confirm?token=${token}`);

export const reminderMail = (publicUrl: string, to: string, name: string, confirmedAt: string, unlistOn: string, token: string): Mail => ({
  to,
  subject: 'Are you still accepting new cases? Please confirm on Concord',
  text:
    `Your Concord profile (${name}) says you are accepting new cases, but that was last confirmed on ${formatDate(confirmedAt)}. ` +
    `Visitors now see "availability not confirmed", and the profile comes lower in search results.\n\n` +
    `One click tells them where you stand, whether you are taking new cases or not:\n\n${link(publicUrl, token)}\n\n` +
    `The link works for ${LINK_DAYS} days. If your availability is not confirmed by ${formatDate(unlistOn)}, your profile is taken out of the directory until you confirm it.${sign}`,
});

export const unlistedMail = (publicUrl: string, to: string, name: string, confirmedAt: string, token: string): Mail => ({
  to,
  subject: 'Your Concord profile is no longer listed',
  text:
    `Your Concord profile (${name}) is no longer shown in the directory: its availability was last confirmed on ${formatDate(confirmedAt)}, and visitors should not ` +
    `write to mediators who may not be taking cases.\n\nTo list it again, confirm your availability here:\n\n${link(publicUrl, token)}\n\n` +
    `The link works for ${LINK_DAYS} days; after that, log in to Concord to confirm it.${sign}`,
});
