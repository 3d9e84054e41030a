/**
 * Small helpers for XML the site writes (feeds, sitemaps). XML 1.0 forbids most control
 * characters even when escaped, so text typed by people is cleaned before it goes in: one stray
 * \u0008 in a title would make a whole feed unreadable.
 */

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escaped for XML element text and attribute values alike. */
export function escapeXml(text: string): string {
  return xmlSafeText(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}
