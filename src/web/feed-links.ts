/**
 * Where the publication's feeds live, with no other dependency, so the layout and any page can
 * link to them. One scheme: /feeds/rss.xml and /feeds/atom.xml for the whole site, and
 * /feeds/<category|tag|author>/<slug>/rss.xml (and atom.xml) for one category, tag or author.
 */

export type FeedScope = { kind: 'site' } | { kind: 'category' | 'tag' | 'author'; slug: string };
export type FeedFormat = 'rss' | 'atom';

export const FEED_TYPES: Record<FeedFormat, 'application/rss+xml' | 'application/atom+xml'> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
};

/** A `<link rel="alternate">` for the page head. */
export interface AlternateLink {
  href: string;
  title: string;
  type: (typeof FEED_TYPES)[FeedFormat];
}

export function feedPath(scope: FeedScope, format: FeedFormat): string {
  const file = format === 'rss' ? 'rss.xml' : 'atom.xml';
  return scope.kind === 'site' ? `/feeds/${file}` : `/feeds/${scope.kind}/${encodeURIComponent(scope.slug)}/${file}`;
}

/**
 * The RSS and Atom links of one feed, titled for feed readers ("Concord: Workplace (RSS)").
 * `name` is the category's, tag's or author's name; the layout escapes it.
 */
export function feedAlternates(scope: FeedScope, name?: string): AlternateLink[] {
  const label = scope.kind === 'site' ? 'Concord: new articles' : scope.kind === 'tag' ? `Concord: articles tagged ${name ?? scope.slug}` : `Concord: ${name ?? scope.slug}`;
  return (['rss', 'atom'] as const).map((format) => ({ href: feedPath(scope, format), title: `${label} (${format === 'rss' ? 'RSS' : 'Atom'})`, type: FEED_TYPES[format] }));
}

/** Every page carries these; category, tag and author pages add their own after them. */
export const SITE_FEEDS: AlternateLink[] = feedAlternates({ kind: 'site' });
