import type { PropsWithChildren } from '@kitajs/html';
import { areaParam } from '../schema.ts';
import type { SearchParams } from '../types.ts';
import type { LayoutProps } from '../../web/layout.tsx';

/**
 * Where a search lives: the site's /mediators, or an association's own directory (branded, or
 * embedded in the association's site). Every link and form of the search pages stays at `path`.
 */
export interface SearchHome {
  path: string;
  /**
   * The association whose directory this is. Its slug is in the path, never in a query, so no
   * link can drop it or name another; its panels are the panel filter's choices.
   */
  association?: { slug: string; name: string; panels: { slug: string; name: string }[] };
  /**
   * Inside another site's frame: links that leave the directory (profiles, comparisons, help)
   * open in a new top-level tab, where cookies and the contact form work.
   */
  embedded?: boolean;
  /** The page around the search (the association's branding); the site's Layout otherwise. */
  layout?: (props: PropsWithChildren<LayoutProps>) => JSX.Element;
}

export const SITE_SEARCH: SearchHome = { path: '/mediators' };

/** The attributes of a link that leaves the directory: a new tab when embedded. */
export const outside = (home: SearchHome | undefined): { target?: string; rel?: string } => (home?.embedded ? { target: '_blank', rel: 'noopener' } : {});

/**
 * The link for a search, so every page, filter change and "did you mean" keeps the rest of what
 * the visitor asked for. Values are URL-encoded here; the attribute is HTML-escaped by the renderer.
 */
export function searchHref(params: SearchParams, change: Partial<SearchParams> = {}, home: SearchHome = SITE_SEARCH): string {
  const p = { ...params, ...change };
  const qs = new URLSearchParams();
  if (p.near) qs.set('near', p.near);
  if (p.at) qs.set('at', p.at);
  if (p.radius !== undefined) qs.set('radius', String(p.radius));
  if (p.unit) qs.set('unit', p.unit);
  for (const v of p.practice) qs.append('practice', v);
  for (const v of p.language) qs.append('language', v);
  for (const v of p.format) qs.append('format', v);
  if (p.maxFee !== undefined) qs.set('maxFee', String(p.maxFee));
  if (p.freeConsultation) qs.set('free', '1');
  if (p.accepting) qs.set('accepting', '1');
  if (p.q) qs.set('q', p.q);
  if (p.sort !== 'match') qs.set('sort', p.sort);
  if (p.page > 1) qs.set('page', String(p.page));
  if (p.area) qs.set('area', areaParam(p.area));
  if (p.association && !home.association) qs.set('association', p.association);
  if (p.panel) qs.set('panel', p.panel);
  const s = qs.toString();
  return s ? `${home.path}?${s}` : home.path;
}

/** The same place and distance with every other filter removed. */
export function withoutFilters(params: SearchParams): SearchParams {
  return {
    near: params.near,
    at: params.at,
    radius: params.radius,
    unit: params.unit,
    practice: [],
    language: [],
    format: [],
    freeConsultation: false,
    accepting: false,
    sort: params.sort,
    page: 1,
  };
}

/** How many filters beyond the place are set (an association's own directory's association is not one); shown on the mobile "Filters" toggle. */
export function activeFilterCount(p: SearchParams, home: SearchHome = SITE_SEARCH): number {
  return (
    p.practice.length +
    p.language.length +
    p.format.length +
    (p.maxFee !== undefined ? 1 : 0) +
    (p.freeConsultation ? 1 : 0) +
    (p.accepting ? 1 : 0) +
    (p.q ? 1 : 0) +
    (p.association && !home.association ? 1 : 0) +
    (p.panel ? 1 : 0)
  );
}

/**
 * The results page a visitor came from (their Referer), for a profile's back link. Only this
 * site's own /mediators counts, and only its path and query are kept, so the link can never
 * lead to another site.
 */
export function resultsFrom(referer: string | undefined, ownOrigins: readonly string[]): string | null {
  if (!referer || referer.length > 4000) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  if (!ownOrigins.includes(url.origin) || url.pathname !== '/mediators') return null;
  return url.pathname + url.search;
}
