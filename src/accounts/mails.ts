import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';

/** The mails accounts send, as plain text. Links are absolute, on PUBLIC_URL. */

const sign = '\n\n— Concord\n';
const link = (publicUrl: string, path: string, token?: string) => absoluteUrl(publicUrl, token ? `${path}?token=${token}` : path);

export const verifyEmailMail = (publicUrl: string, to: string, token: string): Mail => ({
  to,
  subject: 'Confirm your email address for Concord',
  text:
    `Welcome to Concord. To confirm this email address and finish creating your account, open this link:\n\n${link(publicUrl, '/verify', token)}\n\n` +
    `The link works once, for 48 hours. If you didn't create a Concord account, ignore this message: nothing happens without the link.${sign}`,
});

export const accountExistsMail = (publicUrl: string, to: string): Mail => ({
  to,
  subject: 'Someone tried to create a Concord account with your address',
  text:
    `Someone (maybe you) tried to create a Concord account with this email address, but it already has one.\n\n` +
    `To log in: ${link(publicUrl, '/login')}\nForgot your password? ${link(publicUrl, '/forgot-password')}\n\n` +
    `If it wasn't you, you can ignore this message: your account has not changed.${sign}`,
});

export const resetPasswordMail = (publicUrl: string, to: string, token: string): Mail => ({
  to,
  subject: 'Reset your Concord password',
  text:
    `Someone (we hope you) asked to reset the password of the Concord account for this email address. To choose a new password, open this link:\n\n` +
    `${link(publicUrl, '/reset-password', token)}\n\nThe link works once, for 1 hour. If you didn't ask, ignore this message: your password has not changed.${sign}`,
});

export const changeEmailMail = (publicUrl: string, to: string, token: string): Mail => ({
  to,
  subject: 'Confirm your new email address for Concord',
  text:
    `Someone (we hope you) asked to move a Concord account to this email address. To confirm, open this link:\n\n${link(publicUrl, '/verify', token)}\n\n` +
    `The link works once, for 24 hours. If you didn't ask, ignore this message.${sign}`,
});

/**
 * "n…@example.org": enough for the owner to see it is not theirs, without handing the whole new
 * address to whoever reads the old mailbox now (an employer's, when someone moves away from a
 * work address).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at > 0 ? email.slice(0, at) : email;
  return `${[...local][0] ?? ''}…${at > 0 ? email.slice(at) : ''}`;
}

export const changeEmailAskedMail = (publicUrl: string, to: string, newEmail: string): Mail => ({
  to,
  subject: 'Someone asked to move your Concord account to another address',
  text:
    `Someone logged in to your Concord account and asked to move it from this email address to ${maskEmail(newEmail)}. ` +
    `It moves only if the link we sent to that address is opened.\n\nIf it was you, there is nothing more to do here.\n\n` +
    `If it wasn't you, someone knows your password. Change it now: ${link(publicUrl, '/account')}\n` +
    `If you can't log in, reset it: ${link(publicUrl, '/forgot-password')}\n\n` +
    `Either one cancels the link, and logs out every other device.${sign}`,
});

export const changeEmailTakenMail = (publicUrl: string, to: string): Mail => ({
  to,
  subject: 'Someone tried to move a Concord account to your address',
  text:
    `Someone tried to move another Concord account to this email address, but you already have an account with it, so nothing changed.\n\n` +
    `If you have two accounts and want only one, log in to the other one and change or remove it: ${link(publicUrl, '/login')}${sign}`,
});

export const emailChangedMail = (publicUrl: string, to: string, newEmail: string): Mail => ({
  to,
  subject: 'Your Concord email address was changed',
  text:
    `The Concord account that used this email address now uses ${newEmail}. Mail about the account goes there from now on.\n\n` +
    `If you didn't make this change, reply to this message or contact us from ${link(publicUrl, '/about')} straight away.${sign}`,
});

export const passwordChangedMail = (publicUrl: string, to: string): Mail => ({
  to,
  subject: 'Your Concord password was changed',
  text:
    `The password of your Concord account was just changed, and every other device was logged out.\n\n` +
    `If you didn't do this, reset your password now: ${link(publicUrl, '/forgot-password')}${sign}`,
});
