import { AreaNav } from '../../web/area-nav.tsx';
import { Check, TextField } from '../../web/fields.tsx';
import { CsrfField, ErrorSummary, Field, PostButton } from '../../web/forms.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { PASSWORD_MIN } from '../../accounts/schema.ts';
import type { UnclaimedProfile, WaitingClaim } from './claims.ts';
import { formatDate } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './csv-rows.ts';
import { describeOutcome, NOT_UTF8_HINT } from './report.ts';
import type { ImportOutcome, RowNote } from './service.ts';

/** The upload form's cap, said on the page: a larger file is for `npm run import`. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

export interface ImportView {
  csrf: string;
  outcome?: ImportOutcome | null;
  problems?: FieldProblem[];
  typed?: { skipInvalid: boolean; association: string };
  /** An association's admins importing its own roster: its page, with no association to choose. */
  roster?: { slug: string; name: string } | null;
}

function Notes({ title, notes, count }: { title: string; notes: RowNote[]; count: number }): JSX.Element {
  if (!count) return <></>;
  return (
    <section class="import-notes" aria-label={title}>
      <h3 safe>{title}</h3>
      <div class="table-wrap">
        <table class="mail-list import-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {notes.map((n) => (
              <tr>
                <td>{n.line}</td>
                <td safe>{n.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {count > notes.length ? <p safe>{`… and ${(count - notes.length).toLocaleString('en-US')} more.`}</p> : ''}
    </section>
  );
}

function Report({ outcome }: { outcome: ImportOutcome }): JSX.Element {
  const { ok, summary } = describeOutcome(outcome);
  const r = 'report' in outcome ? outcome.report : null;
  return (
    <section class="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title">{ok ? 'Imported' : 'Nothing was imported'}</h2>
      <div class={ok ? 'notice' : 'notice notice-error'} role={ok ? 'status' : 'alert'}>
        <p safe>{summary}</p>
        {r?.notUtf8 ? <p>{NOT_UTF8_HINT}</p> : ''}
      </div>
      {r ? <Notes title="Rows that are wrong" notes={r.problems} count={r.problemCount} /> : ''}
      {r ? <Notes title="Left out: the mediator is there already" notes={r.duplicates} count={r.duplicateCount} /> : ''}
    </section>
  );
}

export function ImportPage(v: ImportView): JSX.Element {
  const problems = v.problems ?? [];
  const roster = v.roster ?? null;
  return (
    <Layout title={roster ? `${roster.name}: import members` : 'Import mediators'} section="account" noindex>
      {roster ? <AreaNav area="dashboard" current="associations" /> : <AreaNav area="admin" current="import" />}
      {roster ? (
        <p>
          <a href={`/associations/${roster.slug}/admin`} safe>{`${roster.name}: members`}</a>
        </p>
      ) : (
        ''
      )}
      {roster ? <h1 safe>{`${roster.name}: import members`}</h1> : <h1>Import mediators</h1>}
      {roster ? <p>Every mediator imported joins the association’s roster as a member. Mediators already on Concord are left out, and the report names them: invite them instead.</p> : ''}
      <p>
        A CSV file, one mediator with one office per line. Every row is checked first: nothing is imported while a row is wrong, unless you skip those rows. Imported profiles stay
        unlisted until their mediator claims the profile through a mailed link and agrees to be listed.
      </p>
      <p>
        Columns it must have: <code safe>{REQUIRED_COLUMNS.join(', ')}</code>. It may have: <code safe>{OPTIONAL_COLUMNS.join(', ')}</code> (lists separated by “;”). The server's{' '}
        <code>docs/import.md</code> says more, with a sample file.
      </p>
      {v.outcome ? <Report outcome={v.outcome} /> : ''}
      <h2>{v.outcome ? 'Import another file' : 'Import a file'}</h2>
      <ErrorSummary problems={problems} />
      <form method="post" action={roster ? `/associations/${roster.slug}/admin/import` : '/admin/import'} enctype="multipart/form-data" class="import-form">
        <CsrfField token={v.csrf} />
        <div class={problems.some((p) => p.field === 'file') ? 'field field-invalid' : 'field'}>
          <label for="file">CSV file</label>
          <span class="hint" id="file-hint">{`UTF-8 text, at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MB here; a larger file is for npm run import on the server.`}</span>
          {problems.find((p) => p.field === 'file') ? (
            <p class="field-error" id="file-error">
              <span class="visually-hidden">Error: </span>
              <span safe>{problems.find((p) => p.field === 'file')!.message}</span>
            </p>
          ) : (
            ''
          )}
          <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={problems.some((p) => p.field === 'file') ? 'file-hint file-error' : 'file-hint'} />
        </div>
        {roster ? '' : <TextField name="association" label="Association (optional)" value={v.typed?.association ?? ''} problems={problems} maxlength={100} hint="Its slug, to add every imported mediator to its roster." />}
        <Check name="skip_invalid" label="Import the good rows even if some are wrong" checked={v.typed?.skipInvalid ?? false} />
        <div class="actions">
          <button class="button" type="submit">
            Check and import
          </button>
        </div>
      </form>
    </Layout>
  );
}

const LINK_PROBLEMS = {
  invalid: 'This link does not work. Check that you copied the whole link from the mail.',
  expired: 'This link has expired. Ask the people who run Concord for a new one.',
  used: 'This link has been used: the profile was claimed. Log in to see it on your dashboard.',
  retired: 'This link is no longer valid: a newer one was mailed to you since. Open the link in the newest mail from Concord.',
} as const;

export function ClaimProblemPage({ status }: { status: keyof typeof LINK_PROBLEMS }): JSX.Element {
  return (
    <Layout title="Claim your profile" noindex>
      <h1>Claim your profile</h1>
      <div class="notice notice-error" role="alert">
        <p>{LINK_PROBLEMS[status]}</p>
      </div>
      <p>
        <a href="/login">Log in</a>
      </p>
    </Layout>
  );
}

export function ClaimPage(v: { csrf: string; token: string; claim: WaitingClaim; signedInAs: string | null; problems?: FieldProblem[] }): JSX.Element {
  const { claim } = v;
  const next = `/claim?token=${encodeURIComponent(v.token)}`;
  const elsewhere = v.signedInAs !== null && v.signedInAs !== claim.email;
  return (
    <Layout title="Claim your profile" noindex>
      <div class="narrow">
        <h1>Claim your profile</h1>
        <p safe>{`A profile for “${claim.name}” was added to Concord from a list of mediators. Nobody can see it: it is listed only if you agree, after you have checked it.`}</p>
        <ErrorSummary problems={v.problems ?? []} />
        {elsewhere ? (
          <div class="notice notice-error" role="alert">
            <p safe>{`You are logged in as ${v.signedInAs}, but this link was mailed to ${claim.email}. Log out, then open the link again.`}</p>
          </div>
        ) : v.signedInAs !== null ? (
          <PostButton action="/claim" csrf={v.csrf} label="Take over this profile">
            <input type="hidden" name="token" value={v.token} />
          </PostButton>
        ) : claim.hasAccount ? (
          <p>
            <span safe>{`${claim.email} has an account on Concord. `}</span>
            <a href={`/login?next=${encodeURIComponent(next)}`}>Log in to take over this profile</a>.
          </p>
        ) : (
          <form method="post" action="/claim" novalidate>
            <CsrfField token={v.csrf} />
            <input type="hidden" name="token" value={v.token} />
            <p safe>{`Choose a password for your account, ${claim.email}. You will then see the profile and decide whether it is listed.`}</p>
            <Field name="password" label="Password" type="password" autocomplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} problems={v.problems ?? []} minlength={PASSWORD_MIN} />
            <button class="button" type="submit">
              Take over this profile
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}

/** After the claim: the one question that lists a profile. The button posts to the dashboard's own "publish". */
export function ConsentPage(v: { csrf: string; name: string; slug: string; listed: boolean }): JSX.Element {
  return (
    <Layout title="Your profile" noindex>
      <AreaNav area="dashboard" />
      <h1>Your profile is yours</h1>
      <p safe>{`“${v.name}” is now attached to your account. It is not listed: nobody sees it until you say so.`}</p>
      <p>
        <a href="/dashboard/preview">See how it would look</a> · <a href="/dashboard">Correct it on your dashboard</a>
      </p>
      {v.listed ? (
        <p>It is listed.</p>
      ) : (
        <div class="consent">
          <h2>Do you want to be listed on Concord?</h2>
          <p>Listed, your profile shows in search results and at its own address. You can take it off at any moment from your dashboard.</p>
          <PostButton action="/dashboard/publish" csrf={v.csrf} label="Yes, list my profile" />
          <p>
            <a href="/dashboard">Not now: keep it unlisted</a>
          </p>
        </div>
      )}
    </Layout>
  );
}

export const CLAIM_NOTICES = { resent: 'The claim link is mailed again; the links mailed before no longer work.' } as const;

/** The admins' list of imported profiles still waiting for their mediator, with "mail the link again". */
export function ClaimsPage(v: { csrf: string; list: { items: UnclaimedProfile[]; total: number; pageCount: number }; page: number; notice?: string | null; problem?: string | null }): JSX.Element {
  const { list } = v;
  return (
    <Layout title="Profiles waiting to be claimed" section="account" noindex>
      <AreaNav area="admin" current="claims" />
      <h1>Profiles waiting to be claimed</h1>
      <p>
        Imported profiles stay unlisted until their mediator opens the mailed link, takes the profile over and agrees to be listed. Mailing the link again retires the links mailed
        before it; a profile's link can be mailed again once an hour.
      </p>
      {v.notice ? (
        <div class="notice" role="status">
          <p safe>{v.notice}</p>
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
      {list.total === 0 ? (
        <p>No imported profile is waiting: every one has been claimed.</p>
      ) : (
        <>
          <p safe>{`${list.total.toLocaleString('en-US')} ${list.total === 1 ? 'profile is' : 'profiles are'} waiting, the oldest import first.`}</p>
          <ul class="claim-list">
            {list.items.map((c) => (
              <li class="claim-item">
                <h2 class="claim-name" safe>
                  {c.name}
                </h2>
                <p class="claim-facts">
                  <span safe>{c.email}</span>
                  <br />
                  <span safe>{`Imported ${formatDate(c.importedAt)} from ${c.source || 'a file'}. ${c.mailedAt ? `Link last mailed ${formatDateTime(c.mailedAt)}.` : 'No link has been mailed.'}`}</span>
                </p>
                {c.resendFrom ? (
                  <p class="hint" safe>{`It can be mailed again from ${formatDateTime(c.resendFrom)}.`}</p>
                ) : (
                  <PostButton action={`/admin/claims/${c.id}/resend?page=${v.page}`} csrf={v.csrf} label="Mail the claim link again" secondary />
                )}
              </li>
            ))}
          </ul>
          <Pagination page={v.page} pageCount={list.pageCount} href={(p) => `/admin/claims?page=${p}`} />
        </>
      )}
    </Layout>
  );
}

/** "Dec 6, 2026, 15:04 UTC": the hour matters for a limit of once an hour. */
function formatDateTime(iso: string): string {
  return `${formatDate(iso)}, ${iso.slice(11, 16)} UTC`;
}
