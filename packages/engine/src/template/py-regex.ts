// Python `re` on top of JS RegExp: pattern translation, sub() templates, findall/search/escape.

import { FilterError } from './errors.js';
import { tuple } from './py-types.js';

export interface RegexFlags {
  ignorecase?: boolean;
  multiline?: boolean;
  dotall?: boolean;
  sticky?: boolean;
  global?: boolean;
}

const cache = new Map<string, { source: string; flags: string; groups: number }>();

/** Translates a Python regular expression to a JS one. */
function translate(pattern: string): { source: string; flags: string; groups: number } {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let p = pattern;
  let flags = '';
  let verbose = false;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) {
      if (f === 'i' || f === 'm' || f === 's') flags += f;
      if (f === 'x') verbose = true;
    }
  }
  let out = '';
  let inClass = false;
  let groups = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new FilterError('bad escape (end of pattern)', 'error');
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (verbose && /\s/.test(c)) continue;
    if (verbose && c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (p.startsWith('(?P<', i)) {
        out += '(?<';
        i += 3;
        groups++;
        continue;
      }
      if (p.startsWith('(?P=', i)) {
        const end = p.indexOf(')', i);
        out += `\\k<${p.slice(i + 4, end)}>`;
        i = end;
        continue;
      }
      if (p.startsWith('(?#', i)) {
        i = p.indexOf(')', i);
        continue;
      }
      if (p[i + 1] !== '?' || p.startsWith('(?<', i) && p[i + 3] !== '=' && p[i + 3] !== '!') groups++;
      out += c;
      continue;
    }
    if (c === '$' && !flags.includes('m')) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  const r = { source: out, flags, groups };
  cache.set(pattern, r);
  return r;
}

export function compileRegex(pattern: string, f: RegexFlags = {}): RegExp {
  const t = translate(pattern);
  let flags = t.flags;
  if (f.ignorecase && !flags.includes('i')) flags += 'i';
  if (f.multiline && !flags.includes('m')) flags += 'm';
  if (f.dotall && !flags.includes('s')) flags += 's';
  if (f.global) flags += 'g';
  if (f.sticky) flags += 'y';
  let source = t.source;
  if (f.multiline && !t.flags.includes('m')) source = translateDollarBack(pattern, t.source);
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new FilterError(`re.error: ${(e as Error).message}`, 'error');
  }
}

/** With MULTILINE the Python `$` behaves like JS `$` with the m flag: undo our end-anchor rewrite. */
function translateDollarBack(_pattern: string, source: string): string {
  return source.split('(?=\\n?(?![\\s\\S]))').join('$');
}

type Part = string | number;

/** Parses a Python re.sub replacement template into literal strings and group references. */
function parseTemplate(repl: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = repl[i + 1];
    if (n === undefined) throw new FilterError('bad escape (end of pattern)', 'error');
    if (/\d/.test(n)) {
      let j = i + 1;
      let digits = '';
      while (j < repl.length && digits.length < 2 && /\d/.test(repl[j])) digits += repl[j++];
      if (digits.length === 1 || !/^[0-7]{3}/.test(repl.slice(i + 1, i + 4))) {
        if (lit) parts.push(lit);
        lit = '';
        parts.push(parseInt(digits, 10));
        i = j - 1;
        continue;
      }
      lit += String.fromCharCode(parseInt(repl.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(repl.slice(i + 2));
      if (!m) throw new FilterError('missing <', 'error');
      if (lit) parts.push(lit);
      lit = '';
      parts.push(/^\d+$/.test(m[1]) ? parseInt(m[1], 10) : `\u0000${m[1]}`);
      i += 2 + m[0].length - 1;
      continue;
    }
    const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
    if (esc[n] !== undefined) lit += esc[n];
    else if (/[A-Za-z]/.test(n)) throw new FilterError(`bad escape \\${n} at position ${i}`, 'error');
    else lit += `\\${n}`;
    i++;
  }
  if (lit) parts.push(lit);
  return parts;
}

/** re.sub(pattern, repl, s, count=0, flags) */
export function reSub(pattern: string, repl: string, s: string, flags: RegexFlags = {}, count = 0): string {
  const re = compileRegex(pattern, { ...flags, global: true });
  const parts = parseTemplate(repl);
  let n = 0;
  return s.replace(re, (...args: unknown[]) => {
    if (count > 0 && n >= count) return args[0] as string;
    n++;
    const hasNamed = typeof args[args.length - 1] === 'object' && args[args.length - 1] !== null;
    const named = (hasNamed ? args[args.length - 1] : {}) as Record<string, string | undefined>;
    const groups = args.slice(1, hasNamed ? -3 : -2) as (string | undefined)[];
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        if (p.startsWith('\u0000')) {
          const name = p.slice(1);
          if (!(name in named)) throw new FilterError(`unknown group name '${name}'`, 'IndexError');
          out += named[name] ?? '';
        } else out += p;
      } else if (p === 0) out += args[0] as string;
      else {
        if (p > groups.length) throw new FilterError(`invalid group reference ${p}`, 'error');
        out += groups[p - 1] ?? '';
      }
    }
    return out;
  });
}

/** re.findall */
export function reFindall(pattern: string, s: string, flags: RegexFlags = {}): unknown[] {
  const re = compileRegex(pattern, { ...flags, global: true });
  const out: unknown[] = [];
  for (const m of s.matchAll(re)) {
    const groups = m.slice(1);
    if (!groups.length) out.push(m[0]);
    else if (groups.length === 1) out.push(groups[0] ?? '');
    else out.push(tuple(groups.map((g) => g ?? '')));
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

/** re.search; returns the match array or null. */
export function reSearch(pattern: string, s: string, flags: RegexFlags = {}): RegExpExecArray | null {
  return compileRegex(pattern, flags).exec(s);
}

/** Python 3.7+ re.escape. */
export function reEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`);
}
