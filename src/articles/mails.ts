import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { formatUtc } from './workflow.ts';

/** The mails the editorial workflow sends to writers, as plain text (nothing in them is HTML). */

const sign = '\n\n— Concord\n';
const own = (publicUrl: string, id: number) => absoluteUrl(publicUrl, `/dashboard/articles/${id}`);

export const piecePublishedMail = (publicUrl: string, to: string, p: { id: number; title: string; slug: string }): Mail => ({
  to,
  subject: 'Your piece is published on Concord',
  text:
    `Good news: an editor approved "${p.title}" and it is now published at\n\n${absoluteUrl(publicUrl, `/articles/${p.slug}`)}\n\n` +
    `Thank you for writing it. You can see all your pieces at ${absoluteUrl(publicUrl, '/dashboard/articles')}${sign}`,
});

export const pieceScheduledMail = (publicUrl: string, to: string, p: { id: number; title: string }, at: string): Mail => ({
  to,
  subject: 'Your piece is approved and scheduled',
  text:
    `Good news: an editor approved "${p.title}". It will be published on ${formatUtc(at)}, and we will email you when it is.\n\n` +
    `See it among your pieces: ${own(publicUrl, p.id)}${sign}`,
});

export const pieceChangesMail = (publicUrl: string, to: string, p: { id: number; title: string }, comment: string): Mail => ({
  to,
  subject: 'An editor asked for a change to your piece',
  text:
    `An editor read "${p.title}" and asked for a change before it is published. Their comment:\n\n${comment}\n\n` +
    `Make the change and submit it again here: ${own(publicUrl, p.id)}${sign}`,
});

export const pieceDeclinedMail = (publicUrl: string, to: string, p: { id: number; title: string }, comment: string): Mail => ({
  to,
  subject: 'Your piece will not be published',
  text:
    `An editor read "${p.title}" and decided not to publish it. Their note:\n\n${comment}\n\n` +
    `Your text stays in your account, where you can read it: ${own(publicUrl, p.id)}${sign}`,
});

export const pieceLiveMail = (publicUrl: string, to: string, p: { title: string; slug: string }): Mail => ({
  to,
  subject: 'Your piece is published on Concord',
  text: `"${p.title}" was published as scheduled. Readers can find it at\n\n${absoluteUrl(publicUrl, `/articles/${p.slug}`)}${sign}`,
});

/**
 * To a mediator someone named as a co-author: who, on which piece, and how to take their name off
 * if they did not write it (their name shows on it, and they can now open and edit it).
 */
export const coauthorNamedMail = (publicUrl: string, to: string, p: { id: number; title: string }, namedBy: string): Mail => ({
  to,
  subject: 'You were named as a co-author on Concord',
  text:
    `${namedBy} named you as a co-author of "${p.title}" on Concord. Your name now shows with theirs on the piece, ` +
    `and you can read it and, while it is a draft, edit it:\n\n${own(publicUrl, p.id)}\n\n` +
    `It is among your pieces at ${absoluteUrl(publicUrl, '/dashboard/articles')}\n\n` +
    `If you did not write it with them, open it and choose "Remove me from this piece".${sign}`,
});
