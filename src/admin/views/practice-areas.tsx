import type { PracticeAreaUse } from '../../directory/practice-areas.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { CsrfField, ErrorSummary, PageNotice } from '../../web/forms.tsx';
import { TextField } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { plural } from '../../web/format.ts';
import { AREA_LIMITS } from '../schema.ts';

/** The admins' practice areas: the taxonomy search filters by, in its order. */

export const AREA_NOTICES = {
  added: 'The practice area is added at the end of the list. Members can choose it on their profiles, and search offers it at once.',
  saved: 'Saved. Search filters and profiles show the new name at once.',
  moved: 'Moved. Search filters list the areas in this order.',
  deleted: 'The practice area is deleted.',
} as const;
export type AreaNotice = keyof typeof AREA_NOTICES;

export interface AreasView {
  csrf: string;
  areas: PracticeAreaUse[];
  notice?: AreaNotice | null;
  /** A refused form: the area it was for ('' for the add form), what was typed and why. */
  refused?: { slug: string; typed: { name: string; description: string }; problems: FieldProblem[] } | null;
  problem?: string;
}

export function PracticeAreasPage(v: AreasView): JSX.Element {
  const refusedFor = (slug: string) => (v.refused?.slug === slug ? v.refused : null);
  const adding = refusedFor('');
  return (
    <Layout title="Practice areas" section="account" noindex>
      <AreaNav area="admin" current="areas" />
      <h1>Practice areas</h1>
      <p>The kinds of dispute members list on their profiles and visitors filter search by, in this order. A rename keeps the area's address in search links. An area no profile lists can be deleted.</p>
      <PageNotice text={v.notice ? AREA_NOTICES[v.notice] : null} />
      <PageNotice text={v.problem} error />
      <ol class="cards area-list">
        {v.areas.map((a, i) => {
          const mine = refusedFor(a.slug);
          const typed = mine?.typed ?? a;
          return (
            <li class="card area-card" id={`area-${a.slug}`}>
              <h2 safe>{a.name}</h2>
              <p class="muted" safe>{`${a.slug} · ${a.profiles ? `listed by ${plural(a.profiles, 'profile')}` : 'no profile lists it'}`}</p>
              <form method="post" action={`/admin/practice-areas/${a.slug}`} class="area-form" novalidate>
                <CsrfField token={v.csrf} />
                {mine ? <ErrorSummary problems={mine.problems} prefix={`${a.slug}-`} /> : ''}
                <div class="area-fields">
                  <AreaFields prefix={`${a.slug}-`} typed={typed} problems={mine?.problems ?? []} />
                </div>
                <button class="button button-secondary" type="submit">
                  Save <span class="visually-hidden" safe>{a.name}</span>
                </button>
              </form>
              <div class="order-buttons">
                {i > 0 ? <MoveButton csrf={v.csrf} area={a} direction="up" /> : ''}
                {i < v.areas.length - 1 ? <MoveButton csrf={v.csrf} area={a} direction="down" /> : ''}
                {a.profiles ? (
                  ''
                ) : (
                  <form method="post" action={`/admin/practice-areas/${a.slug}/delete`} class="inline-form">
                    <CsrfField token={v.csrf} />
                    <button class="button button-secondary" type="submit">
                      Delete <span class="visually-hidden" safe>{a.name}</span>
                    </button>
                  </form>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <h2 id="add">Add a practice area</h2>
      <form method="post" action="/admin/practice-areas" class="area-form" novalidate>
        <CsrfField token={v.csrf} />
        {adding ? <ErrorSummary problems={adding.problems} /> : ''}
        <AreaFields prefix="" typed={adding?.typed ?? { name: '', description: '' }} problems={adding?.problems ?? []} />
        <button class="button" type="submit">
          Add
        </button>
      </form>
    </Layout>
  );
}

/** Name and description; `prefix` keeps each card's ids apart (the field names stay the same). */
function AreaFields(v: { prefix: string; typed: { name: string; description: string }; problems: FieldProblem[] }): JSX.Element {
  const ided = v.problems.map((p) => ({ ...p, field: `${v.prefix}${p.field}` }));
  return (
    <>
      <TextField id={`${v.prefix}name`} name="name" label="Name" value={v.typed.name} problems={ided} maxlength={AREA_LIMITS.name} />
      <TextField id={`${v.prefix}description`} name="description" label="Description" value={v.typed.description} problems={ided} maxlength={AREA_LIMITS.description} />
    </>
  );
}

function MoveButton(v: { csrf: string; area: PracticeAreaUse; direction: 'up' | 'down' }): JSX.Element {
  return (
    <form method="post" action={`/admin/practice-areas/${v.area.slug}/reorder`} class="inline-form">
      <CsrfField token={v.csrf} />
      <input type="hidden" name="direction" value={v.direction} />
      <button class="button button-secondary" type="submit">
        {v.direction === 'up' ? 'Move up' : 'Move down'} <span class="visually-hidden" safe>{v.area.name}</span>
      </button>
    </form>
  );
}
