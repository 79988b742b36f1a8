// The Templar: Ansible 2.14's Templar.template() and Conditional.evaluate_conditional() semantics.

import { readFileSync } from 'node:fs';
import { compileTemplate } from './compiler.js';
import {
  ConditionalError,
  FilterError,
  PyTypeError,
  TemplateError,
  TemplateRuntimeError,
  TemplateSyntaxError,
  UndefinedError,
} from './errors.js';
import { ANSIBLE_FILTERS } from './filters-ansible.js';
import { JINJA_FILTERS } from './filters-jinja.js';
import { MATH_FILTERS } from './filters-math.js';
import { makeGlobals } from './globals.js';
import { escapeBackslashes, prepareSource, tokenize } from './lexer.js';
import { runLookup, type LookupHost } from './lookups.js';
import { Parser } from './parser.js';
import { truthy } from './py-ops.js';
import { pyStr } from './py-repr.js';
import { HOSTVARS, MISSING, PyFloat, TYPE_OVERRIDES, Undefined, isDict, type PyDict } from './py-types.js';
import {
  Out,
  RenderContext,
  concatOutput,
  rootFrame,
  type CompiledTemplate,
  type EnvLike,
  type FilterImpl,
  type TestImpl,
} from './runtime.js';
import { ALL_TESTS } from './tests.js';
import { isUnsafe } from './unsafe.js';

export type Vars = Readonly<Record<string, unknown>>;

export interface TemplarOptions {
  /** Template variable values when a template reads them, as Ansible's AnsibleJ2Vars does
   * (`a: "{{ b }}"` makes `{{ a }}` render b). Default true. Turn off if the caller already hands
   * in templated values. Values marked with markUnsafe() are never templated. */
  lazyVarTemplating?: boolean;
  /** Base directory for lookup('file'/'template'/'pipe') when vars have no ansible_search_path. */
  basedir?: string;
  /** Returns the text of a template for {% include/import/extends %} (name as written). */
  loader?: (name: string) => string | undefined;
  /** Maximum number of compiled templates kept (default 10000). */
  cacheSize?: number;
  /** Extra filters/tests (override builtins). */
  filters?: Record<string, FilterImpl>;
  tests?: Record<string, TestImpl>;
}

export interface RenderOptions {
  /** ansible_eval_concat (true, Templar.template default) or plain string concat (template module). */
  convertData?: boolean;
  /** Ansible's _escape_backslashes for string literals inside {{ }} (default true). */
  escapeBackslashes?: boolean;
  /** Keep the number of trailing newlines of the input (default true). */
  preserveTrailingNewlines?: boolean;
  /** On undefined variables return the input unchanged instead of raising (default false). */
  ignoreUndefined?: boolean;
  /** Loader for {% include/import/extends %} in this render (overrides the Templar's loader). */
  loader?: (name: string) => string | undefined;
}

const MARKERS = /\{[{%#]/;
const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/;
const DEFINED_REGEX = /(hostvars\[.+\]|[\w_]+)\s+(not\s+is|is|is\s+not)\s+(defined|undefined)/g;
const LEX_OPTS = { trimBlocks: true };
const MAX_DEPTH = 40;
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function countTrailingNewlines(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s.charCodeAt(i) === 10; i--) n++;
  return n;
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) {
    const c = v.map(deepCopy);
    for (const sym of Object.getOwnPropertySymbols(v)) (c as unknown as Record<symbol, unknown>)[sym] = (v as unknown as Record<symbol, unknown>)[sym];
    return c;
  }
  if (isDict(v)) {
    const out: PyDict = {};
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]);
    return out;
  }
  return v;
}

/** Converts an internal value to a plain JS value (PyFloat -> number, tuples/views -> arrays). */
export function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v === undefined ? null : v;
  if (v instanceof PyFloat) return v.value;
  if (v instanceof Undefined) throw v.error();
  if (Array.isArray(v)) return v.map(toPlain);
  if (isDict(v)) {
    const out: PyDict = {};
    for (const k of Object.keys(v)) {
      const x = toPlain(v[k]);
      if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
      else out[k] = x;
    }
    return out;
  }
  return pyStr(v);
}

class Env implements EnvLike {
  readonly filters: Map<string, FilterImpl>;
  readonly tests: Map<string, TestImpl>;
  constructor(
    private readonly templar: Templar,
    opts: TemplarOptions,
  ) {
    this.filters = new Map(Object.entries({ ...JINJA_FILTERS, ...ANSIBLE_FILTERS, ...MATH_FILTERS, ...(opts.filters ?? {}) }));
    this.tests = new Map(Object.entries({ ...ALL_TESTS, ...(opts.tests ?? {}) }));
  }
  loadTemplate(name: string, ctx: RenderContext): CompiledTemplate {
    return this.templar.loadNamedTemplate(name, (ctx.host as Session).loader);
  }
}

/** State shared by one top-level templating call (the variables and their resolved values). */
class Session implements LookupHost {
  readonly resolved = new Map<string, unknown>();
  readonly resolving = new Set<string>();
  depth = 0;
  private hostvarsProxy?: unknown;
  constructor(
    readonly templar: Templar,
    readonly vars: Vars,
    readonly basedir: string,
    readonly loader?: (name: string) => string | undefined,
  ) {}

  template(value: unknown): unknown {
    return this.templar.templateIn(value, this, {});
  }

  renderFile(source: string): string {
    return String(
      this.templar.render(source, this.vars, { convertData: false, escapeBackslashes: false, loader: this.loader }),
    );
  }

  /** AnsibleJ2Vars.__getitem__ for a top-level name (MISSING when not a variable). */
  resolveVar(name: string): unknown {
    const cached = this.resolved.get(name);
    if (cached !== undefined || this.resolved.has(name)) return cached;
    const vars = this.vars;
    if (!hasOwn(vars, name)) return MISSING;
    let raw: unknown;
    try {
      raw = vars[name];
    } catch (e) {
      // a caller-side lazy variable (e.g. a Proxy) failed: behave like AnsibleJ2Vars
      if (!(e instanceof UndefinedError)) throw e;
      const u = new Undefined(e.ansibleMessage, MISSING, name);
      this.resolved.set(name, u);
      return u;
    }
    let value: unknown;
    if (name === 'hostvars' && isDict(raw)) value = (this.hostvarsProxy ??= this.templar.hostvarsView(raw));
    else if (!this.templar.lazyVarTemplating || (name === 'vars' && isDict(raw)) || isUnsafe(raw)) value = raw;
    else if (typeof raw === 'string' && !MARKERS.test(raw)) value = raw;
    else if (typeof raw !== 'string' && (raw === null || typeof raw !== 'object')) value = raw;
    else {
      if (this.resolving.has(name)) {
        throw new TemplateRuntimeError(`recursive loop detected in template string: ${pyStr(raw)}`);
      }
      this.resolving.add(name);
      try {
        value = this.templar.templateIn(raw, this, {});
      } catch (e) {
        if (!(e instanceof UndefinedError)) throw e;
        value = new Undefined(`${safeStr(raw)}: ${e.ansibleMessage}`, MISSING, name);
      } finally {
        this.resolving.delete(name);
      }
    }
    this.resolved.set(name, value);
    return value;
  }
}

/** Containers known to hold no template strings (variables are treated as immutable). */
const CLEAN = new WeakSet<object>();

function safeStr(v: unknown): string {
  try {
    return pyStr(v);
  } catch {
    return String(v);
  }
}

export class Templar {
  readonly lazyVarTemplating: boolean;
  private readonly env: Env;
  private readonly cache = new Map<string, CompiledTemplate>();
  private readonly condCache = new Map<string, string>();
  private readonly namedCache = new Map<string, CompiledTemplate>();
  private readonly cacheSize: number;
  private readonly basedir: string;
  private readonly loader?: (name: string) => string | undefined;
  private readonly hostvarsViews = new WeakMap<object, unknown>();

  constructor(opts: TemplarOptions = {}) {
    this.lazyVarTemplating = opts.lazyVarTemplating ?? true;
    this.cacheSize = opts.cacheSize ?? 10000;
    this.basedir = opts.basedir ?? process.cwd();
    this.loader = opts.loader;
    this.env = new Env(this, opts);
  }

  /** True if the string contains a Jinja2 start marker ({{, {% or {#). */
  isTemplate(s: string): boolean {
    return typeof s === 'string' && MARKERS.test(s);
  }

  /** Templar.template(): strings are rendered, lists and dicts walked (keys are not templated). */
  template(value: unknown, vars: Vars): unknown {
    if (typeof value === 'string') {
      if (!MARKERS.test(value)) return value;
    } else if (value === null || typeof value !== 'object') return value;
    const session = new Session(this, vars, this.basedir);
    return toPlain(this.templateIn(value, session, {}));
  }

  /** Renders one template string with explicit options (e.g. the template module: convertData false,
   * escapeBackslashes false). Returns a plain value. */
  render(source: string, vars: Vars, opts: RenderOptions = {}): unknown {
    const session = new Session(this, vars, this.basedir, opts.loader);
    return toPlain(this.doTemplate(source, session, opts));
  }

  /** Conditional.evaluate_conditional for when/changed_when/failed_when/assert that. A list is
   * evaluated item by item (all must be true). Throws ConditionalError with Ansible's message. */
  evaluateConditional(expr: unknown, vars: Vars): boolean {
    if (Array.isArray(expr)) {
      for (const c of expr) if (!this.evaluateConditional(c, vars)) return false;
      return true;
    }
    if (expr === null || expr === undefined || expr === '') return true;
    if (typeof expr === 'boolean') return expr;
    const session = new Session(this, vars, this.basedir);
    try {
      return this.checkConditional(expr, session);
    } catch (e) {
      const detail = e instanceof TemplateError ? e.ansibleMessage : e instanceof Error ? e.message : String(e);
      throw new ConditionalError(safeStr(expr), detail, e);
    }
  }

  /** Runs a lookup plugin with already-listified terms (for with_<lookup> loops). Returns a list. */
  lookup(name: string, terms: unknown[], vars: Vars, kwargs: Record<string, unknown> = {}): unknown[] {
    const session = new Session(this, vars, this.basedir);
    return toPlain(runLookup(session, name, terms, kwargs, true)) as unknown[];
  }

  // ------------------------------------------------------------ internals

  private checkConditional(expr: unknown, session: Session): boolean {
    const original = expr;
    let conditional: unknown;
    try {
      conditional = this.templateIn(expr, session, {});
      if (typeof conditional !== 'string' || conditional === '') return truthy(conditional);
      if (MARKERS.test(conditional)) {
        try {
          this.compile(conditional, false);
        } catch (e) {
          if (e instanceof TemplateSyntaxError) {
            throw new TemplateRuntimeError(`Invalid conditional detected: ${e.jinjaMessage}`);
          }
          throw e;
        }
      }
      let presented = this.condCache.get(conditional);
      if (presented === undefined) {
        presented = `{% if ${conditional} %} True {% else %} False {% endif %}`;
        if (this.condCache.size >= this.cacheSize) this.condCache.clear();
        this.condCache.set(conditional, presented);
      }
      const val = pyStr(this.doTemplate(presented, session, {})).trim();
      if (val === 'True') return true;
      if (val === 'False') return false;
      throw new TemplateRuntimeError(`unable to evaluate conditional: ${safeStr(original)}`);
    } catch (e) {
      if (!(e instanceof UndefinedError)) throw e;
      const m = /'(hostvars\[.+\]|[\w_]+)' is undefined/.exec(e.ansibleMessage);
      if (m && typeof conditional === 'string') {
        const varName = m[1];
        for (const du of conditional.matchAll(DEFINED_REGEX)) {
          if (varName.replace(/'/g, '"') === du[1].replace(/'/g, '"')) {
            const shouldExist = du[2].includes('not') !== (du[3] === 'defined');
            return !shouldExist;
          }
        }
      }
      const msg = `error while evaluating conditional (${safeStr(original)}): ${e.ansibleMessage}`;
      throw new UndefinedError(msg, e.variable, msg);
    }
  }

  /** Templates a value within a session (internal values, not converted to plain). */
  templateIn(value: unknown, session: Session, opts: RenderOptions): unknown {
    if (typeof value === 'string') {
      if (!MARKERS.test(value)) return value;
      const single = SINGLE_VAR.exec(value);
      if (single && hasOwn(session.vars, single[1])) {
        const raw = session.vars[single[1]];
        if (typeof raw === 'number' || typeof raw === 'boolean' || raw instanceof PyFloat) return raw;
        if (raw === null || raw === undefined) return null;
      }
      return this.doTemplate(value, session, opts);
    }
    if (value === null || typeof value !== 'object' || isUnsafe(value) || CLEAN.has(value)) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = this.templateIn(value[i], session, opts);
        if (v !== value[i] && !out) out = value.slice(0, i);
        if (out) out.push(v);
      }
      if (!out) CLEAN.add(value);
      return out ?? value;
    }
    if (isDict(value)) {
      let out: PyDict | undefined;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const v = this.templateIn(value[k], session, opts);
        if (v !== value[k] && !out) {
          out = {};
          for (let j = 0; j < i; j++) out[keys[j]] = value[keys[j]];
        }
        if (out) out[k] = v;
      }
      if (!out) CLEAN.add(value);
      return out ?? value;
    }
    return value;
  }

  /** Templar.do_template. */
  doTemplate(data: string, session: Session, opts: RenderOptions): unknown {
    const tpl = this.compile(data, opts.escapeBackslashes ?? true);
    if (++session.depth > MAX_DEPTH) {
      session.depth--;
      throw new TemplateRuntimeError(`recursive loop detected in template string: ${data}`);
    }
    try {
      const mode = opts.convertData === false ? 'plain' : 'eval';
      const copies = tpl.mutates ? new Map<string, unknown>() : undefined;
      const globals = makeGlobals(() => session);
      const resolve = (name: string): unknown => {
        let v: unknown;
        if (copies?.has(name)) return copies.get(name);
        v = session.resolveVar(name);
        if (v === MISSING) {
          v = globals(name);
          if (v === MISSING) return new Undefined(undefined, MISSING, name);
          return v;
        }
        if (copies) {
          v = deepCopy(v);
          copies.set(name, v);
        }
        return v;
      };
      const ctx = new RenderContext(this.env, resolve, mode, session);
      for (const [n, b] of tpl.blocks) ctx.blocks.set(n, [b]);
      const out = new Out();
      const frame = rootFrame(ctx);
      tpl.root(frame, out);
      while (ctx.parent) {
        const parent = ctx.parent;
        ctx.parent = undefined;
        out.suppressed = false;
        parent.root(frame, out);
      }
      let res = concatOutput(out, mode);
      if (typeof res === 'string' && opts.preserveTrailingNewlines !== false) {
        const want = countTrailingNewlines(data);
        const have = countTrailingNewlines(res);
        if (want > have) res += '\n'.repeat(want - have);
      }
      return res;
    } catch (e) {
      if (e instanceof UndefinedError) {
        if (opts.ignoreUndefined) return data;
        throw e;
      }
      if (e instanceof PyTypeError || (e instanceof FilterError && e.pyType === 'AnsibleFilterTypeError')) {
        const msg = `Unexpected templating type error occurred on (${data}): ${e.message}`;
        throw new TemplateRuntimeError(msg, 'AnsibleError', `${msg}. ${e.message}`);
      }
      throw e;
    } finally {
      session.depth--;
    }
  }

  compile(source: string, escape: boolean): CompiledTemplate {
    const key = escape ? source : `\u0000${source}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let prepared = prepareSource(source);
    let shown = source;
    if (escape) {
      const escaped = escapeBackslashes(prepared, LEX_OPTS);
      if (escaped !== prepared) {
        // Ansible reports the string after _escape_backslashes
        shown = source.includes('\r') ? escaped : escapeBackslashes(source, LEX_OPTS);
        prepared = escaped;
      }
    }
    const tokens = tokenize(prepared, LEX_OPTS, shown);
    const ast = new Parser(tokens, shown).parse();
    const tpl = compileTemplate(this.env, ast, shown);
    if (this.cache.size >= this.cacheSize) {
      const first = this.cache.keys().next().value;
      if (first !== undefined) this.cache.delete(first);
    }
    this.cache.set(key, tpl);
    return tpl;
  }

  loadNamedTemplate(name: string, loader = this.loader): CompiledTemplate {
    let src: string | undefined;
    if (loader) src = loader(name);
    else {
      try {
        src = readFileSync(name.startsWith('/') ? name : `${this.basedir}/${name}`, 'utf8');
      } catch {
        src = undefined;
      }
    }
    if (src === undefined) throw new TemplateRuntimeError(name, 'TemplateNotFound');
    const key = `${name}\u0000${src}`;
    let tpl = this.namedCache.get(key);
    if (!tpl) {
      tpl = this.compile(src, false);
      this.namedCache.set(key, tpl);
    }
    return tpl;
  }

  /** hostvars: a lazily templated view of {host: vars}; hostvars[h][x] templates x with h's vars. */
  hostvarsView(raw: PyDict): unknown {
    const cached = this.hostvarsViews.get(raw);
    if (cached) return cached;
    const hostCache = new Map<string, unknown>();
    const view = new Proxy(raw, {
      get: (target, key) => {
        if (typeof key !== 'string' || !hasOwn(target, key)) return Reflect.get(target, key);
        let hv = hostCache.get(key);
        if (!hv) {
          const hostVars = target[key];
          hv = isDict(hostVars) ? this.hostVarsVars(hostVars) : hostVars;
          hostCache.set(key, hv);
        }
        return hv;
      },
    });
    HOSTVARS.add(view);
    TYPE_OVERRIDES.set(view, 'ansible.vars.hostvars.HostVars');
    this.hostvarsViews.set(raw, view);
    return view;
  }

  private hostVarsVars(hostVars: PyDict): unknown {
    const session = new Session(this, hostVars, this.basedir);
    const view = new Proxy(hostVars, {
      get: (target, key) => {
        if (typeof key !== 'string' || !hasOwn(target, key)) return Reflect.get(target, key);
        const raw = target[key];
        if (!this.lazyVarTemplating || isUnsafe(raw)) return raw;
        return this.templateIn(raw, session, { ignoreUndefined: true });
      },
    });
    TYPE_OVERRIDES.set(view, 'ansible.vars.hostvars.HostVarsVars');
    return view;
  }
}
