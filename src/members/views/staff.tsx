import { CsrfField, ErrorSummary, FilterButtons, PageNotice } from '../../web/forms.tsx';
import type { Role } from '../../db/schema.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { Layout } from '../../web/layout.tsx';
import type { UserFilter, UserList, UserListItem } from '../admin.ts';
import type { QueueItem } from '../moderation.ts';
import { LIMITS, SUSPENSION_REASON_MAX, USER_FILTER_MAX } from '../schema.ts';
import { ErrorLine, Select, TextField } from '../../web/fields.tsx';
import { formatDate, plural } from '../../web/format.ts';
import { ROLES } from '../../web/viewer.ts';
import { Pagination } from '../../web/pagination.tsx';

/** Pages for editors (the review queue) and admins (users and roles). */

export type ModerationNotice = 'approved' | 'declined' | 'gone';
export const MODERATION_NOTICES: Record<ModerationNotice, string> = {
  approved: 'Approved: the profile is listed, and its member was told by email.',
  declined: 'Declined: the member was sent your note, and the profile left the queue.',
  gone: 'That profile is no longer waiting for review (its member may have withdrawn it).',
};

export function ModerationPage(v: { csrf: string; queue: QueueItem[]; notice?: ModerationNotice | null; problems?: { id: number; problems: FieldProblem[]; note: string } }): JSX.Element {
  const notice = v.notice ? MODERATION_NOTICES[v.notice] : null;
  return (
    <Layout title="Profiles waiting for review" section="account" noindex>
      <AreaNav area="editor" current="profiles" />
      <h1>Profiles waiting for review</h1>
      <p>Each profile below asked to be listed for the first time. Check it in the preview, then approve it, or decline it with a note that tells its member what to change.</p>
      {notice ? (
        <div class="notice" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      {v.queue.length ? (
        <ul class="cards">
          {v.queue.map((item) => {
            const mine = v.problems?.id === item.id ? v.problems : null;
            const noteId = `note-${item.id}`;
            const error = mine?.problems[0]?.message;
            const who = item.email ?? 'no account';
            return (
              <li class="card review-card">
                <div>
                  <h2 class="card-title" safe>
                    {item.name}
                  </h2>
                  {item.headline ? <p safe>{item.headline}</p> : ''}
                  <p class="muted">
                    <span safe>{who}</span> · {item.completeness}% complete · asked <time datetime={item.requestedAt} safe>{formatDate(item.requestedAt)}</time>
                  </p>
                  <p>
                    <a href={`/moderation/${item.id}/preview`}>
                      Preview <span class="visually-hidden" safe>{item.name}</span>
                    </a>
                  </p>
                  <div class="actions">
                    <form method="post" action={`/moderation/${item.id}/approve`} class="inline-form">
                      <CsrfField token={v.csrf} />
                      <button class="button" type="submit">
                        Approve <span class="visually-hidden" safe>{item.name}</span>
                      </button>
                    </form>
                  </div>
                  <form method="post" action={`/moderation/${item.id}/decline`} novalidate>
                    <CsrfField token={v.csrf} />
                    {mine ? <ErrorSummary problems={mine.problems.map((p) => ({ ...p, field: noteId }))} /> : ''}
                    <div class={error ? 'field field-invalid' : 'field'}>
                      <label for={noteId}>
                        Note to the member <span class="visually-hidden" safe>{item.name}</span>
                      </label>
                      <ErrorLine id={noteId} error={error} />
                      <textarea id={noteId} name="note" rows="3" maxlength={LIMITS.note} aria-describedby={error ? `${noteId}-error` : undefined} safe>
                        {mine?.note ?? ''}
                      </textarea>
                    </div>
                    <button class="button button-secondary" type="submit">
                      Decline with this note
                    </button>
                  </form>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="lead">No profile is waiting for review.</p>
      )}
    </Layout>
  );
}

const ROLE_NAMES: Record<Role, string> = { member: 'Member', editor: 'Editor', admin: 'Administrator' };
const ROLE_CHOICES = [['', 'Any role'], ...ROLES.map((r) => [r, ROLE_NAMES[r]] as const)] as const;
/** After a form on the users page: what happened to the account named in `email`. */
export const USERS_NOTICES = {
  changed: 'The role of {email} is changed. They were logged out everywhere and get the new role when they log in again.',
  unchanged: '{email} already had that role.',
  suspended: '{email} is suspended: they were logged out everywhere, their profile left the directory, and log-in shows them your reason.',
  already_suspended: '{email} was already suspended; the first reason stands.',
  restored: '{email} is restored: they can log in again, and their profile is back as it was.',
  not_suspended: '{email} was not suspended.',
} as const;
export type UsersNotice = keyof typeof USERS_NOTICES;

/** The list's address with its filter and page, and anything more (the notice after a change). */
export function usersHref(filter: UserFilter, page = 1, more: Record<string, string> = {}, path = '/admin/users'): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.role) params.set('role', filter.role);
  if (page > 1) params.set('page', String(page));
  for (const [k, x] of Object.entries(more)) params.set(k, x);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** "12 accounts", or "3 of 12 accounts match “ann” and have the role Editor", and the page. */
function countText(list: UserList, filter: UserFilter, page: number): string {
  const one = list.matching === 1;
  const conditions = [filter.q ? `${one ? 'matches' : 'match'} “${filter.q}”` : '', filter.role ? `${one ? 'has' : 'have'} the role ${ROLE_NAMES[filter.role]}` : ''].filter(Boolean);
  const found = conditions.length ? `${list.matching.toLocaleString('en-US')} of ${plural(list.total, 'account')} ${conditions.join(' and ')}` : plural(list.total, 'account');
  return `${found}${list.pageCount > 1 ? `, page ${page} of ${list.pageCount}` : ''}.`;
}

export interface UsersView {
  csrf: string;
  viewerId: number;
  /** The filter as typed, to show again in its form (even when it is refused). */
  typed: { q: string; role: string };
  /** The page of accounts, with the filter it answers; null when the filter was refused. */
  list: { filter: UserFilter; page: number; accounts: UserList } | null;
  problems: FieldProblem[];
  notice?: { kind: UsersNotice; email: string } | null;
  problem?: string;
}

export function UsersPage(v: UsersView): JSX.Element {
  const notice = v.notice ? USERS_NOTICES[v.notice.kind].replace('{email}', v.notice.email) : null;
  const filtered = Boolean(v.typed.q || v.typed.role || v.problems.length || v.problem);
  return (
    <Layout title="Users" section="account" noindex>
      <AreaNav area="admin" current="users" />
      <h1>Users</h1>
      <PageNotice text={notice} />
      <PageNotice text={v.problem} error />
      <ErrorSummary problems={v.problems} />
      <form class="user-filter" method="get" action="/admin/users" role="search" aria-label="Accounts">
        <div class="user-filter-fields">
          <TextField name="q" label="Email address or name" value={v.typed.q} problems={v.problems} maxlength={USER_FILTER_MAX} hint="Part of either is enough; capital letters do not matter." />
          <Select name="role" label="Role" value={v.typed.role} options={ROLE_CHOICES} problems={v.problems} />
        </div>
        <FilterButtons all="/admin/users" allText="Show all accounts" filtered={filtered} />
      </form>
      {v.list ? <UsersTable csrf={v.csrf} viewerId={v.viewerId} {...v.list} /> : ''}
    </Layout>
  );
}

function UsersTable(v: { csrf: string; viewerId: number; filter: UserFilter; page: number; accounts: UserList }): JSX.Element {
  const { filter, page, accounts } = v;
  return (
    <>
      <p class="muted" safe>
        {countText(accounts, filter, page)}
      </p>
      {accounts.users.length ? (
        <div class="table-wrap">
          <table class="mail-list">
            <caption class="visually-hidden">Accounts, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Email address</th>
                <th scope="col">Confirmed</th>
                <th scope="col">Since</th>
                <th scope="col">Profile</th>
                <th scope="col">Role</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {accounts.users.map((u) => {
                const selectId = `role-${u.id}`;
                return (
                  <tr>
                    <td safe>{u.email}</td>
                    <td>{u.verified ? 'Yes' : 'No'}</td>
                    <td safe>{formatDate(u.createdAt)}</td>
                    <td>
                      {u.profile ? (
                        <>
                          <span safe>{u.profile.name}</span>
                          <br />
                          <span class="muted" safe>{`${u.profile.slug} (${u.profile.status})`}</span>
                        </>
                      ) : (
                        'None'
                      )}
                    </td>
                    <td>
                      {u.id === v.viewerId ? (
                        <span safe>{`${ROLE_NAMES[u.role]} (you)`}</span>
                      ) : (
                        // The form's address carries the filter, so the change comes back to this page.
                        <form method="post" action={usersHref(filter, page, {}, `/admin/users/${u.id}/role`)} class="inline-form role-form">
                          <CsrfField token={v.csrf} />
                          <label for={selectId} class="visually-hidden">
                            Role of <span safe>{u.email}</span>
                          </label>
                          <select id={selectId} name="role">
                            {ROLES.map((r) => (
                              <option value={r} selected={r === u.role} safe>
                                {ROLE_NAMES[r]}
                              </option>
                            ))}
                          </select>{' '}
                          <button class="button button-secondary" type="submit">
                            Change role
                          </button>
                        </form>
                      )}
                    </td>
                    <td>{u.id === v.viewerId ? 'Active' : <AccessForms csrf={v.csrf} user={u} action={(verb) => usersHref(filter, page, {}, `/admin/users/${u.id}/${verb}`)} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{filter.q || filter.role ? 'No account matches this. Try part of the email address or name, or another role.' : 'There are no accounts yet.'}</p>
      )}
      <Pagination page={page} pageCount={accounts.pageCount} href={(p) => usersHref(filter, p)} />
    </>
  );
}

/** Suspend (with the reason the person will read at log-in) or restore one account. */
function AccessForms(v: { csrf: string; user: UserListItem; action: (verb: 'suspend' | 'restore') => string }): JSX.Element {
  const { user } = v;
  if (user.suspension) {
    return (
      <>
        <p class="suspension">
          <strong>Suspended</strong> <time datetime={user.suspension.since} safe>{formatDate(user.suspension.since)}</time>: <span safe>{user.suspension.reason}</span>
        </p>
        <form method="post" action={v.action('restore')} class="inline-form">
          <CsrfField token={v.csrf} />
          <button class="button button-secondary" type="submit">
            Restore <span class="visually-hidden" safe>{user.email}</span>
          </button>
        </form>
      </>
    );
  }
  const reasonId = `reason-${user.id}`;
  return (
    <details class="suspend-form">
      <summary>
        Suspend… <span class="visually-hidden" safe>{user.email}</span>
      </summary>
      <form method="post" action={v.action('suspend')}>
        <CsrfField token={v.csrf} />
        <label for={reasonId}>
          Reason, shown to them at log-in <span class="visually-hidden" safe>{`for ${user.email}`}</span>
        </label>
        <textarea id={reasonId} name="reason" rows="2" required maxlength={SUSPENSION_REASON_MAX}></textarea>
        <button class="button button-secondary" type="submit">
          Suspend now
        </button>
      </form>
    </details>
  );
}
