// Python operator semantics: truth, equality, ordering, arithmetic, membership, iteration, len.

import { PyTypeError, PyValueError } from './errors.js';
import { pyStr } from './py-repr.js';
import {
  PyFloat,
  PyObject,
  TUPLE,
  Undefined,
  VIEW,
  isDict,
  isFloat,
  mkNum,
  toNum,
  tuple,
  typeName,
  type PyList,
} from './py-types.js';

export function truthy(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'undefined':
      return false;
    default:
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Undefined) {
    if (v.lenient) return false;
    throw v.error();
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyObject) return v.pyBool();
  if (isDict(v)) {
    for (const _k in v) return true;
    return false;
  }
  return true;
}

function numLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** Python ==. Undefined operands raise (StrictUndefined.__eq__). */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) {
    if (a instanceof Undefined) throw a.error();
    return typeof a !== 'number' || !Number.isNaN(a);
  }
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (numLike(a)) return numLike(b) && toNum(a) === toNum(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    const la = a as PyList;
    const lb = b as PyList;
    if (!!la[TUPLE] !== !!lb[TUPLE] || la.length !== lb.length) return false;
    for (let i = 0; i < la.length; i++) if (!pyEq(la[i], lb[i])) return false;
    return true;
  }
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!Object.hasOwn(b, k) || !pyEq(a[k], b[k])) return false;
    return true;
  }
  if (a instanceof PyObject && 'pyEq' in a && typeof (a as { pyEq?: unknown }).pyEq === 'function') {
    return (a as unknown as { pyEq(o: unknown): boolean }).pyEq(b);
  }
  return false;
}

const OP_SYMBOL: Record<string, string> = { lt: '<', lteq: '<=', gt: '>', gteq: '>=' };

/** Python ordering comparison; returns -1/0/1 or raises TypeError. */
export function pyCmp(a: unknown, b: unknown, op = 'lt'): number {
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
  if (numLike(a) && numLike(b)) {
    const x = toNum(a);
    const y = toNum(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && !!(a as PyList)[TUPLE] === !!(b as PyList)[TUPLE]) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEq(a[i], b[i])) return pyCmp(a[i], b[i], op);
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  if (a instanceof PyObject && 'pyCmp' in a) {
    const r = (a as unknown as { pyCmp(o: unknown): number | undefined }).pyCmp(b);
    if (r !== undefined) return r;
  }
  throw new PyTypeError(
    `'${OP_SYMBOL[op] ?? '<'}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

export function compareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'eq':
      return pyEq(a, b);
    case 'ne':
      return !pyEq(a, b);
    case 'lt':
      return pyCmp(a, b, op) < 0;
    case 'lteq':
      return pyCmp(a, b, op) <= 0;
    case 'gt':
      return pyCmp(a, b, op) > 0;
    case 'gteq':
      return pyCmp(a, b, op) >= 0;
    case 'in':
      return contains(b, a);
    case 'notin':
      return !contains(b, a);
    default:
      throw new Error(`unknown comparison ${op}`);
  }
}

/** Python `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Undefined) throw container.error();
  if (typeof container === 'string') {
    if (item instanceof Undefined) throw item.error();
    if (typeof item !== 'string') {
      throw new PyTypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const x of container) if (pyEq(x, item)) return true;
    return false;
  }
  if (isDict(container)) {
    if (item instanceof Undefined) throw item.error();
    if (typeof item === 'string') return Object.hasOwn(container, item);
    if (typeof item === 'number') return Object.hasOwn(container, String(item));
    if (item === null || typeof item === 'boolean' || item instanceof PyFloat) return false;
    throw new PyTypeError(`unhashable type: '${typeName(item)}'`);
  }
  if (container instanceof PyObject) {
    const r = container.pyContains(item);
    if (r !== undefined) return r;
    const it = container.pyIter();
    if (it) return it.some((x) => pyEq(x, item));
  }
  throw new PyTypeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Materialised Python iteration. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (isDict(v)) return Object.keys(v);
  if (v instanceof Undefined) {
    if (v.lenient) return [];
    throw v.error();
  }
  if (v instanceof PyObject) {
    const it = v.pyIter();
    if (it) return it;
  }
  throw new PyTypeError(`'${typeName(v)}' object is not iterable`);
}

export function isIterable(v: unknown): boolean {
  if (Array.isArray(v) || typeof v === 'string' || isDict(v)) return true;
  return v instanceof PyObject && v.pyIter() !== undefined;
}

const SURROGATE = /[\ud800-\udfff]/;

export function pyLen(v: unknown): number {
  if (typeof v === 'string') return SURROGATE.test(v) ? Array.from(v).length : v.length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (v instanceof Undefined) {
    if (v.lenient) return 0;
    throw v.error();
  }
  if (v instanceof PyObject) {
    const n = v.pyLen();
    if (n !== undefined) return n;
  }
  throw new PyTypeError(`object of type '${typeName(v)}' has no len()`);
}

// ---------------------------------------------------------------- arithmetic

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyTypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function checkDefined(a: unknown, b: unknown): void {
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
}

function seqConcat(a: unknown[], b: unknown[]): unknown[] {
  const r = a.concat(b);
  return (a as PyList)[TUPLE] ? tuple(r) : r;
}

export function add(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (numLike(a) && numLike(b)) return mkNum(toNum(a) + toNum(b), isFloat(a) || isFloat(b));
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    throw new PyTypeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a) && !(a as PyList)[VIEW]) {
    if (Array.isArray(b) && !!(a as PyList)[TUPLE] === !!(b as PyList)[TUPLE] && !(b as PyList)[VIEW]) {
      return seqConcat(a, b);
    }
    const t = (a as PyList)[TUPLE] ? 'tuple' : 'list';
    throw new PyTypeError(`can only concatenate ${t} (not "${typeName(b)}") to ${t}`);
  }
  if (a instanceof PyObject && 'pyAdd' in a) {
    return (a as unknown as { pyAdd(o: unknown): unknown }).pyAdd(b);
  }
  return unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (numLike(a) && numLike(b)) return mkNum(toNum(a) - toNum(b), isFloat(a) || isFloat(b));
  if (a instanceof PyObject && 'pySub' in a) {
    const r = (a as unknown as { pySub(o: unknown): unknown }).pySub(b);
    if (r !== undefined) return r;
  }
  return unsupported('-', a, b);
}

function repeatSeq(seq: unknown, n: number): unknown {
  const count = Math.max(0, n);
  if (typeof seq === 'string') return seq.repeat(count);
  const arr = seq as unknown[];
  let r: unknown[] = [];
  for (let i = 0; i < count; i++) r = r.concat(arr);
  return (arr as PyList)[TUPLE] ? tuple(r) : r;
}

function isIntLike(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
}

export function mul(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (numLike(a) && numLike(b)) return mkNum(toNum(a) * toNum(b), isFloat(a) || isFloat(b));
  const aSeq = typeof a === 'string' || Array.isArray(a);
  const bSeq = typeof b === 'string' || Array.isArray(b);
  if (aSeq && isIntLike(b)) return repeatSeq(a, toNum(b));
  if (bSeq && isIntLike(a)) return repeatSeq(b, toNum(a));
  if (aSeq && !bSeq && !(b === null || b === undefined || numLike(b))) {
    throw new PyTypeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  }
  if (aSeq && (numLike(b) || bSeq)) throw new PyTypeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  if (bSeq && numLike(a)) throw new PyTypeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
  return unsupported('*', a, b);
}

export function truediv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!numLike(a) || !numLike(b)) return unsupported('/', a, b);
  const y = toNum(b);
  if (y === 0) throw new PyValueError(isFloat(a) || isFloat(b) ? 'float division by zero' : 'division by zero', 'ZeroDivisionError');
  return mkNum(toNum(a) / y, true);
}

export function floordiv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!numLike(a) || !numLike(b)) return unsupported('//', a, b);
  const fl = isFloat(a) || isFloat(b);
  const y = toNum(b);
  if (y === 0) throw new PyValueError(fl ? 'float floor division by zero' : 'integer division or modulo by zero', 'ZeroDivisionError');
  return mkNum(Math.floor(toNum(a) / y), fl);
}

export function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

export function mod(a: unknown, b: unknown, format: (s: string, args: unknown) => string): unknown {
  checkDefined(a, b);
  if (typeof a === 'string') return format(a, b);
  if (!numLike(a) || !numLike(b)) return unsupported('%', a, b);
  const fl = isFloat(a) || isFloat(b);
  const y = toNum(b);
  if (y === 0) throw new PyValueError(fl ? 'float modulo' : 'integer modulo by zero', 'ZeroDivisionError');
  return mkNum(pyMod(toNum(a), y), fl);
}

export function pow(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!numLike(a) || !numLike(b)) return unsupported('** or pow()', a, b);
  const x = toNum(a);
  const y = toNum(b);
  const fl = isFloat(a) || isFloat(b) || y < 0;
  if (x === 0 && y < 0) throw new PyValueError('0.0 cannot be raised to a negative power', 'ZeroDivisionError');
  return mkNum(x ** y, fl);
}

export function neg(a: unknown): unknown {
  if (a instanceof Undefined) throw a.error();
  if (!numLike(a)) throw new PyTypeError(`bad operand type for unary -: '${typeName(a)}'`);
  return mkNum(-toNum(a), isFloat(a));
}

export function pos(a: unknown): unknown {
  if (a instanceof Undefined) throw a.error();
  if (!numLike(a)) throw new PyTypeError(`bad operand type for unary +: '${typeName(a)}'`);
  return typeof a === 'boolean' ? toNum(a) : a;
}

/** Jinja2's `~` operator: str() of each operand. */
export function concat(parts: unknown[]): string {
  let s = '';
  for (const p of parts) s += pyStr(p);
  return s;
}
