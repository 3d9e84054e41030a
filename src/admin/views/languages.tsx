import type { LanguageUse } from '../../directory/languages.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { CsrfField, ErrorSummary, PageNotice } from '../../web/forms.tsx';
import { TextField } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { plural } from '../../web/format.ts';
import { LANGUAGE_LIMITS } from '../schema.ts';

/** The admins' languages: what members list on profiles and visitors filter search by. */

export const LANGUAGE_NOTICES = {
  added: 'The language is added. Members can choose it on their profiles, and search offers it at once.',
  saved: 'Saved. Search filters, cards and profiles show the new name at once.',
  hidden: 'Hidden. Search filters and the profile form no longer offer it; profiles that list it still show it.',
  shown: 'Shown again. Search filters and the profile form offer it.',
  deleted: 'The language is deleted.',
} as const;
export type LanguageNotice = keyof typeof LANGUAGE_NOTICES;

export interface LanguagesView {
  csrf: string;
  languages: LanguageUse[];
  notice?: LanguageNotice | null;
  /** A refused form: the language it was for ('' for the add form), what was typed and why. */
  refused?: { code: string; typed: { code: string; name: string }; problems: FieldProblem[] } | null;
  problem?: string;
}

export function LanguagesPage(v: LanguagesView): JSX.Element {
  const refusedFor = (code: string) => (v.refused?.code === code ? v.refused : null);
  const adding = refusedFor('');
  const addTyped = adding?.typed ?? { code: '', name: '' };
  return (
    <Layout title="Languages" section="account" noindex>
      <AreaNav area="admin" current="languages" />
      <h1>Languages</h1>
      <p>
        The languages members list on their profiles and visitors filter search by, in alphabetical order. A rename keeps the language's code, so search links and profiles keep it. A hidden language
        is offered neither in search filters nor in the profile form, but stays on the profiles that list it. A language no profile lists can be deleted.
      </p>
      <PageNotice text={v.notice ? LANGUAGE_NOTICES[v.notice] : null} />
      <PageNotice text={v.problem} error />
      <h2 id="add">Add a language</h2>
      <form method="post" action="/admin/languages" class="area-form" novalidate>
        <CsrfField token={v.csrf} />
        {adding ? <ErrorSummary problems={adding.problems} /> : ''}
        <div class="area-fields language-add">
          <TextField id="code" name="code" label="Code" hint="ISO 639: 2 letters (pt), or 3 (yue; asl for American Sign Language)" value={addTyped.code} problems={adding?.problems ?? []} maxlength={3} />
          <TextField id="name" name="name" label="Name in English" value={addTyped.name} problems={adding?.problems ?? []} maxlength={LANGUAGE_LIMITS.name} />
        </div>
        <button class="button" type="submit">
          Add
        </button>
      </form>
      <h2>All languages</h2>
      <ul class="cards area-list">
        {v.languages.map((l) => {
          const mine = refusedFor(l.code);
          const ided = (mine?.problems ?? []).map((p) => ({ ...p, field: `${l.code}-${p.field}` }));
          const use = l.profiles ? `listed by ${plural(l.profiles, 'profile')}, so it cannot be deleted` : 'no profile lists it';
          return (
            <li class="card area-card" id={`language-${l.code}`}>
              <h2 safe>{l.name}</h2>
              <p class="muted" safe>{`${l.code} · ${use}${l.hidden ? ' · hidden from search filters and the profile form' : ''}`}</p>
              <form method="post" action={`/admin/languages/${l.code}`} class="language-rename" novalidate>
                <CsrfField token={v.csrf} />
                {mine ? <ErrorSummary problems={mine.problems} prefix={`${l.code}-`} /> : ''}
                <TextField id={`${l.code}-name`} name="name" label="Name" value={mine?.typed.name ?? l.name} problems={ided} maxlength={LANGUAGE_LIMITS.name} />
                <button class="button button-secondary" type="submit">
                  Rename <span class="visually-hidden" safe>{l.name}</span>
                </button>
              </form>
              <div class="order-buttons language-actions">
                <form method="post" action={`/admin/languages/${l.code}/${l.hidden ? 'show' : 'hide'}`} class="inline-form">
                  <CsrfField token={v.csrf} />
                  <button class="button button-secondary" type="submit">
                    {l.hidden ? 'Show again' : 'Hide'} <span class="visually-hidden" safe>{l.name}</span>
                  </button>
                </form>
                {l.profiles ? (
                  ''
                ) : (
                  <form method="post" action={`/admin/languages/${l.code}/delete`} class="inline-form">
                    <CsrfField token={v.csrf} />
                    <button class="button button-secondary" type="submit">
                      Delete <span class="visually-hidden" safe>{l.name}</span>
                    </button>
                  </form>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
