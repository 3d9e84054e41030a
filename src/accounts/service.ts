import type { Db } from '../db/database.ts';
import { attemptWait, clearAttempts, recordAttempt } from './attempts.ts';
import {
  accountExistsMail,
  changeEmailAskedMail,
  changeEmailMail,
  changeEmailTakenMail,
  emailChangedMail,
  passwordChangedMail,
  resetPasswordMail,
  verifyEmailMail,
} from './mails.ts';
import { sign, verifySignature } from '../lib/signing.ts';
import { claimNotice } from './notices.ts';
import { hashPassword, verifyPassword } from './secrets.ts';
import { deleteUserSessions } from './sessions.ts';
import { consumeToken, issueToken, retireTokens } from './tokens.ts';
import type { Account } from './types.ts';
import { findUserByEmail, findUserById, insertUser, updateUser, userRowToAccount } from './users.ts';
import { hashToken, newToken } from '../lib/tokens.ts';
import type { Role, Viewer } from '../web/viewer.ts';
import type { Context } from '../web/context.ts';

/**
 * What accounts can do, for the pages (and later the API). Every answer that could tell a
 * stranger whether an email address has an account is the same either way: sign-up and reset
 * requests always "send a mail", and a failed log-in never says which half was wrong.
 */
export type Limited = { status: 'limited'; waitSeconds: number };
export type LinkProblem = { status: 'used' | 'retired' | 'expired' | 'unknown' };

/**
 * Makes the account, or finds the address taken. The mail (a confirmation link, or a notice to
 * the owner of the taken address) is left to `mail`, which the caller runs after answering, so
 * both answers do the same work and take as long. `token` is the confirmation link's, for the
 * route to bind this browser to it (see signupBrowserKey); drawn either way, so that when the
 * address is taken the answer still looks the same (a token nobody receives).
 */
export async function signUp(ctx: Context, input: { email: string; password: string }, now: Date): Promise<{ token: string; mail: () => Promise<void> }> {
  const passwordHash = await hashPassword(input.password);
  const id = await insertUser(ctx.db, { email: input.email, passwordHash }, now);
  const token = newToken();
  return { token, mail: () => (id === null ? tellOwnerOfSignUp(ctx, input.email, now) : mailConfirmation(ctx, id, input.email, now, token)) };
}

async function mailConfirmation(ctx: Context, userId: number, email: string, now: Date, token: string): Promise<void> {
  await issueToken(ctx.db, userId, 'verify_email', now, null, token);
  await ctx.mailer.send(verifyEmailMail(ctx.config.publicUrl, email, token));
}

/** At most once an hour per address: anyone can sign up with it, so this could flood its mailbox. */
async function tellOwnerOfSignUp(ctx: Context, email: string, now: Date): Promise<void> {
  if (await claimNotice(ctx.db, 'account_exists', email, now)) await ctx.mailer.send(accountExistsMail(ctx.config.publicUrl, email));
}

/**
 * The value of the cookie set in the browser that signed up. Opening the confirmation link there
 * logs the person in: the link proves the mailbox, the cookie proves the browser that typed the
 * password. The cookie is a signature of the link's stored hash, so it can neither be made
 * without the server's secret nor turned back into the link.
 */
export const signupBrowserKey = (secret: string, token: string) => sign(secret, 'signup-browser', hashToken(token));

export const isSignupBrowser = (secret: string, token: string, cookie: string | undefined) =>
  !!cookie && verifySignature(secret, 'signup-browser', hashToken(token), cookie);

export type LoginOutcome = { status: 'ok'; userId: number; role: Role } | { status: 'wrong' | 'unverified' } | { status: 'suspended'; reason: string } | Limited;

export async function logIn(ctx: Context, input: { email: string; password: string }, address: string, now: Date): Promise<LoginOutcome> {
  const who = { email: input.email, address };
  const waitSeconds = await attemptWait(ctx.db, 'login', who, now);
  if (waitSeconds > 0) return { status: 'limited', waitSeconds };
  const user = await findUserByEmail(ctx.db, input.email);
  if (!(await verifyPassword(user?.password_hash ?? null, input.password)) || !user) {
    await recordAttempt(ctx.db, 'login', who, now);
    return { status: 'wrong' };
  }
  await clearAttempts(ctx.db, 'login', who);
  // Only someone who knows the password learns that the account is suspended, and why.
  if (user.suspended_at) return { status: 'suspended', reason: user.suspension_reason ?? '' };
  if (!user.email_verified_at) {
    // Only someone who knows the password gets here: a fresh link, in case the first was lost.
    const token = await issueToken(ctx.db, user.id, 'verify_email', now);
    await ctx.mailer.send(verifyEmailMail(ctx.config.publicUrl, user.email, token));
    return { status: 'unverified' };
  }
  return { status: 'ok', userId: user.id, role: user.role };
}

/**
 * Counts a reset request against the limits. Whether the address has an account is found out
 * only by `mail`, which the caller runs after answering, so the answer does the same work and
 * takes as long for any address.
 */
export async function requestPasswordReset(
  ctx: Context,
  email: string,
  address: string,
  now: Date,
): Promise<{ status: 'sent'; mail: () => Promise<void> } | Limited> {
  const who = { email, address };
  const waitSeconds = await attemptWait(ctx.db, 'reset', who, now);
  if (waitSeconds > 0) return { status: 'limited', waitSeconds };
  await recordAttempt(ctx.db, 'reset', who, now);
  return { status: 'sent', mail: () => mailResetLink(ctx, email, now) };
}

async function mailResetLink(ctx: Context, email: string, now: Date): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const token = await issueToken(ctx.db, user.id, 'reset_password', now);
  await ctx.mailer.send(resetPasswordMail(ctx.config.publicUrl, user.email, token));
}

/**
 * Sets a new password from a reset link. Following the link proves the mailbox is the owner's,
 * so the address counts as confirmed; every session ends, in case the old password leaked.
 */
export async function resetPassword(ctx: Context, token: string, password: string, now: Date): Promise<{ status: 'ok' } | LinkProblem> {
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx) => {
    const link = await consumeToken(trx, token, ['reset_password'], now);
    if (link.status !== 'ok') return { status: link.status };
    const user = await findUserById(trx, link.userId);
    if (!user) return { status: 'unknown' };
    await updateUser(trx, user.id, { password_hash: passwordHash, email_verified_at: user.email_verified_at ?? now.toISOString() }, now);
    await retireTokens(trx, user.id, now);
    await deleteUserSessions(trx, user.id);
    return { status: 'ok' };
  });
}

/**
 * `signInAs`: the account a link may sign in (in the browser that signed up); null for a link
 * retired by a password or address change, which confirms nothing more and signs no one in.
 */
export type VerifyOutcome = { status: 'verified' | 'already_verified'; signInAs: number | null } | { status: 'email_taken' } | { status: 'email_changed'; email: string } | LinkProblem;

/** Follows a link from /verify: confirms an address after sign-up, or moves the account to a new one. */
export async function followVerifyLink(ctx: Context, token: string, now: Date): Promise<VerifyOutcome> {
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<VerifyOutcome & { oldEmail?: string }> => {
    const link = await consumeToken(trx, token, ['verify_email', 'change_email'], now);
    if ((link.status === 'used' || link.status === 'retired') && link.purpose === 'verify_email') {
      // A mail scanner may have opened the link first, or a reset confirmed the address since;
      // it is confirmed all the same.
      const user = await findUserById(trx, link.userId);
      if (!user?.email_verified_at) return { status: link.status };
      return { status: 'already_verified', signInAs: link.status === 'used' ? user.id : null };
    }
    if (link.status !== 'ok') return { status: link.status };
    const user = await findUserById(trx, link.userId);
    if (!user) return { status: 'unknown' };
    if (link.purpose === 'verify_email') {
      if (!user.email_verified_at) await updateUser(trx, user.id, { email_verified_at: now.toISOString() }, now);
      return { status: 'verified', signInAs: user.id };
    }
    const newEmail = link.newEmail!;
    const taken = await findUserByEmail(trx, newEmail);
    if (taken && taken.id !== user.id) return { status: 'email_taken' };
    await updateUser(trx, user.id, { email: newEmail, email_verified_at: now.toISOString() }, now);
    await retireTokens(trx, user.id, now);
    return { status: 'email_changed', email: newEmail, oldEmail: user.email };
  });
  if (outcome.status === 'email_changed' && outcome.oldEmail) {
    await ctx.mailer.send(emailChangedMail(ctx.config.publicUrl, outcome.oldEmail, outcome.email));
    return { status: 'email_changed', email: outcome.email };
  }
  return outcome;
}

/** The current password, checked like a log-in (and counted against the same limits). */
async function checkCurrentPassword(ctx: Context, viewer: Viewer, password: string, address: string, now: Date): Promise<'ok' | 'wrong' | Limited> {
  const who = { email: viewer.email, address };
  const waitSeconds = await attemptWait(ctx.db, 'login', who, now);
  if (waitSeconds > 0) return { status: 'limited', waitSeconds };
  const user = await findUserById(ctx.db, viewer.id);
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    await recordAttempt(ctx.db, 'login', who, now);
    return 'wrong';
  }
  return 'ok';
}

export type ChangeOutcome = { status: 'ok' | 'wrong_password' | 'same_email' } | Limited;

/**
 * Mails a link to the new address; the account moves when it is followed (see followVerifyLink).
 * The current address is told too, so an owner whose password leaked hears of it while the link
 * can still be cancelled (a password change or reset retires it).
 */
export async function requestEmailChange(
  ctx: Context,
  viewer: Viewer,
  input: { new_email: string; current_password: string },
  address: string,
  now: Date,
): Promise<ChangeOutcome> {
  if (input.new_email === viewer.email) return { status: 'same_email' };
  const check = await checkCurrentPassword(ctx, viewer, input.current_password, address, now);
  if (check !== 'ok') return check === 'wrong' ? { status: 'wrong_password' } : check;
  await ctx.mailer.send(changeEmailAskedMail(ctx.config.publicUrl, viewer.email, input.new_email));
  // Same answer whether or not the new address has an account; its owner is told instead.
  if (await findUserByEmail(ctx.db, input.new_email)) {
    await ctx.mailer.send(changeEmailTakenMail(ctx.config.publicUrl, input.new_email));
    return { status: 'ok' };
  }
  const token = await issueToken(ctx.db, viewer.id, 'change_email', now, input.new_email);
  await ctx.mailer.send(changeEmailMail(ctx.config.publicUrl, input.new_email, token));
  return { status: 'ok' };
}

/** Changes the password and ends every other session; the caller gives this one a new id. */
export async function changePassword(
  ctx: Context,
  viewer: Viewer,
  sessionToken: string,
  input: { current_password: string; password: string },
  address: string,
  now: Date,
): Promise<ChangeOutcome> {
  const check = await checkCurrentPassword(ctx, viewer, input.current_password, address, now);
  if (check !== 'ok') return check === 'wrong' ? { status: 'wrong_password' } : check;
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, viewer.id, { password_hash: passwordHash }, now);
    await retireTokens(trx, viewer.id, now);
    await deleteUserSessions(trx, viewer.id, sessionToken);
  });
  await ctx.mailer.send(passwordChangedMail(ctx.config.publicUrl, viewer.email));
  return { status: 'ok' };
}

export async function getAccount(db: Db, userId: number): Promise<Account | null> {
  const row = await findUserById(db, userId);
  return row ? userRowToAccount(row) : null;
}
