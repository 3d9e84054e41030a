import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import type { PracticeArea } from '../../directory/types.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { MESSAGE_MAX, NAME_MAX, OTHER_KIND, PHONE_MAX, PLACE_MAX } from '../schema.ts';
import { INQUIRY_FORMAT_LABELS } from '../types.ts';
import { InputField, SelectField, TextAreaField } from './fields.tsx';

export interface ContactFormView {
  slug: string;
  mediatorName: string;
  /** A profile without an owner account: the visitor is told no one will read the message. */
  demo: boolean;
  csrf: string;
  /** The signed time the form was shown (src/inquiries/form-time.ts). */
  stamp: string;
  practiceAreas: PracticeArea[];
  /** The formats the visitor may prefer: 'any' and the mediator's own. */
  formats: string[];
  values?: Record<string, string>;
  problems?: FieldProblem[];
}

const PREFIX = 'contact-';

export const contactPath = (slug: string) => `/mediators/${slug}/contact`;

/** The contact form, on the profile page and on its own page after a refusal. */
export function ContactForm(v: ContactFormView): JSX.Element {
  const values = v.values ?? {};
  const problems = v.problems ?? [];
  const kinds = [{ value: '', label: 'Choose one' }, ...v.practiceAreas.map((a) => ({ value: a.slug, label: a.name })), { value: OTHER_KIND, label: 'Something else' }];
  const formats = v.formats.map((f) => ({ value: f, label: INQUIRY_FORMAT_LABELS[f as keyof typeof INQUIRY_FORMAT_LABELS] ?? f }));
  const name = v.mediatorName;
  return (
    <>
      {v.demo ? (
        <div class="notice" role="note">
          <p>
            <strong>This is a demo profile.</strong> It belongs to no real mediator: you can try the form, and your message is kept, but no one will receive or answer it.
          </p>
        </div>
      ) : (
        <p>
          Your message goes to <span safe>{name}</span> through Concord. We never show mediators' email addresses; they answer you by email.
        </p>
      )}
      <ErrorSummary problems={problems} prefix={PREFIX} />
      <form method="post" action={contactPath(v.slug)} novalidate>
        <CsrfField token={v.csrf} />
        <input type="hidden" name="started" value={v.stamp} />
        <InputField name="name" label="Your name" type="text" autocomplete="name" value={values.name ?? ''} maxlength={NAME_MAX} prefix={PREFIX} problems={problems} />
        <InputField
          name="email"
          label="Your email address"
          type="email"
          autocomplete="email"
          value={values.email ?? ''}
          maxlength={254}
          prefix={PREFIX}
          problems={problems}
          hint="The mediator answers you here."
        />
        <InputField
          name="phone"
          label="Phone"
          type="tel"
          autocomplete="tel"
          value={values.phone ?? ''}
          maxlength={PHONE_MAX}
          prefix={PREFIX}
          problems={problems}
          required={false}
        />
        <SelectField name="kind" label="Kind of dispute" value={values.kind ?? ''} options={kinds} prefix={PREFIX} problems={problems} />
        <InputField
          name="place"
          label="Where you are"
          type="text"
          autocomplete="address-level2"
          value={values.place ?? ''}
          maxlength={PLACE_MAX}
          prefix={PREFIX}
          problems={problems}
          hint="A town, or a ZIP or postal code."
        />
        <SelectField name="format" label="How you would like to meet" value={values.format ?? 'any'} options={formats} prefix={PREFIX} problems={problems} />
        <TextAreaField
          name="message"
          label="Your message"
          value={values.message ?? ''}
          maxlength={MESSAGE_MAX}
          prefix={PREFIX}
          problems={problems}
          hint={`What the dispute is about and what you hope for. No need for every detail yet. Up to ${MESSAGE_MAX.toLocaleString('en-US')} characters.`}
        />
        {/* A trap for robots that fill every field: out of sight, out of the tab order and hidden from screen readers. */}
        <div class="trap" aria-hidden="true">
          <label for={`${PREFIX}website`}>Leave this field empty</label>
          <input id={`${PREFIX}website`} name="website" type="text" tabindex="-1" autocomplete="off" value="" />
        </div>
        <button class="button" type="submit">
          Send message
        </button>
      </form>
    </>
  );
}

/** The form on a page of its own: linked from the profile, and shown again (400/429) with what was typed. */
export function ContactPage(v: ContactFormView & { notice?: string }): JSX.Element {
  const title = `Contact ${v.mediatorName}`;
  const notice = v.notice ?? '';
  return (
    <Layout title={title} section="mediators" noindex>
      <h1 safe>{title}</h1>
      <div class="contact-layout">
        <div class="contact-main">
          {notice ? (
            <div class="notice notice-error" role="alert">
              <p safe>{notice}</p>
            </div>
          ) : (
            ''
          )}
          <ContactForm {...v} />
          <p>
            <a href={`/mediators/${v.slug}`}>
              ← Back to the profile of <span safe>{v.mediatorName}</span>
            </a>
          </p>
        </div>
        <aside class="panel contact-next" aria-labelledby="contact-next-title">
          <h2 id="contact-next-title">What happens next</h2>
          <ol class="steps">
            {v.demo ? (
              <li>This demo profile belongs to no one: your message is kept, and we email you a note saying so, but no one will answer it.</li>
            ) : (
              <>
                <li>
                  Your message goes to <span safe>{v.mediatorName}</span> through Concord, and we email you a copy.
                </li>
                <li>They answer you by email, usually within a few working days.</li>
              </>
            )}
            <li>Writing to more than one mediator is fine: it helps you compare before you choose.</li>
          </ol>
        </aside>
      </div>
    </Layout>
  );
}

export function SentPage({ slug, mediatorName, demo }: { slug: string; mediatorName: string; demo: boolean }): JSX.Element {
  return (
    <Layout title="Message sent" section="mediators" noindex>
      <div class="narrow">
        <h1>{demo ? 'Message kept, but not sent' : 'Your message is on its way'}</h1>
        {demo ? (
          <p class="lead">
            <span safe>{mediatorName}</span> is a demo profile, not a real mediator: your message is kept, but no one will receive or answer it. We've mailed you a note saying so.
          </p>
        ) : (
          <p class="lead">
            We've sent your message to <span safe>{mediatorName}</span>, and a confirmation to your email address. They will answer you by email, usually within a few working
            days.
          </p>
        )}
        <p>While you wait, you can compare other mediators too: contacting more than one is fine.</p>
        <ul>
          <li>
            <a href={`/mediators/${slug}`}>
              Back to the profile of <span safe>{mediatorName}</span>
            </a>
          </li>
          <li>
            <a href="/mediators">Find other mediators</a>
          </li>
        </ul>
      </div>
    </Layout>
  );
}
