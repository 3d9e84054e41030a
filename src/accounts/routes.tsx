import { landingFor } from '../web/area-nav.tsx';
import { asFormBody, parseForm } from '../web/form-fields.ts';
import { queryOf } from '../web/query-params.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FieldProblem } from '../web/http-error.ts';
import { deleteUserSessions } from './sessions.ts';
import { endSession, requireUser, startSession } from './session.ts';
import { ChangeEmailForm, ChangePasswordForm, ForgotForm, LoginForm, ResetForm, safeNext, SignupForm } from './schema.ts';
import {
  changePassword,
  followVerifyLink,
  getAccount,
  isSignupBrowser,
  logIn,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signUp,
  signupBrowserKey,
} from './service.ts';
import { checkToken, TOKEN_LIFETIME_MS } from './tokens.ts';
import { AccountPage, CheckEmailPage, ForgotPasswordPage, LinkProblemPage, LoginPage, ResetPasswordPage, ResetSentPage, SignupPage, type AccountView, type LoginNotice } from './views/pages.tsx';
import { inMinutes } from '../web/format.ts';

/**
 * Sign-up, log-in and the account page. Each handler: CSRF (every POST, in preHandler, after the
 * body is read) → who may → validate → the service → render or redirect. Pages that carry a CSRF
 * token or a person's details are never cached.
 */
/** Marks the browser that signed up, for the confirmation link (see signupBrowserKey). */
const SIGNUP_COOKIE = 'concord_signup';

export async function accountPages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;
  const ctx = app.deps;
  const csrf = app.csrfProtection;
  const signedIn = requireUser();
  const later = app.afterResponse;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** What was typed into an email field, to show it again (bounded; escaped by the view). */
  const typed = (body: unknown, name: string) => {
    const v = asFormBody(body)[name];
    return typeof v === 'string' ? v.slice(0, 254) : '';
  };
  const tooMany = (reply: FastifyReply, waitSeconds: number, field: string): FieldProblem[] => {
    reply.code(429).header('retry-after', String(waitSeconds));
    return [{ field, message: `Too many attempts. Please try again ${inMinutes(waitSeconds)}.` }];
  };

  app.get('/signup', async (request, reply) => {
    if (request.user) return reply.redirect('/account', 303);
    return reply.html(<SignupPage csrf={reply.generateCsrf()} />);
  });

  app.post('/signup', { preHandler: csrf }, async (request, reply) => {
    const form = parseForm(SignupForm, request.body);
    if (!form.ok) return reply.code(400).html(<SignupPage csrf={reply.generateCsrf()} email={typed(request.body, 'email')} problems={form.problems} />);
    const { token, mail } = await signUp(ctx, form.value, now());
    later(reply, 'the sign-up mail', mail);
    reply.setCookie(SIGNUP_COOKIE, signupBrowserKey(config.secret, token), {
      // Only the link's page ever reads it.
      path: '/verify',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production || request.protocol === 'https',
      maxAge: TOKEN_LIFETIME_MS.verify_email / 1000,
    });
    return reply.html(<CheckEmailPage email={form.value.email} />);
  });

  app.get('/login', async (request, reply) => {
    const q = queryOf(request.query);
    const next = safeNext(q.next);
    if (request.user) return reply.redirect(next ?? landingFor(request.user.role), 303);
    const done = typeof q.done === 'string' && LOGIN_NOTICES.has(q.done) ? (q.done as LoginNotice) : null;
    return reply.html(<LoginPage csrf={reply.generateCsrf()} next={next} notice={done} />);
  });

  app.post('/login', { preHandler: csrf }, async (request, reply) => {
    const next = safeNext(queryOf(request.query).next);
    const form = parseForm(LoginForm, request.body);
    const again = (problems: FieldProblem[], status?: number) => {
      if (status) reply.code(status);
      return reply.html(<LoginPage csrf={reply.generateCsrf()} email={typed(request.body, 'email')} next={next} problems={problems} />);
    };
    if (!form.ok) return again(form.problems, 400);
    const outcome = await logIn(ctx, form.value, request.ip, now());
    switch (outcome.status) {
      case 'ok':
        await startSession(app, request, reply, outcome.userId);
        return reply.redirect(next ?? landingFor(outcome.role), 303);
      case 'wrong':
        return again([{ field: 'email', message: 'That email address and password do not match an account. Check both and try again.' }], 400);
      case 'unverified':
        return again([{ field: 'email', message: "Please confirm your email address first. We've sent you a new link: open it, then log in." }], 403);
      case 'suspended':
        return again([{ field: 'email', message: `This account is suspended, so you cannot log in. The reason given: “${outcome.reason}”.` }], 403);
      case 'limited':
        return again(tooMany(reply, outcome.waitSeconds, 'email'));
    }
  });

  app.post('/logout', { preHandler: csrf }, async (request, reply) => {
    await endSession(app, request, reply);
    return reply.redirect('/', 303);
  });

  app.get('/verify', async (request, reply) => {
    const token = queryOf(request.query).token;
    const outcome = typeof token === 'string' ? await followVerifyLink(ctx, token, now()) : ({ status: 'unknown' } as const);
    switch (outcome.status) {
      case 'verified':
      case 'already_verified':
        if (request.user) return reply.redirect('/account', 303);
        if (outcome.signInAs !== null && isSignupBrowser(config.secret, token as string, request.cookies[SIGNUP_COOKIE])) {
          // Once: the cookie goes with the session it starts, so the link cannot log in again.
          reply.clearCookie(SIGNUP_COOKIE, { path: '/verify' });
          await startSession(app, request, reply, outcome.signInAs);
          return reply.redirect('/dashboard?done=verified', 303);
        }
        return reply.redirect(`/login?done=${outcome.status === 'verified' ? 'verified_elsewhere' : outcome.status}`, 303);
      case 'email_changed':
        return reply.redirect(request.user ? '/account' : '/login?done=email_changed', 303);
      default:
        return reply.code(400).html(<LinkProblemPage status={outcome.status} kind="verify" />);
    }
  });

  app.get('/forgot-password', async (_request, reply) => reply.html(<ForgotPasswordPage csrf={reply.generateCsrf()} />));

  app.post('/forgot-password', { preHandler: csrf }, async (request, reply) => {
    const form = parseForm(ForgotForm, request.body);
    const again = (problems: FieldProblem[]) => reply.html(<ForgotPasswordPage csrf={reply.generateCsrf()} email={typed(request.body, 'email')} problems={problems} />);
    if (!form.ok) {
      reply.code(400);
      return again(form.problems);
    }
    const outcome = await requestPasswordReset(ctx, form.value.email, request.ip, now());
    if (outcome.status === 'limited') return again(tooMany(reply, outcome.waitSeconds, 'email'));
    later(reply, 'the password reset mail', outcome.mail);
    return reply.html(<ResetSentPage email={form.value.email} />);
  });

  app.get('/reset-password', async (request, reply) => {
    const token = queryOf(request.query).token;
    const link = typeof token === 'string' ? await checkToken(db, token, ['reset_password'], now()) : ({ status: 'unknown' } as const);
    if (link.status !== 'ok') return reply.code(400).html(<LinkProblemPage status={link.status} kind="reset" />);
    return reply.html(<ResetPasswordPage csrf={reply.generateCsrf()} token={token as string} />);
  });

  app.post('/reset-password', { preHandler: csrf }, async (request, reply) => {
    const form = parseForm(ResetForm, request.body);
    const token = typed(request.body, 'token');
    const link = await checkToken(db, token, ['reset_password'], now());
    if (link.status !== 'ok') return reply.code(400).html(<LinkProblemPage status={link.status} kind="reset" />);
    if (!form.ok) return reply.code(400).html(<ResetPasswordPage csrf={reply.generateCsrf()} token={token} problems={form.problems} />);
    const outcome = await resetPassword(ctx, token, form.value.password, now());
    if (outcome.status !== 'ok') return reply.code(400).html(<LinkProblemPage status={outcome.status} kind="reset" />);
    // Every session ended with the reset, this browser's included.
    await endSession(app, request, reply);
    return reply.redirect('/login?done=reset', 303);
  });

  const accountPage = async (request: { user: { id: number } | null }, reply: FastifyReply, view: Omit<AccountView, 'account' | 'csrf'> = {}) => {
    const account = await getAccount(db, request.user!.id);
    if (!account) return reply.redirect('/login', 303);
    return reply.html(<AccountPage account={account} csrf={reply.generateCsrf()} {...view} />);
  };

  app.get('/account', { preHandler: signedIn }, async (request, reply) => {
    const done = queryOf(request.query).done;
    return accountPage(request, reply, { notice: done === 'password_changed' ? 'password_changed' : null });
  });

  app.post('/account/email', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const form = parseForm(ChangeEmailForm, request.body);
    const newEmail = typed(request.body, 'new_email');
    const problem = (status: number, problems: FieldProblem[]) => {
      reply.code(status);
      return accountPage(request, reply, { newEmail, emailProblems: problems });
    };
    if (!form.ok) return problem(400, form.problems);
    const outcome = await requestEmailChange(ctx, request.user!, form.value, request.ip, now());
    switch (outcome.status) {
      case 'ok':
        return accountPage(request, reply, { notice: 'email_sent', newEmail: form.value.new_email });
      case 'same_email':
        return problem(400, [{ field: 'new_email', message: 'That is already your email address.' }]);
      case 'wrong_password':
        return problem(400, [{ field: 'current_password', message: 'Your current password is not right.' }]);
      case 'limited':
        return problem(429, tooMany(reply, outcome.waitSeconds, 'current_password'));
    }
  });

  app.post('/account/password', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const form = parseForm(ChangePasswordForm, request.body);
    const problem = (status: number, problems: FieldProblem[]) => {
      reply.code(status);
      return accountPage(request, reply, { passwordProblems: problems });
    };
    if (!form.ok) return problem(400, form.problems);
    const outcome = await changePassword(ctx, request.user!, request.sessionToken!, form.value, request.ip, now());
    switch (outcome.status) {
      case 'ok':
        // Other sessions are gone; this one gets a new id too.
        await startSession(app, request, reply, request.user!.id);
        return reply.redirect('/account?done=password_changed', 303);
      case 'wrong_password':
      case 'same_email':
        return problem(400, [{ field: 'current_password', message: 'Your current password is not right.' }]);
      case 'limited':
        return problem(429, tooMany(reply, outcome.waitSeconds, 'current_password'));
    }
  });

  app.post('/account/logout-everywhere', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    await deleteUserSessions(db, request.user!.id);
    await endSession(app, request, reply);
    return reply.redirect('/login?done=logged_out_everywhere', 303);
  });
}

const LOGIN_NOTICES = new Set<string>(['verified_elsewhere', 'already_verified', 'reset', 'logged_out_everywhere', 'email_changed'] satisfies LoginNotice[]);
