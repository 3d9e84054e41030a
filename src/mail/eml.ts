/**
 * Just enough of MIME to read back the mails that fileMailer writes (nodemailer's output): the
 * headers, and the decoded plain text part. For the development mail pages and the tests; it is
 * not a general mail parser.
 */

export interface ReadMail {
  headers: Record<string, string>;
  from: string;
  to: string;
  subject: string;
  date: string;
  /** The plain text part, decoded. */
  text: string;
  /** The HTML part, decoded, or '' when the mail has none. */
  html: string;
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { head: raw, body: '' };
  return { head: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded lines (starting with white space) continue the previous header.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function bytesToText(bytes: number[]): string {
  return Buffer.from(bytes).toString('utf8');
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return bytesToText(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function part(headers: Record<string, string>, body: string, wanted: RegExp): string {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const inner = splitHead(chunk.replace(/^\r?\n/, ''));
      const found = part(parseHeaders(inner.head), inner.body.replace(/\r?\n$/, ''), wanted);
      if (found) return found;
    }
    return '';
  }
  return wanted.test(type) ? decodeBody(body, headers['content-transfer-encoding']) : '';
}

export function readEml(raw: string): ReadMail {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const header = (name: string) => decodeWords(headers[name] ?? '');
  return { headers, from: header('from'), to: header('to'), subject: header('subject'), date: headers.date ?? '', text: part(headers, body, /^text\/plain/i), html: part(headers, body, /^text\/html/i) };
}

/** Every http(s) link in a text, in order. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
}
