// The Python value model used while rendering. Plain JS values map onto Python types:
//   null/undefined -> None, boolean -> bool, number -> int (if integral) or float, string -> str,
//   Array -> list (tagged with TUPLE -> tuple, VIEW -> dict view), plain object -> dict.
// Integral floats (2.0, the result of 4/2) are boxed in PyFloat so that they print as "2.0".
// Everything else (undefined values, namespaces, loop objects, callables, datetimes) is a PyObject.

import { UndefinedError } from './errors.js';

export const TUPLE: unique symbol = Symbol('py.tuple');
export const VIEW: unique symbol = Symbol('py.view');
/** Marks a tuple produced by groupby (it has .grouper/.list attributes). */
export const GROUP: unique symbol = Symbol('py.group');

export type PyList = unknown[] & { [TUPLE]?: boolean; [VIEW]?: 'dict_keys' | 'dict_values' | 'dict_items'; [GROUP]?: boolean };
export type PyDict = Record<string, unknown>;

/** A Python float whose value is integral (2.0). Non-integral floats are plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Returned by lookup helpers for "not found". */
export const MISSING: unique symbol = Symbol('py.missing');
export type Missing = typeof MISSING;

/** Base class of non-builtin Python objects exposed to templates. */
export abstract class PyObject {
  abstract get pyType(): string;
  /** Python attribute lookup; MISSING when there is none. */
  getattr(_name: string): unknown {
    return MISSING;
  }
  /** obj[key]; MISSING when absent (caller falls back to getattr for string keys). */
  getitem(_key: unknown): unknown {
    return MISSING;
  }
  pyRepr(): string {
    return `<${this.pyType} object>`;
  }
  pyStr(): string {
    return this.pyRepr();
  }
  pyBool(): boolean {
    return true;
  }
  /** Iteration; undefined means "not iterable". */
  pyIter(): unknown[] | undefined {
    return undefined;
  }
  pyLen(): number | undefined {
    return undefined;
  }
  pyContains(_item: unknown): boolean | undefined {
    return undefined;
  }
  /** Calling the object; undefined means not callable. */
  call?(args: unknown[], kwargs: PyDict): unknown;
}

/** Ansible's AnsibleUndefined: chainable (attribute/item access returns itself) but any other use
 * (printing, iterating, comparing, truth testing) raises UndefinedError. */
export class Undefined {
  constructor(
    readonly hint?: string,
    readonly obj: unknown = MISSING,
    readonly name?: string | number | unknown,
    /** Jinja2's default (lenient) Undefined: prints as '', is falsy and iterates empty. Used for
     * the implicit else of `a if b`. */
    readonly lenient = false,
  ) {}

  get message(): string {
    if (this.hint) return this.hint;
    if (this.obj === MISSING) return `${reprName(this.name)} is undefined`;
    if (typeof this.name !== 'string') return `${objectTypeRepr(this.obj)} has no element ${reprName(this.name)}`;
    return `${reprName(objectTypeRepr(this.obj))} has no attribute ${reprName(this.name)}`;
  }

  error(): UndefinedError {
    return new UndefinedError(this.message, this.name === undefined ? undefined : String(this.name));
  }
}

// Late-bound to avoid an import cycle with py-repr.ts.
let reprImpl: (v: unknown) => string = (v) => `'${String(v)}'`;
export function setReprImpl(fn: (v: unknown) => string): void {
  reprImpl = fn;
}
function reprName(v: unknown): string {
  return reprImpl(v);
}

/** Python class names of special dict-like views (hostvars), used in messages and type_debug. */
export const TYPE_OVERRIDES = new WeakMap<object, string>();
/** Ansible HostVars views: a missing host is reported as "'hostvars['h']' is undefined". */
export const HOSTVARS = new WeakSet<object>();

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

/** Throws the UndefinedError if v is undefined, else returns v. */
export function defined<T>(v: T): T {
  if (v instanceof Undefined) throw v.error();
  return v;
}

export function isDict(v: unknown): v is PyDict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function isList(v: unknown): v is PyList {
  return Array.isArray(v);
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && (v as PyList)[TUPLE] === true;
}

export function tuple<T extends unknown[]>(arr: T): T {
  (arr as PyList)[TUPLE] = true;
  return arr;
}

export function view(arr: unknown[], kind: 'dict_keys' | 'dict_values' | 'dict_items'): PyList {
  (arr as PyList)[VIEW] = kind;
  return arr;
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** int, float or bool (Python numbers.Number includes bool). */
export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';
}

/** The JS number of a Python int/float/bool. */
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TypeError('not a number');
}

/** Make a Python number from a JS number: a float result that happens to be integral is boxed. */
export function mkNum(x: number, float: boolean): unknown {
  return float && Number.isInteger(x) ? new PyFloat(x) : x;
}

export function mkFloat(x: number): unknown {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
    default:
  }
  if (Array.isArray(v)) {
    const l = v as PyList;
    if (l[TUPLE]) return l[GROUP] ? '_GroupTuple' : 'tuple';
    return l[VIEW] ?? 'list';
  }
  if (v instanceof PyFloat) return 'float';
  if (v instanceof Undefined) return 'AnsibleUndefined';
  if (v instanceof PyObject) return v.pyType;
  if (isDict(v)) return TYPE_OVERRIDES.get(v) ?? 'dict';
  return 'object';
}

/** Jinja2's object_type_repr: used in undefined messages ("dict object", "None"). */
export function objectTypeRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  return `${typeName(v)} object`;
}

/** A Python slice object (x[a:b:c]). */
export class PySlice extends PyObject {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {
    super();
  }
  get pyType(): string {
    return 'slice';
  }
}

/** A callable exposed to templates: globals, bound methods, macros. */
export class PyFunction extends PyObject {
  constructor(
    readonly name: string,
    readonly fn: (args: unknown[], kwargs: PyDict) => unknown,
    readonly kind: string = 'builtin_function_or_method',
  ) {
    super();
  }
  get pyType(): string {
    return this.kind;
  }
  override call(args: unknown[], kwargs: PyDict): unknown {
    return this.fn(args, kwargs);
  }
  override pyRepr(): string {
    return `<built-in method ${this.name}>`;
  }
}

/** Jinja2's namespace() object. */
export class Namespace extends PyObject {
  readonly attrs: PyDict;
  constructor(attrs: PyDict) {
    super();
    this.attrs = attrs;
  }
  get pyType(): string {
    return 'jinja2.utils.Namespace';
  }
  override getattr(name: string): unknown {
    return Object.hasOwn(this.attrs, name) ? this.attrs[name] : MISSING;
  }
  override getitem(key: unknown): unknown {
    return typeof key === 'string' && Object.hasOwn(this.attrs, key) ? this.attrs[key] : MISSING;
  }
  override pyRepr(): string {
    const parts = Object.entries(this.attrs).map(([k, v]) => `${k}=${reprImpl(v)}`);
    return `<Namespace ${parts.join(', ')}>`;
  }
}

/** Sets a key on a dict safely (handles "__proto__"). */
export function dictSet(d: PyDict, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(d, key, { value, enumerable: true, writable: true, configurable: true });
  else d[key] = value;
}

/** Dict key from a Python value (JS objects only hold string keys). */
export function dictKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (typeof k === 'number') return String(k);
  if (k instanceof PyFloat) return String(k.value);
  return reprImpl(k);
}
