import { GRANT_STATE_LABELS, GrantFactsAndForms, GrantPeriodFields } from '../../directory/views/grant-fields.tsx';
import type { Grant } from '../../directory/featured/grants.ts';
import { MAX_PER_REGION } from '../../directory/featured/grants.ts';
import { endDayOf } from '../../directory/featured/forms.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { CsrfField, ErrorSummary } from '../../web/forms.tsx';
import { formatDate } from '../../web/format.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import type { AssociationRef } from '../memberships.ts';
import { rosterPath } from './roster.tsx';

/** An association's featured places in its own directory: the list, granting one, and one grant's page. */

export const ASSOCIATION_GRANT_NOTICES = { granted: 'The featured place is granted in your directory.', changed: 'The grant is changed.', ended: 'The grant has ended.' } as const;
export type AssociationGrantNotice = keyof typeof ASSOCIATION_GRANT_NOTICES;

export interface AssociationGrantFields {
  mediator: string;
  region: string;
  starts: string;
  ends: string;
  reason: string;
}


export const featuredPath = (slug: string) => `${rosterPath(slug)}/featured`;

function Top({ a, notice, problems }: { a: AssociationRef; notice?: AssociationGrantNotice | null; problems: FieldProblem[] }): JSX.Element {
  return (
    <>
      <AreaNav area="dashboard" current="associations" />
      <p>
        <a href={rosterPath(a.slug)} safe>{`${a.name}: members`}</a>
      </p>
      {notice ? (
        <div class="notice" role="status">
          <p>{ASSOCIATION_GRANT_NOTICES[notice]}</p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary problems={problems} />
    </>
  );
}


export interface AssociationFeaturedView {
  csrf: string;
  association: AssociationRef;
  members: { slug: string; name: string }[];
  current: Grant[];
  ended: Grant[];
  fields: AssociationGrantFields;
  problems: FieldProblem[];
  notice?: AssociationGrantNotice | null;
}

function GrantList({ grants, base }: { grants: Grant[]; base: string }): JSX.Element {
  return (
    <ul class="cards grant-cards">
      {grants.map((g) => (
        <li class="card">
          <h3 class="card-title">
            <a href={`${base}/${g.id}`} safe>
              {g.mediator.name}
            </a>
          </h3>
          <p safe>{`${g.regionLabel} · ${formatDate(g.startsAt)} to ${formatDate(endDayOf(g.endsAt))} · ${GRANT_STATE_LABELS[g.state]}`}</p>
        </li>
      ))}
    </ul>
  );
}

export function AssociationFeaturedPage(v: AssociationFeaturedView): JSX.Element {
  const a = v.association;
  const base = featuredPath(a.slug);
  const error = v.problems.find((p) => p.field === 'mediator')?.message;
  return (
    <Layout title={`${a.name}: featured members`} section="account" noindex>
      <Top a={a} notice={v.notice} problems={v.problems} />
      <h1 safe>{`${a.name}: featured members`}</h1>
      <p safe>
        {`A featured member gets a labelled place at the top of matching searches in your directory (/associations/${a.slug}/directory), only for visitors searching in the region you choose. At most ${MAX_PER_REGION} featured members at once per region in your directory; Concord’s own search is not affected.`}
      </p>
      <section class="panel" aria-labelledby="grant-title">
        <h2 id="grant-title">Grant a featured place</h2>
        {v.members.length ? (
          <form method="post" action={base} novalidate class="grant-form">
            <CsrfField token={v.csrf} />
            <div class={error ? 'field field-invalid' : 'field'}>
              <label for="mediator">Member</label>
              {error ? (
                <p class="field-error" id="mediator-error">
                  <span class="visually-hidden">Error: </span>
                  <span safe>{error}</span>
                </p>
              ) : (
                ''
              )}
              <select id="mediator" name="mediator" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'mediator-error' : undefined}>
                {v.members.map((m) => (
                  <option value={m.slug} selected={m.slug === v.fields.mediator} safe>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
            <GrantPeriodFields fields={v.fields} problems={v.problems} />
            <button class="button" type="submit">
              Grant
            </button>
          </form>
        ) : (
          <p>Your association has no members yet: a featured place goes to one of its members.</p>
        )}
      </section>
      <h2>Running and starting later</h2>
      {v.current.length ? <GrantList grants={v.current} base={base} /> : <p>No featured places are granted in your directory now.</p>}
      {v.ended.length ? (
        <>
          <h2>Ended</h2>
          <GrantList grants={v.ended} base={base} />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function AssociationGrantPage(v: { csrf: string; association: AssociationRef; grant: Grant; fields: AssociationGrantFields; problems: FieldProblem[]; notice?: AssociationGrantNotice | null }): JSX.Element {
  const g = v.grant;
  const base = `${featuredPath(v.association.slug)}/${g.id}`;
  return (
    <Layout title={`Featured: ${g.mediator.name}`} section="account" noindex>
      <Top a={v.association} notice={v.notice} problems={v.problems} />
      <p>
        <a href={featuredPath(v.association.slug)}>All featured members</a>
      </p>
      <h1 safe>{`Featured: ${g.mediator.name}`}</h1>
      <GrantFactsAndForms grant={g} action={base} csrf={v.csrf} fields={v.fields} problems={v.problems} />
    </Layout>
  );
}
