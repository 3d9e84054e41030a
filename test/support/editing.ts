import { parse } from 'parse5';
import sharp from 'sharp';
import { expect } from 'vitest';
import { executableInjections } from './html.ts';
import type { TestServer } from './server.ts';
import { computeRelated } from '../../src/articles/related.ts';
import type { Db } from '../../src/db/database.ts';
import { csrfToken, Visitor, type Page } from './visitor.ts';
import { xmllint } from './xml.ts';

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

/** Markup that could run in a feed reader: a script or frame, an event attribute, a javascript: URL. */
const RUNNABLE = /<script|<iframe|<[a-z][^>]*\son[a-z]+\s*=|javascript:/i;

/** A feed carrying names people typed: well-formed XML, and nothing in its markup that could run. */
export async function expectInertFeed(s: TestServer, path: string): Promise<void> {
  const res = await s.get(path);
  const body = await res.text();
  expect(res.status, path).toBe(200);
  expect(xmllint(body), path).toEqual({ ok: true, output: '' });
  // Attribute values are text in XML; what is left must hold no element or attribute that runs.
  expect(markupOnly(body), path).not.toMatch(RUNNABLE);
  expect(body, path).not.toMatch(/<script|<img/i);
}

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

/**
 * Editors' pages keep others out: a member gets the 403 page (without `secret`, something only
 * the page would show), a visitor is sent to log in and come back.
 */
export async function expectEditorsOnly(s: TestServer, member: Visitor, paths: string[], secret: string): Promise<void> {
  for (const path of paths) {
    const r = await member.get(path);
    expect(r.status, path).toBe(403);
    expect(r.html, path).toContain('This page is for editors only.');
    expect(r.html, path).not.toContain(secret);
    const anonymous = await new Visitor(s).get(path);
    expect(anonymous.status, path).toBe(303);
    expect(anonymous.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
  }
}

/** The kept "Read these next" lists of these articles are what ranking from scratch gives now. */
export async function expectRelatedAsFresh(db: Db, ids: number[], now: Date): Promise<void> {
  for (const id of ids) {
    const kept = await db.selectFrom('article_related').select(['related_id', 'score']).where('article_id', '=', id).orderBy('position').execute();
    const fresh = await computeRelated(db, id, now);
    expect(
      kept.map((k) => [k.related_id, k.score.toFixed(9)]),
      `list of article ${id}`,
    ).toEqual(fresh.map((f) => [f.id, f.score.toFixed(9)]));
  }
}
