/**
 * The frame of a create/edit screen: title ("New team", "Edit ops"), the fields, the error summary,
 * Save and Cancel (back to the object, or to the list).
 */
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { unclaimed, type FieldErrors } from './errors';
import { FormErrors } from './field';
import { FormActions } from './form-actions';
import { PageHeader } from './page-header';
import { displayName, type ResourceKind } from './resource-kinds';
import { useSubmit, type Submitter } from './use-submit';

type Editable = { id: number } & ({ name: string } | { username: string });

/** A resource form's submit state, the object it edits (none: a new one) and how it saves. */
export interface ResourceForm extends Submitter {
  kind: ResourceKind;
  initial?: Editable;
  /** PATCH when editing, POST (with the fields only a new object takes) when new; then shows the object. */
  save(body: Record<string, unknown>, createOnly?: Record<string, unknown>): Promise<void>;
}

export function useResourceForm(kind: ResourceKind, initial: Editable | undefined): ResourceForm {
  const navigate = useNavigate();
  const s = useSubmit();
  const save = async (body: Record<string, unknown>, createOnly?: Record<string, unknown>) => {
    const saved = initial ? await api.patch<{ id: number }>(`${kind.api}/${initial.id}`, body) : await api.post<{ id: number }>(kind.api, { ...body, ...createOnly });
    navigate(`${kind.route}/${saved.id}`);
  };
  return { ...s, kind, initial, save };
}

export interface FormPageProps {
  form: ResourceForm;
  /** The create form's title (default "New <noun>"). */
  newTitle?: string;
  /** The client-side checks: put each problem in `errors` (nothing is sent while there is one). */
  validate(errors: FieldErrors): void;
  send(): Promise<void>;
  /** The request fields the form shows; API errors on any other field are listed under the form. */
  fields: readonly string[];
  children: ReactNode;
}

export function FormPage({ form: s, newTitle, validate, send, fields, children }: FormPageProps) {
  const navigate = useNavigate();
  const { kind, initial } = s;
  const title = initial ? `Edit ${displayName(initial)}` : (newTitle ?? `New ${kind.noun}`);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.submit(() => {
      const errors: FieldErrors = {};
      validate(errors);
      return errors;
    }, send);
  }
  return (
    <>
      <PageHeader title={title} />
      <form className="card form" onSubmit={submit} noValidate aria-label={title}>
        {children}
        <FormErrors message={s.message} fields={unclaimed(s.errors, fields)} />
        <FormActions busy={s.busy} onCancel={() => navigate(initial ? `${kind.route}/${initial.id}` : kind.route)} />
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
