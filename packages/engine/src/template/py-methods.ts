// Python methods of str, list, tuple and dict values (what Jinja2 exposes through getattr).

import { PyTypeError, PyValueError } from './errors.js';
import { bind, parseSig, type Sig } from './py-args.js';
import { strFormat } from './py-format.js';
import { pyRepr } from './py-repr.js';
import { iterate, pyCmp, pyEq, truthy } from './py-ops.js';
import {
  MISSING,
  PyFunction,
  TUPLE,
  Undefined,
  VIEW,
  dictKey,
  dictSet,
  isDict,
  toNum,
  tuple,
  typeName,
  view,
  type PyDict,
  type PyList,
} from './py-types.js';

type Impl = (self: never, ...args: never[]) => unknown;
interface Method {
  sig: Sig;
  impl: Impl;
}

function table(defs: Record<string, [string, Impl]>): Map<string, Method> {
  const m = new Map<string, Method>();
  for (const [name, [spec, impl]] of Object.entries(defs)) m.set(name, { sig: parseSig(name, spec), impl });
  return m;
}

// Accessors injected by the runtime (avoids an import cycle).
let access: { getattr(o: unknown, n: string): unknown; getitem(o: unknown, k: unknown): unknown } = {
  getattr: () => undefined,
  getitem: () => undefined,
};
export function setAccess(a: typeof access): void {
  access = a;
}

const PY_WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function isWs(c: string): boolean {
  return PY_WS.includes(c);
}

export function pyStrip(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  const set = chars === null || chars === undefined ? null : chars;
  const test = (c: string) => (set === null ? isWs(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && test(s[a])) a++;
  if (right) while (b > a && test(s[b - 1])) b--;
  return s.slice(a, b);
}

export function pySplit(s: string, sep: string | null | undefined, maxsplit: number): string[] {
  if (sep === null || sep === undefined) {
    const out: string[] = [];
    let i = 0;
    const n = s.length;
    while (i < n) {
      while (i < n && isWs(s[i])) i++;
      if (i >= n) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(pyStrip(s.slice(i), null, false, true));
        return out;
      }
      let j = i;
      while (j < n && !isWs(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  if (sep === '') throw new PyValueError('empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let rest = s;
  while (out.length < maxsplit) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

function pyRsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === null) {
    const parts: string[] = [];
    let j = s.length;
    while (j > 0) {
      while (j > 0 && isWs(s[j - 1])) j--;
      if (j <= 0) break;
      if (parts.length === maxsplit) {
        parts.unshift(pyStrip(s.slice(0, j), null, true, false));
        return parts;
      }
      let i = j;
      while (i > 0 && !isWs(s[i - 1])) i--;
      parts.unshift(s.slice(i, j));
      j = i;
    }
    return parts;
  }
  if (sep === '') throw new PyValueError('empty separator');
  const parts: string[] = [];
  let rest = s;
  while (parts.length < maxsplit) {
    const i = rest.lastIndexOf(sep);
    if (i < 0) break;
    parts.unshift(rest.slice(i + sep.length));
    rest = rest.slice(0, i);
  }
  parts.unshift(rest);
  return parts;
}

function splitlines(s: string, keepends: boolean): string[] {
  const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, keepends ? re.lastIndex : m.index));
    last = re.lastIndex;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** Python str.title(). */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    const cased = lower !== upper;
    out += cased ? (prevCased ? lower : upper) : ch;
    prevCased = cased;
  }
  return out;
}

export function pyCapitalize(s: string): string {
  if (!s) return s;
  const first = Array.from(s)[0];
  return first.toUpperCase() + s.slice(first.length).toLowerCase();
}

function clampIdx(i: unknown, len: number, dflt: number): number {
  if (i === null || i === undefined) return dflt;
  let n = toNum(i);
  if (n < 0) n = Math.max(0, n + len);
  return Math.min(n, len);
}

function prefixes(p: unknown, method: string): string[] {
  if (typeof p === 'string') return [p];
  if (Array.isArray(p) && (p as PyList)[TUPLE]) {
    return p.map((x) => {
      if (typeof x !== 'string') {
        throw new PyTypeError(`tuple for ${method} must only contain str, not ${typeName(x)}`);
      }
      return x;
    });
  }
  throw new PyTypeError(`${method} first arg must be str or a tuple of str, not ${typeName(p)}`);
}

function countSub(s: string, sub: string): number {
  if (sub === '') return Array.from(s).length + 1;
  let n = 0;
  let i = 0;
  while ((i = s.indexOf(sub, i)) >= 0) {
    n++;
    i += sub.length;
  }
  return n;
}

function justify(s: string, width: unknown, fill: unknown, mode: 'l' | 'r' | 'c'): string {
  const w = toNum(width);
  const f = fill as string;
  if (typeof f !== 'string' || Array.from(f).length !== 1) {
    throw new PyTypeError('The fill character must be exactly one character long');
  }
  const len = Array.from(s).length;
  if (w <= len) return s;
  const marg = w - len;
  if (mode === 'l') return s + f.repeat(marg);
  if (mode === 'r') return f.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return f.repeat(left) + s + f.repeat(marg - left);
}

function checkStr(v: unknown, what: string): string {
  if (v instanceof Undefined) throw v.error();
  if (typeof v !== 'string') throw new PyTypeError(`${what} arg must be None or str`);
  return v;
}

function isAllCased(s: string, want: 'lower' | 'upper'): boolean {
  let cased = false;
  for (const ch of s) {
    const l = ch.toLowerCase();
    const u = ch.toUpperCase();
    if (l === u) continue;
    if (want === 'lower' ? ch !== l : ch !== u) return false;
    cased = true;
  }
  return cased;
}

const STR_METHODS = table({
  upper: ['', ((s: string) => s.toUpperCase()) as Impl],
  lower: ['', ((s: string) => s.toLowerCase()) as Impl],
  casefold: ['', ((s: string) => s.toLowerCase()) as Impl],
  swapcase: ['', ((s: string) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')) as Impl],
  capitalize: ['', ((s: string) => pyCapitalize(s)) as Impl],
  title: ['', ((s: string) => pyTitle(s)) as Impl],
  strip: ['chars=None', ((s: string, c: string | null) => pyStrip(s, c === null ? c : checkStr(c, 'strip'), true, true)) as Impl],
  lstrip: ['chars=None', ((s: string, c: string | null) => pyStrip(s, c === null ? c : checkStr(c, 'lstrip'), true, false)) as Impl],
  rstrip: ['chars=None', ((s: string, c: string | null) => pyStrip(s, c === null ? c : checkStr(c, 'rstrip'), false, true)) as Impl],
  split: ['sep=None, maxsplit=-1', ((s: string, sep: string | null, m: unknown) => pySplit(s, sep === null ? null : checkStr(sep, 'split'), toNum(m))) as Impl],
  rsplit: ['sep=None, maxsplit=-1', ((s: string, sep: string | null, m: unknown) => pyRsplit(s, sep === null ? null : checkStr(sep, 'rsplit'), toNum(m))) as Impl],
  splitlines: ['keepends=False', ((s: string, k: unknown) => splitlines(s, truthy(k))) as Impl],
  startswith: ['prefix, start=None, end=None', ((s: string, p: unknown, a: unknown, b: unknown) => {
    const str = s.slice(clampIdx(a, s.length, 0), clampIdx(b, s.length, s.length));
    return prefixes(p, 'startswith').some((x) => str.startsWith(x));
  }) as Impl],
  endswith: ['suffix, start=None, end=None', ((s: string, p: unknown, a: unknown, b: unknown) => {
    const str = s.slice(clampIdx(a, s.length, 0), clampIdx(b, s.length, s.length));
    return prefixes(p, 'endswith').some((x) => str.endsWith(x));
  }) as Impl],
  replace: ['old, new, count=-1', ((s: string, o: unknown, n: unknown, c: unknown) => {
    const old = checkStr(o, 'replace');
    const nw = checkStr(n, 'replace');
    let count = toNum(c);
    if (count < 0) return s.split(old).join(nw);
    if (old === '') {
      const chars = Array.from(s);
      let out = '';
      for (let i = 0; i <= chars.length; i++) {
        if (count > 0) {
          out += nw;
          count--;
        }
        if (i < chars.length) out += chars[i];
      }
      return out;
    }
    let out = '';
    let rest = s;
    while (count-- > 0) {
      const i = rest.indexOf(old);
      if (i < 0) break;
      out += rest.slice(0, i) + nw;
      rest = rest.slice(i + old.length);
    }
    return out + rest;
  }) as Impl],
  find: ['sub, start=None, end=None', ((s: string, sub: unknown, a: unknown, b: unknown) => {
    const st = clampIdx(a, s.length, 0);
    const i = s.slice(0, clampIdx(b, s.length, s.length)).indexOf(checkStr(sub, 'find'), st);
    return i;
  }) as Impl],
  rfind: ['sub, start=None, end=None', ((s: string, sub: unknown, a: unknown, b: unknown) => {
    const st = clampIdx(a, s.length, 0);
    const str = s.slice(0, clampIdx(b, s.length, s.length));
    const i = str.lastIndexOf(checkStr(sub, 'rfind'));
    return i >= st ? i : -1;
  }) as Impl],
  index: ['sub, start=None, end=None', ((s: string, sub: unknown, a: unknown, b: unknown) => {
    const st = clampIdx(a, s.length, 0);
    const i = s.slice(0, clampIdx(b, s.length, s.length)).indexOf(checkStr(sub, 'index'), st);
    if (i < 0) throw new PyValueError('substring not found');
    return i;
  }) as Impl],
  rindex: ['sub, start=None, end=None', ((s: string, sub: unknown, a: unknown, b: unknown) => {
    const st = clampIdx(a, s.length, 0);
    const i = s.slice(0, clampIdx(b, s.length, s.length)).lastIndexOf(checkStr(sub, 'rindex'));
    if (i < st) throw new PyValueError('substring not found');
    return i;
  }) as Impl],
  count: ['sub, start=None, end=None', ((s: string, sub: unknown, a: unknown, b: unknown) =>
    countSub(s.slice(clampIdx(a, s.length, 0), clampIdx(b, s.length, s.length)), checkStr(sub, 'count'))) as Impl],
  join: ['iterable', ((s: string, it: unknown) =>
    iterate(it)
      .map((x, i) => {
        if (typeof x !== 'string') {
          if (x instanceof Undefined) throw x.error();
          throw new PyTypeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
        }
        return x;
      })
      .join(s)) as Impl],
  format: ['*args, **kwargs', ((s: string, args: unknown[], kw: PyDict) =>
    strFormat(s, args, kw, access.getattr, access.getitem)) as Impl],
  format_map: ['mapping', ((s: string, m: PyDict) => strFormat(s, [], m, access.getattr, access.getitem)) as Impl],
  center: ['width, fillchar=" "', ((s: string, w: unknown, f: unknown) => justify(s, w, f, 'c')) as Impl],
  ljust: ['width, fillchar=" "', ((s: string, w: unknown, f: unknown) => justify(s, w, f, 'l')) as Impl],
  rjust: ['width, fillchar=" "', ((s: string, w: unknown, f: unknown) => justify(s, w, f, 'r')) as Impl],
  zfill: ['width', ((s: string, w: unknown) => {
    const width = toNum(w);
    const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
    const body = sign ? s.slice(1) : s;
    return s.length >= width ? s : sign + '0'.repeat(width - s.length) + body;
  }) as Impl],
  isdigit: ['', ((s: string) => s.length > 0 && /^\p{Nd}+$/u.test(s)) as Impl],
  isdecimal: ['', ((s: string) => s.length > 0 && /^\p{Nd}+$/u.test(s)) as Impl],
  isnumeric: ['', ((s: string) => s.length > 0 && /^\p{N}+$/u.test(s)) as Impl],
  isalpha: ['', ((s: string) => s.length > 0 && /^\p{L}+$/u.test(s)) as Impl],
  isalnum: ['', ((s: string) => s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s)) as Impl],
  isspace: ['', ((s: string) => s.length > 0 && Array.from(s).every(isWs)) as Impl],
  islower: ['', ((s: string) => isAllCased(s, 'lower')) as Impl],
  isupper: ['', ((s: string) => isAllCased(s, 'upper')) as Impl],
  istitle: ['', ((s: string) => s.length > 0 && pyTitle(s) === s && /\p{L}/u.test(s)) as Impl],
  isidentifier: ['', ((s: string) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s)) as Impl],
  isascii: ['', ((s: string) => /^[\x00-\x7f]*$/.test(s)) as Impl],
  isprintable: ['', ((s: string) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(s) && !/[^\S ]/u.test(s.replace(/ /g, ''))) as Impl],
  partition: ['sep', ((s: string, sep: unknown) => {
    const p = checkStr(sep, 'partition');
    const i = s.indexOf(p);
    return tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), p, s.slice(i + p.length)]);
  }) as Impl],
  rpartition: ['sep', ((s: string, sep: unknown) => {
    const p = checkStr(sep, 'rpartition');
    const i = s.lastIndexOf(p);
    return tuple(i < 0 ? ['', '', s] : [s.slice(0, i), p, s.slice(i + p.length)]);
  }) as Impl],
  removeprefix: ['prefix', ((s: string, p: unknown) => {
    const x = checkStr(p, 'removeprefix');
    return x && s.startsWith(x) ? s.slice(x.length) : s;
  }) as Impl],
  removesuffix: ['suffix', ((s: string, p: unknown) => {
    const x = checkStr(p, 'removesuffix');
    return x && s.endsWith(x) ? s.slice(0, -x.length) : s;
  }) as Impl],
  expandtabs: ['tabsize=8', ((s: string, t: unknown) => {
    const size = toNum(t);
    let col = 0;
    let out = '';
    for (const ch of s) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  }) as Impl],
  encode: ['encoding="utf-8", errors="strict"', ((s: string) => s) as Impl],
});

function indexOfPy(l: unknown[], x: unknown, a: unknown, b: unknown): number {
  const st = clampIdx(a, l.length, 0);
  const en = clampIdx(b, l.length, l.length);
  for (let i = st; i < en; i++) if (pyEq(l[i], x)) return i;
  throw new PyValueError(`${pyRepr(x)} is not in list`);
}

function normIndex(i: unknown, len: number): number {
  const n = toNum(i);
  return n < 0 ? n + len : n;
}

const TUPLE_METHODS = table({
  index: ['value, start=0, stop=None', ((l: unknown[], x: unknown, a: unknown, b: unknown) => {
    try {
      return indexOfPy(l, x, a, b);
    } catch {
      throw new PyValueError('tuple.index(x): x not in tuple');
    }
  }) as Impl],
  count: ['value', ((l: unknown[], x: unknown) => l.filter((y) => pyEq(y, x)).length) as Impl],
});

const LIST_METHODS = table({
  index: ['value, start=0, stop=None', ((l: unknown[], x: unknown, a: unknown, b: unknown) => indexOfPy(l, x, a, b)) as Impl],
  count: ['value', ((l: unknown[], x: unknown) => l.filter((y) => pyEq(y, x)).length) as Impl],
  append: ['object', ((l: unknown[], x: unknown) => {
    l.push(x);
    return null;
  }) as Impl],
  extend: ['iterable', ((l: unknown[], it: unknown) => {
    l.push(...iterate(it));
    return null;
  }) as Impl],
  insert: ['index, object', ((l: unknown[], i: unknown, x: unknown) => {
    let n = normIndex(i, l.length);
    n = Math.max(0, Math.min(n, l.length));
    l.splice(n, 0, x);
    return null;
  }) as Impl],
  pop: ['index=-1', ((l: unknown[], i: unknown) => {
    if (!l.length) throw new PyValueError('pop from empty list', 'IndexError');
    const n = normIndex(i, l.length);
    if (n < 0 || n >= l.length) throw new PyValueError('pop index out of range', 'IndexError');
    return l.splice(n, 1)[0];
  }) as Impl],
  remove: ['value', ((l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => pyEq(y, x));
    if (i < 0) throw new PyValueError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  }) as Impl],
  reverse: ['', ((l: unknown[]) => {
    l.reverse();
    return null;
  }) as Impl],
  sort: ['key=None, reverse=False', ((l: unknown[], _k: unknown, r: unknown) => {
    const sorted = [...l].sort((a, b) => pyCmp(a, b));
    if (truthy(r)) sorted.reverse();
    l.splice(0, l.length, ...sorted);
    return null;
  }) as Impl],
  copy: ['', ((l: unknown[]) => [...l]) as Impl],
  clear: ['', ((l: unknown[]) => {
    l.length = 0;
    return null;
  }) as Impl],
});

function dictLookupKey(k: unknown): string {
  if (k instanceof Undefined) throw k.error();
  return dictKey(k);
}

const DICT_METHODS = table({
  keys: ['', ((d: PyDict) => view(Object.keys(d), 'dict_keys')) as Impl],
  values: ['', ((d: PyDict) => view(Object.values(d), 'dict_values')) as Impl],
  items: ['', ((d: PyDict) => view(Object.entries(d).map((e) => tuple(e)), 'dict_items')) as Impl],
  get: ['key, default=None', ((d: PyDict, k: unknown, dflt: unknown) => {
    const key = dictLookupKey(k);
    return Object.hasOwn(d, key) ? (d[key] ?? null) : dflt;
  }) as Impl],
  update: ['*args, **kwargs', ((d: PyDict, args: unknown[], kw: PyDict) => {
    if (args.length > 1) throw new PyTypeError(`update expected at most 1 argument, got ${args.length}`);
    if (args.length) {
      const src = args[0];
      if (isDict(src)) for (const k of Object.keys(src)) dictSet(d, k, src[k]);
      else for (const pair of iterate(src)) {
        const kv = iterate(pair);
        dictSet(d, dictKey(kv[0]), kv[1]);
      }
    }
    for (const k of Object.keys(kw)) dictSet(d, k, kw[k]);
    return null;
  }) as Impl],
  pop: ['key, *default', ((d: PyDict, k: unknown, dflt: unknown[]) => {
    const key = dictLookupKey(k);
    if (Object.hasOwn(d, key)) {
      const v = d[key];
      delete d[key];
      return v;
    }
    if (dflt.length) return dflt[0];
    throw new PyValueError(pyRepr(k), 'KeyError');
  }) as Impl],
  setdefault: ['key, default=None', ((d: PyDict, k: unknown, dflt: unknown) => {
    const key = dictLookupKey(k);
    if (!Object.hasOwn(d, key)) dictSet(d, key, dflt);
    return d[key];
  }) as Impl],
  copy: ['', ((d: PyDict) => ({ ...d })) as Impl],
  clear: ['', ((d: PyDict) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  }) as Impl],
  popitem: ['', ((d: PyDict) => {
    const keys = Object.keys(d);
    if (!keys.length) throw new PyValueError("'popitem(): dictionary is empty'", 'KeyError');
    const k = keys[keys.length - 1];
    const v = d[k];
    delete d[k];
    return tuple([k, v]);
  }) as Impl],
});

/** Names of methods that mutate their receiver (templates using them get private copies of vars). */
export const MUTATING_METHODS = new Set([
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'reverse',
  'sort',
  'clear',
  'update',
  'setdefault',
  'popitem',
]);

function methodTable(obj: unknown): Map<string, Method> | undefined {
  if (typeof obj === 'string') return STR_METHODS;
  if (Array.isArray(obj)) {
    const l = obj as PyList;
    if (l[TUPLE]) return TUPLE_METHODS;
    return l[VIEW] ? undefined : LIST_METHODS;
  }
  if (isDict(obj)) return DICT_METHODS;
  return undefined;
}

export function hasMethod(obj: unknown, name: string): boolean {
  return methodTable(obj)?.has(name) ?? false;
}

/** Calls a Python method; MISSING if the value has no such method. */
export function callMethod(obj: unknown, name: string, args: unknown[], kwargs: PyDict): unknown {
  const m = methodTable(obj)?.get(name);
  if (!m) return MISSING;
  const bound = bind(m.sig, args, kwargs);
  return (m.impl as (...a: unknown[]) => unknown)(obj, ...bound);
}

/** A bound method object (for `x.method` without a call). */
export function boundMethod(obj: unknown, name: string): PyFunction | undefined {
  if (!hasMethod(obj, name)) return undefined;
  return new PyFunction(`${typeName(obj)}.${name}`, (args, kwargs) => callMethod(obj, name, args, kwargs));
}

