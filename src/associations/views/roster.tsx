import type { MembershipState } from '../../db/schema.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { ErrorLine } from '../../web/fields.tsx';
import { CsrfField, ErrorSummary, Field } from '../../web/forms.tsx';
import { formatDate, plural } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { NOTE_MAX } from '../membership-schema.ts';
import type { AssociationRef, Roster, RosterEntry } from '../memberships.ts';
import { EmbedSettings, type EmbedSettingsView } from './directory.tsx';
import type { QueueItem } from '../../directory/credentials/review.ts';
import { CredentialQueue, type QueueProblem } from '../../directory/views/credential-queue.tsx';

/** An association's admin page: its roster, invitations, applications, panels and removals. */

export const STATE_LABELS: Record<MembershipState, string> = {
  invited: 'Invited',
  applied: 'Applied',
  member: 'Member',
  declined: 'Declined',
  removed: 'Removed',
  left: 'Left',
};

/** The status pill's look (the article statuses' classes): the words say it, the border repeats it. */
const STATE_CLASSES: Record<MembershipState, string> = {
  invited: 'status-scheduled',
  applied: 'status-submitted',
  member: 'status-published',
  declined: 'status-declined',
  removed: 'status-declined',
  left: 'status-draft',
};

export function StateLabel({ state }: { state: MembershipState }): JSX.Element {
  return <span class={`status-label ${STATE_CLASSES[state]}`} safe>
      {STATE_LABELS[state]}
    </span>;
}

export type RosterNotice = 'invited' | 'invited_address' | 'approved' | 'declined' | 'assigned' | 'unassigned' | 'removed' | 'sites_saved' | 'cancelled';
export const ROSTER_NOTICES: Record<RosterNotice, string> = {
  invited: 'Invited: the mediator was sent a mail, and the invitation is on their dashboard.',
  invited_address: 'Invited: that address has no profile on Concord yet, so it was sent a mail; the invitation waits for its profile.',
  approved: 'Approved: the mediator is a member, and was told by mail.',
  declined: 'Declined: the mediator was sent your note.',
  assigned: 'The member is on the panel.',
  unassigned: 'The member is off the panel.',
  removed: 'Removed: the member was sent your reason.',
  sites_saved: 'Saved: only these sites may show your directory now.',
  cancelled: 'Invitation withdrawn: it is no longer on their dashboard, and accepting it is no longer possible.',
};

/** A problem with one of the forms: which member's (or the invitation's, 0), and what was typed. */
export interface RosterProblem {
  mediatorId: number;
  form: 'invite' | 'decide' | 'panel' | 'remove';
  problems: FieldProblem[];
  typed: Record<string, string>;
}

export interface RosterView {
  association: AssociationRef;
  roster: Roster;
  csrf: string;
  notice?: string | null;
  problem?: RosterProblem | null;
  /** The directory's part: its address, the embed code and the sites that may frame it. */
  embed?: EmbedSettingsView;
  /** Evidence for credentials its members say it issued, waiting for its decision. */
  credentials: QueueItem[];
  credentialProblem?: QueueProblem | null;
}

export const rosterPath = (slug: string) => `/associations/${slug}/admin`;

function NoteField(p: { id: string; name: string; label: string; value: string; error?: string | undefined }): JSX.Element {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={p.id} safe>
        {p.label}
      </label>
      <ErrorLine id={p.id} error={p.error} />
      <textarea id={p.id} name={p.name} rows="2" maxlength={NOTE_MAX} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${p.id}-error` : undefined} safe>
        {p.value}
      </textarea>
    </div>
  );
}

/** The summary of one member's form's problems, each linking to its field (ids are per member). */
function Problems({ mine, form, ids }: { mine: RosterProblem | null; form: RosterProblem['form']; ids: Record<string, string> }): JSX.Element {
  if (mine?.form !== form) return <></>;
  return <ErrorSummary problems={mine.problems.map((p) => ({ ...p, field: ids[p.field] ?? p.field }))} />;
}

function EntryCard({ entry, v }: { entry: RosterEntry; v: RosterView }): JSX.Element {
  const base = `${rosterPath(v.association.slug)}/members/${entry.mediatorId}`;
  const mine = v.problem?.mediatorId === entry.mediatorId ? v.problem : null;
  const errorOf = (form: RosterProblem['form'], field: string) => (mine?.form === form ? mine.problems.find((p) => p.field === field)?.message : undefined);
  const typed = (form: RosterProblem['form'], field: string) => (mine?.form === form ? (mine.typed[field] ?? '') : '');
  const id = (what: string) => `${what}-${entry.mediatorId}`;
  const hidden = <span class="visually-hidden" safe>{` ${entry.name}`}</span>;
  return (
    <li class="card piece-card" id={`member-${entry.mediatorId}`}>
      <div>
        <h3 class="card-title" safe>
          {entry.name}
        </h3>
        <p>
          <StateLabel state={entry.state} /> <span class="muted" safe>{`since ${formatDate(entry.updatedAt)}`}</span>
        </p>
        {entry.panels.length ? <p safe>Panels: {entry.panels.map((p) => p.name).join(', ')}</p> : ''}
        {entry.note ? <p class="message muted" safe>{`Note: ${entry.note}`}</p> : ''}
        {entry.state === 'applied' ? (
          <form method="post" action={`${base}/approve`} class="narrow" novalidate>
            <CsrfField token={v.csrf} />
            <Problems mine={mine} form="decide" ids={{ note: id('note') }} />
            <NoteField id={id('note')} name="note" label={`Note to ${entry.name} (needed to decline)`} value={typed('decide', 'note')} error={errorOf('decide', 'note')} />
            <div class="button-row">
              <button class="button" type="submit">
                Approve{hidden}
              </button>
              <button class="button button-secondary" type="submit" formaction={`${base}/decline`}>
                Decline{hidden}
              </button>
            </div>
          </form>
        ) : (
          ''
        )}
        {entry.state === 'invited' ? (
          <form method="post" action={`${base}/cancel`} class="narrow">
            <CsrfField token={v.csrf} />
            <button class="button button-secondary" type="submit">
              Withdraw the invitation{hidden}
            </button>
          </form>
        ) : (
          ''
        )}
        {entry.state === 'member' ? <MemberForms entry={entry} v={v} base={base} id={id} mine={mine} errorOf={errorOf} typed={typed} hidden={hidden} /> : ''}
      </div>
    </li>
  );
}

function MemberForms(p: {
  entry: RosterEntry;
  v: RosterView;
  base: string;
  id: (what: string) => string;
  mine: RosterProblem | null;
  errorOf: (form: RosterProblem['form'], field: string) => string | undefined;
  typed: (form: RosterProblem['form'], field: string) => string;
  hidden: JSX.Element;
}): JSX.Element {
  const { entry, v, base, id, mine, errorOf, typed, hidden } = p;
  const panelError = errorOf('panel', 'panel_id');
  const chosen = typed('panel', 'panel_id');
  return (
    <>
      {v.roster.panels.length ? (
        <form method="post" action={`${base}/panels/assign`} class="narrow" novalidate>
          <CsrfField token={v.csrf} />
          <Problems mine={mine} form="panel" ids={{ panel_id: id('panel'), reason: id('panel-reason') }} />
          <div class={panelError ? 'field field-invalid' : 'field'}>
            <label for={id('panel')}>
              Panel<span class="visually-hidden" safe>{` for ${entry.name}`}</span>
            </label>
            <ErrorLine id={id('panel')} error={panelError} />
            <select id={id('panel')} name="panel_id" aria-invalid={panelError ? 'true' : undefined} aria-describedby={panelError ? `${id('panel')}-error` : undefined}>
              {v.roster.panels.map((panel) => (
                <option value={String(panel.id)} selected={String(panel.id) === chosen} safe>
                  {panel.name}
                </option>
              ))}
            </select>
          </div>
          <NoteField id={id('panel-reason')} name="reason" label="Why (for the record)" value={typed('panel', 'reason')} error={errorOf('panel', 'reason')} />
          <div class="button-row">
            <button class="button button-secondary" type="submit">
              Put on the panel{hidden}
            </button>
            <button class="button button-secondary" type="submit" formaction={`${base}/panels/unassign`}>
              Take off the panel{hidden}
            </button>
          </div>
        </form>
      ) : (
        ''
      )}
      <details open={errorOf('remove', 'reason') ? true : undefined}>
        <summary>
          Remove{hidden} from the association
        </summary>
        <form method="post" action={`${base}/remove`} class="narrow" novalidate>
          <CsrfField token={v.csrf} />
          <Problems mine={mine} form="remove" ids={{ reason: id('remove-reason') }} />
          <NoteField id={id('remove-reason')} name="reason" label={`Reason, sent to ${entry.name}`} value={typed('remove', 'reason')} error={errorOf('remove', 'reason')} />
          <button class="button button-secondary" type="submit">
            Remove{hidden}
          </button>
        </form>
      </details>
    </>
  );
}

export function RosterPage(v: RosterView): JSX.Element {
  const invite = v.problem?.form === 'invite' ? v.problem : null;
  const { entries, waiting } = v.roster;
  return (
    <Layout title={`${v.association.name}: members`} section="account" noindex>
      <AreaNav area="dashboard" current="associations" />
      <h1 safe>{`${v.association.name}: members`}</h1>
      <p>
        <a href={`${rosterPath(v.association.slug)}/featured`}>Featured members in your directory</a>
        {' · '}
        <a href={`${rosterPath(v.association.slug)}/import`}>Import members from a CSV file</a>
        {v.embed ? (
          <>
            {' · '}
            <a href="#embed-title">Your directory and the code to show it on your site</a>
          </>
        ) : (
          ''
        )}
      </p>
      {v.notice ? (
        <div class="notice" role="status">
          <p safe>{v.notice}</p>
        </div>
      ) : (
        ''
      )}
      <section aria-labelledby="invite-title" class="narrow">
        <h2 id="invite-title">Invite a mediator</h2>
        <form method="post" action={`${rosterPath(v.association.slug)}/invite`} novalidate>
          <CsrfField token={v.csrf} />
          {invite ? <ErrorSummary problems={invite.problems} /> : ''}
          <Field
            name="email"
            label="Their email address"
            type="email"
            autocomplete="off"
            value={invite?.typed.email ?? ''}
            problems={invite?.problems ?? []}
            hint="They get a mail. If they have no profile on Concord yet, the invitation waits for it."
          />
          <button class="button" type="submit">
            Invite
          </button>
        </form>
        {waiting.length ? (
          <>
            <h3>Waiting for a profile</h3>
            <ul class="waiting-invitations">
              {waiting.map((w) => (
                <li>
                  <span safe>{w.email}</span> <span class="muted" safe>{`invited ${formatDate(w.createdAt)}`}</span>
                  <form method="post" action={`${rosterPath(v.association.slug)}/invitations/${w.id}/cancel`} class="inline-form">
                    <CsrfField token={v.csrf} />
                    <button class="button button-secondary" type="submit">
                      Withdraw<span class="visually-hidden" safe>{` the invitation to ${w.email}`}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="credentials-title">
        <h2 id="credentials-title">Credentials to verify</h2>
        <p>Evidence for credentials your members say {v.association.name ? <span safe>{v.association.name}</span> : ''} issued. Verifying shows “Verified” with today’s date and your association’s name on their profile for a year.</p>
        <CredentialQueue items={v.credentials} csrf={v.csrf} actionBase={`${rosterPath(v.association.slug)}/credentials`} problem={v.credentialProblem} headingLevel={3} />
      </section>
      <section aria-labelledby="roster-title">
        <h2 id="roster-title">Roster</h2>
        {entries.length ? (
          <>
            <p class="muted" safe>{plural(v.roster.total, 'person', 'people')}</p>
            <ul class="cards">
              {entries.map((entry) => (
                <EntryCard entry={entry} v={v} />
              ))}
            </ul>
            <Pagination page={v.roster.page} pageCount={v.roster.pageCount} href={(n) => (n === 1 ? rosterPath(v.association.slug) : `${rosterPath(v.association.slug)}?page=${n}`)} />
          </>
        ) : (
          <p class="lead">No mediator has applied or been invited yet.</p>
        )}
      </section>
      {v.embed ? <EmbedSettings {...v.embed} /> : ''}
    </Layout>
  );
}
