import { TextField } from '../../web/fields.tsx';
import { CsrfField } from '../../web/forms.tsx';
import { formatDate } from '../../web/format.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { endDayOf } from '../featured/forms.ts';
import type { Grant, GrantState } from '../featured/grants.ts';

/** A featured place's state, in the words of both grant pages (the site's admins' and an association's). */
export const GRANT_STATE_LABELS: Record<GrantState, string> = { upcoming: 'Starts later', running: 'Running', ended: 'Ended' };

/** Where and when a featured place runs, and why: the fields both grant forms share. */
export function GrantPeriodFields({ fields, problems }: { fields: { region: string; starts: string; ends: string; reason: string }; problems: FieldProblem[] }): JSX.Element {
  return (
    <>
      <TextField name="region" label="Region" value={fields.region} problems={problems} hint="A country (US, Canada), a state or province (US-TX, Ontario), or a city for its metro area (Austin, TX)." maxlength={120} />
      <TextField name="starts" label="First day" value={fields.starts} problems={problems} hint="Like 2026-12-31 (UTC)." maxlength={10} inputmode="numeric" />
      <TextField name="ends" label="Last day" value={fields.ends} problems={problems} hint="The place ends by itself after this day (UTC). The member is mailed 14 and 3 days before." maxlength={10} inputmode="numeric" />
      <TextField name="reason" label="Reason (for the audit log)" value={fields.reason} problems={problems} maxlength={500} />
    </>
  );
}

/**
 * A featured place's facts, then (until it ends) the form that changes it and the one that ends
 * it early: the same on the site's admins' page and an association's, which post to `action`.
 */
export function GrantFactsAndForms(p: { grant: Grant; action: string; csrf: string; fields: { region: string; starts: string; ends: string; reason: string }; problems: FieldProblem[]; profileLink?: boolean }): JSX.Element {
  const g = p.grant;
  return (
    <>
      <dl class="grant-facts">
        {p.profileLink ? (
          <>
            <dt>Profile</dt>
            <dd>
              <a href={`/mediators/${g.mediator.slug}`} safe>{`/mediators/${g.mediator.slug}`}</a>
            </dd>
          </>
        ) : (
          ''
        )}
        <dt>Region</dt>
        <dd safe>{g.regionLabel}</dd>
        <dt>Period</dt>
        <dd safe>{`${formatDate(g.startsAt)} to ${formatDate(endDayOf(g.endsAt))}`}</dd>
        <dt>State</dt>
        <dd safe>{GRANT_STATE_LABELS[g.state]}</dd>
        <dt>Granted by</dt>
        <dd safe>{g.grantedBy ?? 'Concord (the demo data or an import)'}</dd>
      </dl>
      {g.state === 'ended' ? (
        <p>This grant has ended. To feature this member again, grant a new place.</p>
      ) : (
        <>
          <h2>Change</h2>
          <form method="post" action={p.action} novalidate class="grant-form">
            <CsrfField token={p.csrf} />
            <GrantPeriodFields fields={p.fields} problems={p.problems} />
            <button class="button" type="submit">
              Save changes
            </button>
          </form>
          <h2>End now</h2>
          <form method="post" action={`${p.action}/end`} novalidate>
            <CsrfField token={p.csrf} />
            <TextField name="end_reason" label="Why it ends early (for the audit log)" value="" problems={[]} maxlength={500} />
            <button class="button button-secondary" type="submit">
              End now
            </button>
          </form>
        </>
      )}
    </>
  );
}
