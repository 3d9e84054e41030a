import { z } from 'zod';
import { email } from '../accounts/schema.ts';
import { formField } from '../web/form-fields.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { pageParam, parseId, parseQuery } from '../web/query-params.ts';

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

/** `?page=` of a roster, public or the admins'. */
export const RosterQuery = z.object({ page: pageParam });

/** The page asked for, or a 400 that says what is wrong with it. */
export function rosterPageOf(raw: unknown): number {
  const parsed = parseQuery<{ page: number }>(RosterQuery, raw);
  if (!parsed.ok) throw badRequest('That page number is not quite right.', parsed.problems);
  return parsed.params.page;
}

/** A page past the last: a 404 that says how many there are. */
export const noSuchPage = (page: number, pageCount: number, first: string) =>
  notFound(`There is no page ${page} of this roster: it has ${pageCount === 1 ? 'one page' : `${pageCount} pages`}. Go to ${first} for the first.`);
