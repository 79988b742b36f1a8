/** Python's json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent): the text
 * Ansible's callbacks print for results. */
export function pyJsonDumps(value: unknown, indent?: number): string {
  return dump(value, indent, 0);
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

function dump(v: unknown, indent: number | undefined, level: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return JSON.stringify(v);
  const pad = (l: number) => (indent === undefined ? '' : '\n' + ' '.repeat(indent * l));
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${pad(level + 1)}${v.map((x) => dump(x, indent, level + 1)).join(sep + pad(level + 1))}${pad(level)}]`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
    if (keys.length === 0) return '{}';
    const parts = keys.map((k) => `${JSON.stringify(k)}: ${dump((v as Record<string, unknown>)[k], indent, level + 1)}`);
    return `{${pad(level + 1)}${parts.join(sep + pad(level + 1))}${pad(level)}}`;
  }
  return JSON.stringify(String(v));
}
