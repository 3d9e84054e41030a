import { z } from 'zod';
import { email } from '../accounts/schema.ts';
import { formField } from '../web/form-fields.ts';
import { parseId } from '../web/query-params.ts';

// Takes untrusted form bodies: every field is a bounded string before anything else sees it.

export const NOTE_MAX = 2000;

const note = (required: string | null) =>
  formField(
    z
      .string()
      .trim()
      .max(NOTE_MAX, `Keep it under ${NOTE_MAX} characters.`)
      .refine((v) => required === null || v.length > 0, required ?? ''),
  );

/** An id typed into a form; anything but a plain positive number is refused with `message`. */
const id = (message: string) => formField(z.string().transform((v, c) => parseId(v) ?? (c.addIssue({ code: 'custom', message }), z.NEVER)));

export const InviteForm = z.object({ email: email('the mediator’s email address') });
export const ApproveForm = z.object({ note: note(null) });
export const DeclineForm = z.object({ note: note('Write a note telling the mediator why: they will read it.') });
export const PanelForm = z.object({
  panel_id: id('Choose one of the association’s panels.'),
  reason: note('Write why, for the record.'),
});
export const RemoveForm = z.object({ reason: note('Write why the member is removed: they will read it.') });
export const ApplyForm = z.object({ association_id: id('Choose an association from the list.') });
