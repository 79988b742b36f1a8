/** A select of API objects (up to 200, by name), e.g. the organization or inventory of a form. */
import type { Page, Query } from '../api/client';
import { SelectField, type Option } from './field';
import { useFetch } from './use-fetch';

export interface ResourceSelectProps {
  label: string;
  /** API collection, e.g. /organizations */
  path: string;
  query?: Query;
  value: number | null;
  onChange(value: number | null): void;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  hint?: string;
  /** Text of the "nothing chosen" option. */
  emptyLabel?: string;
  name?: string;
  /** Field that names an object (default name). */
  nameField?: string;
}

export function ResourceSelect(p: ResourceSelectProps) {
  const list = useFetch<Page<Record<string, unknown> & { id: number }>>(p.path, { page_size: 200, order_by: p.nameField ?? 'name', ...p.query });
  const rows = list.data?.results ?? [];
  const options: Option[] = [{ value: '', label: p.emptyLabel ?? (list.loading ? 'Loading…' : 'Choose…') }];
  for (const r of rows) options.push({ value: String(r.id), label: String(r[p.nameField ?? 'name'] ?? r.id) });
  if (p.value !== null && !rows.some((r) => r.id === p.value)) options.push({ value: String(p.value), label: `#${p.value}` });
  return (
    <SelectField
      label={p.label}
      name={p.name}
      value={p.value === null ? '' : String(p.value)}
      onChange={(v) => p.onChange(v === '' ? null : Number(v))}
      options={options}
      error={p.error ?? list.error}
      required={p.required}
      disabled={p.disabled}
      hint={p.hint}
    />
  );
}
