import { AreaNav } from '../../web/area-nav.tsx';
import { ErrorSummary, FilterButtons, PageNotice } from '../../web/forms.tsx';
import { Select, TextField } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { plural } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';
import type { AuditFilter } from '../audit.ts';
import type { AuditItem } from '../present.ts';
import { AUDIT_ACTOR_MAX } from '../schema.ts';

/** The admin area's pages: the landing with the queues and counts, and the audit log. */

export interface AdminHome {
  profilesWaiting: number;
  piecesSubmitted: number;
  credentialsWaiting: number;
  users: { total: number; suspended: number };
  latest: AuditItem[];
}

export function AdminHomePage(v: AdminHome): JSX.Element {
  const queues = [
    { href: '/moderation', title: 'Profiles waiting for review', count: v.profilesWaiting, none: 'No profile is waiting.', some: (n: number) => `${plural(n, 'profile')} waiting` },
    { href: '/editor', title: 'Submitted pieces', count: v.piecesSubmitted, none: 'No piece is waiting.', some: (n: number) => `${plural(n, 'piece')} waiting` },
    { href: '/admin/credentials', title: 'Credentials to verify', count: v.credentialsWaiting, none: 'No evidence is waiting.', some: (n: number) => `${plural(n, 'credential')} waiting` },
  ];
  return (
    <Layout title="Admin" section="account" noindex>
      <AreaNav area="admin" current="home" />
      <h1>Running the site</h1>
      <h2>Review queues</h2>
      <ul class="cards admin-queues">
        {queues.map((q) => (
          <li class="card">
            <h3>
              <a href={q.href} safe>
                {q.title}
              </a>
            </h3>
            <p class={q.count ? 'admin-count' : 'muted'} safe>
              {q.count ? q.some(q.count) : q.none}
            </p>
          </li>
        ))}
      </ul>
      <h2>Accounts</h2>
      <p>
        <a href="/admin/users" safe>
          {plural(v.users.total, 'account')}
        </a>
        <span>{v.users.suspended ? `, ${v.users.suspended.toLocaleString('en-US')} suspended.` : '.'}</span>
      </p>
      <h2>Latest in the audit log</h2>
      {v.latest.length ? <AuditList items={v.latest} /> : <p class="muted">Nothing recorded yet.</p>}
      <p>
        <a href="/admin/audit">The whole audit log</a>
      </p>
    </Layout>
  );
}

/** The address of a page of the log with its filter. */
export function auditHref(filter: AuditFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'kind', 'from', 'to'] as const) if (filter[key]) params.set(key, filter[key]);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

export interface AuditView {
  /** The filter as typed, shown again in its form (even when refused). */
  typed: AuditFilter;
  choices: { actions: string[]; kinds: string[] };
  problems: FieldProblem[];
  /** A problem with no field of its own: a bad page number. */
  problem?: string | undefined;
  /** The page of entries for a filter that passed; null when it was refused. */
  list: { filter: AuditFilter; page: number; items: AuditItem[]; matching: number; pageCount: number } | null;
}

const withTyped = (options: string[], typed: string) => (typed && !options.includes(typed) ? [...options, typed] : options);

export function AuditPage(v: AuditView): JSX.Element {
  const actions = [['', 'Any action'], ...withTyped(v.choices.actions, v.typed.action).map((a) => [a, a] as const)] as const;
  const kinds = [['', 'Any subject'], ...withTyped(v.choices.kinds, v.typed.kind).map((k) => [k, k] as const)] as const;
  const filtered = Object.values(v.typed).some(Boolean);
  return (
    <Layout title="Audit log" section="account" noindex>
      <AreaNav area="admin" current="audit" />
      <h1>Audit log</h1>
      <p>What editors, administrators and the site itself did, newest first. Entries cannot be changed or deleted. Times are in UTC.</p>
      <PageNotice text={v.problem} error />
      <ErrorSummary problems={v.problems} />
      <form class="user-filter audit-filter" method="get" action="/admin/audit" role="search" aria-label="Audit log">
        <div class="audit-filter-fields">
          <TextField name="actor" label="Who" value={v.typed.actor} problems={v.problems} maxlength={AUDIT_ACTOR_MAX} hint="Part of their email address." />
          <Select name="action" label="Action" value={v.typed.action} options={actions} problems={v.problems} />
          <Select name="kind" label="Subject" value={v.typed.kind} options={kinds} problems={v.problems} />
          <TextField name="from" label="From" value={v.typed.from} problems={v.problems} maxlength={10} hint="YYYY-MM-DD" />
          <TextField name="to" label="To" value={v.typed.to} problems={v.problems} maxlength={10} hint="YYYY-MM-DD, included" />
        </div>
        <FilterButtons all="/admin/audit" allText="Show every entry" filtered={filtered} />
      </form>
      {v.list ? (
        <>
          <p class="muted" safe>
            {`${plural(v.list.matching, 'entry', 'entries')}${v.list.pageCount > 1 ? `, page ${v.list.page} of ${v.list.pageCount}` : ''}.`}
          </p>
          {v.list.items.length ? <AuditList items={v.list.items} /> : <p>{filtered ? 'No entry matches this filter.' : 'Nothing has been recorded yet.'}</p>}
          <Pagination page={v.list.page} pageCount={v.list.pageCount} href={(p) => auditHref(v.list!.filter, p)} />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

function AuditList({ items }: { items: AuditItem[] }): JSX.Element {
  return (
    <ol class="audit-list">
      {items.map((e) => (
        <li class="audit-entry">
          <p class="audit-head">
            <time datetime={e.at} safe>
              {e.when}
            </time>{' '}
            · <span safe>{e.who}</span> <span class="muted" safe>{`(${e.role})`}</span>
          </p>
          <p>
            <code safe>{e.action}</code> <span safe>{e.subject}</span>
          </p>
          {e.changes.length ? (
            <dl class="audit-changes">
              {e.changes.map((c) => (
                <div>
                  <dt safe>{c.field || 'Value'}</dt>
                  <dd>
                    <span safe>{c.before}</span> → <span safe>{c.after}</span>
                  </dd>
                </div>
              ))}
            </dl>
          ) : (
            ''
          )}
          {e.reason ? <p class="audit-reason">Why: <span safe>{e.reason}</span></p> : ''}
        </li>
      ))}
    </ol>
  );
}
