import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { AreaNav } from '../../web/area-nav.tsx';
import { MESSAGE_MAX } from '../schema.ts';
import type { MonthNumbers } from '../../directory/stats.ts';
import { INQUIRY_FORMAT_LABELS, INQUIRY_STATUSES, STATUS_LABELS, type Inquiry, type InquiryStatus, type InquirySummary, type MemberListing } from '../types.ts';
import { TextAreaField } from './fields.tsx';
import { formatDate } from '../../web/format.ts';

/** The member's inquiries and numbers. Everything a visitor typed is rendered with `safe`. */

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const formatDateTime = (iso: string) => `${dateTime.format(new Date(iso))} UTC`;

/** For a signed-in user with no profile yet. */
export function NoListingPage({ what }: { what: 'inquiries' | 'numbers' }): JSX.Element {
  const title = what === 'inquiries' ? 'Inquiries' : 'Your numbers';
  return (
    <Layout title={title} section="account" noindex>
      <AreaNav area="dashboard" current={what} />
      <div class="narrow">
        <h1>{title}</h1>
        <p class="lead">You don't have a mediator profile yet. Once you create one and it is listed, visitors can contact you and you will see their messages and your numbers here.</p>
        <p>
          <a class="button" href="/dashboard">
            Go to your dashboard
          </a>
        </p>
      </div>
    </Layout>
  );
}

export type InboxFilter = InquiryStatus | 'all';

export function InboxPage(v: {
  listing: MemberListing;
  filter: InboxFilter;
  page: number;
  pageCount: number;
  total: number;
  counts: Record<InquiryStatus, number>;
  items: InquirySummary[];
  notice?: string | null;
}): JSX.Element {
  const filters: { value: InboxFilter; label: string }[] = [
    ...INQUIRY_STATUSES.map((s) => ({ value: s, label: `${STATUS_LABELS[s]} (${v.counts[s]})` })),
    { value: 'all', label: `All (${v.counts.new + v.counts.replied + v.counts.closed})` },
  ];
  const notice = v.notice ?? '';
  const empty = v.filter === 'all' ? 'No one has contacted you through Concord yet.' : `No ${STATUS_LABELS[v.filter as InquiryStatus].toLowerCase()} inquiries.`;
  return (
    <Layout title="Inquiries" section="account" noindex>
      <AreaNav area="dashboard" current="inquiries" />
      <h1>Inquiries</h1>
      {notice ? (
        <div class="notice" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <p>
        Messages visitors sent to <a href={`/mediators/${v.listing.slug}`}>your profile</a>. Answer them here, or straight from the mail each one came in.
      </p>
      <nav aria-label="Show inquiries">
        <ul class="tabs">
          {filters.map((f) => (
            <li>
              <a href={`/dashboard/inquiries?status=${f.value}`} aria-current={f.value === v.filter ? 'page' : undefined} safe>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {v.items.length ? (
        <ul class="cards">
          {v.items.map((i) => (
            <li class="card">
              <h2 class="card-title">
                <a href={`/dashboard/inquiries/${i.id}`} safe>
                  {i.senderName}
                </a>
              </h2>
              <ul class="card-meta">
                <li safe>{i.kind}</li>
                <li>
                  <time datetime={i.createdAt} safe>
                    {formatDate(i.createdAt)}
                  </time>
                </li>
                <li safe>{STATUS_LABELS[i.status]}</li>
              </ul>
              <p class="muted" safe>
                {i.preview}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted" safe>
          {empty}
        </p>
      )}
      {v.pageCount > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {v.page > 1 ? <a href={`/dashboard/inquiries?status=${v.filter}&page=${v.page - 1}`}>← Newer</a> : <span></span>}
          <span safe>{`Page ${v.page} of ${v.pageCount}`}</span>
          {v.page < v.pageCount ? <a href={`/dashboard/inquiries?status=${v.filter}&page=${v.page + 1}`}>Older →</a> : <span></span>}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function InquiryPage(v: { inquiry: Inquiry; csrf: string; reply?: string; problems?: FieldProblem[]; notice?: string | null }): JSX.Element {
  const i = v.inquiry;
  const problems = v.problems ?? [];
  const title = `Inquiry from ${i.senderName}`;
  const format = INQUIRY_FORMAT_LABELS[i.format as keyof typeof INQUIRY_FORMAT_LABELS] ?? i.format;
  const phone = i.senderPhone || 'Not given';
  const notice = v.notice ?? '';
  return (
    <Layout title={title} section="account" noindex>
      <AreaNav area="dashboard" current="inquiries" />
      <h1 safe>{title}</h1>
      {notice ? (
        <div class="notice" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <div class="narrow">
        <dl class="facts">
          <dt>Status</dt>
          <dd safe>{STATUS_LABELS[i.status]}</dd>
          <dt>Received</dt>
          <dd>
            <time datetime={i.createdAt} safe>
              {formatDateTime(i.createdAt)}
            </time>
          </dd>
          <dt>Email</dt>
          <dd safe>{i.senderEmail}</dd>
          <dt>Phone</dt>
          <dd safe>{phone}</dd>
          <dt>Kind of dispute</dt>
          <dd safe>{i.kind}</dd>
          <dt>Place</dt>
          <dd safe>{i.place}</dd>
          <dt>Would like to meet</dt>
          <dd safe>{format}</dd>
        </dl>
        <h2>Message</h2>
        <div class="message" safe>
          {i.message}
        </div>

        {i.replies.length ? (
          <section aria-labelledby="replies-title">
            <h2 id="replies-title">Your replies</h2>
            {i.replies.map((r) => (
              <article class="panel">
                <p class="muted">
                  Sent <time datetime={r.createdAt} safe>{formatDateTime(r.createdAt)}</time>
                </p>
                <div class="message" safe>
                  {r.message}
                </div>
              </article>
            ))}
          </section>
        ) : (
          ''
        )}

        <section aria-labelledby="reply-title">
          <h2 id="reply-title">Reply</h2>
          <p>Your reply is mailed to the sender from Concord; when they answer, it comes to your own email address.</p>
          <ErrorSummary problems={problems} prefix="reply-" />
          <form method="post" action={`/dashboard/inquiries/${i.id}/reply`} novalidate>
            <CsrfField token={v.csrf} />
            <TextAreaField name="message" label="Your reply" value={v.reply ?? ''} maxlength={MESSAGE_MAX} prefix="reply-" problems={problems} />
            <button class="button" type="submit">
              Send reply
            </button>
          </form>
        </section>

        {i.status !== 'closed' ? (
          <section aria-labelledby="close-title">
            <h2 id="close-title">Close</h2>
            <p>Close an inquiry when nothing more needs doing. You can still reply to it later.</p>
            <form method="post" action={`/dashboard/inquiries/${i.id}/close`}>
              <CsrfField token={v.csrf} />
              <button class="button button-secondary" type="submit">
                Close this inquiry
              </button>
            </form>
          </section>
        ) : (
          ''
        )}
        <p>
          <a href="/dashboard/inquiries">← All inquiries</a>
        </p>
      </div>
    </Layout>
  );
}

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

export function NumbersPage({ listing, months }: { listing: MemberListing; months: MonthNumbers[] }): JSX.Element {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <Layout title="Your numbers" section="account" noindex>
      <AreaNav area="dashboard" current="numbers" />
      <h1>Your numbers</h1>
      <p>
        How <a href={`/mediators/${listing.slug}`}>your profile</a> did each month: how often it was opened, how often it was shown in search results (on the results pages and
        through the API), and how many inquiries it brought. Counts are updated every few seconds.
      </p>
      <table class="numbers">
        <caption class="visually-hidden">Your profile's numbers by month, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Profile views</th>
            <th scope="col">Shown in search results</th>
            <th scope="col">Inquiries</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr>
              <th scope="row" safe>
                {monthName(m.month)}
              </th>
              <td safe>{n(m.views)}</td>
              <td safe>{n(m.appearances)}</td>
              <td safe>{n(m.inquiries)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
