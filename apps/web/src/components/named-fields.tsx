/** The fields most forms start with: Name and Description, and the owning organization (set once, on create). */
import type { ReactNode } from 'react';
import type { FieldErrors } from './errors';
import { TextField } from './field';
import { ResourceSelect } from './resource-select';

export interface NameFieldsProps {
  name: string;
  onName(v: string): void;
  description: string;
  onDescription(v: string): void;
  errors: FieldErrors;
  nameHint?: ReactNode;
}

export function NameFields({ name, onName, description, onDescription, errors, nameHint }: NameFieldsProps) {
  return (
    <>
      <TextField label="Name" name="name" value={name} onChange={onName} error={errors['name']} required hint={nameHint} />
      <TextField label="Description" name="description" value={description} onChange={onDescription} error={errors['description']} />
    </>
  );
}

/** The organization select: required on create, fixed once the object exists. */
export function OrganizationField({ value, onChange, error, editing, hint }: { value: number | null; onChange(v: number | null): void; error?: string; editing: boolean; hint?: string }) {
  return <ResourceSelect label="Organization" name="organization" path="/organizations" value={value} onChange={onChange} error={error} required disabled={editing} hint={hint} />;
}
