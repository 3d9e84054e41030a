import { absoluteUrl } from '../web/layout.tsx';
import { renderArticleMarkdown } from '../web/markdown.ts';
import { heroSrc } from './hero.ts';
import type { ArticleCard, PublishedArticle } from './queries.ts';
import type { ArticleKind } from './types.ts';
import { embedUrl, formatDuration } from './video.ts';

/** Plain words and machine formats for the publication's pages. Every function returns plain text or data. */

export const KIND_LABELS: Record<ArticleKind, string> = { article: 'Article', news: 'News summary', video: 'Video' };
/** The lists' kind filter, in the words of its links. */
export const KIND_PLURALS: Record<ArticleKind, string> = { article: 'Articles', news: 'News summaries', video: 'Videos' };

export const articleHref = (slug: string) => `/articles/${slug}`;
export const categoryHref = (slug: string) => `/articles/category/${slug}`;
export const tagHref = (slug: string) => `/articles/tag/${slug}`;
export const authorHref = (slug: string) => `/authors/${slug}`;
export const mediatorArticlesHref = (mediatorSlug: string) => `/mediators/${mediatorSlug}/articles`;

/** "PT1H2M5S": schema.org durations are ISO-8601. */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** How long a piece takes: reading time, or a video's running time. */
export function lengthOf(a: { kind: ArticleKind; readingMinutes: number; videoSeconds: number | null }): { text: string; datetime: string } {
  if (a.kind === 'video' && a.videoSeconds) return { text: formatDuration(a.videoSeconds), datetime: isoDuration(a.videoSeconds) };
  return { text: `${a.readingMinutes} min read`, datetime: `PT${a.readingMinutes}M` };
}

/** "Ana Ruiz", "Ana Ruiz and Ben Cole", "Ana Ruiz, Ben Cole and Chloé Li". */
export function namesText(names: string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(names);
}

// Rendering Markdown is the costliest step of an article page, and bodies change rarely: keep
// the last few hundred by id and row version (updated_at changes on every save).
const BODY_CACHE_SIZE = 300;
const bodyCache = new Map<string, string>();

/** The body as sanitised HTML (see renderMarkdown: an allow-list), email addresses hidden. */
export function articleBodyHtml(a: Pick<PublishedArticle, 'id' | 'updatedAt' | 'body'>): string {
  const key = `${a.id}:${a.updatedAt}`;
  const hit = bodyCache.get(key);
  if (hit !== undefined) {
    bodyCache.delete(key);
    bodyCache.set(key, hit);
    return hit;
  }
  const html = renderArticleMarkdown(a.body);
  bodyCache.set(key, html);
  if (bodyCache.size > BODY_CACHE_SIZE) bodyCache.delete(bodyCache.keys().next().value!);
  return html;
}

/** The shared image for feeds, OpenGraph and JSON-LD: the largest width, as an absolute URL. */
export function heroImageUrl(publicUrl: string, image: string): string {
  return absoluteUrl(publicUrl, heroSrc(image, 1600));
}

/** The player address without autoplay, for machines (JSON-LD); pages use embedUrl after a click. */
export function plainEmbedUrl(video: { provider: 'youtube' | 'vimeo'; id: string }): string {
  const url = new URL(embedUrl(video));
  url.searchParams.delete('autoplay');
  return url.toString();
}

/**
 * schema.org for the article page: Article, NewsArticle (with the story it summarises) or
 * VideoObject, each with its Person author(s). Built from what the page shows; layout.tsx
 * escapes it for the <script> block.
 */
export function articleJsonLd(a: PublishedArticle, publicUrl: string): object {
  const url = absoluteUrl(publicUrl, articleHref(a.slug));
  const image = a.hero ? heroImageUrl(publicUrl, a.hero.image) : undefined;
  const author = a.authors.map((p) => ({ '@type': 'Person', name: p.name, url: absoluteUrl(publicUrl, p.href) }));
  const publisher = { '@type': 'Organization', name: 'Concord', url: absoluteUrl(publicUrl, '/') };
  const dateModified = a.revisedAt ?? a.publishedAt;
  if (a.kind === 'video' && a.video) {
    return {
      '@context': 'https://schema.org',
      '@type': 'VideoObject',
      name: a.title,
      description: a.excerpt,
      url,
      ...(image ? { thumbnailUrl: [image] } : {}),
      uploadDate: a.publishedAt,
      datePublished: a.publishedAt,
      dateModified,
      ...(a.video.seconds ? { duration: isoDuration(a.video.seconds) } : {}),
      embedUrl: plainEmbedUrl(a.video),
      author,
      publisher,
      keywords: a.tags.map((t) => t.name).join(', '),
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': a.kind === 'news' ? 'NewsArticle' : 'Article',
    headline: a.title,
    description: a.excerpt,
    url,
    mainEntityOfPage: url,
    ...(image ? { image: [image] } : {}),
    datePublished: a.publishedAt,
    dateModified,
    author,
    publisher,
    ...(a.categories.length ? { articleSection: a.categories.map((c) => c.name) } : {}),
    ...(a.tags.length ? { keywords: a.tags.map((t) => t.name).join(', ') } : {}),
    ...(a.kind === 'news' && a.source ? { isBasedOn: a.source.url } : {}),
  };
}

/** schema.org for a list page: a CollectionPage holding the cards shown. */
export function listJsonLd(opts: { name: string; description: string; url: string; publicUrl: string; cards: ArticleCard[]; firstPosition: number; total: number }): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    name: opts.name,
    description: opts.description,
    url: opts.url,
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: opts.total,
      itemListElement: opts.cards.map((c, i) => ({
        '@type': 'ListItem',
        position: opts.firstPosition + i,
        name: c.title,
        url: absoluteUrl(opts.publicUrl, articleHref(c.slug)),
      })),
    },
  };
}
