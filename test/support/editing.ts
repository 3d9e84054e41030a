import { parse } from 'parse5';
import sharp from 'sharp';
import { expect } from 'vitest';
import { executableInjections } from './html.ts';
import type { TestServer } from './server.ts';
import { csrfToken, type Page, type Visitor } from './visitor.ts';

export type Entries = [string, string][];

/** The article form as a browser sends it; `over` replaces fields (an array repeats a name). */
export function articleForm(over: Record<string, string | string[]> = {}): Entries {
  const base: Record<string, string | string[]> = {
    kind: 'article',
    title: 'Listening before answering',
    excerpt: '',
    body: 'When both people feel heard, the rest of the session goes better.\n\n## What helps\n\n- Summarise what you heard\n- Ask before you answer',
    categories: ['family'],
    tags: 'listening, first session',
    source_name: '',
    source_url: '',
    video_url: '',
    video_duration: '',
    hero_alt: '',
    after: 'save',
    ...over,
  };
  return Object.entries(base).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
}

/**
 * Posts the article form as multipart (as the page's form is), with the CSRF token from `page`
 * and, optionally, an image file.
 */
export async function postArticle(v: Visitor, page: string, action: string, entries: Entries, image?: { data: Buffer; name?: string; type?: string }): Promise<Page> {
  const opened = await v.get(page);
  expect(opened.status, `${page}: ${opened.html.slice(0, 300)}`).toBe(200);
  const form = new FormData();
  form.append('_csrf', csrfToken(opened.html));
  for (const [k, x] of entries) form.append(k, x);
  if (image) form.append('hero', new Blob([new Uint8Array(image.data)], { type: image.type ?? 'image/jpeg' }), image.name ?? 'hero.jpg');
  else form.append('hero', new Blob([], { type: 'application/octet-stream' }), '');
  return v.request(action, { method: 'POST', body: form });
}

/** Posts a small form (the editor's decisions) with the CSRF token from `page`. */
export async function postSmall(v: Visitor, page: string, action: string, fields: Record<string, string> = {}): Promise<Page> {
  const opened = await v.get(page);
  return v.request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfToken(opened.html), ...fields }).toString(),
  });
}

/** A member's new piece through the real form; returns its id. */
export async function writePiece(v: Visitor, over: Record<string, string | string[]> = {}): Promise<number> {
  const r = await postArticle(v, '/dashboard/articles/new', '/dashboard/articles', articleForm(over));
  expect(r.status, r.html.slice(0, 2000)).toBe(303);
  const m = /^\/dashboard\/articles\/(\d+)\?done=created$/.exec(r.location ?? '');
  expect(m, r.location ?? '').not.toBeNull();
  return Number(m![1]);
}

export async function statusOf(s: TestServer, id: number): Promise<string> {
  return (await s.db.db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

/** A real JPEG, big enough to be a hero image. */
export const heroJpeg = (width = 1200, height = 800, background = '#3a6b7c') => sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();

/**
 * The page with every quoted attribute value emptied: inside a quoted attribute "<" is only text
 * (kitajs escapes the quote and "&" there), so what is left is the markup that would really run.
 */
export const markupOnly = (html: string) => html.replace(/="[^"]*"/g, '=""');

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[] };
function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
}

/**
 * What a writer's text must never become, read with a real HTML parser: anything that runs
 * (executableInjections), plus styles, data: links and images that are not the site's own.
 */
export function unsafeMarkup(html: string): string[] {
  const found = executableInjections(html);
  for (const n of walk(parse(html) as unknown as Node)) {
    if (n.nodeName === 'style') found.push('<style>');
    for (const a of n.attrs ?? []) {
      if (a.name === 'style') found.push(`${n.nodeName} style="${a.value}"`);
      if ((a.name === 'href' || a.name === 'src') && /^\s*(data|vbscript):/i.test(a.value)) found.push(`${n.nodeName} ${a.name}="${a.value}"`);
    }
    const src = n.attrs?.find((a) => a.name === 'src')?.value;
    if (n.nodeName === 'img' && !src?.startsWith('/media/')) found.push(`<img src="${src}">`);
  }
  return found;
}
