import { escapeHtml, type PublishedPiece } from '../articles/feeds.ts';
import { articleHref } from '../articles/present.ts';
import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { CONFIRM_DAYS } from './links.ts';

const sign = '\n\n— Concord\n';

/** The double opt-in: the same mail whatever the address's state, so it tells a stranger nothing. */
export const confirmMail = (publicUrl: string, to: string, token: string): Mail => ({
  to,
  subject: 'Confirm your Concord weekly digest',
  text:
    `Someone, hopefully you, asked for Concord's weekly digest at this address: once a week, the new articles, news summaries and videos from Concord.\n\n` +
    `To get it, confirm with this link (it works for ${CONFIRM_DAYS} days):\n${absoluteUrl(publicUrl, `/digest/confirm?token=${encodeURIComponent(token)}`)}\n\n` +
    `If you didn't ask for it, ignore this mail: without your confirmation, we send nothing.${sign}`,
});

const KIND_LABELS = { article: 'Article', news: 'News summary', video: 'Video' } as const;

/** "Video · by Ada Lovelace and Concord editors" */
function byline(p: PublishedPiece): string {
  const names = p.authors.map((a) => a.name);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'Concord');
  return `${KIND_LABELS[p.kind]} · by ${who}`;
}

/** Subjects are one line: a title typed with a line break must not start a new header. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

export interface DigestMailFacts {
  /** Newest first, at most DIGEST_MAX_ITEMS. */
  pieces: PublishedPiece[];
  /** How many more were published that week than the mail lists. */
  more: number;
  unsubscribeUrl: string;
}

/**
 * The weekly digest: title, kind and byline, excerpt and link of each piece, as plain text and
 * as simple HTML. Titles, names and excerpts are writers' text, so the HTML part escapes each
 * one; no body HTML goes into the mail. The unsubscribe link is in both parts and in the
 * List-Unsubscribe header, with List-Unsubscribe-Post for one-click unsubscribing (RFC 8058).
 */
export function digestMail(publicUrl: string, to: string, f: DigestMailFacts): Mail {
  const count = f.pieces.length + f.more;
  const first = oneLine(f.pieces[0]!.title);
  const subject = count > 1 ? `This week on Concord: ${first}, and ${count - 1} more` : `This week on Concord: ${first}`;
  const all = absoluteUrl(publicUrl, '/articles');
  const link = (p: PublishedPiece) => absoluteUrl(publicUrl, articleHref(p.slug));
  const intro = `${count === 1 ? 'One new piece was' : `${count} new pieces were`} published on Concord this week.`;

  const text =
    `${intro}\n\n` +
    f.pieces.map((p) => `${oneLine(p.title)}\n${byline(p)}\n${p.excerpt}\n${link(p)}`).join('\n\n') +
    (f.more ? `\n\nAnd ${f.more} more: ${all}` : '') +
    `\n\nEvery article: ${all}\n\n` +
    `You get this mail because you subscribed to Concord's weekly digest with this address.\n` +
    `Unsubscribe with one click: ${f.unsubscribeUrl}${sign}`;

  const item = (p: PublishedPiece) =>
    `<li style="margin:0 0 1.25em">` +
    `<a href="${escapeHtml(link(p))}" style="font-size:1.1em;font-weight:bold;color:#0b5d73">${escapeHtml(oneLine(p.title))}</a><br>` +
    `<span style="color:#4f5963">${escapeHtml(byline(p))}</span><br>` +
    `${escapeHtml(p.excerpt)}</li>`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#1c2126;max-width:40em">` +
    `<p>${escapeHtml(intro)}</p>` +
    `<ul style="list-style:none;padding:0">${f.pieces.map(item).join('')}</ul>` +
    (f.more ? `<p>And ${f.more} more: <a href="${escapeHtml(all)}" style="color:#0b5d73">see every article</a>.</p>` : `<p><a href="${escapeHtml(all)}" style="color:#0b5d73">See every article</a></p>`) +
    `<p style="color:#4f5963;font-size:0.9em">You get this mail because you subscribed to Concord's weekly digest with this address. ` +
    `<a href="${escapeHtml(f.unsubscribeUrl)}" style="color:#4f5963">Unsubscribe with one click</a>.</p>` +
    `</body></html>`;

  return {
    to,
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${f.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `Concord weekly digest <digest.${new URL(publicUrl).hostname}>`,
    },
  };
}
