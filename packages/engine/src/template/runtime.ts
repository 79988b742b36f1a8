// Render-time objects: frames, the output buffer, attribute/item access, calls, loop and macro objects,
// and Ansible's output finalisation and concat (ansible_eval_concat / ansible_concat).

import { PyTypeError } from './errors.js';
import { literalEval } from './literal-eval.js';
import { boundMethod, callMethod, hasMethod, setAccess } from './py-methods.js';
import { pyEq } from './py-ops.js';
import { pyStr } from './py-repr.js';
import {
  GROUP,
  HOSTVARS,
  MISSING,
  PyFloat,
  PyFunction,
  PyObject,
  PySlice,
  TUPLE,
  Undefined,
  VIEW,
  isDict,
  toNum,
  tuple,
  typeName,
  type PyDict,
  type PyList,
} from './py-types.js';

export type FilterImpl = (ctx: RenderContext, value: unknown, args: unknown[], kwargs: PyDict) => unknown;
export type TestImpl = (ctx: RenderContext, value: unknown, args: unknown[], kwargs: PyDict) => boolean;

export interface CompiledTemplate {
  readonly source: string;
  readonly root: StmtFn;
  readonly blocks: Map<string, BlockFn>;
  /** The template calls a mutating method (append, update, ...): resolved variables must be copied. */
  readonly mutates: boolean;
  /** Single `{{ expr }}` whose expression yields NativeJinjaText (to_json, string, ...). */
  readonly nativeOutput: boolean;
}

export interface EnvLike {
  readonly filters: Map<string, FilterImpl>;
  readonly tests: Map<string, TestImpl>;
  /** Loads a template for include/import/extends during the render `ctx`. */
  loadTemplate(name: string, ctx: RenderContext): CompiledTemplate;
}

export interface Frame {
  readonly l: Record<string, unknown>;
  readonly ctx: RenderContext;
}

export type Ev = (f: Frame) => unknown;
export type StmtFn = (f: Frame, out: Out) => void;
export type BlockFn = (f: Frame, out: Out, chain: BlockFn[], index: number) => void;

/** Output nodes of a render. Like Ansible's concat, which converts each node to text as soon as
 * the next one is produced, only the first node is kept as an object (for the single-node case). */
export class Out {
  items: unknown[] = [];
  native = false;
  suppressed = false;
  push(v: unknown, native = false): void {
    if (this.suppressed) return;
    const items = this.items;
    if (items.length === 0) {
      items.push(v);
      this.native = native;
      return;
    }
    if (items.length === 1 && typeof items[0] !== 'string') items[0] = pyStr(items[0]);
    items.push(typeof v === 'string' ? v : pyStr(v));
  }
}

/** Per-render state. `resolve` looks up a top-level (non-local) name. */
export class RenderContext {
  readonly blocks = new Map<string, BlockFn[]>();
  exported: PyDict = {};
  parent?: CompiledTemplate;
  constructor(
    readonly env: EnvLike,
    readonly resolve: (name: string) => unknown,
    readonly concatMode: 'eval' | 'plain',
    readonly host: unknown,
  ) {}
}

export function rootFrame(ctx: RenderContext, parent?: Record<string, unknown>): Frame {
  return { l: Object.create(parent ?? null) as Record<string, unknown>, ctx };
}

export function childFrame(f: Frame): Frame {
  return { l: Object.create(f.l) as Record<string, unknown>, ctx: f.ctx };
}

export function lookupName(f: Frame, name: string): unknown {
  const l = f.l;
  return name in l ? l[name] : f.ctx.resolve(name);
}

// ---------------------------------------------------------------- attribute / item access

function noneToNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

function listIndex(l: unknown[] | string, key: unknown): unknown {
  const n = typeof key === 'boolean' ? (key ? 1 : 0) : (key as number);
  const i = n < 0 ? n + (typeof l === 'string' ? l.length : l.length) : n;
  if (i < 0 || i >= l.length) return MISSING;
  return typeof l === 'string' ? l[i] : noneToNull(l[i]);
}

function sliceIndices(len: number, s: PySlice): [number, number, number] {
  const step = s.step === null || s.step === undefined ? 1 : toNum(s.step);
  if (step === 0) throw new PyTypeError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    if (v instanceof Undefined) throw v.error();
    let n = toNum(v);
    if (n < 0) n += len;
    return Math.min(Math.max(n, lo), hi);
  };
  if (step > 0) return [norm(s.start, 0, 0, len), norm(s.stop, len, 0, len), step];
  return [norm(s.start, len - 1, -1, len - 1), norm(s.stop, -1, -1, len - 1), step];
}

export function applySlice(v: unknown, s: PySlice): unknown {
  if (typeof v === 'string') {
    const chars = v.length === Array.from(v).length ? v : Array.from(v);
    const [a, b, step] = sliceIndices(chars.length, s);
    if (step === 1 && typeof chars === 'string') return chars.slice(a, Math.max(a, b));
    let out = '';
    for (let i = a; step > 0 ? i < b : i > b; i += step) out += chars[i];
    return out;
  }
  if (Array.isArray(v)) {
    const [a, b, step] = sliceIndices(v.length, s);
    let r: unknown[];
    if (step === 1) r = v.slice(a, Math.max(a, b));
    else {
      r = [];
      for (let i = a; step > 0 ? i < b : i > b; i += step) r.push(v[i]);
    }
    return (v as PyList)[TUPLE] ? tuple(r) : r;
  }
  return MISSING;
}

function isIndexKey(k: unknown): boolean {
  return (typeof k === 'number' && Number.isInteger(k)) || typeof k === 'boolean';
}

/** Python obj[key] without the Jinja2 fallbacks; MISSING when it fails. */
function rawGetitem(obj: unknown, key: unknown): unknown {
  if (isDict(obj)) {
    if (typeof key === 'string') return Object.hasOwn(obj, key) ? noneToNull(obj[key]) : MISSING;
    if (typeof key === 'number') {
      const k = String(key);
      return Object.hasOwn(obj, k) ? noneToNull(obj[k]) : MISSING;
    }
    if (key instanceof PyFloat) {
      const k = String(key.value);
      return Object.hasOwn(obj, k) ? noneToNull(obj[k]) : MISSING;
    }
    return MISSING;
  }
  if (Array.isArray(obj)) {
    if ((obj as PyList)[VIEW]) return MISSING;
    if (isIndexKey(key)) return listIndex(obj, key);
    if (key instanceof PySlice) return applySlice(obj, key);
    return MISSING;
  }
  if (typeof obj === 'string') {
    if (isIndexKey(key)) {
      const chars = Array.from(obj);
      const r = listIndex(chars, key);
      return r;
    }
    if (key instanceof PySlice) return applySlice(obj, key);
    return MISSING;
  }
  if (obj instanceof PyObject) return obj.getitem(key);
  return MISSING;
}

/** Python getattr(obj, name) (attributes and methods only); MISSING when absent. */
export function attrOnly(obj: unknown, name: string): unknown {
  return rawGetattr(obj, name);
}

function rawGetattr(obj: unknown, name: string): unknown {
  if (obj instanceof PyObject) return obj.getattr(name);
  if (Array.isArray(obj) && (obj as PyList)[GROUP]) {
    if (name === 'grouper') return obj[0];
    if (name === 'list') return obj[1];
  }
  if (obj instanceof PyFloat || (typeof obj === 'number' && !Number.isInteger(obj))) {
    if (name === 'real') return obj;
    if (name === 'imag') return new PyFloat(0);
  } else if (typeof obj === 'number' || typeof obj === 'boolean') {
    if (name === 'real' || name === 'numerator') return toNum(obj);
    if (name === 'imag') return 0;
    if (name === 'denominator') return 1;
  }
  if (hasMethod(obj, name)) return boundMethod(obj, name);
  return MISSING;
}

/** Jinja2 Environment.getattr (`obj.name`): attribute first, then item. */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) {
    if (obj.lenient) throw obj.error();
    return obj;
  }
  if (isDict(obj)) {
    if (hasMethod(obj, name)) return boundMethod(obj, name);
    if (Object.hasOwn(obj, name)) return noneToNull(obj[name]);
    if (HOSTVARS.has(obj)) return new Undefined(undefined, MISSING, `hostvars['${name}']`);
    return new Undefined(undefined, obj, name);
  }
  let v = rawGetattr(obj, name);
  if (v !== MISSING) return v;
  v = rawGetitem(obj, name);
  if (v !== MISSING) return v;
  return new Undefined(undefined, obj, name);
}

/** Jinja2 Environment.getitem (`obj[key]`): item first, then attribute for string keys. */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) {
    if (obj.lenient) throw obj.error();
    return obj;
  }
  if (key instanceof Undefined) throw key.error();
  let v = rawGetitem(obj, key);
  if (v !== MISSING) return v;
  if (typeof key === 'string') {
    v = rawGetattr(obj, key);
    if (v !== MISSING) return v;
  }
  if (HOSTVARS.has(obj as object)) return new Undefined(undefined, MISSING, `hostvars['${pyStr(key)}']`);
  return new Undefined(undefined, obj, key);
}

setAccess({ getattr, getitem });

export function callValue(fn: unknown, args: unknown[], kwargs: PyDict): unknown {
  if (fn instanceof Undefined) throw fn.error();
  if (fn instanceof PyObject && fn.call) return fn.call(args, kwargs);
  if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown)(...args);
  throw new PyTypeError(`'${typeName(fn)}' object is not callable`);
}

/** obj.name(args...) */
export function callAttr(obj: unknown, name: string, args: unknown[], kwargs: PyDict): unknown {
  if (obj instanceof Undefined) throw obj.error();
  const r = callMethod(obj, name, args, kwargs);
  if (r !== MISSING) return r;
  return callValue(getattr(obj, name), args, kwargs);
}

// ---------------------------------------------------------------- loop

export class LoopContext extends PyObject {
  index0 = -1;
  private lastChanged: unknown = MISSING;
  constructor(
    readonly items: unknown[],
    readonly depth0: number,
    readonly recurse?: (items: unknown, depth: number) => string,
  ) {
    super();
  }
  get pyType(): string {
    return 'LoopContext';
  }
  override getattr(name: string): unknown {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index0':
        return i;
      case 'index':
        return i + 1;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return this.depth0 + 1;
      case 'depth0':
        return this.depth0;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undefined('there is no previous item', MISSING, 'previtem');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : new Undefined('there is no next item', MISSING, 'nextitem');
      case 'cycle':
        return new PyFunction('cycle', (args) => {
          if (!args.length) throw new PyTypeError('no items for cycling given');
          return args[i % args.length];
        });
      case 'changed':
        return new PyFunction('changed', (args) => {
          const v = tuple([...args]);
          if (this.lastChanged === MISSING || !pyEq(this.lastChanged, v)) {
            this.lastChanged = v;
            return true;
          }
          return false;
        });
      default:
        return MISSING;
    }
  }
  override call(args: unknown[]): unknown {
    if (!this.recurse) {
      throw new PyTypeError("The loop must have the 'recursive' marker to be called recursively.");
    }
    return this.recurse(args[0], this.depth0 + 1);
  }
  override pyRepr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

// ---------------------------------------------------------------- macros

export class Macro extends PyObject {
  constructor(
    readonly name: string,
    readonly argNames: string[],
    readonly defaults: Ev[],
    readonly body: StmtFn,
    readonly defFrame: Frame,
    readonly catchVarargs: boolean,
    readonly catchKwargs: boolean,
    readonly usesCaller: boolean,
  ) {
    super();
  }
  get pyType(): string {
    return 'Macro';
  }
  override getattr(name: string): unknown {
    if (name === 'name') return this.name;
    if (name === 'arguments') return tuple([...this.argNames]);
    if (name === 'catch_kwargs') return this.catchKwargs;
    if (name === 'catch_varargs') return this.catchVarargs;
    if (name === 'caller') return this.usesCaller;
    return MISSING;
  }
  override call(args: unknown[], kwargs: PyDict): unknown {
    const f = childFrame(this.defFrame);
    const kw = { ...kwargs };
    const nDefaults = this.defaults.length;
    const firstDefault = this.argNames.length - nDefaults;
    this.argNames.forEach((name, i) => {
      if (i < args.length) {
        if (Object.hasOwn(kw, name)) throw new PyTypeError(`macro '${this.name}' got multiple values for argument '${name}'`);
        f.l[name] = args[i];
      } else if (Object.hasOwn(kw, name)) {
        f.l[name] = kw[name];
        delete kw[name];
      } else if (i >= firstDefault) {
        f.l[name] = this.defaults[i - firstDefault](f);
      } else {
        f.l[name] = new Undefined(`parameter '${name}' was not provided`, MISSING, name);
      }
    });
    if (this.usesCaller) {
      f.l.caller = Object.hasOwn(kw, 'caller') ? kw.caller : new Undefined("No caller defined", MISSING, 'caller');
      delete kw.caller;
    } else if (Object.hasOwn(kw, 'caller')) {
      throw new PyTypeError(`macro '${this.name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
    }
    const extra = args.slice(this.argNames.length);
    if (this.catchVarargs) f.l.varargs = tuple(extra);
    else if (extra.length) {
      throw new PyTypeError(`macro '${this.name}' takes not more than ${this.argNames.length} argument(s)`);
    }
    const extraKw = Object.keys(kw);
    if (this.catchKwargs) f.l.kwargs = kw;
    else if (extraKw.length) throw new PyTypeError(`macro '${this.name}' takes no keyword argument '${extraKw[0]}'`);
    const out = new Out();
    this.body(f, out);
    return concatOutput(out, f.ctx.concatMode);
  }
  override pyRepr(): string {
    return `<Macro '${this.name}'>`;
  }
}

/** An imported template module ({% import 'x' as m %}). */
export class TemplateModule extends PyObject {
  constructor(
    readonly name: string,
    readonly exported: PyDict,
    readonly body: string,
  ) {
    super();
  }
  get pyType(): string {
    return 'TemplateModule';
  }
  override getattr(name: string): unknown {
    return Object.hasOwn(this.exported, name) ? this.exported[name] : MISSING;
  }
  override pyStr(): string {
    return this.body;
  }
  override pyRepr(): string {
    return `<TemplateModule '${this.name}'>`;
  }
}

// ---------------------------------------------------------------- finalize / concat

function failOnUndefined(v: unknown, depth = 0): void {
  if (depth > 100) return;
  if (v instanceof Undefined) {
    if (!v.lenient) throw v.error();
    return;
  }
  if (Array.isArray(v)) for (const x of v) failOnUndefined(x, depth + 1);
  else if (isDict(v)) for (const k in v) failOnUndefined(v[k], depth + 1);
}

/** Ansible's _ansible_finalize for {{ }} output: None -> '', undefined anywhere inside -> error,
 * iterators/views unrolled to lists. */
export function finalize(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Undefined) {
    if (v.lenient) return '';
    throw v.error();
  }
  if (Array.isArray(v)) {
    failOnUndefined(v);
    if ((v as PyList)[VIEW]) return [...v];
    return v;
  }
  if (isDict(v)) failOnUndefined(v);
  return v;
}

/** Converts a value to what literal_eval(repr(value)) gives, or MISSING if repr is not a literal. */
export function literalCopy(v: unknown, depth = 0): unknown {
  if (depth > 200) return MISSING;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : MISSING;
    case 'undefined':
      return null;
    default:
  }
  if (v === null) return null;
  if (v instanceof PyFloat) return v;
  if (Array.isArray(v)) {
    const l = v as PyList;
    const out: unknown[] = new Array(l.length);
    for (let i = 0; i < l.length; i++) {
      const c = literalCopy(l[i], depth + 1);
      if (c === MISSING) return MISSING;
      out[i] = c;
    }
    if (l[VIEW]) return MISSING;
    return l[TUPLE] ? tuple(out) : out;
  }
  if (isDict(v)) {
    const out: PyDict = {};
    for (const k of Object.keys(v)) {
      const c = literalCopy(v[k], depth + 1);
      if (c === MISSING) return MISSING;
      if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
      else out[k] = c;
    }
    return out;
  }
  return MISSING;
}

/** ansible_eval_concat / ansible_concat over the output nodes of a render. */
export function concatOutput(out: Out, mode: 'eval' | 'plain'): unknown {
  const items = out.items;
  if (items.length === 0) return '';
  if (mode === 'plain') {
    let s = '';
    for (const it of items) s += pyStr(it);
    return s;
  }
  let s: string;
  if (items.length === 1) {
    const v = items[0];
    if (out.native) return v;
    if (typeof v === 'boolean') return v;
    if ((Array.isArray(v) && !(v as PyList)[TUPLE]) || isDict(v)) {
      const c = literalCopy(v);
      if (c !== MISSING) return c;
      return pyStr(v);
    }
    s = pyStr(v);
  } else {
    s = '';
    for (const it of items) s += pyStr(it);
  }
  const c0 = s.charCodeAt(0);
  if (c0 === 123 /* { */ || c0 === 91 /* [ */ || s === 'True' || s === 'False') {
    const r = literalEval(s);
    if (r !== MISSING) return r;
  }
  return s;
}

