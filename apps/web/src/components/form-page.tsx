/** The frame of a create/edit screen: title, the fields, the error summary, Save and Cancel. */
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { FormErrors } from './field';
import { PageHeader } from './page-header';

export interface FormPageProps {
  title: string;
  onSubmit(): void;
  busy: boolean;
  message?: string;
  /** API field errors no field of the form shows */
  otherErrors?: Record<string, string>;
  /** Where Cancel goes */
  cancelTo: string;
  children: ReactNode;
}

export function FormPage({ title, onSubmit, busy, message, otherErrors, cancelTo, children }: FormPageProps) {
  const navigate = useNavigate();
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <>
      <PageHeader title={title} />
      <form className="card form" onSubmit={submit} noValidate aria-label={title}>
        {children}
        <FormErrors message={message} fields={otherErrors} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => navigate(cancelTo)}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** Required-text check for forms. */
export function requireText(errors: Record<string, string>, field: string, value: string, label = 'This field'): void {
  if (!value.trim()) errors[field] = `${label} is required`;
}

/** Integer check (with bounds) for number inputs kept as text. */
export function requireInt(errors: Record<string, string>, field: string, value: string, min: number, max: number): void {
  const t = value.trim();
  if (!/^-?\d+$/.test(t)) {
    errors[field] = 'must be a whole number';
    return;
  }
  const n = Number(t);
  if (n < min || n > max) errors[field] = `must be between ${min} and ${max}`;
}
