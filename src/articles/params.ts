import { z } from 'zod';
import { filterText, pageParam as page, parseQuery, scalar, typedParam, type Parsed } from '../web/query-params.ts';
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
const TagsQuery = z.object({ page, q: filterText(TAG_FILTER_MAX, `Keep the filter to ${TAG_FILTER_MAX} characters or fewer.`) });

export interface ListParams {
  page: number;
  kind?: ArticleKind;
}

export interface SearchParams {
  page: number;
  q: string;
}

export const parseListQuery = (raw: unknown): Parsed<ListParams> => parseQuery(ListQuery, raw);

/** The typed search, as typed (for the form), if it is not too long. */
export const typedSearch = (raw: unknown): string => typedParam(raw, 'q', SEARCH_MAX_LENGTH);

export const parseSearchQuery = (raw: unknown): Parsed<SearchParams> => parseQuery(SearchQuery, raw);

/** The editors' tag list: `q` filters by name, `page` as on every list. */
export const parseTagsQuery = (raw: unknown): Parsed<SearchParams> => parseQuery(TagsQuery, raw);
