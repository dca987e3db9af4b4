// Labelled form controls with the field's validation message underneath.
import type { ReactNode } from 'react';

interface Base {
  label: string;
  error?: string | null;
  hint?: string;
  wide?: boolean;
}

export function Field({ label, error, hint, wide, children }: Base & { children: ReactNode }) {
  return (
    <label className={`field ${wide ? 'field-wide' : ''} ${error ? 'field-invalid' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !error && <span className="field-hint muted">{hint}</span>}
      {error && <span className="field-error" role="alert">{error}</span>}
    </label>
  );
}

export function TextInput(props: Base & { value: string; onChange: (v: string) => void; type?: string; placeholder?: string; readOnly?: boolean; name?: string }) {
  return (
    <Field {...props}>
      <input
        type={props.type ?? 'text'}
        name={props.name}
        value={props.value}
        placeholder={props.placeholder}
        readOnly={props.readOnly}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function TextArea(props: Base & { value: string; onChange: (v: string) => void; rows?: number; name?: string }) {
  return (
    <Field {...props}>
      <textarea name={props.name} rows={props.rows ?? 3} value={props.value} aria-invalid={props.error ? true : undefined} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}

export function Select<T extends string>(props: Base & { value: T; onChange: (v: T) => void; options: Array<{ value: T; label: string }>; name?: string }) {
  return (
    <Field {...props}>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </Field>
  );
}
