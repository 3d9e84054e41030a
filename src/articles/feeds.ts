import crypto from 'node:crypto';
import { Feed, type Item } from 'feed';
import sanitizeHtml from 'sanitize-html';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ArticleKind, Database, VideoProvider } from '../db/schema.ts';
import { xmlSafeText } from '../lib/xml.ts';
import { renderArticleMarkdown } from '../web/markdown.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { feedPath, type FeedFormat, type FeedScope } from '../web/feed-links.ts';
import { heroSrc } from './hero.ts';
import { formatDuration, watchUrl } from './video.ts';
import { articleHref, authorHref, categoryHref, tagHref } from './present.ts';

/**
 * RSS 2.0 and Atom feeds of the publication: the whole site, one category, one tag or one
 * author; the newest FEED_SIZE published pieces, written by the `feed` package. Everything a
 * writer typed is untrusted: bodies go through the same allow-list as pages (renderArticleMarkdown),
 * titles and excerpts are HTML-escaped (readers treat both as HTML), and XML-invalid control
 * characters are dropped.
 */

export const FEED_SIZE = 20;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text → HTML for feeds. Unlike the page escaper it also escapes ">", so no "]]>" can come out
 * of it: the `feed` package writes titles and summaries as CDATA and splits only the first one.
 */
export function escapeHtml(text: string): string {
  return xmlSafeText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** What a feed is about: its title and description, and the page it stands for. */
export interface FeedSubject {
  scope: FeedScope;
  title: string;
  description: string;
  /** The HTML page this feed follows, e.g. /articles/category/workplace. */
  pagePath: string;
}

export interface PieceAuthor {
  name: string;
  /** The mediator's profile when they are listed, else their author page. */
  path: string;
}

/** One published piece, as feeds and the digest show it. */
export interface PublishedPiece {
  id: number;
  slug: string;
  kind: ArticleKind;
  title: string;
  excerpt: string;
  body: string;
  sourceName: string | null;
  sourceUrl: string | null;
  video: { provider: VideoProvider; id: string; seconds: number | null } | null;
  hero: { image: string; alt: string } | null;
  publishedAt: string;
  /** When its text last changed after publication, else the publication date. */
  updatedAt: string;
  authors: PieceAuthor[];
  categories: { slug: string; name: string }[];
  tags: { slug: string; name: string }[];
}


export function authorPath(a: { slug: string; mediatorSlug: string | null; mediatorListed: boolean }): string {
  return a.mediatorSlug && a.mediatorListed ? `/mediators/${a.mediatorSlug}` : authorHref(a.slug);
}

/** Published and due: a piece with a publication date still ahead is not out yet. */
export const isOut = (now: Date) => (eb: ExpressionBuilder<Database, 'articles'>) => eb.and([eb('articles.status', '=', 'published'), eb('articles.published_at', '<=', now.toISOString())]);

async function authorOf(db: Db, slug: string) {
  return db
    .selectFrom('authors')
    .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'mediators.slug as mediatorSlug', 'mediators.status as mediatorStatus'])
    .where('authors.slug', '=', slug)
    .executeTakeFirst();
}

/**
 * The feed's subject, or null for an unknown category, tag or author (a 404). A tag or an author
 * with nothing published yet counts as unknown: both are made by drafts, whose topics and writers
 * are not public until something is published.
 */
export async function findFeedSubject(db: Db, scope: FeedScope, now: Date): Promise<FeedSubject | null> {
  switch (scope.kind) {
    case 'site':
      return { scope, title: 'Concord', description: 'New articles, news summaries and videos about mediation, from Concord.', pagePath: '/articles' };
    case 'category': {
      const c = await db.selectFrom('categories').select(['slug', 'name', 'description']).where('slug', '=', scope.slug).executeTakeFirst();
      if (!c) return null;
      return { scope, title: `Concord: ${c.name}`, description: c.description || `Articles in ${c.name}, from Concord.`, pagePath: categoryHref(c.slug) };
    }
    case 'tag': {
      const t = await db
        .selectFrom('tags')
        .select(['tags.slug', 'tags.name'])
        .where('tags.slug', '=', scope.slug)
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('article_tags').innerJoin('articles', 'articles.id', 'article_tags.article_id').select('articles.id').whereRef('article_tags.tag_id', '=', 'tags.id').where(isOut(now))),
        )
        .executeTakeFirst();
      if (!t) return null;
      return { scope, title: `Concord: articles tagged ${t.name}`, description: `Articles tagged “${t.name}”, from Concord.`, pagePath: tagHref(t.slug) };
    }
    case 'author': {
      const a = await authorOf(db, scope.slug);
      if (!a) return null;
      const published = await db
        .selectFrom('article_authors')
        .innerJoin('articles', 'articles.id', 'article_authors.article_id')
        .select('articles.id')
        .where('article_authors.author_id', '=', a.id)
        .where(isOut(now))
        .limit(1)
        .executeTakeFirst();
      if (!published) return null;
      return {
        scope,
        title: `Concord: ${a.name}`,
        description: `Articles by ${a.name}, from Concord.`,
        pagePath: authorPath({ slug: a.slug, mediatorSlug: a.mediatorSlug, mediatorListed: a.mediatorStatus === 'published' }),
      };
    }
  }
}

/** Authors, categories and tags of these pieces, in byline and name order. */
async function linksOf(db: Db, ids: number[]) {
  if (!ids.length) return { authors: [], categories: [], tags: [] };
  const [authors, categories, tags] = await Promise.all([
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
      .select(['article_authors.article_id', 'authors.slug', 'authors.name', 'mediators.slug as mediatorSlug', 'mediators.status as mediatorStatus'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .orderBy('authors.id')
      .execute(),
    db
      .selectFrom('article_categories')
      .innerJoin('categories', 'categories.id', 'article_categories.category_id')
      .select(['article_categories.article_id', 'categories.slug', 'categories.name'])
      .where('article_categories.article_id', 'in', ids)
      .orderBy('categories.position')
      .orderBy('categories.name')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('tags.name')
      .execute(),
  ]);
  return { authors, categories, tags };
}

export interface PieceQuery {
  scope?: FeedScope;
  /** Published at or after this moment (ISO), for the digest's week. */
  from?: string;
  limit: number;
}

/** Published pieces, newest first: all, or one category's, tag's or author's. */
export async function publishedPieces(db: Db, q: PieceQuery, now: Date): Promise<PublishedPiece[]> {
  let query = db
    .selectFrom('articles')
    .select([
      'articles.id',
      'articles.slug',
      'articles.kind',
      'articles.title',
      'articles.excerpt',
      'articles.body',
      'articles.source_name',
      'articles.source_url',
      'articles.video_provider',
      'articles.video_id',
      'articles.video_seconds',
      'articles.hero_image',
      'articles.hero_alt',
      'articles.published_at',
      'articles.revised_at',
    ])
    .where(isOut(now));
  const scope = q.scope;
  if (scope?.kind === 'category') {
    query = query.innerJoin('article_categories', 'article_categories.article_id', 'articles.id').innerJoin('categories', 'categories.id', 'article_categories.category_id').where('categories.slug', '=', scope.slug);
  } else if (scope?.kind === 'tag') {
    query = query.innerJoin('article_tags', 'article_tags.article_id', 'articles.id').innerJoin('tags', 'tags.id', 'article_tags.tag_id').where('tags.slug', '=', scope.slug);
  } else if (scope?.kind === 'author') {
    query = query.innerJoin('article_authors', 'article_authors.article_id', 'articles.id').innerJoin('authors', 'authors.id', 'article_authors.author_id').where('authors.slug', '=', scope.slug);
  }
  if (q.from) query = query.where('articles.published_at', '>=', q.from);
  const rows = await query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(q.limit).execute();
  const links = await linksOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    title: r.title,
    excerpt: r.excerpt,
    body: r.body,
    sourceName: r.source_name,
    sourceUrl: r.source_url,
    video: r.video_provider && r.video_id ? { provider: r.video_provider, id: r.video_id, seconds: r.video_seconds } : null,
    hero: r.hero_image ? { image: r.hero_image, alt: r.hero_alt ?? '' } : null,
    publishedAt: r.published_at!,
    updatedAt: r.revised_at && r.revised_at > r.published_at! ? r.revised_at : r.published_at!,
    authors: links.authors
      .filter((a) => a.article_id === r.id)
      .map((a) => ({ name: a.name, path: authorPath({ slug: a.slug, mediatorSlug: a.mediatorSlug, mediatorListed: a.mediatorStatus === 'published' }) })),
    categories: links.categories.filter((c) => c.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
    tags: links.tags.filter((t) => t.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
  }));
}

/** A link a writer typed, if it is http(s); anything else is left out. */
export function httpUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export const PROVIDER_NAMES: Record<VideoProvider, string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

/**
 * The HTML of a piece in a feed: hero image, what a video is and where to watch it, the body, and
 * a news summary's source. Put together from escaped parts and then passed through an allow-list
 * once more, which also makes every link absolute (feed readers show items away from the site).
 */
export function pieceHtml(p: PublishedPiece, publicUrl: string): string {
  const page = absoluteUrl(publicUrl, articleHref(p.slug));
  const parts: string[] = [];
  if (p.hero) {
    parts.push(`<p><img src="${escapeHtml(absoluteUrl(publicUrl, heroSrc(p.hero.image, 960)))}" alt="${escapeHtml(p.hero.alt)}" width="960" height="540"></p>`);
  }
  if (p.kind === 'video') {
    const length = p.video?.seconds ? ` (${formatDuration(p.video.seconds)})` : '';
    const where = p.video
      ? `<a href="${escapeHtml(watchUrl(p.video))}">Watch it on ${PROVIDER_NAMES[p.video.provider]}</a> or <a href="${escapeHtml(page)}">on Concord</a>.`
      : `<a href="${escapeHtml(page)}">Watch it on Concord</a>.`;
    parts.push(`<p><strong>This is a video${length}.</strong> ${where}</p>`);
  }
  parts.push(renderArticleMarkdown(p.body));
  const source = p.kind === 'news' ? httpUrl(p.sourceUrl) : null;
  if (source) {
    const name = p.sourceName?.trim() || new URL(source).hostname;
    parts.push(`<p>Read the complete article at <a href="${escapeHtml(source)}">${escapeHtml(name)}</a>.</p>`);
  }
  return sanitizeHtml(xmlSafeText(parts.join('\n')), {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'blockquote', 'a', 'h3', 'h4', 'code', 'pre', 'hr', 'img'],
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt', 'width', 'height'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
    transformTags: {
      // Relative links in a body ("/mediators/ada") would resolve against the reader's own address.
      a: (tagName, attribs) => {
        let href: string | undefined;
        try {
          href = attribs.href ? new URL(attribs.href, page).toString() : undefined;
        } catch {
          href = undefined;
        }
        return { tagName, attribs: href ? { href, rel: attribs.rel ?? 'noopener' } : ({} as Record<string, string>) };
      },
    },
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  });
}

/**
 * Category labels go into XML attributes, where the `feed` package escapes only `&` and `"`: a
 * raw `<` would make the feed unreadable, so angle brackets become look-alike quotation marks.
 */
const attrText = (s: string) => xmlSafeText(s).replace(/</g, '‹').replace(/>/g, '›');

export interface BuiltFeed {
  body: string;
  contentType: string;
}

/** The feed document in one format. */
export function renderFeed(subject: FeedSubject, pieces: PublishedPiece[], format: FeedFormat, publicUrl: string, now: Date): BuiltFeed {
  const abs = (path: string) => absoluteUrl(publicUrl, path);
  const host = new URL(publicUrl).hostname;
  const newest = pieces.reduce<string | null>((max, p) => (max === null || p.updatedAt > max ? p.updatedAt : max), null);
  const feed = new Feed({
    id: abs(subject.pagePath),
    title: xmlSafeText(subject.title),
    description: xmlSafeText(subject.description),
    link: abs(subject.pagePath),
    language: 'en',
    // An empty feed has no newest piece; "now" is as honest as any other date for it.
    updated: new Date(newest ?? now.toISOString()),
    generator: 'Concord',
    favicon: abs('/assets/favicon.svg'),
    feedLinks: { rss: abs(feedPath(subject.scope, 'rss')), atom: abs(feedPath(subject.scope, 'atom')) },
  });
  for (const p of pieces) {
    const item: Item = {
      title: escapeHtml(p.title),
      // Stable across slug changes: a reader that has an item never sees it again as new.
      id: `tag:${host},2026:article:${p.id}`,
      link: abs(articleHref(p.slug)),
      date: new Date(p.updatedAt),
      published: new Date(p.publishedAt),
      description: escapeHtml(p.excerpt),
      content: pieceHtml(p, publicUrl),
      category: [
        ...p.categories.map((c) => ({ name: attrText(c.name), term: c.slug, domain: abs(categoryHref(c.slug)), scheme: abs('/articles/category/') })),
        ...p.tags.map((t) => ({ name: attrText(t.name), term: t.slug, domain: abs(tagHref(t.slug)), scheme: abs('/articles/tag/') })),
      ],
    };
    if (p.hero) item.image = abs(heroSrc(p.hero.image, 960));
    const authors = p.authors.map((a) => ({ name: xmlSafeText(a.name), link: abs(a.path) }));
    // RSS 2.0's <author> is meant for an email address, which we never publish; names go in
    // Dublin Core's <dc:creator> instead (the `feed` package declares that namespace).
    if (format === 'atom') item.author = authors;
    else item.extensions = [{ name: 'dc:creator', objects: authors.map((a) => ({ _text: a.name })) as unknown as Record<string, unknown> }];
    feed.addItem(item);
  }
  return format === 'rss'
    ? { body: feed.rss2(), contentType: 'application/rss+xml; charset=utf-8' }
    : { body: feed.atom1(), contentType: 'application/atom+xml; charset=utf-8' };
}

/** A strong validator for a feed or sitemap body: readers that send If-None-Match get a 304. */
export function etagOf(body: string | Buffer): string {
  const hash = etagHasher();
  hash.update(body);
  return hash.etag();
}

/** etagOf for a body made in pieces: the same tag as the pieces joined. */
export function etagHasher(): { update(piece: string | Buffer): void; etag(): string } {
  const hash = crypto.createHash('sha256');
  return {
    update: (piece) => hash.update(piece),
    etag: () => `"${hash.digest('base64url').slice(0, 27)}"`,
  };
}
