import type { PropsWithChildren } from '@kitajs/html';
import { currentViewer } from './viewer.ts';
import { SITE_FEEDS, type AlternateLink } from './feed-links.ts';

export type NavSection = 'mediators' | 'articles' | 'featured' | 'how' | 'about' | 'account' | 'join';

export interface LayoutProps {
  /** The page's own title; " · Concord" is appended. */
  title: string;
  description?: string;
  /** Absolute URL of the page (see absoluteUrl); also used as og:url. */
  canonical?: string;
  openGraph?: {
    type?: 'website' | 'profile' | 'article';
    /** Absolute URL; also the Twitter card's image. */
    image?: string;
    imageAlt?: string;
    imageWidth?: number;
    imageHeight?: number;
    /** og:type article: its article:* properties (authors as absolute URLs of their pages). */
    article?: { publishedTime: string; modifiedTime?: string; authors: string[]; sections: string[]; tags: string[] };
  };
  /** schema.org objects, each written as one JSON-LD block. */
  jsonLd?: object[];
  /** Script URLs, loaded with defer in this order (e.g. Leaflet before the map script). */
  scripts?: string[];
  /** Extra stylesheets, e.g. Leaflet's on pages with a map. */
  styles?: string[];
  /** Marks the current section in the navigation. */
  section?: NavSection;
  mainClass?: string;
  /** Ask search engines not to index (error pages, deep result pages). */
  noindex?: boolean;
  /**
   * Feeds of this page (a category's, a tag's, an author's: see feedAlternates in
   * src/web/feed-links.ts), linked after the whole site's, which every page links.
   */
  feeds?: AlternateLink[];
}

/** `publicUrl` + path, for canonical links, og:url and JSON-LD. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return publicUrl.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

/**
 * JSON for a <script type="application/ld+json"> block. The HTML parser ends a script at "</",
 * so "<" (and, for good measure, ">" "&" and the JS line separators) are written as \u escapes,
 * which JSON readers decode to the same text.
 */
export function jsonLdText(data: object): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const NAV = [
  { section: 'mediators', href: '/mediators', label: 'Find a mediator' },
  { section: 'articles', href: '/articles', label: 'Articles' },
  { section: 'featured', href: '/featured', label: 'Featured' },
  { section: 'how', href: '/how-search-works', label: 'How search works' },
  { section: 'about', href: '/about', label: 'About' },
] as const satisfies readonly { section: NavSection; href: string; label: string }[];

/** OpenGraph's article:* properties; attribute values are escaped by kitajs. */
function ArticleMeta(a: NonNullable<NonNullable<LayoutProps['openGraph']>['article']>): JSX.Element {
  return (
    <>
      <meta property="article:published_time" content={a.publishedTime} />
      {a.modifiedTime ? <meta property="article:modified_time" content={a.modifiedTime} /> : ''}
      {a.authors.map((href) => (
        <meta property="article:author" content={href} />
      ))}
      {a.sections.map((name) => (
        <meta property="article:section" content={name} />
      ))}
      {a.tags.map((name) => (
        <meta property="article:tag" content={name} />
      ))}
    </>
  );
}

export function Layout(props: PropsWithChildren<LayoutProps>): JSX.Element {
  const { title, description, canonical, openGraph, jsonLd = [], scripts = [], styles = [], feeds = [] } = props;
  const account = currentViewer() ? { href: '/account', label: 'Account' } : { href: '/login', label: 'Log in' };
  const fullTitle = `${title} · Concord`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{fullTitle}</title>
        {description ? <meta name="description" content={description} /> : ''}
        {props.noindex ? <meta name="robots" content="noindex" /> : ''}
        {canonical ? <link rel="canonical" href={canonical} /> : ''}
        <meta property="og:site_name" content="Concord" />
        <meta property="og:title" content={title} />
        {description ? <meta property="og:description" content={description} /> : ''}
        {canonical ? <meta property="og:url" content={canonical} /> : ''}
        <meta property="og:type" content={openGraph?.type ?? 'website'} />
        {openGraph?.image ? <meta property="og:image" content={openGraph.image} /> : ''}
        {openGraph?.image && openGraph.imageWidth ? <meta property="og:image:width" content={String(openGraph.imageWidth)} /> : ''}
        {openGraph?.image && openGraph.imageHeight ? <meta property="og:image:height" content={String(openGraph.imageHeight)} /> : ''}
        {openGraph?.image && openGraph.imageAlt ? <meta property="og:image:alt" content={openGraph.imageAlt} /> : ''}
        {openGraph?.article ? <ArticleMeta {...openGraph.article} /> : ''}
        <meta name="twitter:card" content={openGraph?.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={title} />
        {description ? <meta name="twitter:description" content={description} /> : ''}
        {openGraph?.image ? <meta name="twitter:image" content={openGraph.image} /> : ''}
        {openGraph?.image && openGraph.imageAlt ? <meta name="twitter:image:alt" content={openGraph.imageAlt} /> : ''}
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/style.css" />
        {[...SITE_FEEDS, ...feeds].map((f) => (
          <link rel="alternate" type={f.type} href={f.href} title={f.title} />
        ))}
        {styles.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
        {jsonLd.map((data) => {
          const safeJson = jsonLdText(data);
          return <script type="application/ld+json">{safeJson}</script>;
        })}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap site-header-inner">
            <a class="brand" href="/">
              Concord
            </a>
            {/* A disclosure, so the menu opens and closes without JavaScript; on wide screens the
                stylesheet keeps it open and hides its button. */}
            <details class="site-menu">
              <summary>
                <span class="site-menu-icon" aria-hidden="true"></span>
                <span class="site-menu-label">Menu</span>
              </summary>
              <nav aria-label="Main">
                <ul class="nav-list">
                  {NAV.map((item) => (
                    <li>
                      <a href={item.href} aria-current={props.section === item.section ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                  <li>
                    <a href={account.href} aria-current={props.section === 'account' ? 'page' : undefined} safe>
                      {account.label}
                    </a>
                  </li>
                </ul>
              </nav>
            </details>
            {/* Outside the menu, so a mediator sees the way in on a phone without opening it. */}
            <a class="header-join" href="/for-mediators" aria-current={props.section === 'join' ? 'page' : undefined}>
              List your practice
            </a>
          </div>
        </header>
        <main id="main" tabindex="-1" class={['wrap', props.mainClass].filter(Boolean).join(' ')}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <ul class="footer-links">
              <li>
                <a href="/about">About Concord</a>
              </li>
              <li>
                <a href="/for-mediators">For mediators: list your practice</a>
              </li>
              <li>
                <a href="/how-search-works">How search works</a>
              </li>
              <li>
                <a href="/search">Search articles and mediators</a>
              </li>
              <li>
                <a href="/associations">Associations</a>
              </li>
              <li>
                <a href="/api/v1/openapi.json">API</a>
              </li>
              <li>
                <a href="/about#credits">Place data © GeoNames (CC-BY 4.0)</a>
              </li>
            </ul>
            <p class="footer-note">Concord is open source. Nobody is listed without their consent, and search order follows published rules.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
