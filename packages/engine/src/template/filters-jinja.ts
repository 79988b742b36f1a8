// Jinja2 3.1 builtin filters (as wrapped by Ansible: generator results are unrolled into lists).

import { FilterError, PyTypeError, PyValueError } from './errors.js';
import { percentFormat, formatFloat } from './py-format.js';
import { jsonDumps } from './py-json.js';
import { pyCapitalize, pyStrip } from './py-methods.js';
import * as ops from './py-ops.js';
import { pyRepr, pyStr } from './py-repr.js';
import {
  GROUP,
  MISSING,
  PyFloat,
  PyObject,
  TUPLE,
  Undefined,
  isDict,
  isFloat,
  isNumber,
  mkFloat,
  toNum,
  tuple,
  typeName,
  type PyDict,
  type PyList,
} from './py-types.js';
import { defFilter, type FilterTable } from './registry.js';
import { attrOnly, getitem, type RenderContext } from './runtime.js';

export function ignoreCase(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Jinja2 make_attrgetter: dotted path, numeric parts become integer indexes. */
export function attrGetter(
  attribute: unknown,
  postprocess?: (v: unknown) => unknown,
  dflt?: unknown,
): (item: unknown) => unknown {
  const parts =
    typeof attribute === 'string'
      ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? parseInt(p, 10) : p))
      : [attribute];
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = getitem(v, p);
      if (dflt !== undefined && dflt !== null && v instanceof Undefined) v = dflt;
    }
    return postprocess ? postprocess(v) : v;
  };
}

function multiAttrGetter(attribute: unknown, postprocess?: (v: unknown) => unknown): (item: unknown) => unknown {
  if (typeof attribute === 'string' && attribute.includes(',')) {
    const getters = attribute.split(',').map((a) => attrGetter(a, postprocess));
    return (item) => tuple(getters.map((g) => g(item)));
  }
  return attrGetter(attribute, postprocess);
}

/** Python sorted(items, key=key, reverse=reverse); stable. */
export function pySorted(items: unknown[], key?: (v: unknown) => unknown, reverse = false): unknown[] {
  const keyed = items.map((v, i) => ({ v, k: key ? key(v) : v, i }));
  keyed.sort((a, b) => {
    const c = ops.pyCmp(a.k, b.k);
    if (c !== 0) return reverse ? -c : c;
    return a.i - b.i;
  });
  return keyed.map((x) => x.v);
}

function isHashable(v: unknown): boolean {
  if (Array.isArray(v)) return !!(v as PyList)[TUPLE] && v.every(isHashable);
  return !isDict(v);
}

/** Key for a Set of hashable values: Python hash/eq semantics (1 == 1.0 == True). */
export function hashKey(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  if (typeof v === 'boolean') return `n${v ? 1 : 0}`;
  if (typeof v === 'number') return `n${v}`;
  if (v instanceof PyFloat) return `n${v.value}`;
  if (typeof v === 'string') return `s${v}`;
  if (Array.isArray(v)) return `t(${v.map(hashKey).join(',')})`;
  if (v instanceof Undefined) throw v.error();
  return `o${pyRepr(v)}`;
}

/** Jinja2 do_unique. Throws PyTypeError for unhashable keys. */
export function jinjaUnique(items: unknown[], caseSensitive: boolean, attribute: unknown): unknown[] {
  const getter =
    attribute === null || attribute === undefined
      ? (v: unknown) => (caseSensitive ? v : ignoreCase(v))
      : attrGetter(attribute, caseSensitive ? undefined : ignoreCase);
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const it of items) {
    const k = getter(it);
    if (!isHashable(k)) throw new PyTypeError(`unhashable type: '${typeName(k)}'`);
    const hk = hashKey(k);
    if (!seen.has(hk)) {
      seen.add(hk);
      out.push(it);
    }
  }
  return out;
}

function minMax(items: unknown[], caseSensitive: boolean, attribute: unknown, max: boolean): unknown {
  if (!items.length) return new Undefined('No aggregated item, sequence was empty.');
  const key =
    attribute === null || attribute === undefined
      ? (v: unknown) => (caseSensitive ? v : ignoreCase(v))
      : attrGetter(attribute, caseSensitive ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (let i = 1; i < items.length; i++) {
    const k = key(items[i]);
    const c = ops.pyCmp(k, bestKey);
    if (max ? c > 0 : c < 0) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

/** Python float(x). */
export function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = pyStrip(v, null, true, true).replace(/_/g, (m, i, s) => (/\d/.test(s[i - 1] ?? '') && /\d/.test(s[i + 1] ?? '') ? '' : m));
    const low = t.toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(low)) return low.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(low)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
    throw new PyValueError(`could not convert string to float: ${pyRepr(v)}`);
  }
  if (v instanceof Undefined) throw v.error();
  throw new PyTypeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

/** Python int(x) / int(x, base). */
export function pyInt(v: unknown, base = 10): number {
  if (typeof v === 'string') {
    let t = pyStrip(v, null, true, true).toLowerCase();
    let sign = 1;
    if (t.startsWith('-') || t.startsWith('+')) {
      if (t[0] === '-') sign = -1;
      t = t.slice(1);
    }
    let b = base;
    const prefix = /^0([box])/.exec(t);
    if (prefix) {
      const pb = prefix[1] === 'b' ? 2 : prefix[1] === 'o' ? 8 : 16;
      if (b === 0 || b === pb) {
        b = pb;
        t = t.slice(2);
        if (t.startsWith('_')) t = t.slice(1);
      }
    }
    if (b === 0) b = 10;
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    const ok = t.length > 0 && !t.startsWith('_') && !t.endsWith('_') && !t.includes('__') && [...t].every((c) => c === '_' || digits.includes(c));
    if (!ok) throw new PyValueError(`invalid literal for int() with base ${base}: ${pyRepr(v)}`);
    const clean = t.replace(/_/g, '');
    const n = b === 10 ? Number(clean) : parseInt(clean, b);
    return sign * n;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PyValueError(Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
    return Math.trunc(v) || 0;
  }
  if (v instanceof PyFloat) return Math.trunc(v.value) || 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Undefined) throw v.error();
  throw new PyTypeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

/** Python round(x, n) (round-half-even on the exact binary value). */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x)) return x;
  if (n > 15) return x;
  const fixed = x.toFixed(Math.max(0, n));
  if (n < 0) {
    const f = 10 ** -n;
    const q = x / f;
    const r = Math.round(q);
    const tie = Math.abs(q - Math.trunc(q)) === 0.5;
    return (tie ? (Math.trunc(q) % 2 === 0 ? Math.trunc(q) : r) : r) * f;
  }
  const exact = x.toFixed(Math.min(100, n + 30));
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + n);
  if (/^50*$/.test(rest)) {
    // exact tie: round half to even
    const truncated = exact.slice(0, n === 0 ? dot : dot + 1 + n);
    const lastDigit = parseInt(truncated.replace(/\D/g, '').slice(-1), 10);
    const down = Number(truncated);
    if (lastDigit % 2 === 0) return down;
    const step = 10 ** -n;
    return Number((Math.abs(down) + step).toFixed(n)) * Math.sign(x);
  }
  return Number(fixed);
}

function softStr(v: unknown): string {
  return pyStr(v);
}

function doTitle(s: string): string {
  return s
    .split(/([-\s({[<]+)/u)
    .filter((x) => x)
    .map((item) => {
      const chars = Array.from(item);
      return chars[0].toUpperCase() + chars.slice(1).join('').toLowerCase();
    })
    .join('');
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

function indent(s: string, width: unknown, first: boolean, blank: boolean): string {
  const ind = typeof width === 'string' ? width : ' '.repeat(toNum(width));
  const text = `${s}\n`;
  const lines = text.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
  lines.pop();
  let rv: string;
  if (blank) rv = lines.join(`\n${ind}`);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += `\n${lines.map((l) => (l ? ind + l : l)).join('\n')}`;
  }
  return first ? ind + rv : rv;
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number | null): string {
  const lw = leeway ?? 5;
  if (length < end.length) throw new FilterError(`expected length >= ${end.length}, got ${length}`, 'AssertionError');
  if (s.length <= length + lw) return s;
  if (killwords) return s.slice(0, length - end.length) + end;
  const head = s.slice(0, length - end.length);
  const i = head.lastIndexOf(' ');
  return (i >= 0 ? head.slice(0, i) : head) + end;
}

function filesizeformat(value: unknown, binary: boolean): string {
  const bytes = pyFloat(value);
  const base = binary ? 1024 : 1000;
  const prefixes = binary
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0];
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i];
    if (bytes < unit) break;
  }
  return `${formatFloat((base * bytes) / unit, 'f', 1)} ${prefix}`;
}

function urlQuote(s: string, safe: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c)) out += c;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function urlencode(value: unknown): string {
  if (typeof value === 'string') return urlQuote(value, '/');
  const q = (v: unknown) => urlQuote(pyStr(v), '').replace(/%20/g, '+');
  const pairs = isDict(value) ? Object.entries(value) : ops.iterate(value).map((x) => ops.iterate(x));
  return pairs.map(([k, v]) => `${q(k)}=${q(v)}`).join('&');
}

/** Applies a filter by name (for map()). */
export function callFilter(ctx: RenderContext, name: unknown, value: unknown, args: unknown[], kwargs: PyDict): unknown {
  if (typeof name !== 'string') throw new FilterError('map requires a filter argument', 'FilterArgumentError');
  const f = ctx.env.filters.get(name);
  if (!f) throw new FilterError(`Could not load "${name}": '${name}'\n  line 0`, 'TemplateSyntaxError');
  return f(ctx, value, args, kwargs);
}

export function callTest(ctx: RenderContext, name: unknown, value: unknown, args: unknown[], kwargs: PyDict): boolean {
  const t = typeof name === 'string' ? ctx.env.tests.get(name) : undefined;
  if (!t) throw new FilterError(`Could not load "${pyStr(name)}": '${pyStr(name)}'\n  line 0`, 'TemplateSyntaxError');
  return t(ctx, value, args, kwargs);
}

function selectOrReject(
  ctx: RenderContext,
  value: unknown,
  args: unknown[],
  kwargs: PyDict,
  lookupAttr: boolean,
  modfunc: (b: boolean) => boolean,
): unknown[] {
  let transfunc = (x: unknown) => x;
  let rest = args;
  if (lookupAttr) {
    if (!rest.length) throw new FilterError('Missing parameter for attribute name', 'FilterArgumentError');
    transfunc = attrGetter(rest[0]);
    rest = rest.slice(1);
  }
  let func: (x: unknown) => boolean;
  if (rest.length) {
    const name = rest[0];
    const targs = rest.slice(1);
    func = (x) => callTest(ctx, name, x, targs, kwargs);
  } else func = (x) => ops.truthy(x);
  return ops.iterate(value).filter((item) => modfunc(func(transfunc(item))));
}

function doMap(ctx: RenderContext, value: unknown, args: unknown[], kwargs: PyDict): unknown[] {
  if (value instanceof Undefined) return [];
  const items = ops.iterate(value);
  if (!args.length && Object.hasOwn(kwargs, 'attribute')) {
    const { attribute, default: dflt, ...rest } = kwargs;
    const extra = Object.keys(rest);
    if (extra.length) throw new FilterError(`Unexpected keyword argument '${extra[0]}'`, 'FilterArgumentError');
    const g = attrGetter(attribute, undefined, dflt);
    return items.map(g);
  }
  if (!args.length) throw new FilterError('map requires a filter argument', 'FilterArgumentError');
  const [name, ...fargs] = args;
  return items.map((x) => callFilter(ctx, name, x, fargs, kwargs));
}

function reverse(v: unknown): unknown {
  if (typeof v === 'string') return Array.from(v).reverse().join('');
  return [...ops.iterate(v)].reverse();
}

function groupby(value: unknown, attribute: unknown, dflt: unknown, caseSensitive: boolean): unknown[] {
  const expr = attrGetter(attribute, caseSensitive ? undefined : ignoreCase, dflt);
  const sorted = pySorted(ops.iterate(value), expr);
  const groups: [unknown, unknown[]][] = [];
  for (const item of sorted) {
    const k = expr(item);
    const last = groups[groups.length - 1];
    if (last && ops.pyEq(last[0], k)) last[1].push(item);
    else groups.push([k, [item]]);
  }
  const outExpr = caseSensitive ? undefined : attrGetter(attribute, undefined, dflt);
  return groups.map(([k, items]) => {
    const t = tuple([outExpr ? outExpr(items[0]) : k, items]) as PyList;
    t[GROUP] = true;
    return t;
  });
}

function itemsOf(v: unknown): unknown[] {
  if (v instanceof Undefined) return [];
  if (!isDict(v)) {
    if (v instanceof PyObject) {
      const keys = v.pyIter();
      if (keys) return keys.map((k) => tuple([k, getitem(v, k)]));
    }
    throw new FilterError('Can only get item pairs from a mapping.', 'TypeError');
  }
  return Object.entries(v).map((e) => tuple(e));
}

function xmlattr(d: unknown, autospace: boolean): string {
  if (!isDict(d)) throw new PyTypeError('xmlattr requires a dict');
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (v === null || v === undefined || v instanceof Undefined) continue;
    if (/[\s/>=]/.test(k)) throw new PyValueError(`Invalid character in attribute name: ${pyRepr(k)}`);
    parts.push(`${htmlEscape(k)}="${htmlEscape(pyStr(v))}"`);
  }
  const rv = parts.join(' ');
  return autospace && rv ? ` ${rv}` : rv;
}

function wordwrap(s: string, width: number, breakLong: boolean, wrapstring: string | null, breakOnHyphens: boolean): string {
  const out: string[] = [];
  for (const para of s.split(/\r\n|\n|\r/)) {
    const words = para.split(/\s+/).filter((w) => w);
    const chunks: string[] = [];
    for (const w of words) {
      if (breakOnHyphens && w.includes('-') && w.length > 1) {
        chunks.push(...w.split(/(?<=-)(?=\w)/));
      } else chunks.push(w);
    }
    const lines: string[] = [];
    let cur = '';
    for (let c of chunks) {
      const sep = cur && !cur.endsWith('-') ? ' ' : '';
      if ((cur + sep + c).length <= width) {
        cur += sep + c;
        continue;
      }
      if (cur) lines.push(cur);
      cur = '';
      while (breakLong && c.length > width) {
        lines.push(c.slice(0, width));
        c = c.slice(width);
      }
      cur = c;
    }
    if (cur) lines.push(cur);
    out.push(lines.join(wrapstring ?? '\n'));
  }
  return out.join(wrapstring ?? '\n');
}

export const JINJA_FILTERS: FilterTable = {
  abs: defFilter('abs', '', (_c, v) => {
    if (!isNumber(v)) throw new PyTypeError(`bad operand type for abs(): '${typeName(v)}'`);
    const n = Math.abs(toNum(v));
    return isFloat(v) ? mkFloat(n) : n;
  }),
  attr: defFilter('attr', 'name', (_c, v, name: unknown) => {
    const n = pyStr(name);
    const r = attrOnly(v, n);
    return r === MISSING ? new Undefined(undefined, v, n) : r;
  }),
  batch: defFilter('batch', 'linecount, fill_with=None', (_c, v, n: unknown, fill: unknown) => {
    const size = toNum(n);
    const out: unknown[][] = [];
    let tmp: unknown[] = [];
    for (const item of ops.iterate(v)) {
      if (tmp.length === size) {
        out.push(tmp);
        tmp = [];
      }
      tmp.push(item);
    }
    if (tmp.length) {
      if (fill !== null && tmp.length < size) while (tmp.length < size) tmp.push(fill);
      out.push(tmp);
    }
    return out;
  }),
  capitalize: defFilter('capitalize', '', (_c, v) => pyCapitalize(softStr(v))),
  center: defFilter('center', 'width=80', (_c, v, w: unknown) => {
    const s = softStr(v);
    const width = toNum(w);
    const len = Array.from(s).length;
    if (width <= len) return s;
    const marg = width - len;
    const left = Math.floor(marg / 2) + (marg & width & 1);
    return ' '.repeat(left) + s + ' '.repeat(marg - left);
  }),
  count: defFilter('count', '', (_c, v) => ops.pyLen(v)),
  default: defFilter(
    'default',
    "default_value='', boolean=False",
    (_c, v, dv: unknown, b: unknown) => (v instanceof Undefined || (ops.truthy(b) && !ops.truthy(v)) ? dv : v),
    { undefinedOk: true, lazyArgs: true },
  ),
  dictsort: defFilter('dictsort', "case_sensitive=False, by='key', reverse=False", (_c, v, cs: unknown, by: unknown, rev: unknown) => {
    let pos: number;
    if (by === 'key') pos = 0;
    else if (by === 'value') pos = 1;
    else throw new FilterError('You can only sort by either "key" or "value"', 'FilterArgumentError');
    const items = itemsOf(v) as unknown[][];
    return pySorted(items, (it) => (ops.truthy(cs) ? (it as unknown[])[pos] : ignoreCase((it as unknown[])[pos])), ops.truthy(rev));
  }),
  escape: defFilter('escape', '', (_c, v) => htmlEscape(softStr(v))),
  filesizeformat: defFilter('filesizeformat', 'binary=False', (_c, v, b: unknown) => filesizeformat(v, ops.truthy(b))),
  first: defFilter('first', '', (_c, v) => {
    const items = ops.iterate(v);
    return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
  }),
  float: defFilter('float', 'default=0.0', (_c, v, d: unknown) => {
    try {
      return mkFloat(pyFloat(v));
    } catch (e) {
      if (e instanceof PyTypeError || e instanceof PyValueError) return d;
      throw e;
    }
  }),
  forceescape: defFilter('forceescape', '', (_c, v) => htmlEscape(softStr(v))),
  format: defFilter('format', '*args, **kwargs', (_c, v, args: unknown[], kw: PyDict) => {
    if (args.length && Object.keys(kw).length) {
      throw new FilterError("can't handle positional and keyword arguments at the same time", 'FilterArgumentError');
    }
    return percentFormat(softStr(v), Object.keys(kw).length ? kw : tuple(args));
  }),
  groupby: defFilter('groupby', 'attribute, default=None, case_sensitive=False', (_c, v, a: unknown, d: unknown, cs: unknown) =>
    groupby(v, a, d, ops.truthy(cs)),
  ),
  indent: defFilter('indent', 'width=4, first=False, blank=False', (_c, v, w: unknown, f: unknown, b: unknown) =>
    indent(softStr(v), w, ops.truthy(f), ops.truthy(b)),
  ),
  int: defFilter('int', 'default=0, base=10', (_c, v, d: unknown, base: unknown) => {
    try {
      if (typeof v === 'string') return pyInt(v, toNum(base));
      return pyInt(v);
    } catch (e) {
      if (!(e instanceof PyTypeError || e instanceof PyValueError)) throw e;
      try {
        return pyInt(pyFloat(v));
      } catch (e2) {
        if (e2 instanceof PyTypeError || e2 instanceof PyValueError) return d;
        throw e2;
      }
    }
  }),
  items: defFilter('items', '', (_c, v) => itemsOf(v), { undefinedOk: true }),
  join: defFilter('join', "d='', attribute=None", (_c, v, d: unknown, attr: unknown) => {
    let items = ops.iterate(v);
    if (attr !== null) items = items.map(attrGetter(attr));
    return items.map((x) => pyStr(x)).join(pyStr(d));
  }),
  last: defFilter('last', '', (_c, v) => {
    const items = ops.iterate(v);
    return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
  }),
  length: defFilter('length', '', (_c, v) => ops.pyLen(v)),
  list: defFilter('list', '', (_c, v) => [...ops.iterate(v)]),
  lower: defFilter('lower', '', (_c, v) => softStr(v).toLowerCase()),
  map: (ctx, value, args, kwargs) => doMap(ctx, value, args, kwargs),
  max: defFilter('max', 'case_sensitive=False, attribute=None', (_c, v, cs: unknown, a: unknown) =>
    minMax(ops.iterate(v), ops.truthy(cs), a, true),
  ),
  min: defFilter('min', 'case_sensitive=False, attribute=None', (_c, v, cs: unknown, a: unknown) =>
    minMax(ops.iterate(v), ops.truthy(cs), a, false),
  ),
  pprint: defFilter('pprint', '', (_c, v) => pyRepr(v)),
  random: defFilter('random', '', (_c, v) => {
    const items = ops.iterate(v);
    if (!items.length) return new Undefined('No random item, sequence was empty.');
    return items[Math.floor(Math.random() * items.length)];
  }),
  reject: (ctx, value, args, kwargs) => {
    if (value instanceof Undefined) return [];
    return selectOrReject(ctx, value, args, kwargs, false, (b) => !b);
  },
  rejectattr: (ctx, value, args, kwargs) => {
    if (value instanceof Undefined) return [];
    return selectOrReject(ctx, value, args, kwargs, true, (b) => !b);
  },
  replace: defFilter('replace', 'old, new, count=None', (_c, v, old: unknown, nw: unknown, count: unknown) => {
    const s = softStr(v);
    const o = pyStr(old);
    const n = pyStr(nw);
    let c = count === null ? -1 : toNum(count);
    if (c < 0) return s.split(o).join(n);
    let out = '';
    let rest = s;
    while (c-- > 0 && o) {
      const i = rest.indexOf(o);
      if (i < 0) break;
      out += rest.slice(0, i) + n;
      rest = rest.slice(i + o.length);
    }
    return out + rest;
  }),
  reverse: defFilter('reverse', '', (_c, v) => reverse(v)),
  round: defFilter('round', "precision=0, method='common'", (_c, v, p: unknown, method: unknown) => {
    const x = toNum(v);
    const prec = toNum(p);
    if (method === 'common') {
      if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean') return pyRound(x, prec);
      return mkFloat(pyRound(x, prec));
    }
    if (method !== 'ceil' && method !== 'floor') {
      throw new FilterError('method must be common, ceil or floor', 'FilterArgumentError');
    }
    const f = 10 ** prec;
    return mkFloat((method === 'ceil' ? Math.ceil(x * f) : Math.floor(x * f)) / f);
  }),
  safe: defFilter('safe', '', (_c, v) => v),
  select: (ctx, value, args, kwargs) => {
    if (value instanceof Undefined) return [];
    return selectOrReject(ctx, value, args, kwargs, false, (b) => b);
  },
  selectattr: (ctx, value, args, kwargs) => {
    if (value instanceof Undefined) return [];
    return selectOrReject(ctx, value, args, kwargs, true, (b) => b);
  },
  slice: defFilter('slice', 'slices, fill_with=None', (_c, v, n: unknown, fill: unknown) => {
    const seq = ops.iterate(v);
    const slices = toNum(n);
    const length = seq.length;
    const per = Math.floor(length / slices);
    const withExtra = length % slices;
    let offset = 0;
    const out: unknown[][] = [];
    for (let i = 0; i < slices; i++) {
      const start = offset + i * per;
      if (i < withExtra) offset += 1;
      const end = offset + (i + 1) * per;
      const tmp = seq.slice(start, end);
      if (fill !== null && i >= withExtra) tmp.push(fill);
      out.push(tmp);
    }
    return out;
  }),
  sort: defFilter('sort', 'reverse=False, case_sensitive=False, attribute=None', (_c, v, rev: unknown, cs: unknown, a: unknown) => {
    const post = ops.truthy(cs) ? undefined : ignoreCase;
    const key = a === null ? (x: unknown) => (post ? post(x) : x) : multiAttrGetter(a, post);
    return pySorted(ops.iterate(v), key, ops.truthy(rev));
  }),
  string: defFilter('string', '', (_c, v) => softStr(v)),
  striptags: defFilter('striptags', '', (_c, v) =>
    softStr(v)
      .replace(/<!--[\s\S]*?-->|<[^>]*>/g, '')
      .split(/\s+/)
      .filter((x) => x)
      .join(' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#34;|&quot;/g, '"')
      .replace(/&#39;/g, "'"),
  ),
  sum: defFilter('sum', 'attribute=None, start=0', (_c, v, a: unknown, start: unknown) => {
    let items = ops.iterate(v);
    if (a !== null) items = items.map(attrGetter(a));
    if (typeof start === 'string') throw new PyTypeError("sum() can't sum strings [use ''.join(seq) instead]");
    let acc = start;
    for (const it of items) acc = ops.add(acc, it);
    return acc;
  }),
  title: defFilter('title', '', (_c, v) => doTitle(softStr(v))),
  tojson: defFilter('tojson', 'indent=None', (_c, v, ind: unknown) =>
    jsonDumps(v, { sortKeys: true, indent: ind === null ? undefined : (ind as number) })
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/'/g, '\\u0027'),
  ),
  trim: defFilter('trim', 'chars=None', (_c, v, chars: unknown) => pyStrip(softStr(v), chars as string | null, true, true)),
  truncate: defFilter('truncate', "length=255, killwords=False, end='...', leeway=None", (_c, v, l: unknown, k: unknown, e: unknown, lw: unknown) =>
    truncate(softStr(v), toNum(l), ops.truthy(k), pyStr(e), lw === null ? null : toNum(lw)),
  ),
  upper: defFilter('upper', '', (_c, v) => softStr(v).toUpperCase()),
  urlencode: defFilter('urlencode', '', (_c, v) => urlencode(v)),
  wordcount: defFilter('wordcount', '', (_c, v) => (softStr(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  wordwrap: defFilter(
    'wordwrap',
    'width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True',
    (_c, v, w: unknown, bl: unknown, ws: unknown, bh: unknown) =>
      wordwrap(softStr(v), toNum(w), ops.truthy(bl), ws as string | null, ops.truthy(bh)),
  ),
  xmlattr: defFilter('xmlattr', 'autospace=True', (_c, v, a: unknown) => xmlattr(v, ops.truthy(a))),
};
JINJA_FILTERS.d = JINJA_FILTERS.default;
JINJA_FILTERS.e = JINJA_FILTERS.escape;

