import { countryName } from '../../geo/places.ts';
import { absoluteUrl, Layout } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { FEE_SPLIT_LABELS, type Mediator, type Office } from '../types.ts';
import { COMPARE_SCRIPTS, ProfileCompareForm } from './compare-pick.tsx';
import { FeaturedLabel, MAP_SCRIPTS, MapBox, VerifiedBadge, type MapSettings } from './components.tsx';
import { availabilityText, cityLine, formatFeeRange, formatFormats, formatLanguages, serviceAreaText } from './format.ts';
import { formatDate, formatList, plural } from '../../web/format.ts';
import { Avatar } from '../../web/people.tsx';

export interface ProfileView {
  publicUrl: string;
  mediator: Mediator;
  map: MapSettings;
  /** The contact form (src/inquiries/views/contact.tsx). */
  contact?: JSX.Element;
  /** Set on previews of a profile that may not be listed: shown above it; the page is not indexed. */
  previewNote?: string;
  /** Their published writing (src/articles): how many pieces, and the section showing the newest. */
  articles?: { total: number; section: JSX.Element };
  /** A "Compare" box and button (the public profile; not previews). */
  compare?: boolean;
  /** The results page the visitor came from (see resultsFrom), for the back link. */
  backHref?: string | null;
}

/**
 * "Profile | Articles (3)": the profile and the list of the mediator's writing link to each
 * other, as the bylines on their articles link to the profile.
 */
export function ProfileTabs({ slug, current, articleCount }: { slug: string; current: 'profile' | 'articles'; articleCount: number }): JSX.Element {
  return (
    <nav class="profile-tabs" aria-label="Profile sections">
      <ul class="tabs">
        <li>
          <a href={`/mediators/${slug}`} aria-current={current === 'profile' ? 'page' : undefined}>
            Profile
          </a>
        </li>
        <li>
          <a href={`/mediators/${slug}/articles`} aria-current={current === 'articles' ? 'page' : undefined}>
            Articles ({articleCount})
          </a>
        </li>
      </ul>
    </nav>
  );
}

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });

function currencyName(code: string): string {
  try {
    return `${currencyNames.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

/** schema.org ProfilePage → Person, from the same fields the page shows (never an email address). */
function profileJsonLd(m: Mediator, url: string, publicUrl: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    dateModified: m.updatedAt,
    mainEntity: {
      '@type': 'Person',
      name: m.name,
      url,
      ...(m.headline ? { jobTitle: m.headline } : {}),
      ...(m.photoUrl ? { image: m.photoUrl.startsWith('/') ? absoluteUrl(publicUrl, m.photoUrl) : m.photoUrl } : {}),
      knowsLanguage: m.languages.map((l) => l.code),
      knowsAbout: m.practiceAreas.map((p) => p.name),
      address: m.offices.map((o) => ({
        '@type': 'PostalAddress',
        streetAddress: o.address,
        addressLocality: o.city,
        addressRegion: o.region,
        postalCode: o.postalCode,
        addressCountry: o.country,
      })),
      hasCredential: m.credentials.map((c) => ({
        '@type': 'EducationalOccupationalCredential',
        name: c.title,
        ...(c.issuer ? { recognizedBy: { '@type': 'Organization', name: c.issuer } } : {}),
      })),
      ...(m.associations.length ? { memberOf: m.associations.map((a) => ({ '@type': 'Organization', name: a.name, url: absoluteUrl(publicUrl, `/associations/${a.slug}`) })) } : {}),
    },
  };
}

function OfficeItem({ office, name, settings }: { office: Office; name: string; settings: MapSettings }): JSX.Element {
  const locality = [office.city, [office.region, office.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <li>
      <address>
        {office.label ? (
          <>
            <strong safe>{office.label}</strong>
            <br />
          </>
        ) : (
          ''
        )}
        {office.address ? (
          <>
            <span safe>{office.address}</span>
            <br />
          </>
        ) : (
          ''
        )}
        <span safe>{locality}</span>
        <br />
        <span safe>{countryName(office.country)}</span>
      </address>
      <MapBox
        small
        markers={[{ lat: office.lat, lon: office.lon, label: office.label || name, detail: cityLine(office) }]}
        settings={settings}
        label={`Map of the office in ${cityLine(office)}`}
        fallback="The full address is written above."
      />
    </li>
  );
}

export function ProfilePage({ publicUrl, mediator: m, map, contact: safeContact, previewNote, articles, compare, backHref }: ProfileView): JSX.Element {
  const url = absoluteUrl(publicUrl, `/mediators/${m.slug}`);
  const availability = availabilityText(m.availability);
  const fee = formatFeeRange(m.fee);
  const firstOffice = m.offices[0];
  const description = [m.headline, firstOffice ? `Mediator in ${cityLine(firstOffice)}` : 'Mediator'].filter(Boolean).join(' — ');
  // Member-written Markdown, sanitised by an allow-list in renderMarkdown.
  const safeBio = m.bio.trim() ? renderMarkdown(m.bio) : '';
  const hasMap = m.offices.length > 0;
  const meets = m.formats.length ? formatList(formatFormats(m.formats)) : 'Not listed';
  const languages = m.languages.length ? formatList(formatLanguages(m.languages)) : 'Not listed';

  return (
    <Layout
      title={m.name}
      description={description}
      canonical={previewNote ? undefined : url}
      noindex={!!previewNote}
      section="mediators"
      openGraph={{ type: 'profile', ...(m.photoUrl ? { image: m.photoUrl.startsWith('/') ? absoluteUrl(publicUrl, m.photoUrl) : m.photoUrl } : {}) }}
      jsonLd={[profileJsonLd(m, url, publicUrl)]}
      scripts={[...(hasMap ? MAP_SCRIPTS : []), ...(compare ? COMPARE_SCRIPTS : [])]}
    >
      {previewNote ? (
        <div class="notice" role="status">
          <p safe>{previewNote}</p>
        </div>
      ) : (
        ''
      )}
      <article>
        <header class="profile-head">
          <Avatar name={m.name} photoUrl={m.photoUrl} large />
          <div>
            <h1 safe>{m.name}</h1>
            {m.featured ? (
              <p>
                <FeaturedLabel /> <a href="/how-search-works#featured">What featured means</a>
              </p>
            ) : (
              ''
            )}
            {m.headline ? (
              <p class="lead" safe>
                {m.headline}
              </p>
            ) : (
              ''
            )}
            <p>
              <span class={availability.ok ? 'ok' : m.availability.accepting ? '' : 'muted'} safe>
                {availability.text}
              </span>
              {availability.note ? (
                <>
                  {' · '}
                  <span class={availability.ok ? 'muted' : 'warn'} safe>
                    {availability.note}
                  </span>
                </>
              ) : (
                ''
              )}
            </p>
            {compare ? <ProfileCompareForm slug={m.slug} name={m.name} /> : ''}
            {safeContact ? (
              // On a phone the contact form comes after the whole profile; this is the way to it.
              <p class="profile-contact-link">
                <a class="button" href="#contact-title">
                  Send a message
                </a>
              </p>
            ) : (
              ''
            )}
          </div>
        </header>

        {articles?.total ? <ProfileTabs slug={m.slug} current="profile" articleCount={articles.total} /> : ''}

        <div class="profile-grid">
          <div>
            <section aria-labelledby="about-title">
              <h2 id="about-title">About</h2>
              {safeBio ? <div class="prose">{safeBio}</div> : <p class="muted">This mediator hasn't written about their practice yet.</p>}
            </section>

            <section aria-labelledby="practice-title">
              <h2 id="practice-title">Kinds of dispute</h2>
              {m.practiceAreas.length ? (
                <ul class="tags">
                  {m.practiceAreas.map((p) => (
                    <li safe>{p.name}</li>
                  ))}
                </ul>
              ) : (
                <p class="muted">Not listed.</p>
              )}
            </section>

            <section aria-labelledby="fees-title">
              <h2 id="fees-title">Fees</h2>
              <dl class="facts">
                <dt>Hourly fee</dt>
                <dd safe>{fee ?? 'Not listed — ask the mediator'}</dd>
                <dt>Currency</dt>
                <dd safe>{currencyName(m.fee.currency)}</dd>
                <dt>Free first consultation</dt>
                <dd>{m.fee.freeConsultation ? 'Yes' : 'No'}</dd>
                <dt>Sliding scale</dt>
                <dd>{m.fee.slidingScale ? 'Yes — fees can be adjusted to what you can pay' : 'No'}</dd>
                <dt>Who pays</dt>
                <dd safe>{FEE_SPLIT_LABELS[m.fee.split]}</dd>
              </dl>
            </section>

            <section aria-labelledby="experience-title">
              <h2 id="experience-title">Experience and credentials</h2>
              <dl class="facts">
                <dt>Years in practice</dt>
                <dd>{m.yearsInPractice === null ? 'Not listed' : m.yearsInPractice}</dd>
                <dt>Mediations</dt>
                <dd safe>{m.mediationsCount === null ? 'Not listed' : plural(m.mediationsCount, 'mediation')}</dd>
              </dl>
              {m.credentials.length ? (
                <ul>
                  {m.credentials.map((c) => {
                    const line = [c.title, c.issuer, c.year === null ? null : String(c.year)].filter(Boolean).join(', ');
                    return (
                      <li>
                        <span safe>{line}</span>
                        {c.verification ? (
                          <>
                            {' '}
                            <VerifiedBadge verification={c.verification} />
                          </>
                        ) : (
                          ''
                        )}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <p class="muted">No credentials listed.</p>
              )}
              {m.credentials.some((c) => c.verification) ? (
                <p class="muted">
                  “Verified” means someone saw evidence that the credential was held on that date. <a href="/how-search-works#verified">What it means</a>
                </p>
              ) : (
                ''
              )}
            </section>

            {m.associations.length ? (
              <section aria-labelledby="associations-title">
                <h2 id="associations-title">Associations</h2>
                <ul class="association-memberships">
                  {m.associations.map((a) => (
                    <li>
                      <a href={`/associations/${a.slug}`} safe>
                        {a.name}
                      </a>
                      {a.panels.length ? <span class="muted" safe>{` · ${a.panels.map((p) => p.name).join(', ')}`}</span> : ''}
                    </li>
                  ))}
                </ul>
              </section>
            ) : (
              ''
            )}

            {articles?.total ? articles.section : ''}
          </div>

          <aside>
            <section class="panel" aria-labelledby="contact-title">
              <h2 id="contact-title">Contact this mediator</h2>
              {safeContact ?? ''}
            </section>

            <section class="panel" aria-labelledby="where-title">
              <h2 id="where-title">Where and how they meet</h2>
              <dl class="facts">
                <dt>Meets</dt>
                <dd safe>{meets}</dd>
                <dt>Languages</dt>
                <dd safe>{languages}</dd>
              </dl>
              <h3>{m.offices.length === 1 ? 'Office' : 'Offices'}</h3>
              {m.offices.length ? (
                <ul class="offices">
                  {m.offices.map((office) => (
                    <OfficeItem office={office} name={m.name} settings={map} />
                  ))}
                </ul>
              ) : (
                <p class="muted">No office listed.</p>
              )}
              {m.serviceAreas.length ? (
                <>
                  <h3>Also serves</h3>
                  <ul>
                    {m.serviceAreas.map((a) => (
                      <li safe>{serviceAreaText(a)}</li>
                    ))}
                  </ul>
                </>
              ) : (
                ''
              )}
            </section>
          </aside>
        </div>

        <p class="muted">
          Profile last updated <time datetime={m.updatedAt} safe>
            {formatDate(m.updatedAt)}
          </time>. Mediators keep their own profiles up to date.
        </p>
        <p>
          {backHref ? <a href={backHref}>← Back to your search results</a> : <a href="/mediators">← Find other mediators</a>}
        </p>
      </article>
    </Layout>
  );
}
