import crypto from 'node:crypto';

/**
 * HMAC-SHA-256 signatures for values the site hands out and checks later without storing them
 * (the contact form's start time, the mailed links below). `purpose` keeps a signature
 * made for one use from being accepted for another.
 */
export function sign(secret: string, purpose: string, value: string): string {
  return crypto.createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}

/** Checks a signature in constant time. */
export function verifySignature(secret: string, purpose: string, value: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, value));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** A row that mailed links point at: its id and its random `link_secret`. */
export interface LinkedRow {
  id: number;
  link_secret: string;
}

/**
 * A mailed link to one database row, bound to that row's random `link_secret`: the signature
 * covers the id, the moment it was issued (for links that expire) and the row's secret. A row that
 * later gets the same id has another secret, so an old link never reaches it.
 * Written `id.signature`, or `id.moment.signature`.
 */
export function rowLinkToken(secret: string, purpose: string, row: LinkedRow, issuedAt?: Date): string {
  const value = issuedAt ? `${row.id}.${issuedAt.getTime()}` : String(row.id);
  return `${value}.${sign(secret, purpose, `${value}.${row.link_secret}`)}`;
}

export interface RowLink {
  id: number;
  issuedAt: Date | null;
  /** What was signed, before the row's secret. */
  value: string;
  signature: string;
}

/** The parts of a row link, unchecked: the row must be read before the signature can be. */
export function parseRowLink(token: unknown): RowLink | null {
  const m = typeof token === 'string' ? /^(\d{1,10})(?:\.(\d{1,15}))?\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m) return null;
  return { id: Number(m[1]), issuedAt: m[2] === undefined ? null : new Date(Number(m[2])), value: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}`, signature: m[3]! };
}

/** Whether the link was signed for this purpose and this row's secret. */
export function rowLinkSignedFor(secret: string, purpose: string, link: RowLink, row: Pick<LinkedRow, 'link_secret'>): boolean {
  return verifySignature(secret, purpose, `${link.value}.${row.link_secret}`, link.signature);
}

/** A link that expires: signed for this row, issued no later than now and at most `maxAgeMs` ago. */
export function timedRowLinkStatus(secret: string, purpose: string, link: RowLink, row: Pick<LinkedRow, 'link_secret'>, now: Date, maxAgeMs: number): 'ok' | 'expired' | 'invalid' {
  if (!link.issuedAt || !rowLinkSignedFor(secret, purpose, link, row)) return 'invalid';
  const age = now.getTime() - link.issuedAt.getTime();
  return age < 0 || age > maxAgeMs ? 'expired' : 'ok';
}
