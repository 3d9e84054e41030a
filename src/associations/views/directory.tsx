import type { PropsWithChildren } from '@kitajs/html';
import { absoluteUrl, Layout, type LayoutProps } from '../../web/layout.tsx';
import type { SearchHome } from '../../directory/views/search-url.ts';
import type { Association } from '../queries.ts';
import { LOGO_BOX } from '../logos.ts';
import { associationHref, themeHref } from './public.tsx';
import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import { TextArea } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';

/**
 * An association's own directory: the site's search pages (directory/views/results.tsx) at the
 * association's address, restricted to its members, in its colours. Two homes for the same
 * search: the branded page on Concord, and the compact page its own site frames.
 */

export const directoryPath = (slug: string) => `/associations/${slug}/directory`;
export const embedPath = (slug: string) => `/associations/${slug}/embed`;

function SmallLogo({ a }: { a: Pick<Association, 'name' | 'logoUrl'> }): JSX.Element {
  if (!a.logoUrl) return <></>;
  return <img class="association-logo association-logo-small" src={a.logoUrl} alt={`${a.name} logo`} width={String(LOGO_BOX.width / 2)} height={String(LOGO_BOX.height / 2)} />;
}

const homeOf = (a: Association) => ({ slug: a.slug, name: a.name, panels: a.panels.map((p) => ({ slug: p.slug, name: p.name })) });

/** The branded directory on Concord: the site's page, with the association's band above the search. */
export function brandedHome(a: Association): SearchHome {
  const BrandedLayout = (props: PropsWithChildren<LayoutProps>): JSX.Element => (
    <Layout {...props} title={`${props.title} · ${a.name}`} styles={[...(props.styles ?? []), themeHref(a)]} mainClass="association-page association-directory">
      <header class="association-band association-band-directory">
        <SmallLogo a={a} />
        <p class="association-band-name">
          <a href={associationHref(a.slug)} safe>
            {a.name}
          </a>
        </p>
        <p>Directory of members</p>
      </header>
      {props.children}
    </Layout>
  );
  return { path: directoryPath(a.slug), association: homeOf(a), layout: BrandedLayout };
}

/**
 * The embedded directory, in a frame on the association's site: no site header or footer, its
 * name small, and only this site's own stylesheet and scripts. Its canonical address is the
 * branded directory's, with the same search.
 */
export function embeddedHome(a: Association, publicUrl: string): SearchHome {
  const embedUrl = absoluteUrl(publicUrl, embedPath(a.slug));
  const EmbedLayout = (props: PropsWithChildren<LayoutProps>): JSX.Element => {
    const canonical = props.canonical?.startsWith(embedUrl) ? absoluteUrl(publicUrl, directoryPath(a.slug)) + props.canonical.slice(embedUrl.length) : undefined;
    const title = `${props.title} · ${a.name}`;
    return (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{title}</title>
          <meta name="robots" content="noindex" />
          {canonical ? <link rel="canonical" href={canonical} /> : ''}
          <meta name="color-scheme" content="light dark" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/style.css" />
          <link rel="stylesheet" href={themeHref(a)} />
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer></script>
          ))}
        </head>
        <body class="embed-body association-page">
          <header class="embed-band">
            <SmallLogo a={a} />
            <p class="embed-band-name" safe>
              {a.name}
            </p>
          </header>
          <main id="main" class="embed-main">
            {props.children}
          </main>
          <footer class="embed-footer">
            <a href={absoluteUrl(publicUrl, directoryPath(a.slug))} target="_blank" rel="noopener">
              Open this directory on Concord
            </a>
          </footer>
        </body>
      </html>
    );
  };
  return { path: embedPath(a.slug), association: homeOf(a), embedded: true, layout: EmbedLayout };
}

/** What the association's site pastes: the place for the directory, and the loader that fills it. */
export function embedSnippet(publicUrl: string, slug: string): string {
  return `<div data-concord-directory="${slug}"></div>\n<script src="${absoluteUrl(publicUrl, '/embed.js')}" defer></script>`;
}

export interface EmbedSettingsView {
  slug: string;
  publicUrl: string;
  origins: string[];
  csrf: string;
  /** After a refused save: what was typed, and why. */
  typed?: string;
  problems?: FieldProblem[];
}

/** The association admin page's part about the directory: where it is, the code to paste, and the sites that may show it. */
export function EmbedSettings(v: EmbedSettingsView): JSX.Element {
  const snippet = embedSnippet(v.publicUrl, v.slug);
  const iframe = `<iframe src="${absoluteUrl(v.publicUrl, embedPath(v.slug))}" title="Find a mediator" style="width:100%;height:60rem;border:0"></iframe>`;
  return (
    <section aria-labelledby="embed-title" class="narrow">
      <h2 id="embed-title">Your directory</h2>
      <p class="embed-address">
        Your members’ directory, in your colours: <a href={directoryPath(v.slug)} safe>
          {absoluteUrl(v.publicUrl, directoryPath(v.slug))}
        </a>. Link to it, or show it on your own site.
      </p>
      <h3>Show it on your site</h3>
      <div class="field">
        <label for="embed-code">
          Paste this where the directory should be
          <span class="hint">It makes a frame that takes the directory’s height, so your page has no second scroll bar. It loads nothing from anyone else and sets no cookies.</span>
        </label>
        <textarea id="embed-code" class="embed-code" readonly rows="5" safe>
          {snippet}
        </textarea>
      </div>
      <details>
        <summary>Without JavaScript on your site</summary>
        <div class="field">
          <label for="embed-iframe">A frame of fixed height instead</label>
          <textarea id="embed-iframe" class="embed-code" readonly rows="3" safe>
            {iframe}
          </textarea>
        </div>
      </details>
      <p>
        <a href={embedPath(v.slug)}>Preview the embedded directory</a> (opens it here, outside any frame).
      </p>
      <h3 id="frame-origins-title">Sites that may show it</h3>
      {v.origins.length ? (
        <ul aria-labelledby="frame-origins-title">
          {v.origins.map((o) => (
            <li safe>{o}</li>
          ))}
        </ul>
      ) : (
        <p>None yet: until you name your site here, browsers refuse to show the directory in its pages.</p>
      )}
      <form method="post" action={`/associations/${v.slug}/admin/embed`} novalidate>
        <CsrfField token={v.csrf} />
        {v.problems?.length ? <ErrorSummary problems={v.problems} /> : ''}
        <TextArea
          name="frame_origins"
          label="Your site’s addresses, one a line"
          value={v.typed ?? v.origins.join('\n')}
          problems={v.problems ?? []}
          maxlength={4000}
          rows={3}
          hint="Like https://scma.example.org: https:// and the host name, with no path (http:// only for localhost or 127.0.0.1 while testing). No other site can show your directory."
        />
        <button class="button button-secondary" type="submit">
          Save the sites
        </button>
      </form>
    </section>
  );
}
