/**
 * Reading an untrusted query string (lists, filters, search) before any query runs: each value is
 * bounded and checked against a closed list or a number range, and problems come back per field
 * so the page can show them beside what was typed.
 */
import { z } from 'zod';
import { asFormBody, fieldValue } from './form-fields.ts';
import type { FieldProblem } from './http-error.ts';

/** The query string as an object, whatever arrived: read as a form body is, field by field. */
export const queryOf = asFormBody;

/** `?done=` names a notice from a closed list; anything else shows none. */
export const noticeOf = <K extends string>(raw: unknown, all: Record<K, string>): K | null => (typeof raw === 'string' && Object.hasOwn(all, raw) ? (raw as K) : null);

/** A parameter given twice (?page=1&page=2) counts once, as its last value. */
export const scalar = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), schema);

const PAGE_MESSAGE = 'Page must be a whole number from 1.';

/** `page`: missing or blank is 1; otherwise a whole number from 1 (six digits at most). */
export const pageParam = scalar(
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '1' : v.trim()))
    .pipe(z.string().regex(/^\d{1,6}$/, PAGE_MESSAGE).transform(Number).pipe(z.number().min(1, PAGE_MESSAGE))),
);

/** A text filter of at most `max` characters, trimmed, with runs of white space made one. */
export const filterText = (max: number, message: string) => scalar(z.string().max(max, message).optional().transform((v) => v?.trim().replace(/\s+/g, ' ') ?? ''));

export type Parsed<T> = { ok: true; params: T } | { ok: false; problems: FieldProblem[] };

export function parseQuery<T>(schema: z.ZodType<T, any, any>, raw: unknown): Parsed<T> {
  const r = schema.safeParse(raw ?? {});
  return r.success ? { ok: true, params: r.data } : { ok: false, problems: r.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message })) };
}

/** One parameter as typed (its last value, at most `keep` characters), to show again in the form. */
export const typedParam = (raw: unknown, name: string, keep: number): string => fieldValue(queryOf(raw), name, keep);

/** The largest id a PostgreSQL integer column holds: a bigger one is no row, not a database error. */
const MAX_ID = 2_147_483_647;
/** Ids in paths: digits only, within MAX_ID, or the route answers 404 without a look-up. */
export const parseId = (raw: unknown): number | null => (typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null);
