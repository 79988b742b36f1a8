/** Split a module argument string the way Ansible's split_args does: on whitespace, keeping
 * quoted strings and Jinja blocks ({{ }}, {% %}, {# #}) whole. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const two = s.slice(i, i + 2);
    if (quote === null && (two === '{{' || two === '{%' || two === '{#')) {
      depth++;
      cur += two;
      i++;
      continue;
    }
    if (quote === null && depth > 0 && (two === '}}' || two === '%}' || two === '#}')) {
      depth--;
      cur += two;
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < s.length && quote !== null) {
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if ((c === '"' || c === "'") && depth === 0) {
      if (quote === null) quote = c;
      else if (quote === c) quote = null;
      cur += c;
      continue;
    }
    if (/\s/.test(c) && quote === null && depth === 0) {
      if (cur !== '') out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (quote !== null || depth > 0) {
    throw new Error(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${s}`);
  }
  if (cur !== '') out.push(cur);
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    return v.slice(1, -1).replace(/\\(["'\\])/g, '$1');
  }
  return v;
}

/** Ansible's parse_kv: `a=1 b="x y"` → {a:'1', b:'x y'}. With checkRaw (free-form modules),
 * tokens that are not k=v, or whose key is not in `rawKeys`, stay in `_raw_params`. */
export function parseKv(s: string, checkRaw: boolean, rawKeys?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  const raw: string[] = [];
  for (const tok of splitArgs(s)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(tok);
    if (m && (!checkRaw || rawKeys?.has(m[1]!))) {
      out[m[1]!] = unquote(m[2]!);
    } else {
      raw.push(tok);
    }
  }
  if (raw.length > 0) out['_raw_params'] = raw.join(' ');
  return out;
}
