import { z } from 'zod';
import { formField } from '../../web/form-fields.ts';

/** The featured-grant forms of /admin/featured and /associations/:slug/admin/featured: untrusted text, read only through these. */

const DAY_MS = 86_400_000;

/** A calendar date as typed ('2026-12-31'); Date.UTC rolls 2026-02-31 over, so a real date round-trips. */
const day = (what: string) =>
  formField(
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${what} date like 2026-12-31.`)
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00.000Z`)) && new Date(`${s}T00:00:00.000Z`).toISOString().startsWith(s), `The ${what} date is not a real date.`),
  );

const reason = formField(z.string().trim().max(500, 'Keep the reason under 500 characters.'));
const region = formField(z.string().trim().min(1, 'Enter a region: a country (US), a state or province (US-TX), or a city for its metro area (Austin, TX).').max(120, 'That region is too long.'));

const period = z.object({ region, starts: day('start'), ends: day('end'), reason });
const inOrder = (f: { starts: string; ends: string }) => f.ends >= f.starts;
const ORDER = { message: 'The end date must be on or after the start date.', path: ['ends'] };

export const GrantForm = period.extend({ mediator: formField(z.string().trim().min(1, 'Enter the address of their profile, such as /mediators/jane-doe.').max(300, 'That address is too long.')) }).refine(inOrder, ORDER);
export const ChangeGrantForm = period.refine(inOrder, ORDER);
export const EndGrantForm = z.object({ end_reason: reason });

/** A grant runs from the start date's first moment to the end date's last (UTC). */
export const periodOf = (f: { starts: string; ends: string }) => ({
  startsAt: `${f.starts}T00:00:00.000Z`,
  endsAt: new Date(Date.parse(`${f.ends}T00:00:00.000Z`) + DAY_MS).toISOString(),
});

/** The form's end date for a stored end (the day before the instant it ends). */
export const endDayOf = (endsAt: string) => new Date(Date.parse(endsAt) - 1).toISOString().slice(0, 10);
