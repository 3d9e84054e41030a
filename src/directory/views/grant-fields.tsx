import { TextField } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import type { GrantState } from '../featured/grants.ts';

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
