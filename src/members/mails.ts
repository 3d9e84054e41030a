import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';

/** The mails moderation sends to members, as plain text. */

const sign = '\n\n— Concord\n';

export const profileApprovedMail = (publicUrl: string, to: string, name: string, slug: string): Mail => ({
  to,
  subject: 'Your Concord profile is listed',
  text:
    `Good news: an editor reviewed your profile "${name}" and it is now listed on Concord, in search results and at\n\n${absoluteUrl(publicUrl, `/mediators/${slug}`)}\n\n` +
    `You can edit it, or take it off Concord at any moment, from your dashboard: ${absoluteUrl(publicUrl, '/dashboard')}${sign}`,
});

export const profileDeclinedMail = (publicUrl: string, to: string, name: string, note: string): Mail => ({
  to,
  subject: 'Your Concord profile needs a change before it is listed',
  text:
    `An editor reviewed your profile "${name}" and could not list it yet. Their note:\n\n${note}\n\n` +
    `When you have made the change, ask for the listing again from your dashboard: ${absoluteUrl(publicUrl, '/dashboard')}${sign}`,
});
