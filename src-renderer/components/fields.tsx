// Labelled form controls with the field's validation message underneath.
import { useState, type ReactNode } from 'react';
import { DATE_INPUT_HINT, normalizeTypedDate, typedDateProblem } from '../../src-main/core/vocabulary/japan-time';

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

/**
 * A calendar date, typed as the app asks for dates (2026-12-01; 2026/12/1, full-width digits and
 * 2026年12月1日 are read too). Not the browser's date field: empty, that shows the system
 * locale's own pattern (年/月/日, yyyy/mm/dd, mm/dd/yyyy), not a hint in the app's words. What is
 * typed stays as typed; the value handed out is YYYY-MM-DD once the text is a real date, else the
 * text itself, which the field (unless the caller names its own error) and the core refuse in Japanese.
 */
export function DateInput(props: Base & { value: string; onChange: (v: string) => void; name?: string; testId?: string }) {
  const [text, setText] = useState(props.value);
  // A value set from outside (a reset, another record) replaces the text, unless it is what the text means.
  if (props.value !== (normalizeTypedDate(text) ?? text)) setText(props.value);
  const error = props.error ?? typedDateProblem(props.label, text);
  return (
    <Field {...props} error={error}>
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        name={props.name}
        data-testid={props.testId}
        value={text}
        placeholder={DATE_INPUT_HINT}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(normalizeTypedDate(e.target.value) ?? e.target.value);
        }}
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
