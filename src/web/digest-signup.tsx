import { CsrfField } from './forms.tsx';
import { attributeText } from './attribute-text.ts';
import { EMAIL_MAX } from './form-fields.ts';

export interface DigestSignupProps {
  /** With a CSRF token the form subscribes at once; without, it opens /digest with the address filled in. */
  csrf?: string;
  /** A signed-in member's address, to fill in. */
  email?: string;
  /** Keeps ids unique when a page has other forms. */
  idPrefix?: string;
}

/**
 * The small "weekly digest" box, for any page (footer, article pages). Pages that render a CSRF
 * token pass it and the box posts straight to /digest; a page without one (a cached page, say)
 * gets a form that opens /digest with the address typed in, where one more press subscribes.
 */
export function DigestSignup({ csrf, email, idPrefix = 'digest-' }: DigestSignupProps): JSX.Element {
  const id = `${idPrefix}email`;
  const titleId = `${idPrefix}title`;
  return (
    <section class="digest-signup" aria-labelledby={titleId}>
      <h2 id={titleId}>Get the weekly digest</h2>
      <p>New articles, news summaries and videos from Concord, once a week by email. We send a link to confirm first, and every email has a one-click unsubscribe.</p>
      <form method={csrf ? 'post' : 'get'} action="/digest" class="digest-form" novalidate>
        {csrf ? <CsrfField token={csrf} /> : ''}
        <label for={id}>Email address</label>
        <div class="digest-row">
          <input id={id} name="email" type="email" autocomplete="email" required maxlength={EMAIL_MAX} spellcheck="false" value={attributeText(email ?? '')} />
          <button class="button" type="submit">
            Subscribe
          </button>
        </div>
      </form>
    </section>
  );
}
