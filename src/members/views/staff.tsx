import { CsrfField, ErrorSummary } from '../../accounts/views/form.tsx';
import type { Role } from '../../db/schema.ts';
import { formatDate } from '../../directory/views/format.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import type { UserListItem } from '../admin.ts';
import type { QueueItem } from '../moderation.ts';
import { LIMITS } from '../schema.ts';
import { ErrorLine } from './fields.tsx';

/** Pages for editors (the review queue) and admins (users and roles). */

export type ModerationNotice = 'approved' | 'declined' | 'gone';
const MODERATION_NOTICES: Record<ModerationNotice, string> = {
  approved: 'Approved: the profile is listed, and its member was told by email.',
  declined: 'Declined: the member was sent your note, and the profile left the queue.',
  gone: 'That profile is no longer waiting for review (its member may have withdrawn it).',
};

export function ModerationPage(v: { csrf: string; queue: QueueItem[]; notice?: ModerationNotice | null; problems?: { id: number; problems: FieldProblem[]; note: string } }): JSX.Element {
  const notice = v.notice ? MODERATION_NOTICES[v.notice] : null;
  return (
    <Layout title="Profiles waiting for review" section="account" noindex>
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
export type UsersNotice = 'changed' | 'unchanged';

export function UsersPage(v: { csrf: string; users: UserListItem[]; viewerId: number; notice?: { kind: UsersNotice; email: string } | null; problem?: string }): JSX.Element {
  const notice = v.notice
    ? v.notice.kind === 'changed'
      ? `The role of ${v.notice.email} is changed. They were logged out everywhere and get the new role when they log in again.`
      : `${v.notice.email} already had that role.`
    : null;
  return (
    <Layout title="Users" section="account" noindex>
      <h1>Users</h1>
      {notice ? (
        <div class="notice" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      {v.problem ? (
        <div class="notice notice-error" role="alert">
          <p safe>{v.problem}</p>
        </div>
      ) : (
        ''
      )}
      <div class="table-wrap">
        <table class="mail-list">
          <caption class="visually-hidden">Every account, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Email address</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Since</th>
              <th scope="col">Profile</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {v.users.map((u) => {
              const selectId = `role-${u.id}`;
              const profile = u.profile ? `${u.profile.slug} (${u.profile.status})` : 'None';
              return (
                <tr>
                  <td safe>{u.email}</td>
                  <td>{u.verified ? 'Yes' : 'No'}</td>
                  <td safe>{formatDate(u.createdAt)}</td>
                  <td safe>{profile}</td>
                  <td>
                    {u.id === v.viewerId ? (
                      <span safe>{`${ROLE_NAMES[u.role]} (you)`}</span>
                    ) : (
                      <form method="post" action={`/admin/users/${u.id}/role`} class="inline-form">
                        <CsrfField token={v.csrf} />
                        <label for={selectId} class="visually-hidden">
                          Role of <span safe>{u.email}</span>
                        </label>
                        <select id={selectId} name="role">
                          {(['member', 'editor', 'admin'] as const).map((r) => (
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
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
