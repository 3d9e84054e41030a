import type { FieldProblem } from '../../web/http-error.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { Layout } from '../../web/layout.tsx';
import { ACCOUNT_UNDER_ATTACK, ATTEMPT_LIMITS, ATTEMPT_WINDOW_MS } from '../attempts.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../schema.ts';
import type { Account } from '../types.ts';
import { ErrorSummary, Field, Form } from '../../web/forms.tsx';

const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. A few unrelated words make a strong password that is easy to remember.`;

/** "in 1 minute", "in 12 minutes". */
export function SignupPage(v: { csrf: string; email?: string; problems?: FieldProblem[] }): JSX.Element {
  const problems = v.problems ?? [];
  return (
    <Layout title="Create an account" section="account" noindex>
      <div class="narrow">
        <h1>Create an account</h1>
        <p class="lead">Mediators create an account to build and manage their profile.</p>
        <ErrorSummary problems={problems} />
        <Form action="/signup" csrf={v.csrf} submit="Create account">
          <Field name="email" label="Email address" type="email" autocomplete="email" value={v.email} problems={problems} hint="We'll send a link to confirm it." />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            problems={problems}
            hint={PASSWORD_HINT}
            minlength={PASSWORD_MIN}
            maxlength={PASSWORD_MAX}
          />
        </Form>
        <p>
          Already have an account? <a href="/login">Log in</a>
        </p>
      </div>
    </Layout>
  );
}

/** After sign-up, the same page whether the address was new or already had an account. */
export function CheckEmailPage({ email }: { email: string }): JSX.Element {
  return (
    <Layout title="Check your email" section="account" noindex>
      <div class="narrow">
        <h1>Check your email</h1>
        <p class="lead">
          We've sent a message to <strong safe>{email}</strong>. Open the link in it to confirm your address and finish creating your account.
        </p>
        <p>The link works for 48 hours. If nothing arrives in a few minutes, look in your spam folder, or check that the address is right and try again.</p>
        <p>
          <a href="/login">Go to log in</a>
        </p>
      </div>
    </Layout>
  );
}

export type LoginNotice = 'verified_elsewhere' | 'already_verified' | 'reset' | 'logged_out_everywhere' | 'email_changed';

const LOGIN_NOTICES: Record<LoginNotice, string> = {
  verified_elsewhere:
    'Your email address is confirmed. Please log in: we log you in straight from the link only in the browser you signed up in, and this looks like another browser (or its cookies were cleared), so we ask for your password to be sure it is you.',
  already_verified: 'Your email address was already confirmed. You can log in.',
  reset: 'Your password is changed, and every device was logged out. Log in with your new password.',
  logged_out_everywhere: 'You are logged out on every device.',
  email_changed: 'Your email address is changed. Log in with your new address.',
};

/** How the limits in src/accounts/attempts.ts work, in a visitor's words. */
const LOGIN_LIMITS =
  `To stop password guessing, each place you log in from (each internet address) gets ${ATTEMPT_LIMITS.login.pair} tries at an account every ${ATTEMPT_WINDOW_MS / 60_000} minutes, ` +
  `or ${ACCOUNT_UNDER_ATTACK.pair} while someone is guessing at it from many places. Wrong guesses made elsewhere never lock you out.`;

export function LoginPage(v: { csrf: string; email?: string; next?: string | null; problems?: FieldProblem[]; notice?: LoginNotice | null }): JSX.Element {
  const problems = v.problems ?? [];
  const notice = v.notice ? LOGIN_NOTICES[v.notice] : null;
  return (
    <Layout title="Log in" section="account" noindex>
      <div class="narrow">
        <h1>Log in</h1>
        {notice ? (
          <div class="notice" role="status">
            <p safe>{notice}</p>
          </div>
        ) : (
          ''
        )}
        <ErrorSummary problems={problems} />
        <Form action={v.next ? `/login?next=${encodeURIComponent(v.next)}` : '/login'} csrf={v.csrf} submit="Log in">
          <Field name="email" label="Email address" type="email" autocomplete="username" value={v.email} problems={problems} />
          <Field name="password" label="Password" type="password" autocomplete="current-password" problems={problems} />
        </Form>
        <ul>
          <li>
            <a href="/forgot-password">Forgot your password?</a>
          </li>
          <li>
            New to Concord? <a href="/signup">Create an account</a>
          </li>
        </ul>
        <p class="muted" id="login-limits" safe>
          {LOGIN_LIMITS}
        </p>
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage(v: { csrf: string; email?: string; problems?: FieldProblem[] }): JSX.Element {
  const problems = v.problems ?? [];
  return (
    <Layout title="Reset your password" section="account" noindex>
      <div class="narrow">
        <h1>Reset your password</h1>
        <p>Type the email address of your account. We'll send you a link to choose a new password.</p>
        <ErrorSummary problems={problems} />
        <Form action="/forgot-password" csrf={v.csrf} submit="Send the link">
          <Field name="email" label="Email address" type="email" autocomplete="email" value={v.email} problems={problems} />
        </Form>
        <p>
          Remembered it? <a href="/login">Log in</a>
        </p>
      </div>
    </Layout>
  );
}

/** After a reset request, the same page whether or not the address has an account. */
export function ResetSentPage({ email }: { email: string }): JSX.Element {
  return (
    <Layout title="Check your email" section="account" noindex>
      <div class="narrow">
        <h1>Check your email</h1>
        <p class="lead">
          If <strong safe>{email}</strong> belongs to a Concord account, we've sent a link to it to choose a new password.
        </p>
        <p>The link works once, for 1 hour. If nothing arrives in a few minutes, look in your spam folder, or try another address you might have used.</p>
        <p>
          <a href="/login">Go to log in</a>
        </p>
      </div>
    </Layout>
  );
}

export function ResetPasswordPage(v: { csrf: string; token: string; problems?: FieldProblem[] }): JSX.Element {
  const problems = v.problems ?? [];
  return (
    <Layout title="Choose a new password" section="account" noindex>
      <div class="narrow">
        <h1>Choose a new password</h1>
        <ErrorSummary problems={problems} />
        <Form action="/reset-password" csrf={v.csrf} submit="Save the new password">
          <input type="hidden" name="token" value={v.token} />
          <Field
            name="password"
            label="New password"
            type="password"
            autocomplete="new-password"
            problems={problems}
            hint={PASSWORD_HINT}
            minlength={PASSWORD_MIN}
            maxlength={PASSWORD_MAX}
          />
        </Form>
      </div>
    </Layout>
  );
}

export type LinkKind = 'verify' | 'reset';
export type LinkStatus = 'used' | 'retired' | 'expired' | 'unknown' | 'email_taken';

const LINK_MESSAGES: Record<LinkStatus, string> = {
  used: 'This link has already been used. Each link works only once.',
  retired: 'This link is no longer valid: the password or the email address of the account was changed after it was sent, and that cancels every link sent before.',
  expired: 'This link has expired.',
  unknown: "This link isn't valid. It may be incomplete: check that you copied all of it.",
  email_taken: 'Another account already uses that email address, so your address was not changed.',
};

/** A mailed link that can't be used; answered with a 400. */
export function LinkProblemPage({ status, kind }: { status: LinkStatus; kind: LinkKind }): JSX.Element {
  const message = LINK_MESSAGES[status];
  return (
    <Layout title="This link can't be used" section="account" noindex>
      <div class="narrow">
        <h1>This link can't be used</h1>
        <div class="notice notice-error" role="alert">
          <p safe>{message}</p>
        </div>
        {kind === 'reset' ? (
          <p>
            <a href="/forgot-password">Ask for a new link to reset your password</a> — it works for 1 hour.
          </p>
        ) : (
          <p>
            <a href="/login">Log in</a>: if your address still needs confirming, we'll send you a new link. If you were changing your address, ask again from your
            account page.
          </p>
        )}
      </div>
    </Layout>
  );
}

export type AccountNotice = 'email_sent' | 'password_changed';

export interface AccountView {
  account: Account;
  csrf: string;
  notice?: AccountNotice | null;
  /** The address a change was asked for (shown in the notice and kept in the form). */
  newEmail?: string;
  emailProblems?: FieldProblem[];
  passwordProblems?: FieldProblem[];
}

export function AccountPage(v: AccountView): JSX.Element {
  const { account } = v;
  const emailProblems = v.emailProblems ?? [];
  const passwordProblems = v.passwordProblems ?? [];
  const verifiedOn = account.emailVerifiedAt ? account.emailVerifiedAt.slice(0, 10) : null;
  return (
    <Layout title="Your account" section="account" noindex>
      <AreaNav area="dashboard" current="account" />
      <h1>Your account</h1>
      {v.notice === 'email_sent' ? (
        <div class="notice" role="status">
          <p>
            We've sent a link to <strong safe>{v.newEmail ?? 'your new address'}</strong>. Your address changes when you open it; until then, keep using{' '}
            <strong safe>{account.email}</strong>.
          </p>
        </div>
      ) : v.notice === 'password_changed' ? (
        <div class="notice" role="status">
          <p>Your password is changed. Every other device was logged out.</p>
        </div>
      ) : (
        ''
      )}
      <dl class="facts">
        <dt>Email address</dt>
        <dd safe>{account.email}</dd>
        <dt>Confirmed</dt>
        <dd>
          {verifiedOn ? (
            <>
              Yes, on <time datetime={verifiedOn} safe>{verifiedOn}</time>
            </>
          ) : (
            'Not yet'
          )}
        </dd>
        {account.role !== 'member' ? (
          <>
            <dt>Role</dt>
            <dd>{account.role === 'admin' ? 'Administrator' : 'Editor'}</dd>
          </>
        ) : (
          ''
        )}
      </dl>

      <ul class="actions">
        <li>
          <a href="/dashboard">Your mediator profile</a>
        </li>
        <li>
          <a href="/dashboard/export">Download my data</a>
        </li>
        <li>
          <a href="/dashboard/delete">Delete your account</a>
        </li>
      </ul>
      <div class="account-forms narrow">
        <section class="panel" aria-labelledby="change-email-title">
          <h2 id="change-email-title">Change your email address</h2>
          <ErrorSummary problems={emailProblems} prefix="change-email-" />
          <Form action="/account/email" csrf={v.csrf} submit="Send a confirmation link">
            <Field
              name="new_email"
              prefix="change-email-"
              label="New email address"
              type="email"
              autocomplete="email"
              value={v.newEmail}
              problems={emailProblems}
              hint="We'll send a link to the new address; the change happens when you open it."
            />
            <Field name="current_password" prefix="change-email-" label="Your current password" type="password" autocomplete="current-password" problems={emailProblems} />
          </Form>
        </section>

        <section class="panel" aria-labelledby="change-password-title">
          <h2 id="change-password-title">Change your password</h2>
          <ErrorSummary problems={passwordProblems} prefix="change-password-" />
          <Form action="/account/password" csrf={v.csrf} submit="Change password">
            <Field name="current_password" prefix="change-password-" label="Your current password" type="password" autocomplete="current-password" problems={passwordProblems} />
            <Field
              name="password"
              prefix="change-password-"
              label="New password"
              type="password"
              autocomplete="new-password"
              problems={passwordProblems}
              hint={`${PASSWORD_HINT} Other devices will be logged out.`}
              minlength={PASSWORD_MIN}
              maxlength={PASSWORD_MAX}
            />
          </Form>
        </section>

        <section class="panel" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Log out</h2>
          <Form action="/logout" csrf={v.csrf} submit="Log out">
            <p>Log out on this device.</p>
          </Form>
          <Form action="/account/logout-everywhere" csrf={v.csrf} submit="Log out everywhere" secondary>
            <p>If you used Concord on a shared or lost device, log out on every device, this one included.</p>
          </Form>
        </section>
      </div>
    </Layout>
  );
}
