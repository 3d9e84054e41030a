import { EMAIL_MAX, formField, parseForm } from '../web/form-fields.ts';
import { z } from 'zod';

// Takes an untrusted form body: the one field is a bounded, checked string before anything else sees it.

export const SubscribeForm = z.object({
  email: formField(
    z
      .string()
      .trim()
      .min(1, 'Enter your email address.')
      .max(EMAIL_MAX, 'That email address is too long.')
      .pipe(z.email({ message: 'Enter an email address like name@example.org.' }))
      .transform((v) => v.toLowerCase()),
  ),
});

export const parseSubscribe = (body: unknown) => parseForm(SubscribeForm, body);

/** What was typed, to show the form again as it was (bounded, never trusted). */
export function typedEmail(raw: unknown): string {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).email : undefined;
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof s === 'string' ? s.slice(0, EMAIL_MAX + 50) : '';
}
