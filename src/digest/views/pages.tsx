import { feedPath } from '../../web/feed-links.ts';
import type { Category } from '../../articles/categories.ts';
import { CsrfField, ErrorSummary, Field } from '../../web/forms.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { CONFIRM_DAYS } from '../links.ts';
import { EMAIL_MAX } from '../../web/form-fields.ts';

/** Where a feed reader can follow Concord instead: the whole site, and each category. */
function FeedList({ categories }: { categories: Category[] }): JSX.Element {
  return (
    <section aria-labelledby="feeds-title" class="panel">
      <h2 id="feeds-title">Or follow with a feed reader</h2>
      <p>
        Every new piece, as soon as it is published: <a href={feedPath({ kind: 'site' }, 'rss')}>RSS feed</a> or <a href={feedPath({ kind: 'site' }, 'atom')}>Atom feed</a>.
        Paste either address into your feed reader.
      </p>
      {categories.length ? (
        <>
          <h3>One topic only</h3>
          <ul class="feed-list">
            {categories.map((c) => (
              <li>
                <span safe>{c.name}</span>: <a href={feedPath({ kind: 'category', slug: c.slug }, 'rss')}>RSS</a> ·{' '}
                <a href={feedPath({ kind: 'category', slug: c.slug }, 'atom')}>Atom</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export interface DigestPageView {
  csrf: string;
  email: string;
  problems?: FieldProblem[];
  /** A message above the form, e.g. after a member subscribed or too many tries. */
  notice?: { text: string; error?: boolean } | null;
  /** A signed-in member's own subscription, with an unsubscribe token when subscribed. */
  member?: { email: string; unsubscribeToken: string | null } | null;
  categories: Category[];
}

export function DigestPage(v: DigestPageView): JSX.Element {
  const problems = v.problems ?? [];
  return (
    <Layout
      title="The weekly digest"
      description="New articles, news summaries and videos about mediation from Concord, once a week by email."
    >
      <div class="narrow">
        <h1>The weekly digest</h1>
        <p class="lead">Once a week, on Mondays, one email with what was published on Concord that week: articles, news summaries and videos, each with a short summary.</p>
        {v.notice ? (
          <div class={v.notice.error ? 'notice notice-error' : 'notice'} role={v.notice.error ? 'alert' : 'status'}>
            <p safe>{v.notice.text}</p>
          </div>
        ) : (
          ''
        )}
        {v.member?.unsubscribeToken ? (
          <div class="notice">
            <p>
              You get the digest at <strong safe>{v.member.email}</strong>.
            </p>
            <form method="post" action={`/digest/unsubscribe?token=${encodeURIComponent(v.member.unsubscribeToken)}`}>
              <button class="button button-secondary" type="submit">
                Unsubscribe
              </button>
            </form>
          </div>
        ) : (
          <>
            <ErrorSummary problems={problems} />
            <form method="post" action="/digest" novalidate>
              <CsrfField token={v.csrf} />
              <Field
                name="email"
                label="Email address"
                type="email"
                autocomplete="email"
                value={v.email}
                problems={problems}
                maxlength={EMAIL_MAX}
                hint="We'll email you a link to confirm. Nothing else is sent until you do."
              />
              <button class="button" type="submit">
                Subscribe
              </button>
            </form>
          </>
        )}
        <h2>What you can expect</h2>
        <ul>
          <li>One email a week, and none in a week with nothing new.</li>
          <li>Every email has an unsubscribe link that works with one click.</li>
          <li>We use your address for the digest only. There is no tracking in the emails.</li>
        </ul>
        <FeedList categories={v.categories} />
      </div>
    </Layout>
  );
}

export function CheckEmailPage({ email }: { email: string }): JSX.Element {
  return (
    <Layout title="Check your email" noindex>
      <div class="narrow">
        <h1>Check your email</h1>
        <p class="lead">
          We've sent a message to <strong safe>{email}</strong>. Open the link in it to confirm, and the digest starts with next Monday's email.
        </p>
        <p>
          The link works for {CONFIRM_DAYS} days. If nothing arrives in a few minutes, look in your spam folder, or check the address and <a href="/digest">try again</a>.
        </p>
      </div>
    </Layout>
  );
}

export function ConfirmPage({ token, email }: { token: string; email: string }): JSX.Element {
  return (
    <Layout title="Confirm the weekly digest" noindex>
      <div class="narrow">
        <h1>Confirm the weekly digest</h1>
        <p class="lead">
          Send Concord's weekly digest to <strong safe>{email}</strong>?
        </p>
        <form method="post" action="/digest/confirm">
          <input type="hidden" name="token" value={token} />
          <button class="button" type="submit">
            Yes, send me the digest
          </button>
        </form>
        <p>If you didn't ask for it, close this page: nothing will be sent.</p>
      </div>
    </Layout>
  );
}

export function ConfirmedPage({ email, already }: { email: string; already: boolean }): JSX.Element {
  return (
    <Layout title="You're subscribed" noindex>
      <div class="narrow">
        <h1>You're subscribed</h1>
        <p class="lead">
          {already ? 'This address already gets the weekly digest: ' : 'The weekly digest will come to '}
          <strong safe>{email}</strong>
          {already ? '.' : ' every Monday with something new.'}
        </p>
        <p>
          Meanwhile, <a href="/articles">read the latest articles</a> or <a href="/mediators">find a mediator</a>.
        </p>
      </div>
    </Layout>
  );
}

export function UnsubscribePage({ token, email, subscribed }: { token: string; email: string; subscribed: boolean }): JSX.Element {
  return (
    <Layout title="Unsubscribe from the weekly digest" noindex>
      <div class="narrow">
        <h1>Unsubscribe from the weekly digest</h1>
        {subscribed ? (
          <>
            <p class="lead">
              Stop sending the weekly digest to <strong safe>{email}</strong>?
            </p>
            <form method="post" action={`/digest/unsubscribe?token=${encodeURIComponent(token)}`}>
              <button class="button" type="submit">
                Unsubscribe
              </button>
            </form>
          </>
        ) : (
          <p class="lead">
            <strong safe>{email}</strong> doesn't get the digest, so there is nothing to do. <a href="/digest">Subscribe again</a> if you like.
          </p>
        )}
      </div>
    </Layout>
  );
}

export function UnsubscribedPage({ email }: { email: string }): JSX.Element {
  return (
    <Layout title="You're unsubscribed" noindex>
      <div class="narrow">
        <h1>You're unsubscribed</h1>
        <p class="lead">
          We won't send the weekly digest to <strong safe>{email}</strong> any more.
        </p>
        <p>
          Changed your mind? <a href="/digest">Subscribe again</a>.
        </p>
      </div>
    </Layout>
  );
}

const BAD_LINK = {
  invalid: 'This link is not complete or not right. Check that you opened the whole link from the email.',
  expired: `This confirmation link has expired: links work for ${CONFIRM_DAYS} days.`,
  superseded: 'This address was unsubscribed after this link was sent, so the link no longer works.',
} as const;

export function BadLinkPage({ status, what }: { status: keyof typeof BAD_LINK; what: 'confirm' | 'unsubscribe' }): JSX.Element {
  const message = BAD_LINK[status];
  return (
    <Layout title="This link doesn't work" noindex>
      <div class="narrow">
        <h1>This link doesn't work</h1>
        <p class="lead">{message}</p>
        <p>
          {what === 'confirm' ? (
            <>
              You can ask for a new link: <a href="/digest">subscribe again</a>.
            </>
          ) : (
            <>Every digest email has its own unsubscribe link at the bottom; try the one in your latest digest.</>
          )}
        </p>
      </div>
    </Layout>
  );
}
