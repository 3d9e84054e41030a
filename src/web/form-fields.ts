/**
 * Reading an untrusted form body (urlencoded or multipart), field by field, before validation.
 * Nothing here trusts its shape: a field may be missing, sent twice, or be a file.
 */
import { z } from 'zod';
import type { FieldProblem } from './http-error.ts';

export type FormBody = Record<string, unknown>;

/** The longest email address (RFC 5321's path limit). */
export const EMAIL_MAX = 254;

/** A form field for a zod schema: a field sent twice counts once, as its last value; a missing one is ''. */
export const formField = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : (v ?? '')), schema);

export const asFormBody = (raw: unknown): FormBody => (raw && typeof raw === 'object' ? (raw as FormBody) : {});

/** A field sent twice counts once, as its last value; a missing one (or a stray file) is ''. At most `keep` characters. */
export function fieldValue(body: FormBody, name: string, keep: number): string {
  const v = body[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last.slice(0, keep) : '';
}

/** A repeated field (checkboxes): its distinct text values, at most 50 of 100 characters each. */
export function fieldValues(body: FormBody, name: string): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(list.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 100)))].slice(0, 50);
}

/**
 * Checking a form field by field: `take` parses one value and, when it does not pass, notes the
 * field's first problem (in the form's order) and gives undefined, so every field is checked
 * before the form answers.
 */
export function fieldChecker(): { problems: FieldProblem[]; take<T>(schema: z.ZodType<T, any>, value: unknown, field: string): T } {
  const problems: FieldProblem[] = [];
  return {
    problems,
    take<T>(schema: z.ZodType<T, any>, value: unknown, field: string): T {
      const r = schema.safeParse(value);
      if (r.success) return r.data;
      problems.push({ field, message: r.error.issues[0]?.message ?? 'Check this field.' });
      return undefined as T;
    },
  };
}

export type ParsedForm<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** One problem per field (the first), in the form's order. */
export function parseForm<S extends z.ZodObject>(schema: S, body: unknown): ParsedForm<z.infer<S>> {
  const parsed = schema.safeParse(body && typeof body === 'object' ? body : {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    const f = String(issue.path[0] ?? 'form');
    if (!problems.some((p) => p.field === f)) problems.push({ field: f, message: issue.message });
  }
  return { ok: false, problems };
}
