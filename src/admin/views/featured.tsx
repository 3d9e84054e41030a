import { GRANT_STATE_LABELS, GrantFactsAndForms, GrantPeriodFields } from '../../directory/views/grant-fields.tsx';
import { Layout } from '../../web/layout.tsx';
import { AreaNav } from '../../web/area-nav.tsx';
import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import { TextField } from '../../web/fields.tsx';
import { formatDate } from '../../web/format.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import type { Grant } from '../../directory/featured/grants.ts';
import { MAX_PER_REGION } from '../../directory/featured/grants.ts';
import { endDayOf } from '../featured-schema.ts';

/** The admins' featured pages: every grant, a form to grant one, and one grant's page to change or end it. */

export const GRANT_NOTICES = { granted: 'The featured place is granted.', changed: 'The grant is changed.', ended: 'The grant has ended.' } as const;
export type GrantNotice = keyof typeof GRANT_NOTICES;

export interface GrantFields {
  mediator: string;
  region: string;
  starts: string;
  ends: string;
  reason: string;
}


function Notice({ notice, problems }: { notice?: GrantNotice | null; problems: FieldProblem[] }): JSX.Element {
  return (
    <>
      {notice ? (
        <div class="notice" role="status">
          <p>{GRANT_NOTICES[notice]}</p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary problems={problems} />
    </>
  );
}


function GrantTable({ grants, caption }: { grants: Grant[]; caption: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="mail-list grant-list">
        <caption class="visually-hidden" safe>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Region</th>
            <th scope="col">Period</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr>
              <td>
                <a href={`/admin/featured/${g.id}`} safe>
                  {g.mediator.name}
                </a>
              </td>
              <td safe>{g.regionLabel}</td>
              <td safe>{`${formatDate(g.startsAt)} to ${formatDate(endDayOf(g.endsAt))}`}</td>
              <td safe>{GRANT_STATE_LABELS[g.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FeaturedGrantsPage(v: { csrf: string; current: Grant[]; ended: Grant[]; fields: GrantFields; problems: FieldProblem[]; notice?: GrantNotice | null }): JSX.Element {
  return (
    <Layout title="Featured members" section="account" noindex>
      <AreaNav area="admin" current="featured" />
      <h1>Featured members</h1>
      <Notice notice={v.notice} problems={v.problems} />
      <p>
        A featured member gets up to three labelled places on each page of results, only in searches from their region that they match, with every featured member of
        a region shown as often as the others. At most {MAX_PER_REGION} featured members at once per region.
      </p>
      <h2>Grant a featured place</h2>
      <form method="post" action="/admin/featured" novalidate class="grant-form">
        <CsrfField token={v.csrf} />
        <TextField name="mediator" label="Member’s profile address" value={v.fields.mediator} problems={v.problems} hint="Such as /mediators/jane-doe, or the whole address." maxlength={300} />
        <GrantPeriodFields fields={v.fields} problems={v.problems} />
        <button class="button" type="submit">
          Grant
        </button>
      </form>
      <h2>Running and starting later</h2>
      {v.current.length ? <GrantTable grants={v.current} caption="Running and starting later, the first to end first" /> : <p>No featured places are granted now.</p>}
      {v.ended.length ? (
        <>
          <h2>Ended</h2>
          <GrantTable grants={v.ended} caption="Ended, the latest first" />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function FeaturedGrantPage(v: { csrf: string; grant: Grant; fields: GrantFields; problems: FieldProblem[]; notice?: GrantNotice | null }): JSX.Element {
  const g = v.grant;
  return (
    <Layout title={`Featured: ${g.mediator.name}`} section="account" noindex>
      <AreaNav area="admin" current="featured" />
      <p>
        <a href="/admin/featured">All featured members</a>
      </p>
      <h1 safe>{`Featured: ${g.mediator.name}`}</h1>
      <Notice notice={v.notice} problems={v.problems} />
      <GrantFactsAndForms grant={g} action={`/admin/featured/${g.id}`} csrf={v.csrf} fields={v.fields} problems={v.problems} profileLink />
    </Layout>
  );
}
