import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Our own instance, so no other module's marked.use() changes how profiles render.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Markdown written by members (profile bios, article bodies) → HTML that is safe to insert.
 * Takes untrusted text: marked passes raw HTML through, so everything it outputs goes through
 * an allow-list. No images (tracking pixels, CSP), no mailto: links (addresses stay out of pages),
 * no iframes or event attributes. Headings are moved down so the text can never add a second
 * <h1>: a bio starts at <h3> (it sits under the profile's <h2>s), an article body at <h2>.
 */
export function renderMarkdown(md: string, opts: { topHeading?: 2 | 3 } = {}): string {
  const html = markdown.parse(md, { async: false });
  const article = opts.topHeading === 2;
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'del', 'ul', 'ol', 'li', 'blockquote', 'a', ...(article ? ['h2'] : []), 'h3', 'h4', 'code', 'pre', 'hr'],
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
    transformTags: {
      h1: article ? 'h2' : 'h3',
      ...(article ? {} : { h2: 'h3' }),
      h5: 'h4',
      h6: 'h4',
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
    },
    // Drops the contents of these too, not just the tags.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  });
}

/**
 * Article bodies (articles, news summaries, video transcripts) → safe HTML, wherever they show:
 * the page, the writer's preview, feeds and the digest. Headings start at <h2> (the page's title is
 * the h1) and email addresses are hidden, as everywhere in member text.
 */
export function renderArticleMarkdown(md: string): string {
  return renderMarkdown(hideEmailAddresses(md), { topHeading: 2 });
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Email addresses typed into member text are hidden: contact goes through Concord. */
export function hideEmailAddresses(text: string): string {
  return text.replace(EMAIL, '[email address hidden]');
}
