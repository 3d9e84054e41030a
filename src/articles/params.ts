import { z } from 'zod';
import type { FieldProblem } from '../web/http-error.ts';
import type { ArticleKind } from './types.ts';

/**
 * The public pages' query parameters (lists and search). Takes untrusted query strings: each
 * value is bounded and checked against a closed list or a number range before any query.
 */

export const LIST_PAGE_SIZE = 12;
export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_MAX_LENGTH = 200;
/** Slugs of articles, categories, tags and authors; anything else is a 404 without a look-up. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** A parameter given twice (?page=1&page=2) counts once, as its last value. */
const scalar = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), schema);

const page = scalar(
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '1' : v.trim()))
    .pipe(z.string().regex(/^\d{1,6}$/, 'Page must be a whole number from 1.').transform(Number).pipe(z.number().min(1, 'Page must be a whole number from 1.'))),
);

const kind = scalar(
  z
    .union([z.literal(''), z.enum(['article', 'news', 'video'])], { message: 'Kind must be article, news or video.' })
    .optional()
    .transform((v): ArticleKind | undefined => v || undefined),
);

const ListQuery = z.object({ page, kind });
const SearchQuery = z.object({
  page,
  q: scalar(z.string().max(SEARCH_MAX_LENGTH, `Keep the search under ${SEARCH_MAX_LENGTH} characters.`).optional().transform((v) => v?.trim() ?? '')),
});

export const TAG_FILTER_MAX = 60;
const TagsQuery = z.object({
  page,
  q: scalar(z.string().max(TAG_FILTER_MAX, `Keep the filter to ${TAG_FILTER_MAX} characters or fewer.`).optional().transform((v) => v?.trim().replace(/\s+/g, ' ') ?? '')),
});

export interface ListParams {
  page: number;
  kind?: ArticleKind;
}

export interface SearchParams {
  page: number;
  q: string;
}

export type Parsed<T> = { ok: true; params: T } | { ok: false; problems: FieldProblem[] };

function problems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message }));
}

function parseWith<T>(schema: z.ZodType<T, any, any>, raw: unknown): Parsed<T> {
  const r = schema.safeParse(raw ?? {});
  return r.success ? { ok: true, params: r.data } : { ok: false, problems: problems(r.error) };
}

export const parseListQuery = (raw: unknown): Parsed<ListParams> => parseWith(ListQuery, raw);

/** The typed search, as typed (for the form), if it is not too long. */
export function typedSearch(raw: unknown): string {
  const q = (raw as Record<string, unknown> | undefined)?.q;
  const v = Array.isArray(q) ? q[q.length - 1] : q;
  return typeof v === 'string' ? v.slice(0, SEARCH_MAX_LENGTH) : '';
}

export const parseSearchQuery = (raw: unknown): Parsed<SearchParams> => parseWith(SearchQuery, raw);

/** The editors' tag list: `q` filters by name, `page` as on every list. */
export const parseTagsQuery = (raw: unknown): Parsed<SearchParams> => parseWith(TagsQuery, raw);
