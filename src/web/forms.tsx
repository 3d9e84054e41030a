import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from './http-error.ts';
import { attributeText } from './attribute-text.ts';

/** Pieces every account form shares: the CSRF field, the error summary, labelled fields. */

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** Field ids are `${prefix}${field}`, so two forms on one page can both have a password field. */
/** A page's one-line outcome: what was done (a status), or what went wrong (an alert); nothing without text. */
export function PageNotice({ text, error = false }: { text: string | null | undefined; error?: boolean }): JSX.Element {
  if (!text) return <></>;
  return (
    <div class={error ? 'notice notice-error' : 'notice'} role={error ? 'alert' : 'status'}>
      <p safe>{text}</p>
    </div>
  );
}

/** A GET filter form's buttons: "Filter", and a link back to the whole list once something is filtered. */
export function FilterButtons({ all, allText, filtered }: { all: string; allText: string; filtered: boolean }): JSX.Element {
  return (
    <div class="actions">
      <button class="button" type="submit">
        Filter
      </button>
      {filtered ? (
        <a href={all} safe>
          {allText}
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

export function ErrorSummary({ problems, prefix = '' }: { problems: FieldProblem[]; prefix?: string }): JSX.Element {
  if (!problems.length) return <></>;
  const titleId = `${prefix}error-summary-title`;
  return (
    <div class="notice notice-error error-summary" role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>There is a problem</h2>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${prefix}${p.field}`} safe>
              {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  hint?: string;
  problems?: FieldProblem[];
  prefix?: string;
  minlength?: number;
  maxlength?: number;
}

/** A field's label, hint and error message, tied to the control `id` by the ids they get. */
export function FieldLabel({ id, label, hint, error }: { id: string; label: string; hint?: string | undefined; error?: string | undefined }): JSX.Element {
  return (
    <>
      <label for={id} safe>
        {label}
      </label>
      {hint ? (
        <span class="hint" id={`${id}-hint`} safe>
          {hint}
        </span>
      ) : (
        ''
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function Field(p: FieldProps): JSX.Element {
  const id = `${p.prefix ?? ''}${p.name}`;
  const error = p.problems?.find((x) => x.field === p.name)?.message;
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <FieldLabel id={id} label={p.label} hint={p.hint} error={error} />
      <input
        id={id}
        name={p.name}
        type={p.type}
        autocomplete={p.autocomplete}
        value={p.type === 'password' ? undefined : attributeText(p.value ?? '')}
        required
        minlength={p.minlength}
        maxlength={p.maxlength ?? (p.type === 'email' ? 254 : 200)}
        spellcheck={p.type === 'text' ? undefined : 'false'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function Form(props: PropsWithChildren<{ action: string; csrf: string; submit: string; secondary?: boolean }>): JSX.Element {
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField token={props.csrf} />
      {props.children}
      <button class={props.secondary ? 'button button-secondary' : 'button'} type="submit" safe>
        {props.submit}
      </button>
    </form>
  );
}

/** A button that posts (with the CSRF token), for actions with nothing to type. */
export function PostButton(props: PropsWithChildren<{ action: string; csrf: string; label: string; secondary?: boolean }>): JSX.Element {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      {props.children}
      <button class={props.secondary ? 'button button-secondary' : 'button'} type="submit" safe>
        {props.label}
      </button>
    </form>
  );
}
