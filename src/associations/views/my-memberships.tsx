import { AreaNav } from '../../web/area-nav.tsx';
import { ErrorLine } from '../../web/fields.tsx';
import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import { formatDate } from '../../web/format.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import type { MembershipState } from '../../db/schema.ts';
import type { AssociationRef, MediatorAction, Membership } from '../memberships.ts';
import { rosterPath, StateLabel } from './roster.tsx';

/** The member's associations: each membership and its state, applying, and the ones they run. */

export type MembershipNotice = 'accepted' | 'declined' | 'withdrawn' | 'left' | 'applied';
export const MEMBERSHIP_NOTICES: Record<MembershipNotice, string> = {
  accepted: 'You are a member now.',
  declined: 'You declined the invitation.',
  withdrawn: 'Your application is withdrawn.',
  left: 'You left the association.',
  applied: 'You applied: the association’s admins were told by mail, and their answer will show here.',
};

/** What each state means to the mediator, in a sentence. */
const STATE_TEXT = {
  invited: 'The association invited you to join.',
  applied: 'You applied; the association has not answered yet.',
  member: 'You are a member.',
  declined: 'Not joined: the invitation or the application was declined. You may apply again.',
  removed: 'The association removed you.',
  left: 'You left.',
} as const;

/** What the mediator may do in each state; `to` reads "… to <association>" for screen readers. */
const ACTIONS: Record<MembershipState, { action: MediatorAction; label: string; primary?: boolean; to?: boolean }[]> = {
  invited: [
    { action: 'accept', label: 'Accept', primary: true },
    { action: 'decline', label: 'Decline' },
  ],
  applied: [{ action: 'withdraw', label: 'Withdraw the application', to: true }],
  member: [{ action: 'leave', label: 'Leave' }],
  declined: [],
  removed: [],
  left: [],
};

export interface MyMembershipsView {
  csrf: string;
  /** Null when the member has no profile yet: associations list profiles, so there is nothing to join. */
  hasProfile: boolean;
  memberships: Membership[];
  /** Associations the member may apply to (none they are in, invited to or applied to). */
  open: AssociationRef[];
  administered: AssociationRef[];
  notice?: string | null;
  problems?: FieldProblem[];
}

function MembershipCard({ m, csrf }: { m: Membership; csrf: string }): JSX.Element {
  const base = `/dashboard/associations/${m.association.slug}`;
  return (
    <li class="card piece-card">
      <div>
        <h3 class="card-title" safe>
          {m.association.name}
        </h3>
        <p>
          <StateLabel state={m.state} /> <span class="muted" safe>{`since ${formatDate(m.updatedAt)}`}</span>
        </p>
        <p>{STATE_TEXT[m.state]}</p>
        {m.panels.length ? <p safe>Panels: {m.panels.join(', ')}</p> : ''}
        {m.note && (m.state === 'declined' || m.state === 'removed' || m.state === 'member') ? <p class="message editor-comment" safe>{`Their note: ${m.note}`}</p> : ''}
        <div class="actions">
          {ACTIONS[m.state].map((a) => (
            <form method="post" action={`${base}/${a.action}`} class="inline-form">
              <CsrfField token={csrf} />
              <button class={a.primary ? 'button' : 'button button-secondary'} type="submit">
                <span safe>{a.label}</span>
                <span class="visually-hidden" safe>{`${a.to ? ' to' : ''} ${m.association.name}`}</span>
              </button>
            </form>
          ))}
        </div>
      </div>
    </li>
  );
}

export function MyMembershipsPage(v: MyMembershipsView): JSX.Element {
  const error = v.problems?.find((p) => p.field === 'association_id')?.message;
  return (
    <Layout title="Your associations" section="account" noindex>
      <AreaNav area="dashboard" current="associations" />
      <h1>Your associations</h1>
      {v.notice ? (
        <div class="notice" role="status">
          <p safe>{v.notice}</p>
        </div>
      ) : (
        ''
      )}
      {v.administered.length ? (
        <section aria-labelledby="run-title">
          <h2 id="run-title">Associations you run</h2>
          <ul>
            {v.administered.map((a) => (
              <li>
                <a href={rosterPath(a.slug)} safe>
                  {`${a.name}: members`}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {!v.hasProfile ? (
        <p class="lead">
          Associations list mediator profiles: once you have <a href="/dashboard">made your profile</a>, you can apply to join one, and invitations sent to your address show here.
        </p>
      ) : (
        <>
          <section aria-labelledby="memberships-title">
            <h2 id="memberships-title">Memberships</h2>
            {v.memberships.length ? (
              <ul class="cards">
                {v.memberships.map((m) => (
                  <MembershipCard m={m} csrf={v.csrf} />
                ))}
              </ul>
            ) : (
              <p>You are not in any association yet.</p>
            )}
          </section>
          <section aria-labelledby="apply-title" class="narrow">
            <h2 id="apply-title">Apply to an association</h2>
            {v.problems?.length ? <ErrorSummary problems={v.problems} /> : ''}
            {v.open.length ? (
              <form method="post" action="/dashboard/associations/apply" novalidate>
                <CsrfField token={v.csrf} />
                <div class={error ? 'field field-invalid' : 'field'}>
                  <label for="association_id">Association</label>
                  <ErrorLine id="association_id" error={error} />
                  <select id="association_id" name="association_id" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'association_id-error' : undefined}>
                    {v.open.map((a) => (
                      <option value={String(a.id)} safe>
                        {a.name}
                      </option>
                    ))}
                  </select>
                </div>
                <button class="button" type="submit">
                  Apply
                </button>
              </form>
            ) : (
              <p>There is no other association to apply to.</p>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}
