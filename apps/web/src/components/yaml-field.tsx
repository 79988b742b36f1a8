/**
 * Variables as YAML (or JSON) text: checked with the `yaml` package as the user leaves the field and
 * before the form is sent. Empty text means no variables.
 */
import { useState } from 'react';
import { parse, stringify } from 'yaml';
import { TextField } from './field';

export type YamlResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Parses variables text: a mapping (or nothing). */
export function parseYamlMapping(text: string): YamlResult {
  if (!text.trim()) return { ok: true, value: {} };
  let v: unknown;
  try {
    v = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    const first = e instanceof Error ? e.message.split('\n')[0] : 'cannot be parsed';
    return { ok: false, error: `is not valid YAML: ${first}` };
  }
  if (v === null || v === undefined) return { ok: true, value: {} };
  if (typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'must be a mapping of variable names to values' };
  return { ok: true, value: v as Record<string, unknown> };
}

export function yamlError(text: string): string | undefined {
  const r = parseYamlMapping(text);
  return r.ok ? undefined : r.error;
}

/** Variables object to editable YAML text ('' for none). */
export function toYaml(vars: Record<string, unknown> | null | undefined): string {
  if (!vars || Object.keys(vars).length === 0) return '';
  return stringify(vars);
}

export interface YamlFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** An error from the form (client check or API). */
  error?: string;
  name?: string;
  rows?: number;
}

export function YamlField({ label, value, onChange, error, name, rows }: YamlFieldProps) {
  const [syntax, setSyntax] = useState<string | undefined>(undefined);
  return (
    <TextField
      label={label}
      name={name}
      value={value}
      multiline
      monospace
      rows={rows ?? 6}
      hint="YAML or JSON: a mapping of variable names to values"
      error={error ?? syntax}
      onChange={(v) => {
        onChange(v);
        if (syntax) setSyntax(yamlError(v));
      }}
      onBlur={() => setSyntax(yamlError(value))}
    />
  );
}
