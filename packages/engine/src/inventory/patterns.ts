/**
 * Host pattern syntax, as ansible-core 2.14's InventoryManager reads it
 * (split_host_pattern, order_patterns, PATTERN_WITH_SUBSCRIPT and _match_list in ansible/inventory/manager.py).
 */
import { parseAddress } from './address.js';

/** split_host_pattern(): 'a,b[1], c[2:3] , d' -> ['a', 'b[1]', 'c[2:3]', 'd']; ':' also separates. */
export function splitHostPattern(pattern: string | readonly string[]): string[] {
  if (typeof pattern !== 'string') return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) {
    parts = pattern.split(',');
  } else if (parseAddress(pattern, true).ok) {
    // a single host, IPv6 address or host range, whose colons are not separators
    parts = [pattern];
  } else {
    parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  }
  return parts.map((p) => pyStrip(p)).filter((p) => p !== '');
}

/** Python str.strip() (Unicode whitespace). */
export function pyStrip(s: string): string {
  return s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, '');
}

/** order_patterns(): plain patterns first, then '&' ones, then '!' ones; only modifiers means 'all' first. */
export function orderPatterns(patterns: readonly string[]): string[] {
  const regular: string[] = [];
  const intersection: string[] = [];
  const exclude: string[] = [];
  for (const p of patterns) {
    if (!p) continue;
    if (p[0] === '!') exclude.push(p);
    else if (p[0] === '&') intersection.push(p);
    else regular.push(p);
  }
  if (regular.length === 0) regular.push('all');
  return [...regular, ...intersection, ...exclude];
}

export interface Subscript {
  start: number;
  /** undefined: a single index */
  end: number | undefined;
  /** written as the removed [x-y] form (Ansible warns) */
  dash: boolean;
}

const PATTERN_WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

/** _split_subscript(): 'web[0:2]' -> ('web', 0..2); regex patterns ('~...') never have one. */
export function splitSubscript(pattern: string): { expr: string; subscript: Subscript | undefined } {
  if (pattern[0] === '~') return { expr: pattern, subscript: undefined };
  const m = PATTERN_WITH_SUBSCRIPT.exec(pattern);
  if (!m) return { expr: pattern, subscript: undefined };
  const [, expr, idx, start, sep, end] = m;
  if (idx !== undefined) return { expr: expr!, subscript: { start: Number(idx), end: undefined, dash: false } };
  return { expr: expr!, subscript: { start: Number(start), end: end ? Number(end) : -1, dash: sep === '-' } };
}

/**
 * _apply_subscript(): Python slicing with an inclusive end; [x:] runs to the end, and [x:0] (a falsy end)
 * selects a single host like [x]. Returns undefined where Python raises IndexError.
 */
export function applySubscript<T>(items: readonly T[], sub: Subscript | undefined): T[] | undefined {
  if (items.length === 0 || !sub) return [...items];
  const { start } = sub;
  let { end } = sub;
  if (end) {
    if (end === -1) end = items.length - 1;
    return pySlice(items, start, end + 1);
  }
  const i = start < 0 ? items.length + start : start;
  if (i < 0 || i >= items.length) return undefined;
  return [items[i]!];
}

function pySlice<T>(items: readonly T[], start: number, stop: number): T[] {
  const n = items.length;
  const norm = (x: number): number => (x < 0 ? Math.max(0, n + x) : Math.min(x, n));
  return items.slice(norm(start), norm(stop));
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\/-]/g;

/** Python 3.11 fnmatch.translate(), as a JS regular expression matched against the whole name. */
export function fnmatchToRegExp(pat: string): RegExp {
  const res: string[] = [];
  const STAR = '\u0000STAR';
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i]!;
    i++;
    if (c === '*') {
      if (res.length === 0 || res[res.length - 1] !== STAR) res.push(STAR);
    } else if (c === '?') {
      res.push('.');
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        res.push('\\[');
        continue;
      }
      let stuff = pat.slice(i, j);
      if (!stuff.includes('-')) {
        stuff = stuff.replace(/\\/g, '\\\\');
      } else {
        const chunks: string[] = [];
        let k = pat[i] === '!' ? i + 2 : i + 1;
        for (;;) {
          k = pat.indexOf('-', k);
          if (k < 0 || k >= j) break;
          chunks.push(pat.slice(i, k));
          i = k + 1;
          k = k + 3;
        }
        const chunk = pat.slice(i, j);
        if (chunk) chunks.push(chunk);
        else chunks[chunks.length - 1] += '-';
        for (let m = chunks.length - 1; m > 0; m--) {
          const prev = chunks[m - 1]!;
          const cur = chunks[m]!;
          if (prev[prev.length - 1]! > cur[0]!) {
            chunks[m - 1] = prev.slice(0, -1) + cur.slice(1);
            chunks.splice(m, 1);
          }
        }
        stuff = chunks.map((s) => s.replace(/\\/g, '\\\\').replace(/-/g, '\\-')).join('-');
      }
      stuff = stuff.replace(/([&~|])/g, '\\$1');
      i = j + 1;
      if (!stuff) res.push('(?!)');
      else if (stuff === '!') res.push('.');
      else {
        if (stuff[0] === '!') stuff = '^' + stuff.slice(1);
        else if (stuff[0] === '^' || stuff[0] === '[') stuff = '\\' + stuff;
        // A ']' in the set is literal in Python (it can only come first); JS needs it escaped.
        res.push(`[${stuff.replace(/]/g, '\\]')}]`);
      }
    } else {
      res.push(c.replace(REGEX_SPECIALS, '\\$&'));
    }
  }
  const body = res.map((r) => (r === STAR ? '.*' : r)).join('');
  return new RegExp(`^(?:${body})$`, 's');
}

/**
 * A '~regex' host pattern: Python's re.match (anchored at the start only). Python-only syntax that
 * JS lacks is translated where simple ((?P<n>...), (?P=n), \A, \Z, a leading (?i)).
 * Returns undefined for an invalid expression.
 */
export function pythonRegExp(src: string): RegExp | undefined {
  let flags = '';
  let body = src;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (lead) {
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('s')) flags += 's';
    if (lead[1]!.includes('m')) flags += 'm';
    body = body.slice(lead[0].length);
  }
  body = body
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(`^(?:${body})`, flags);
  } catch {
    return undefined;
  }
}
