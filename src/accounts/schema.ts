import { formField } from '../web/form-fields.ts';
import { z } from 'zod';

// Takes untrusted form bodies: every field is a bounded string before anything else sees it.

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const email = (what = 'your email address') =>
  formField(
    z
      .string()
      .trim()
      .min(1, `Enter ${what}.`)
      .max(254, 'That email address is too long.')
      .pipe(z.email({ message: 'Enter an email address like name@example.org.' }))
      .transform((v) => v.toLowerCase()),
  );

const newPassword = formField(
  z
    .string()
    .min(1, 'Enter a password.')
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password.`)
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for your password.`),
);

/** A password being checked, not chosen: only bounded, so an over-long one fails without hashing. */
const givenPassword = (what: string) => formField(z.string().min(1, `Enter ${what}.`).max(PASSWORD_MAX, 'That password is not right.'));

const token = formField(z.string().max(100));

export const SignupForm = z.object({ email: email(), password: newPassword });
export const LoginForm = z.object({ email: email(), password: givenPassword('your password') });
export const ForgotForm = z.object({ email: email() });
export const ResetForm = z.object({ token, password: newPassword });
export const ChangeEmailForm = z.object({ new_email: email('your new email address'), current_password: givenPassword('your current password') });
export const ChangePasswordForm = z.object({ current_password: givenPassword('your current password'), password: newPassword });

/** Where to go after logging in: only a path on this site (never "//host" or "/\host"). */
export function safeNext(raw: unknown): string | null {
  const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof v === 'string' && v.length <= 500 && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) ? v : null;
}
