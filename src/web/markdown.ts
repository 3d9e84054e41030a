import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Our own instance, so no other module's marked.use() changes how profiles render.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Markdown written by members (profile bios, later articles) → HTML that is safe to insert.
 * Takes untrusted text: marked passes raw HTML through, so everything it outputs goes through
 * an allow-list. No images (tracking pixels, CSP), no mailto: links (addresses stay out of pages),
 * and headings are moved down a level so a bio can never add a second <h1>.
 */
export function renderMarkdown(md: string): string {
  const html = markdown.parse(md, { async: false });
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'blockquote', 'a', 'h3', 'h4', 'code', 'pre', 'hr'],
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
    transformTags: {
      h1: 'h3',
      h2: 'h3',
      h5: 'h4',
      h6: 'h4',
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
    },
    // Drops the contents of these too, not just the tags.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  });
}

/**
 * Article bodies (articles, news summaries, video transcripts) → safe HTML. The same allow-list
 * idea as renderMarkdown, with the headings an article needs (the page's own title is the h1, so
 * a written "# Heading" becomes an h2). Still no raw HTML, images, iframes, styles, event
 * attributes, or links other than http(s): only the tags and attributes named here survive.
 */
export function renderArticleMarkdown(md: string): string {
  const html = markdown.parse(md, { async: false });
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'del', 'ul', 'ol', 'li', 'blockquote', 'a', 'h2', 'h3', 'h4', 'code', 'pre', 'hr'],
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
    transformTags: {
      h1: 'h2',
      h5: 'h4',
      h6: 'h4',
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
    },
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  });
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Email addresses typed into member text are hidden: contact goes through Concord. */
export function hideEmailAddresses(text: string): string {
  return text.replace(EMAIL, '[email address hidden]');
}
