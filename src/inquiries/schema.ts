import { z } from 'zod';
import type { FieldProblem } from '../web/http-error.ts';
import { EMAIL_MAX, parseForm, type ParsedForm } from '../web/form-fields.ts';
import { pageParam, parseQuery, scalar, type Parsed as ParsedQuery } from '../web/query-params.ts';
import { INQUIRY_STATUSES, type InquiryStatus } from './types.ts';

// Takes untrusted form bodies from anyone on the internet: every field is a bounded string
// before anything else sees it, and single-line fields lose line breaks (they go into mail headers).

export const MESSAGE_MAX = 5000;
export const NAME_MAX = 100;
export const PLACE_MAX = 200;
export const PHONE_MAX = 40;
/** The least time between showing the contact form and sending it: people take longer. */
export const MIN_FORM_SECONDS = 3;
/** A form older than this is sent again with a fresh start time. */
export const MAX_FORM_HOURS = 24;
export const INQUIRY_FORMATS = ['any', 'in_person', 'online', 'phone'] as const;
export type InquiryFormat = (typeof INQUIRY_FORMATS)[number];
export const OTHER_KIND = 'other';

const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : (v ?? ''));
const field = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(last, schema);
/** One line: control characters and runs of white space become one space. */
const oneLine = (v: string) => v.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();

const count = (n: number) => n.toLocaleString('en-US');

export function inquiryForm(kinds: string[], formats: readonly string[]) {
  return z.object({
    name: field(z.string().transform(oneLine).pipe(z.string().min(1, 'Enter your name.').max(NAME_MAX, `Keep your name to ${NAME_MAX} characters.`))),
    email: field(
      z
        .string()
        .trim()
        .min(1, 'Enter your email address, so the mediator can answer you.')
        .max(EMAIL_MAX, 'That email address is too long.')
        .pipe(z.email({ message: 'Enter an email address like name@example.org.' }))
        .transform((v) => v.toLowerCase()),
    ),
    phone: field(
      z
        .string()
        .transform(oneLine)
        .pipe(
          z
            .string()
            .max(PHONE_MAX, `Keep the phone number to ${PHONE_MAX} characters.`)
            .regex(/^[0-9+().\-\/ x]*$/i, 'Use only digits, spaces and + ( ) - . / in the phone number.'),
        ),
    ),
    kind: field(z.string().refine((v) => kinds.includes(v), 'Choose the kind of dispute, or "Something else".')),
    place: field(z.string().transform(oneLine).pipe(z.string().min(1, 'Say where you are (a town or ZIP/postal code).').max(PLACE_MAX, `Keep the place to ${PLACE_MAX} characters.`))),
    format: field(z.string().refine((v) => formats.includes(v), 'Choose how you would like to meet.')),
    message: field(
      z
        .string()
        .trim()
        .min(1, 'Write your message to the mediator.')
        .max(MESSAGE_MAX, {
          error: (iss) =>
            `Your message is ${count(String(iss.input).length)} characters long. Please shorten it to ${count(MESSAGE_MAX)} characters or fewer; the mediator can ask for more details when they answer.`,
        }),
    ),
  });
}

export type InquiryInput = z.infer<ReturnType<typeof inquiryForm>>;

export function parseInquiry(body: unknown, kinds: string[], formats: readonly string[]): ParsedForm<InquiryInput> {
  return parseForm(inquiryForm(kinds, formats), body);
}

export const ReplyForm = z.object({
  message: field(
    z
      .string()
      .trim()
      .min(1, 'Write your reply.')
      .max(MESSAGE_MAX, { error: (iss) => `Your reply is ${count(String(iss.input).length)} characters long. Please keep it to ${count(MESSAGE_MAX)} characters or fewer.` }),
  ),
});

/** What was typed, to show it again after a refusal (bounded; escaped by the view). */
export function typedFields(body: unknown): Record<string, string> {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out: Record<string, string> = {};
  for (const name of ['name', 'email', 'phone', 'kind', 'place', 'format', 'message']) {
    const v = last(b[name]);
    out[name] = typeof v === 'string' ? v.slice(0, name === 'message' ? 20_000 : 300) : '';
  }
  return out;
}

export const problem = (field: string, message: string): FieldProblem[] => [{ field, message }];

/** `GET /dashboard/inquiries?status=&page=`: an unknown status shows the new ones, the first tab. */
const InboxQuery = z.object({
  status: scalar(z.enum([...INQUIRY_STATUSES, 'all']).catch('new')),
  page: pageParam,
});

export const parseInboxQuery = (raw: unknown): ParsedQuery<{ status: InquiryStatus | 'all'; page: number }> => parseQuery(InboxQuery, raw);
