import { z } from 'zod';
import { formField } from '../web/form-fields.ts';
import { filterText, pageParam, parseQuery, scalar, type Parsed } from '../web/query-params.ts';
import type { AuditFilter } from './audit.ts';
import { LANGUAGE_CODE } from '../directory/languages.ts';

/** Reading the audit page's untrusted query string: each value bounded, each problem per field. */

const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40})?$/;
const KIND = /^[a-z_]{1,40}$/;

/** "2026-02-30" parses as 2 March in JavaScript, and "2026-13-01" not at all: both are refused. */
function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(v);
}

/** A UTC day typed as YYYY-MM-DD that exists on the calendar, or '' for an open end. */
const day = (which: string) =>
  scalar(
    z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? '')
      .refine((v) => v === '' || isCalendarDay(v), {
        message: `Type the ${which} date as year-month-day, such as 2026-12-06.`,
      }),
  );

export const AUDIT_ACTOR_MAX = 254;

const AuditQuery = z
  .object({
    actor: filterText(AUDIT_ACTOR_MAX, `Keep who acted to ${AUDIT_ACTOR_MAX} characters or fewer: no email address is longer.`),
    action: filterText(81, 'Choose an action from the list.').refine((v) => v === '' || ACTION.test(v), 'Choose an action from the list.'),
    kind: filterText(40, 'Choose a kind of subject from the list.').refine((v) => v === '' || KIND.test(v), 'Choose a kind of subject from the list.'),
    from: day('first'),
    to: day('last'),
    page: pageParam,
  })
  .refine((q) => q.from === '' || q.to === '' || q.from <= q.to, { path: ['to'], message: 'The last date comes before the first: swap them, or clear one.' });

/** `GET /admin/audit?actor=&action=&kind=&from=&to=&page=`. */
export const parseAuditQuery = (raw: unknown): Parsed<AuditFilter & { page: number }> => parseQuery(AuditQuery, raw);

// --- Practice areas ---------------------------------------------------------------------------------

export const AREA_LIMITS = { name: 60, description: 200 } as const;
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();

export const PracticeAreaForm = z.object({
  name: formField(z.string().transform(oneLine).pipe(z.string().min(1, 'Enter a name for the practice area.').max(AREA_LIMITS.name, `Keep the name to ${AREA_LIMITS.name} characters or fewer.`))),
  description: formField(z.string().transform(oneLine).pipe(z.string().max(AREA_LIMITS.description, `Keep the description to ${AREA_LIMITS.description} characters or fewer.`))),
});

export const DirectionForm = z.object({ direction: formField(z.enum(['up', 'down'], { message: 'Choose up or down.' })) });

/** Practice-area slugs in paths: what `slugOf` makes, or the route answers 404 without a look-up. */
export const parseAreaSlug = (raw: unknown): string | null => (typeof raw === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(raw) && raw.length <= 60 ? raw : null);

// --- Languages ----------------------------------------------------------------------------------------

export const LANGUAGE_LIMITS = { name: 60 } as const;

const languageName = formField(
  z
    .string()
    .transform(oneLine)
    .pipe(
      z
        .string()
        .min(1, 'Enter the language’s name in English, such as Portuguese.')
        .min(2, 'Use at least 2 characters for the name.')
        .max(LANGUAGE_LIMITS.name, `Keep the name to ${LANGUAGE_LIMITS.name} characters or fewer.`),
    ),
);

export const LanguageForm = z.object({
  code: formField(
    z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .pipe(
        z
          .string()
          .min(1, 'Enter the language’s code, such as pt for Portuguese.')
          .regex(LANGUAGE_CODE, 'Use the ISO 639 code: 2 or 3 letters, a to z.'),
      ),
  ),
  name: languageName,
});

export const LanguageNameForm = z.object({ name: languageName });

/** Language codes in paths: what LANGUAGE_CODE allows, or the route answers 404 without a look-up. */
export const parseLanguageCode = (raw: unknown): string | null => (typeof raw === 'string' && LANGUAGE_CODE.test(raw) ? raw : null);
