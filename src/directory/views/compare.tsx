import { absoluteUrl, Layout } from '../../web/layout.tsx';
import type { VisitorPlace } from '../../web/visitor-place.ts';
import { COMPARE_MAX, compareHref, type CompareColumn } from '../compare.ts';
import { FEE_SPLIT_LABELS, type Mediator } from '../types.ts';
import { FeaturedLabel } from './components.tsx';
import { COMPARE_SCRIPTS } from './compare-pick.tsx';
import { availabilityText, cityLine, feeNotes, formatDistance, formatFeeRange, formatFormats, formatLanguages, serviceAreaText } from './format.ts';
import { formatDate, plural } from '../../web/format.ts';
import { Avatar } from '../../web/people.tsx';

function Row({ label, columns, cell }: { label: string; columns: CompareColumn[]; cell: (c: CompareColumn) => JSX.Element | string }): JSX.Element {
  return (
    <tr>
      <th scope="row" safe>
        {label}
      </th>
      {columns.map((c) => (
        <td>{cell(c)}</td>
      ))}
    </tr>
  );
}

const text = (s: string) => <span safe>{s}</span>;

function List({ items, empty }: { items: string[]; empty: string }): JSX.Element {
  if (!items.length) return <span class="muted" safe>{empty}</span>;
  if (items.length === 1) return <span safe>{items[0]}</span>;
  return (
    <ul class="compare-list">
      {items.map((i) => (
        <li safe>{i}</li>
      ))}
    </ul>
  );
}

function Fees({ m }: { m: Mediator }): JSX.Element {
  const range = formatFeeRange(m.fee);
  return <List items={[range ? `${range} (${m.fee.currency})` : 'Not listed — ask the mediator', ...feeNotes(m.fee)]} empty="" />;
}

function Availability({ m }: { m: Mediator }): JSX.Element {
  const a = availabilityText(m.availability);
  return (
    <>
      <span class={a.ok ? 'ok' : m.availability.accepting ? '' : 'muted'} safe>
        {a.text}
      </span>
      {a.note ? (
        <>
          <br />
          <span class={a.ok ? 'muted' : 'warn'} safe>
            {a.note}
          </span>
        </>
      ) : (
        ''
      )}
    </>
  );
}

function where(m: Mediator): string[] {
  // Two offices in one city read as one line here; the profile lists each address.
  return [...new Set([...m.offices.map((o) => `Office in ${cityLine(o)}`), ...m.serviceAreas.map(serviceAreaText)])];
}

export interface ComparePageView {
  publicUrl: string;
  columns: CompareColumn[];
  missing: string[];
  origin: VisitorPlace | null;
}

export function ComparePage(v: ComparePageView): JSX.Element {
  const slugs = v.columns.map((c) => c.mediator.slug);
  const shareUrl = absoluteUrl(v.publicUrl, compareHref(slugs));
  const title = v.columns.length ? `Compare ${v.columns.map((c) => c.mediator.name).join(', ')}` : 'Compare mediators';
  return (
    <Layout title={title} section="mediators" noindex scripts={COMPARE_SCRIPTS}>
      <h1>Compare mediators</h1>
      <MissingNotice missing={v.missing} />
      {v.columns.length ? (
        <>
          <p class="muted">
            Side by side, as each mediator describes themselves. {v.columns.length < COMPARE_MAX ? `You can add up to ${COMPARE_MAX - v.columns.length} more: ` : ''}
            {v.columns.length < COMPARE_MAX ? <a href="/mediators">tick “Compare” in the results</a> : ''}
            {v.columns.length < COMPARE_MAX ? '.' : ''}
          </p>
          {v.columns.length > 1 ? <p class="compare-scroll-hint muted">Swipe the table sideways to see each mediator.</p> : ''}
          <div class="compare-scroll" role="region" aria-label="Comparison table, scrolls sideways" tabindex="0">
            <table class="compare-table" data-compare-current={JSON.stringify(v.columns.map((c) => ({ slug: c.mediator.slug, name: c.mediator.name })))}>
              <caption class="visually-hidden">The mediators compared, one column each</caption>
              <thead>
                <tr>
                  <td></td>
                  {v.columns.map(({ mediator: m }) => (
                    <th scope="col">
                      <Avatar name={m.name} photoUrl={m.photoUrl} />
                      <a href={`/mediators/${m.slug}`} safe>
                        {m.name}
                      </a>
                      {m.featured ? (
                        <>
                          {' '}
                          <FeaturedLabel />
                        </>
                      ) : (
                        ''
                      )}
                      {m.headline ? (
                        <span class="compare-headline" safe>
                          {m.headline}
                        </span>
                      ) : (
                        ''
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {v.origin ? (
                  <Row
                    label={`Distance from ${v.origin.label}`}
                    columns={v.columns}
                    cell={(c) =>
                      c.distance ? text(`${formatDistance(c.distance)} · office in ${cityLine(c.distance.office)}`) : <span class="muted">No office</span>
                    }
                  />
                ) : (
                  ''
                )}
                <Row label="Where" columns={v.columns} cell={(c) => <List items={where(c.mediator)} empty="No office or service area listed" />} />
                <Row label="Hourly fee" columns={v.columns} cell={(c) => <Fees m={c.mediator} />} />
                <Row label="Who pays" columns={v.columns} cell={(c) => text(FEE_SPLIT_LABELS[c.mediator.fee.split])} />
                <Row label="Meets" columns={v.columns} cell={(c) => <List items={formatFormats(c.mediator.formats)} empty="Not listed" />} />
                <Row label="Languages" columns={v.columns} cell={(c) => <List items={formatLanguages(c.mediator.languages)} empty="Not listed" />} />
                <Row label="Kinds of dispute" columns={v.columns} cell={(c) => <List items={c.mediator.practiceAreas.map((p) => p.name)} empty="Not listed" />} />
                <Row label="New cases" columns={v.columns} cell={(c) => <Availability m={c.mediator} />} />
                <Row
                  label="Credentials"
                  columns={v.columns}
                  cell={(c) => (
                    <List
                      items={c.mediator.credentials.map(
                        (cr) =>
                          [cr.title, cr.issuer, cr.year === null ? null : String(cr.year)].filter(Boolean).join(', ') +
                          (cr.verification ? ` (✓ Verified ${formatDate(cr.verification.verifiedAt)} by ${cr.verification.verifier})` : ''),
                      )}
                      empty="None listed"
                    />
                  )}
                />
                <Row
                  label="Experience"
                  columns={v.columns}
                  cell={(c) =>
                    text(
                      [
                        c.mediator.yearsInPractice === null ? null : plural(c.mediator.yearsInPractice, 'year') + ' in practice',
                        c.mediator.mediationsCount === null ? null : plural(c.mediator.mediationsCount, 'mediation'),
                      ]
                        .filter(Boolean)
                        .join(' · ') || 'Not listed',
                    )
                  }
                />
                <Row
                  label="Next step"
                  columns={v.columns}
                  cell={(c) => (
                    <>
                      <a href={`/mediators/${c.mediator.slug}/contact`}>
                        Contact <span class="visually-hidden" safe>{c.mediator.name}</span>
                      </a>
                      <br />
                      <a href={compareHref(slugs.filter((s) => s !== c.mediator.slug))}>
                        Remove <span class="visually-hidden" safe>{c.mediator.name}</span> from the comparison
                      </a>
                    </>
                  )}
                />
              </tbody>
            </table>
          </div>
          {v.origin ? '' : <p class="muted">Search near a place first and the distance from it shows here too.</p>}
          <section class="compare-share" aria-labelledby="share-title">
            <h2 id="share-title">Share this comparison</h2>
            <p>Anyone with this link sees the same mediators side by side — for example the other party, so you can agree on one together.</p>
            <label for="compare-link">Link to this comparison</label>
            <input id="compare-link" type="url" readonly value={shareUrl} />
          </section>
        </>
      ) : (
        <EmptyComparison />
      )}
    </Layout>
  );
}

function MissingNotice({ missing }: { missing: string[] }): JSX.Element {
  if (!missing.length) return <></>;
  const names = missing.map((s) => `“${s}”`).join(', ');
  return (
    <div class="notice notice-error" role="alert">
      <p safe>
        {missing.length === 1 ? `${names} is not a listed mediator` : `${names} are not listed mediators`}: the profile may have been removed, or the address mistyped. The
        others are compared below.
      </p>
    </div>
  );
}

function EmptyComparison(): JSX.Element {
  return (
    <>
      <p class="lead">Nobody to compare yet.</p>
      <p>
        Find mediators near you, tick “Compare” on up to {COMPARE_MAX} of them — in the results or on their profiles — and then press “Compare”. The comparison has its own
        link you can share.
      </p>
      <p>
        <a class="button" href="/mediators">
          Find mediators
        </a>
      </p>
    </>
  );
}

/** More than COMPARE_MAX asked for: say so, and let the visitor keep the ones they want. */
export function TooManyPage({ picks }: { picks: { slug: string; name: string | null }[] }): JSX.Element {
  return (
    <Layout title="Too many to compare" section="mediators" noindex scripts={COMPARE_SCRIPTS}>
      <h1>Choose up to {COMPARE_MAX} mediators</h1>
      <div class="notice notice-error" role="alert">
        <p safe>{`You can compare up to ${COMPARE_MAX} mediators at a time, and ${picks.length} were picked. Untick the ones you don't need and compare again.`}</p>
      </div>
      <form action="/compare" method="get" class="compare-choose">
        <fieldset>
          <legend>Mediators picked</legend>
          {picks.slice(0, 20).map((p) => (
            <label class="check">
              <input type="checkbox" name="m" value={p.slug} checked={picks.indexOf(p) < COMPARE_MAX} /> <span safe>{p.name ?? `${p.slug} (not listed)`}</span>
            </label>
          ))}
        </fieldset>
        <button class="button" type="submit">
          Compare
        </button>
      </form>
    </Layout>
  );
}
