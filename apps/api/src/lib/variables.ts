/** Variables (inventory, host, group, extra vars): a JSON object, or YAML/JSON text holding a mapping. */
import { parse as parseYaml } from 'yaml';
import { invalid } from '../errors.js';

export function parseVariables(value: unknown, field: string): Record<string, unknown> {
  if (value === null || value === undefined || value === '') return {};
  let v = value;
  if (typeof value === 'string') {
    try {
      v = parseYaml(value, { maxAliasCount: 100, logLevel: 'silent' });
    } catch (e) {
      throw invalid({ [field]: `is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}` });
    }
    if (v === null || v === undefined) return {};
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid({ [field]: 'must be a mapping of variable names to values' });
  return v as Record<string, unknown>;
}
