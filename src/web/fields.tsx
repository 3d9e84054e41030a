import { FieldLabel } from './forms.tsx';
import type { FieldProblem } from './http-error.ts';
import { attributeText } from './attribute-text.ts';
import { COUNTRY_CHOICES, countryName, REGION_CHOICES } from '../geo/places.ts';

/**
 * Labelled inputs for the long member forms. The field's id is its name, so the error summary's
 * links (#name) land on it; a problem is shown above the input and tied to it by aria-describedby.
 */

const problemFor = (problems: FieldProblem[], id: string) => problems.find((p) => p.field === id)?.message;

function described(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function ErrorLine({ id, error }: { id: string; error?: string }): JSX.Element {
  if (!error) return <></>;
  return (
    <p class="field-error" id={`${id}-error`}>
      <span class="visually-hidden">Error: </span>
      <span safe>{error}</span>
    </p>
  );
}

export interface TextFieldProps {
  name: string;
  /** The input's id when several forms on a page share a field name; else the name. */
  id?: string;
  label: string;
  value: string;
  problems: FieldProblem[];
  hint?: string;
  maxlength?: number;
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'text';
  /** Marks inputs the office map script watches. */
  data?: string;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  autofocus?: boolean;
}

export function TextField(p: TextFieldProps): JSX.Element {
  const id = p.id ?? p.name;
  const error = problemFor(p.problems, id);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={id} label={p.label} hint={p.hint} error={error} />
      <input
        id={id}
        name={p.name}
        type="text"
        value={attributeText(p.value)}
        maxlength={p.maxlength}
        inputmode={p.inputmode}
        autocomplete={p.autocomplete ?? 'off'}
        required={p.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, p.hint, error)}
        data-place={p.data}
        list={p.list}
        autofocus={p.autofocus}
      />
    </div>
  );
}

/** An image upload (JPEG, PNG or WebP), its label, hint and problem tied to it as TextField does. */
export function ImageField(p: { name: string; label: string; hint: string; error?: string }): JSX.Element {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={p.name} label={p.label} hint={p.hint} error={p.error} />
      <input
        id={p.name}
        name={p.name}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described(p.name, p.hint, p.error)}
      />
    </div>
  );
}

export function TextArea(p: { name: string; label: string; value: string; problems: FieldProblem[]; hint?: string; maxlength: number; rows?: number }): JSX.Element {
  const error = problemFor(p.problems, p.name);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={p.name} label={p.label} hint={p.hint} error={error} />
      <textarea
        id={p.name}
        name={p.name}
        rows={String(p.rows ?? 8)}
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(p.name, p.hint, error)}
        safe
      >
        {p.value}
      </textarea>
    </div>
  );
}

export function Select(p: { name: string; label: string; value: string; options: readonly (readonly [string, string])[]; problems: FieldProblem[]; hint?: string }): JSX.Element {
  const error = problemFor(p.problems, p.name);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={p.name} label={p.label} hint={p.hint} error={error} />
      <select id={p.name} name={p.name} aria-invalid={error ? 'true' : undefined} aria-describedby={described(p.name, p.hint, error)}>
        {p.options.map(([value, text]) => (
          <option value={value} selected={value === p.value} safe>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes; the fieldset carries the group's id, for the error summary's link. */
export function Checks(p: { name: string; legend: string; options: readonly (readonly [string, string])[]; chosen: string[]; problems: FieldProblem[]; hint?: string }): JSX.Element {
  const error = problemFor(p.problems, p.name);
  return (
    <fieldset id={p.name} tabindex="-1" aria-describedby={described(p.name, p.hint, error)}>
      <legend safe>{p.legend}</legend>
      {p.hint ? (
        <span class="hint" id={`${p.name}-hint`} safe>
          {p.hint}
        </span>
      ) : (
        ''
      )}
      <ErrorLine id={p.name} error={error} />
      <div class="checks checks-columns">
        {p.options.map(([value, text]) => (
          <label class="check">
            <input type="checkbox" name={p.name} value={value} checked={p.chosen.includes(value)} />
            <span safe>{text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Check(p: { name: string; label: string; checked: boolean }): JSX.Element {
  return (
    <label class="check">
      <input type="checkbox" id={p.name} name={p.name} value="1" checked={p.checked} />
      <span safe>{p.label}</span>
    </label>
  );
}

/** A country chosen by name; the value sent is its ISO code, as before. */
export function CountrySelect(p: { name: string; label: string; value: string; problems: FieldProblem[]; hint?: string; emptyLabel: string }): JSX.Element {
  const known = COUNTRY_CHOICES.some(([code]) => code === p.value);
  const options: (readonly [string, string])[] = [['', p.emptyLabel], ...(p.value && !known ? [[p.value, p.value] as const] : []), ...COUNTRY_CHOICES];
  const error = problemFor(p.problems, p.name);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={p.name} label={p.label} hint={p.hint} error={error} />
      <select id={p.name} name={p.name} autocomplete="off" data-country aria-invalid={error ? 'true' : undefined} aria-describedby={described(p.name, p.hint, error)}>
        {options.map(([value, text]) => (
          <option value={value} selected={value === p.value} safe>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A state, province or nation chosen by name, in a group per country we know the regions of; the
 * profile script shows only the chosen country's group. A code saved before that is in no list is
 * kept as a choice of its own, so saving the form never changes it silently.
 */
export function RegionSelect(p: { name: string; label: string; value: string; country: string; problems: FieldProblem[]; hint?: string }): JSX.Element {
  // Codes repeat across countries (WA, NT): the chosen country's group holds the selected one.
  const holder = REGION_CHOICES.find(([country, regions]) => country === p.country && regions.some(([code]) => code === p.value))?.[0] ??
    REGION_CHOICES.find(([, regions]) => regions.some(([code]) => code === p.value))?.[0];
  const known = holder !== undefined;
  const error = problemFor(p.problems, p.name);
  return (
    <div class={error ? 'field field-invalid' : 'field'} data-region-field>
      <FieldLabel id={p.name} label={p.label} hint={p.hint} error={error} />
      <select id={p.name} name={p.name} data-region aria-invalid={error ? 'true' : undefined} aria-describedby={described(p.name, p.hint, error)}>
        <option value="" selected={p.value === ''}>
          None, or not listed
        </option>
        {p.value && !known ? (
          <option value={p.value} selected safe>
            {p.value}
          </option>
        ) : (
          ''
        )}
        {REGION_CHOICES.map(([country, regions]) => {
          const groupLabel = countryName(country);
          return (
            <optgroup label={groupLabel} data-country={country}>
              {regions.map(([code, name]) => (
                <option value={code} selected={country === holder && code === p.value} safe>
                  {name}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </div>
  );
}
