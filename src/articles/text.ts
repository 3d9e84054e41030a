import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { ArticleKind } from './types.ts';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': ' ' };

/** Markdown → plain text (no tags, entities decoded), for excerpts, search and term weights. */
export function plainText(md: string): string {
  const html = markdown.parse(md, { async: false }).replace(/<\/(p|h\d|li|blockquote|pre)>/g, '$&\n');
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'object'] });
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27|nbsp);/g, (e) => ENTITIES[e]!).replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

export const EXCERPT_MAX = 280;

/** The first sentences of the body (headings left out), up to about 200 characters, cut at a word. */
export function deriveExcerpt(body: string): string {
  // Headings are not prose: "Before the day" would run into the sentence after it.
  const text = plainText(body.replace(/^ {0,3}#{1,6}\s.*$/gm, '')).replace(/\s+/g, ' ').trim();
  if (text.length <= 200) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let out = '';
  for (const s of sentences) {
    if ((out + s).length > 220) break;
    out += s;
  }
  if (out.trim().length >= 60) return out.trim();
  const cut = text.slice(0, 200);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 100 ? cut.lastIndexOf(' ') : 200).replace(/[,;:.\s]+$/, '')}…`;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Minutes to read at 220 words a minute (at least 1); a video counts its running time. */
export function readingMinutes(kind: ArticleKind, body: string, videoSeconds?: number | null): number {
  if (kind === 'video' && videoSeconds) return Math.max(1, Math.round(videoSeconds / 60));
  return Math.max(1, Math.round(wordCount(plainText(body)) / 220));
}
