import type { TestServer } from './server.ts';

export interface Page {
  status: number;
  html: string;
  headers: Headers;
  /** The Location header of a redirect, else null. */
  location: string | null;
  /** The raw Set-Cookie headers of this response. */
  setCookies: string[];
}

/**
 * One browser, over real HTTP: keeps its cookies (as a browser would, by name, dropping expired
 * ones), does not follow redirects, and can fill in a page's form with its CSRF token.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(private readonly server: TestServer) {}

  async request(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.server.baseUrl + path, { ...init, headers, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /;\s*max-age=0/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location'), setCookies };
  }

  get(path: string): Promise<Page> {
    return this.request(path);
  }

  post(path: string, fields: Record<string, string>): Promise<Page> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Opens `page` and posts `fields` to `action` with the CSRF token from the page's first form. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<Page> {
    const opened = await this.get(page);
    return this.post(action, { _csrf: csrfToken(opened.html), ...fields });
  }
}

export function csrfToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('The page has no CSRF field');
  return m[1]!;
}

/** The page's text without tags and with runs of white space made one, for comparing two pages. */
export const pageText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
