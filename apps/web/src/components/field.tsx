/**
 * Form fields: a label named exactly as the field, the control, an optional hint, and the error the
 * client check or the API gave for it (role=alert, tied to the control by aria-describedby and
 * aria-invalid). The "required" mark sits outside the label so the accessible name stays the field's name.
 */
import { useId, type ReactNode } from 'react';

interface Base {
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** The request field this input sends (the `name` attribute). */
  name?: string;
}

interface Ids {
  id: string;
  describedBy: string | undefined;
  errorId: string;
  hintId: string;
}

function useIds(error: string | undefined, hint: ReactNode): Ids {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const parts = [error ? errorId : '', hint ? hintId : ''].filter(Boolean);
  return { id, errorId, hintId, describedBy: parts.length ? parts.join(' ') : undefined };
}

function Extras({ ids, error, hint }: { ids: Ids; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={ids.hintId} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={ids.errorId} role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </>
  );
}

function Label({ ids, label, required }: { ids: Ids; label: string; required?: boolean }) {
  return (
    <span className="field-label">
      <label htmlFor={ids.id}>{label}</label>
      {required ? (
        <span className="req" aria-hidden="true">
          required
        </span>
      ) : null}
    </span>
  );
}

export interface TextFieldProps extends Base {
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  type?: 'text' | 'password' | 'number' | 'email' | 'url' | 'search';
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  autoComplete?: string;
  min?: number;
  max?: number;
  step?: string;
  monospace?: boolean;
}

export function TextField(p: TextFieldProps) {
  const ids = useIds(p.error, p.hint);
  const common = {
    id: ids.id,
    name: p.name,
    value: p.value,
    disabled: p.disabled,
    placeholder: p.placeholder,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': ids.describedBy,
    'aria-required': p.required ? true : undefined,
    onBlur: p.onBlur,
    className: p.monospace ? 'mono' : undefined,
  };
  return (
    <div className={`field${p.error ? ' has-error' : ''}`}>
      <Label ids={ids} label={p.label} required={p.required} />
      {p.multiline ? (
        <textarea {...common} rows={p.rows ?? 4} spellCheck={false} onChange={(e) => p.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          autoComplete={p.autoComplete ?? (p.type === 'password' ? 'new-password' : 'off')}
          min={p.min}
          max={p.max}
          step={p.step}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
      <Extras ids={ids} error={p.error} hint={p.hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Base {
  value: string;
  onChange(value: string): void;
  options: readonly Option[];
}

export function SelectField(p: SelectFieldProps) {
  const ids = useIds(p.error, p.hint);
  return (
    <div className={`field${p.error ? ' has-error' : ''}`}>
      <Label ids={ids} label={p.label} required={p.required} />
      <select
        id={ids.id}
        name={p.name}
        value={p.value}
        disabled={p.disabled}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={ids.describedBy}
        aria-required={p.required ? true : undefined}
        onChange={(e) => p.onChange(e.target.value)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Extras ids={ids} error={p.error} hint={p.hint} />
    </div>
  );
}

export interface CheckboxFieldProps extends Omit<Base, 'required'> {
  checked: boolean;
  onChange(checked: boolean): void;
}

export function CheckboxField(p: CheckboxFieldProps) {
  const ids = useIds(p.error, p.hint);
  return (
    <div className={`field checkbox${p.error ? ' has-error' : ''}`}>
      <span className="field-label">
        <input
          id={ids.id}
          type="checkbox"
          name={p.name}
          checked={p.checked}
          disabled={p.disabled}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={ids.describedBy}
          onChange={(e) => p.onChange(e.target.checked)}
        />
        <label htmlFor={ids.id}>{p.label}</label>
      </span>
      <Extras ids={ids} error={p.error} hint={p.hint} />
    </div>
  );
}

/** The form's own message and any API field errors no input on the form shows. */
export function FormErrors({ message, fields }: { message?: string; fields?: Record<string, string> }) {
  const rest = Object.entries(fields ?? {});
  if (!message && rest.length === 0) return null;
  return (
    <div role="alert" className="form-errors">
      {message ? <p>{message}</p> : null}
      {rest.length ? (
        <ul>
          {rest.map(([k, v]) => (
            <li key={k}>
              <code>{k}</code>: {v}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
