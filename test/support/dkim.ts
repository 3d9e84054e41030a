import crypto from 'node:crypto';

/**
 * Checks a mail's DKIM-Signature as a receiving server would (RFC 6376, relaxed/relaxed, the
 * canonicalization nodemailer signs with), against the public key instead of a DNS record.
 * Returns the signature's tags; throws on a mismatch, naming what did not match.
 */
export function verifyDkim(raw: string, publicKey: crypto.KeyObject): Record<string, string> {
  const message = raw.replace(/\r?\n/g, '\r\n');
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split + 2);
  const body = message.slice(split + 4);

  // Header fields, each with its continuation lines.
  const fields = head.split(/\r\n(?![ \t])/).filter(Boolean).map((f) => ({ name: f.slice(0, f.indexOf(':')).trim().toLowerCase(), field: f }));
  const relaxedHeader = (field: string) => {
    const colon = field.indexOf(':');
    const value = field.slice(colon + 1).replace(/\r\n(?=[ \t])/g, '').replace(/[ \t]+/g, ' ').trim();
    return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
  };

  const signature = fields.find((f) => f.name === 'dkim-signature');
  if (!signature) throw new Error('The mail has no DKIM-Signature header.');
  const tags = Object.fromEntries(
    relaxedHeader(signature.field)
      .slice('dkim-signature:'.length)
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]),
  ) as Record<string, string>;
  if (tags.c !== 'relaxed/relaxed' || tags.a !== 'rsa-sha256') throw new Error(`Unexpected DKIM method: c=${tags.c} a=${tags.a}`);

  const relaxedBody = body
    .split('\r\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
    .join('\r\n')
    .replace(/(\r\n)*$/, '');
  const bodyHash = crypto.createHash('sha256').update(relaxedBody ? `${relaxedBody}\r\n` : '').digest('base64');
  if (bodyHash !== tags.bh) throw new Error('The body does not match the signature’s body hash (bh=).');

  // Each signed name takes the last not yet used field of that name (RFC 6376 §5.4.2).
  const used = new Set<number>();
  const signed = tags.h!.split(':').map((name) => {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (fields[i]!.name === name.toLowerCase() && !used.has(i)) {
        used.add(i);
        return `${relaxedHeader(fields[i]!.field)}\r\n`;
      }
    }
    return '';
  });
  const self = relaxedHeader(signature.field).replace(/(;\s*b=)[^;]*$/, '$1');
  const ok = crypto.verify('sha256', Buffer.from(signed.join('') + self), publicKey, Buffer.from(tags.b!, 'base64'));
  if (!ok) throw new Error('The signature (b=) does not verify with the public key.');
  return tags;
}
