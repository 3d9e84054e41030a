import { FieldLabel } from '../../web/forms.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { attributeText } from '../../web/attribute-text.ts';

/** Form fields the inquiry forms need beyond the account forms' (optional inputs, selects, text areas). */

interface Common {
  name: string;
  label: string;
  prefix: string;
  hint?: string;
  problems: FieldProblem[];
  required?: boolean;
}

function describe(p: Common) {
  const id = `${p.prefix}${p.name}`;
  const error = p.problems.find((x) => x.field === p.name)?.message;
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, error, describedBy: describedBy || undefined };
}

function Label({ p, id, error }: { p: Common; id: string; error: string | undefined }): JSX.Element {
  const optional = p.required === false ? ' (optional)' : '';
  return <FieldLabel id={id} label={`${p.label}${optional}`} hint={p.hint} error={error} />;
}

export function InputField(p: Common & { type: 'text' | 'email' | 'tel'; value: string; autocomplete: string; maxlength: number }): JSX.Element {
  const { id, error, describedBy } = describe(p);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <Label p={p} id={id} error={error} />
      <input
        id={id}
        name={p.name}
        type={p.type}
        autocomplete={p.autocomplete}
        value={attributeText(p.value)}
        required={p.required !== false}
        maxlength={p.maxlength}
        spellcheck={p.type === 'text' ? undefined : 'false'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function SelectField(p: Common & { value: string; options: { value: string; label: string }[] }): JSX.Element {
  const { id, error, describedBy } = describe(p);
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <Label p={p} id={id} error={error} />
      <select id={id} name={p.name} required={p.required !== false} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextAreaField(p: Common & { value: string; maxlength: number; rows?: number }): JSX.Element {
  const { id, error, describedBy } = describe(p);
  const value = p.value;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <Label p={p} id={id} error={error} />
      <textarea
        id={id}
        name={p.name}
        rows={String(p.rows ?? 8)}
        required={p.required !== false}
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        safe
      >
        {value}
      </textarea>
    </div>
  );
}
