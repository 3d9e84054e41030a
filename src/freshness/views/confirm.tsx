import { Layout } from '../../web/layout.tsx';
import { formatDate } from '../../web/format.ts';
import type { ConfirmOutcome } from '../../directory/availability.ts';

/**
 * The page a reminder's link opens. The link itself changes nothing (mail scanners open links);
 * the buttons post the link's token, which is what authorises the change.
 */
export function ConfirmPage({ token, name, unlisted }: { token: string; name: string; unlisted: boolean }): JSX.Element {
  return (
    <Layout title="Confirm your availability" section="account" noindex>
      <div class="narrow">
        <h1>Are you accepting new cases?</h1>
        <p class="lead">
          For your profile, <strong safe>{name}</strong>. Your answer is shown on the profile with today's date.
        </p>
        {unlisted ? <p>Your profile is not listed at the moment. Once you answer, it is listed again.</p> : ''}
        <form method="post" action="/availability/confirm" class="button-row">
          <input type="hidden" name="token" value={token} />
          <button class="button" type="submit" name="answer" value="yes">
            Yes, I'm accepting new cases
          </button>
          <button class="button button-secondary" type="submit" name="answer" value="no">
            No, not at the moment
          </button>
        </form>
      </div>
    </Layout>
  );
}

const OUTCOMES: Record<ConfirmOutcome, string> = {
  confirmed: 'Thank you: your availability is confirmed as of today.',
  relisted: 'Thank you: your availability is confirmed as of today, and your profile is listed again.',
  awaiting_approval: 'Thank you: your availability is confirmed. Your profile will be listed again once an editor has approved it.',
  already: 'Your availability was already confirmed with this link, so nothing changed.',
};

export function ConfirmedPage({ outcome, slug, listed }: { outcome: ConfirmOutcome; slug: string; listed: boolean }): JSX.Element {
  const message = OUTCOMES[outcome];
  return (
    <Layout title="Availability confirmed" section="account" noindex>
      <div class="narrow">
        <h1>Availability confirmed</h1>
        <p class="lead" safe>
          {message}
        </p>
        <NextLinks slug={slug} listed={listed} />
      </div>
    </Layout>
  );
}

/** Where to go after answering: the profile (when listed) and the dashboard. */
function NextLinks({ slug, listed }: { slug: string; listed: boolean }): JSX.Element {
  return (
    <ul>
      {listed ? (
        <li>
          <a href={`/mediators/${slug}`}>See your profile</a>
        </li>
      ) : (
        ''
      )}
      <li>
        <a href="/dashboard">Go to your dashboard</a>
      </li>
    </ul>
  );
}

export function AlreadyConfirmedPage({ confirmedAt, slug, listed }: { confirmedAt: string; slug: string; listed: boolean }): JSX.Element {
  const when = formatDate(confirmedAt);
  return (
    <Layout title="Availability already confirmed" section="account" noindex>
      <div class="narrow">
        <h1>Already confirmed</h1>
        <p class="lead">
          Your availability was confirmed on <time datetime={confirmedAt} safe>{when}</time>, after this link was sent, so there is nothing to do.
        </p>
        <NextLinks slug={slug} listed={listed} />
      </div>
    </Layout>
  );
}

export function BadLinkPage({ status }: { status: 'expired' | 'invalid' }): JSX.Element {
  return (
    <Layout title="This link doesn't work" section="account" noindex>
      <div class="narrow">
        <h1>This link doesn't work</h1>
        <p class="lead">
          {status === 'expired'
            ? 'This confirmation link has expired: links work for 30 days.'
            : 'This confirmation link is not complete or not right. Check that you opened the whole link from the mail.'}
        </p>
        <p>
          You can always confirm your availability from your profile: <a href="/login?next=%2Fdashboard">log in to your dashboard</a>.
        </p>
      </div>
    </Layout>
  );
}
