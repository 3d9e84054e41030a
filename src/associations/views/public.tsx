import { absoluteUrl, Layout } from '../../web/layout.tsx';
import type { NewsItem } from '../../articles/associations.ts';
import { formatDate, plural } from '../../web/format.ts';
import { Pagination } from '../../web/pagination.tsx';
import type { Association, AssociationSummary, RosterEntry, RosterPage } from '../queries.ts';
import { LOGO_BOX } from '../logos.ts';

/** The public association pages: the list, and one association with its panels and roster. */

export const associationHref = (slug: string) => `/associations/${slug}`;
/** Every piece tagged with the association, newest first, a page at a time. */
export function AssociationNewsPage(v: { association: Association; news: { items: NewsItem[]; total: number }; page: number; pageCount: number; publicUrl: string }): JSX.Element {
  const a = v.association;
  const base = `${associationHref(a.slug)}/news`;
  const href = (n: number) => (n === 1 ? base : `${base}?page=${n}`);
  return (
    <Layout title={`News: ${a.name}`} description={`Pieces of the Concord publication about ${a.name}.`} canonical={absoluteUrl(v.publicUrl, href(v.page))} styles={[themeHref(a)]} mainClass="association-page">
      <p>
        <a href={associationHref(a.slug)} safe>{`${a.name}`}</a>
      </p>
      <h1 safe>{`News: ${a.name}`}</h1>
      <p class="muted" safe>{plural(v.news.total, 'piece')}</p>
      {v.news.items.length ? <NewsList items={v.news.items} /> : <p>No piece of the publication is about this association yet.</p>}
      <Pagination page={v.page} pageCount={v.pageCount} href={href} />
    </Layout>
  );
}

/** The association's colours as a stylesheet (the CSP allows no inline style); its version busts caches. */
export const themeHref = (a: Pick<Association, 'slug' | 'updatedAt'>) => `/associations/${a.slug}/theme.css?v=${encodeURIComponent(a.updatedAt)}`;

function Logo({ a, size }: { a: Pick<Association, 'name' | 'logoUrl'>; size: 'small' | 'large' }): JSX.Element {
  if (!a.logoUrl) return <></>;
  const scale = size === 'small' ? 0.5 : 1;
  return <img class={`association-logo association-logo-${size}`} src={a.logoUrl} alt={`${a.name} logo`} width={String(LOGO_BOX.width * scale)} height={String(LOGO_BOX.height * scale)} />;
}

export function AssociationsPage({ associations, publicUrl }: { associations: AssociationSummary[]; publicUrl: string }): JSX.Element {
  const description = 'Mediation associations and court panels on Concord, each with its roster of listed mediators.';
  return (
    <Layout title="Associations" description={description} canonical={absoluteUrl(publicUrl, '/associations')}>
      <h1>Associations</h1>
      <p>{description}</p>
      {associations.length ? (
        <ul class="cards association-cards">
          {associations.map((a) => (
            <li class="card association-card">
              <Logo a={a} size="small" />
              <div>
                <h2>
                  <a href={associationHref(a.slug)} safe>
                    {a.name}
                  </a>
                </h2>
                <p class="muted" safe>{plural(a.memberCount, 'listed member')}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>No association has a page here yet.</p>
      )}
    </Layout>
  );
}

function RosterList({ members, label }: { members: RosterEntry[]; label: string }): JSX.Element {
  if (!members.length) return <p class="muted">No listed members yet.</p>;
  return (
    <ul class="association-roster" aria-label={label}>
      {members.map((m) => (
        <li>
          <a href={`/mediators/${m.slug}`} safe>
            {m.name}
          </a>
          {m.headline ? (
            <span class="muted" safe>
              {` · ${m.headline}`}
            </span>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

/** schema.org Organization: the association, its site, logo and listed members. */
function organizationJsonLd(a: Association, roster: RosterEntry[], publicUrl: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: a.name,
    url: absoluteUrl(publicUrl, associationHref(a.slug)),
    ...(a.description ? { description: a.description } : {}),
    ...(a.website ? { sameAs: [a.website] } : {}),
    ...(a.logoUrl ? { logo: absoluteUrl(publicUrl, a.logoUrl) } : {}),
    member: roster.map((m) => ({ '@type': 'Person', name: m.name, url: absoluteUrl(publicUrl, `/mediators/${m.slug}`) })),
  };
}

/** How many of its latest pieces the association's page shows; the rest are on its news pages. */
export const NEWS_ON_PAGE = 5;
export const NEWS_PAGE_SIZE = 20;

const KIND_WORDS: Record<NewsItem['kind'], string> = { article: 'Article', news: 'News summary', video: 'Video' };

function NewsList({ items }: { items: NewsItem[] }): JSX.Element {
  return (
    <ul class="association-news">
      {items.map((n) => (
        <li>
          <a href={n.href} safe>
            {n.title}
          </a>
          <span class="muted">
            {' '}
            <span safe>{KIND_WORDS[n.kind]}</span> · <time datetime={n.publishedAt} safe>{formatDate(n.publishedAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AssociationPage({ association: a, roster, news, publicUrl }: { association: Association; roster: RosterPage; news: { items: NewsItem[]; total: number }; publicUrl: string }): JSX.Element {
  const href = (n: number) => (n === 1 ? associationHref(a.slug) : `${associationHref(a.slug)}?page=${n}`);
  const firstLine = a.description.split('\n')[0] ?? '';
  return (
    <Layout
      title={a.name}
      description={firstLine || `${a.name} on Concord: its listed members and panels.`}
      canonical={absoluteUrl(publicUrl, href(roster.page))}
      jsonLd={[organizationJsonLd(a, roster.members, publicUrl)]}
      styles={[themeHref(a)]}
      mainClass="association-page"
    >
      <header class="association-band">
        <Logo a={a} size="large" />
        <h1 safe>{a.name}</h1>
        {a.website ? (
          <p>
            <a href={a.website} rel="noopener" safe>
              {a.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
            </a>
          </p>
        ) : (
          ''
        )}
      </header>
      {a.description ? (
        <section class="association-text" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          {a.description.split(/\n{2,}/).map((p) => (
            <p safe>{p}</p>
          ))}
        </section>
      ) : (
        ''
      )}
      {a.criteria ? (
        <section class="association-text" aria-labelledby="criteria-title">
          <h2 id="criteria-title">Who may join</h2>
          {a.criteria.split(/\n{2,}/).map((p) => (
            <p safe>{p}</p>
          ))}
        </section>
      ) : (
        ''
      )}
      {news.items.length ? (
        <section aria-labelledby="news-title">
          <h2 id="news-title">News</h2>
          <NewsList items={news.items} />
          {news.total > news.items.length ? (
            <p>
              <a href={`${associationHref(a.slug)}/news`} safe>{`All ${news.total} pieces about ${a.name}`}</a>
            </p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {a.panels.length ? (
        <section aria-labelledby="panels-title">
          <h2 id="panels-title">Panels</h2>
          {a.panels.map((p) => (
            <section class="association-panel" aria-labelledby={`panel-${p.slug}`}>
              <h3 id={`panel-${p.slug}`} safe>
                {p.name}
              </h3>
              <RosterList members={roster.onPanels.filter((m) => m.panelIds.includes(p.id))} label={`Members of ${p.name}`} />
            </section>
          ))}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="roster-title">
        <h2 id="roster-title">Members</h2>
        <p class="muted" safe>{plural(roster.total, 'listed member')}</p>
        <RosterList members={roster.members} label={`Members of ${a.name}`} />
        <Pagination page={roster.page} pageCount={roster.pageCount} href={href} />
      </section>
    </Layout>
  );
}

/** The association's colours, each checked as '#rrggbb' again here: nothing else reaches the stylesheet. */
export function themeCss(a: Pick<Association, 'colors'>): string {
  const safe = (c: string, fallback: string) => (/^#[0-9a-f]{6}$/.test(c) ? c : fallback);
  return `.association-page { --assoc-primary: ${safe(a.colors.primary, '#0b5d6b')}; --assoc-accent: ${safe(a.colors.accent, '#e3f1f3')}; }\n`;
}
