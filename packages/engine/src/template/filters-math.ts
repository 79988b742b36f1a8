// Ansible 2.14 math/set filters (plugins/filter/mathstuff.py).

import { FilterError, PyTypeError } from './errors.js';
import { hashKey, jinjaUnique } from './filters-jinja.js';
import * as ops from './py-ops.js';
import { pyStr } from './py-repr.js';
import { PyFloat, TUPLE, dictKey, dictSet, isDict, mkFloat, toNum, tuple, typeName, type PyDict, type PyList } from './py-types.js';
import { defFilter, type FilterTable } from './registry.js';

/** Ansible's unique (mathstuff): Jinja2's unique with case_sensitive=False, falling back on failure. */
function ansibleUnique(a: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const items = ops.iterate(a);
  try {
    return jinjaUnique(items, ops.truthy(caseSensitive), attribute);
  } catch (e) {
    if (!(e instanceof PyTypeError)) throw e;
    if (caseSensitive === false || (attribute !== null && attribute !== undefined)) {
      throw new FilterError(
        "Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied",
      );
    }
    const out: unknown[] = [];
    for (const x of items) if (!ops.contains(out, x)) out.push(x);
    return out;
  }
}

function isHashableSeq(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && !!(v as PyList)[TUPLE]);
}

function setOp(a: unknown, b: unknown, op: 'union' | 'intersect' | 'difference' | 'symdiff'): unknown[] {
  if (isHashableSeq(a) && isHashableSeq(b)) {
    // Python set semantics (result order is a Python set's, which we approximate by first occurrence)
    const ia = ops.iterate(a);
    const ib = ops.iterate(b);
    const sb = new Set(ib.map(hashKey));
    const sa = new Set(ia.map(hashKey));
    let r: unknown[];
    if (op === 'union') r = [...ia, ...ib];
    else if (op === 'intersect') r = ia.filter((x) => sb.has(hashKey(x)));
    else if (op === 'difference') r = ia.filter((x) => !sb.has(hashKey(x)));
    else r = [...ia.filter((x) => !sb.has(hashKey(x))), ...ib.filter((x) => !sa.has(hashKey(x)))];
    return ansibleUnique(r, true, null);
  }
  const ia = ops.iterate(a);
  const ib = ops.iterate(b);
  switch (op) {
    case 'union':
      return ansibleUnique(ops.add(a, b), true, null);
    case 'intersect':
      return ansibleUnique(ia.filter((x) => ops.contains(ib, x)), true, null);
    case 'difference':
      return ansibleUnique(ia.filter((x) => !ops.contains(ib, x)), true, null);
    default: {
      const isect = setOp(a, b, 'intersect');
      return setOp(a, b, 'union').filter((x) => !ops.contains(isect, x));
    }
  }
}

function product(lists: unknown[][]): unknown[] {
  let acc: unknown[][] = [[]];
  for (const l of lists) acc = acc.flatMap((p) => l.map((x) => [...p, x]));
  return acc.map((t) => tuple(t));
}

function permutations(items: unknown[], r: number): unknown[] {
  const out: unknown[] = [];
  const n = items.length;
  if (r > n) return out;
  const rec = (prefix: number[], used: boolean[]) => {
    if (prefix.length === r) {
      out.push(tuple(prefix.map((i) => items[i])));
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      used[i] = true;
      prefix.push(i);
      rec(prefix, used);
      prefix.pop();
      used[i] = false;
    }
  };
  rec([], new Array(n).fill(false));
  return out;
}

function combinations(items: unknown[], r: number): unknown[] {
  const out: unknown[] = [];
  const rec = (start: number, prefix: unknown[]) => {
    if (prefix.length === r) {
      out.push(tuple([...prefix]));
      return;
    }
    for (let i = start; i < items.length; i++) {
      prefix.push(items[i]);
      rec(i + 1, prefix);
      prefix.pop();
    }
  };
  rec(0, []);
  return out;
}

const SIZE_RANGES: [string, number][] = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

function bytesToHuman(size: number, isbits: boolean, unit: string | null): string {
  const base = isbits ? 'bits' : 'Bytes';
  let suffix = '';
  let limit = 1;
  for ([suffix, limit] of SIZE_RANGES) {
    if ((unit === null && size >= limit) || (unit !== null && unit.toUpperCase() === suffix[0])) break;
  }
  suffix = limit !== 1 ? suffix + base[0] : base;
  return `${(size / limit).toFixed(2)} ${suffix}`;
}

function humanToBytes(number: unknown, defaultUnit: string | null, isbits: boolean): number {
  const str = pyStr(number);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/i.exec(str);
  if (!m) throw new FilterError(`human_to_bytes() can't interpret following string: ${str}`);
  const num = Number(m[1]);
  if (m[1] === '' || m[1] === '.' || Number.isNaN(num)) {
    throw new FilterError(`human_to_bytes() can't interpret following string: ${str}`);
  }
  const unit = m[2] ?? defaultUnit;
  if (!unit) return Math.round(num);
  const rangeKey = unit[0].toUpperCase();
  const limit = SIZE_RANGES.find(([k]) => k === rangeKey)?.[1];
  if (limit === undefined) throw new FilterError(`human_to_bytes() can't interpret following string: ${str}`);
  const unitClass = isbits ? 'b' : 'B';
  const unitClassName = isbits ? 'bit' : 'byte';
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) {
    throw new FilterError(`human_to_bytes() can't interpret following string: ${str}`);
  }
  return Math.round(num * limit);
}

export const MATH_FILTERS: FilterTable = {
  log: defFilter('log', 'base=None', (_c, x: unknown, base: unknown) => {
    if (!(typeof x === 'number' || x instanceof PyFloat || typeof x === 'boolean')) {
      throw new FilterError(`log() can only be used on numbers: must be real number, not ${typeName(x)}`, 'AnsibleFilterTypeError');
    }
    const n = toNum(x);
    if (base === null) return mkFloat(Math.log(n));
    const b = toNum(base);
    return mkFloat(b === 10 ? Math.log10(n) : Math.log(n) / Math.log(b));
  }),
  pow: defFilter('pow', 'y', (_c, x: unknown, y: unknown) => {
    if (!ops.isIterable(x) && (typeof x === 'number' || x instanceof PyFloat) && (typeof y === 'number' || y instanceof PyFloat)) {
      return mkFloat(Math.pow(toNum(x), toNum(y)));
    }
    throw new FilterError(`pow() can only be used on numbers: must be real number, not ${typeName(typeof x === 'number' ? y : x)}`, 'AnsibleFilterTypeError');
  }),
  root: defFilter('root', 'base=2', (_c, x: unknown, base: unknown) => {
    const n = toNum(x);
    const b = toNum(base);
    if (n < 0 && b === 2) throw new FilterError('root() can only be used on numbers: math domain error', 'AnsibleFilterTypeError');
    return mkFloat(b === 2 ? Math.sqrt(n) : Math.pow(n, 1 / b));
  }),
  unique: defFilter('unique', 'case_sensitive=None, attribute=None', (_c, v, cs: unknown, a: unknown) => ansibleUnique(v, cs, a)),
  intersect: defFilter('intersect', 'b', (_c, a, b: unknown) => setOp(a, b, 'intersect')),
  difference: defFilter('difference', 'b', (_c, a, b: unknown) => setOp(a, b, 'difference')),
  symmetric_difference: defFilter('symmetric_difference', 'b', (_c, a, b: unknown) => setOp(a, b, 'symdiff')),
  union: defFilter('union', 'b', (_c, a, b: unknown) => setOp(a, b, 'union')),
  product: defFilter('product', '*lists, repeat=1', (_c, v, lists: unknown[], rep: unknown) => {
    const all = [v, ...lists].map((x) => ops.iterate(x));
    const r = toNum(rep);
    const repeated: unknown[][] = [];
    for (let i = 0; i < r; i++) repeated.push(...all);
    return product(repeated);
  }),
  permutations: defFilter('permutations', 'r=None', (_c, v, r: unknown) => {
    const items = ops.iterate(v);
    return permutations(items, r === null ? items.length : toNum(r));
  }),
  combinations: defFilter('combinations', 'r', (_c, v, r: unknown) => combinations(ops.iterate(v), toNum(r))),
  human_readable: defFilter('human_readable', 'isbits=False, unit=None', (_c, v, b: unknown, u: unknown) => {
    if (!(typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean')) {
      if (typeof v === 'string') throw new FilterError(`human_readable() can't interpret following string: ${v}`);
      throw new FilterError("human_readable() failed on bad input: '>=' not supported", 'AnsibleFilterTypeError');
    }
    return bytesToHuman(toNum(v), ops.truthy(b), u === null ? null : pyStr(u));
  }),
  human_to_bytes: defFilter('human_to_bytes', 'default_unit=None, isbits=False', (_c, v, u: unknown, b: unknown) =>
    humanToBytes(v, u === null ? null : pyStr(u), ops.truthy(b)),
  ),
  rekey_on_member: defFilter('rekey_on_member', "key, duplicates='error'", (_c, data: unknown, key: unknown, dup: unknown) => {
    if (dup !== 'error' && dup !== 'overwrite') {
      throw new FilterError(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(dup)}`);
    }
    let items: unknown[];
    if (isDict(data)) items = Object.values(data);
    else if (Array.isArray(data)) items = data;
    else throw new FilterError('Type is not a valid list, set, or dict', 'AnsibleFilterTypeError');
    const out: PyDict = {};
    for (const item of items) {
      if (!isDict(item)) throw new FilterError('List item is not a valid dict', 'AnsibleFilterTypeError');
      const k = dictKey(key);
      if (!Object.hasOwn(item, k)) throw new FilterError(`Key ${pyStr(key)} was not found`);
      const nk = dictKey(item[k]);
      if (Object.hasOwn(out, nk) && dup === 'error') {
        throw new FilterError(`Key ${pyStr(item[k])} is not unique, cannot correctly turn into dict`);
      }
      dictSet(out, nk, item);
    }
    return out;
  }),
  zip: defFilter('zip', '*others', (_c, v, others: unknown[]) => {
    const lists = [v, ...others].map((x) => ops.iterate(x));
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
  }),
  zip_longest: defFilter('zip_longest', '*others, fillvalue=None', (_c, v, others: unknown[], fill: unknown) => {
    const lists = [v, ...others].map((x) => ops.iterate(x));
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  }),
};
