/**
 * The frame of a create/edit screen: title ("New team", "Edit ops"), the fields, the error summary,
 * Save and Cancel (back to the object, or to the list).
 */
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { unclaimed, type FieldErrors } from './errors';
import { FormErrors } from './field';
import { PageHeader } from './page-header';
import { displayName, type ResourceKind } from './resource-kinds';
import type { Submitter } from './use-submit';

type Editable = { id: number } & ({ name: string } | { username: string });

export interface FormPageProps {
  kind: ResourceKind;
  /** The object edited; none for a new one. */
  initial?: Editable;
  /** The create form's title (default "New <noun>"). */
  newTitle?: string;
  submitter: Submitter;
  /** The client-side checks, then the request (see useSave). */
  validate(): FieldErrors;
  send(): Promise<void>;
  /** The request fields the form shows; API errors on any other field are listed under the form. */
  fields: readonly string[];
  children: ReactNode;
}

export function FormPage({ kind, initial, newTitle, submitter: s, validate, send, fields, children }: FormPageProps) {
  const navigate = useNavigate();
  const title = initial ? `Edit ${displayName(initial)}` : (newTitle ?? `New ${kind.noun}`);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.submit(validate, send);
  }
  return (
    <>
      <PageHeader title={title} />
      <form className="card form" onSubmit={submit} noValidate aria-label={title}>
        {children}
        <FormErrors message={s.message} fields={unclaimed(s.errors, fields)} />
        <div className="actions">
          <button type="submit" disabled={s.busy}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => navigate(initial ? `${kind.route}/${initial.id}` : kind.route)}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** Saves a form's object: PATCH when editing, POST (with the fields only a new one takes) when new; then shows it. */
export function useSave(kind: ResourceKind, initial: { id: number } | undefined): (body: Record<string, unknown>, createOnly?: Record<string, unknown>) => Promise<void> {
  const navigate = useNavigate();
  return async (body, createOnly) => {
    const saved = initial ? await api.patch<{ id: number }>(`${kind.api}/${initial.id}`, body) : await api.post<{ id: number }>(kind.api, { ...body, ...createOnly });
    navigate(`${kind.route}/${saved.id}`);
  };
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
