// Compiles a Jinja2 AST into JS closures. Expressions become (frame) => value, statements become
// (frame, out) => void.

import type { CallArgs, Expr, Stmt } from './ast.js';
import { PyTypeError, PyValueError, TemplateRuntimeError, TemplateSyntaxError } from './errors.js';
import * as ops from './py-ops.js';
import { MUTATING_METHODS } from './py-methods.js';
import { percentFormat } from './py-format.js';
import {
  MISSING,
  Namespace,
  PyFunction,
  PySlice,
  Undefined,
  dictKey,
  dictSet,
  isDict,
  tuple,
  type PyDict,
} from './py-types.js';
import {
  LoopContext,
  Macro,
  Out,
  TemplateModule,
  callAttr,
  callValue,
  childFrame,
  concatOutput,
  finalize,
  getattr,
  getitem,
  lookupName,
  rootFrame,
  type BlockFn,
  type CompiledTemplate,
  type EnvLike,
  type Ev,
  type Frame,
  type StmtFn,
} from './runtime.js';

/** Filters whose result Ansible marks NativeJinjaText (never literal_eval'd). */
export const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);

type Args = (f: Frame) => [unknown[], PyDict];

const modFormat = (s: string, a: unknown) => percentFormat(s, a);

class Compiler {
  mutates = false;
  readonly blocks = new Map<string, BlockFn>();
  constructor(
    private readonly env: EnvLike,
    private readonly source: string,
  ) {}

  private fail(msg: string, lineno: number): never {
    throw new TemplateSyntaxError(msg, lineno, this.source);
  }

  // ------------------------------------------------------------ expressions

  expr(e: Expr): Ev {
    switch (e.k) {
      case 'const': {
        const v = e.v;
        return () => v;
      }
      case 'name': {
        const n = e.name;
        return (f) => lookupName(f, n);
      }
      case 'tuple': {
        const items = e.items.map((x) => this.expr(x));
        return (f) => tuple(items.map((ev) => ev(f)));
      }
      case 'list': {
        const items = e.items.map((x) => this.expr(x));
        return (f) => items.map((ev) => ev(f));
      }
      case 'dict': {
        const items = e.items.map(([k, v]) => [this.expr(k), this.expr(v)] as const);
        return (f) => {
          const d: PyDict = {};
          for (const [k, v] of items) {
            const key = k(f);
            if (key instanceof Undefined) throw key.error();
            if (Array.isArray(key) || isDict(key)) throw new PyTypeError(`unhashable type: '${Array.isArray(key) ? 'list' : 'dict'}'`);
            dictSet(d, dictKey(key), v(f));
          }
          return d;
        };
      }
      case 'getattr': {
        const node = this.expr(e.node);
        const attr = e.attr;
        return (f) => getattr(node(f), attr);
      }
      case 'getitem': {
        const node = this.expr(e.node);
        const arg = this.expr(e.arg);
        return (f) => getitem(node(f), arg(f));
      }
      case 'slice': {
        const a = e.start ? this.expr(e.start) : () => null;
        const b = e.stop ? this.expr(e.stop) : () => null;
        const c = e.step ? this.expr(e.step) : () => null;
        return (f) => new PySlice(a(f), b(f), c(f));
      }
      case 'call':
        return this.call(e);
      case 'filter':
        return this.filter(e, e.node ? this.expr(e.node) : () => null);
      case 'test':
        return this.test(e);
      case 'cond': {
        const test = this.expr(e.test);
        const a = this.expr(e.a);
        const lineno = e.lineno;
        const b = e.b
          ? this.expr(e.b)
          : () =>
              new Undefined(
                `the inline if-expression on line ${lineno} evaluated to false and no else section was defined.`,
                MISSING,
                undefined,
                true,
              );
        return (f) => (ops.truthy(test(f)) ? a(f) : b(f));
      }
      case 'bin':
        return this.bin(e.op, this.expr(e.l), this.expr(e.r));
      case 'neg': {
        const n = this.expr(e.node);
        return (f) => ops.neg(n(f));
      }
      case 'pos': {
        const n = this.expr(e.node);
        return (f) => ops.pos(n(f));
      }
      case 'not': {
        const n = this.expr(e.node);
        return (f) => !ops.truthy(n(f));
      }
      case 'and': {
        const l = this.expr(e.l);
        const r = this.expr(e.r);
        return (f) => {
          const a = l(f);
          return ops.truthy(a) ? r(f) : a;
        };
      }
      case 'or': {
        const l = this.expr(e.l);
        const r = this.expr(e.r);
        return (f) => {
          const a = l(f);
          return ops.truthy(a) ? a : r(f);
        };
      }
      case 'compare': {
        const first = this.expr(e.expr);
        const rest = e.ops.map(([op, x]) => [op, this.expr(x)] as const);
        if (rest.length === 1) {
          const [op, r] = rest[0];
          return (f) => ops.compareOp(op, first(f), r(f));
        }
        return (f) => {
          let left = first(f);
          for (const [op, r] of rest) {
            const right = r(f);
            if (!ops.compareOp(op, left, right)) return false;
            left = right;
          }
          return true;
        };
      }
      case 'concat': {
        const items = e.items.map((x) => this.expr(x));
        return (f) => ops.concat(items.map((ev) => ev(f)));
      }
      case 'nsref':
        return this.fail('namespace reference in expression', e.lineno);
      default:
        return this.fail('unknown expression', (e as { lineno: number }).lineno);
    }
  }

  private bin(op: string, l: Ev, r: Ev): Ev {
    switch (op) {
      case 'add':
        return (f) => ops.add(l(f), r(f));
      case 'sub':
        return (f) => ops.sub(l(f), r(f));
      case 'mul':
        return (f) => ops.mul(l(f), r(f));
      case 'div':
        return (f) => ops.truediv(l(f), r(f));
      case 'floordiv':
        return (f) => ops.floordiv(l(f), r(f));
      case 'mod':
        return (f) => ops.mod(l(f), r(f), modFormat);
      case 'pow':
        return (f) => ops.pow(l(f), r(f));
      default:
        throw new Error(`unknown operator ${op}`);
    }
  }

  private args(ca: CallArgs): Args {
    const pos = ca.args.map((a) => this.expr(a));
    const kw = ca.kwargs.map(([k, v]) => [k, this.expr(v)] as const);
    const dynArgs = ca.dynArgs ? this.expr(ca.dynArgs) : undefined;
    const dynKwargs = ca.dynKwargs ? this.expr(ca.dynKwargs) : undefined;
    if (!dynArgs && !dynKwargs) {
      if (!kw.length) return (f) => [pos.map((p) => p(f)), {}];
      return (f) => {
        const kwargs: PyDict = {};
        for (const [k, v] of kw) kwargs[k] = v(f);
        return [pos.map((p) => p(f)), kwargs];
      };
    }
    return (f) => {
      const args = pos.map((p) => p(f));
      if (dynArgs) args.push(...ops.iterate(dynArgs(f)));
      const kwargs: PyDict = {};
      for (const [k, v] of kw) kwargs[k] = v(f);
      if (dynKwargs) {
        const d = dynKwargs(f);
        if (d instanceof Undefined) throw d.error();
        if (!isDict(d)) throw new PyTypeError('argument after ** must be a mapping');
        Object.assign(kwargs, d);
      }
      return [args, kwargs];
    };
  }

  private call(e: Extract<Expr, { k: 'call' }>): Ev {
    const args = this.args(e);
    if (e.node.k === 'getattr') {
      const obj = this.expr(e.node.node);
      const name = e.node.attr;
      if (MUTATING_METHODS.has(name)) this.mutates = true;
      return (f) => {
        const o = obj(f);
        const [a, kw] = args(f);
        return callAttr(o, name, a, kw);
      };
    }
    const fn = this.expr(e.node);
    return (f) => {
      const callee = fn(f);
      const [a, kw] = args(f);
      return callValue(callee, a, kw);
    };
  }

  private filter(e: Extract<Expr, { k: 'filter' }>, value: Ev): Ev {
    const impl = this.env.filters.get(e.name);
    if (!impl) this.fail(`Could not load "${e.name}": '${e.name}'`, e.lineno);
    const args = this.args(e);
    return (f) => {
      const v = value(f);
      const [a, kw] = args(f);
      return impl!(f.ctx, v, a, kw);
    };
  }

  private test(e: Extract<Expr, { k: 'test' }>): Ev {
    const impl = this.env.tests.get(e.name);
    if (!impl) this.fail(`Could not load "${e.name}": '${e.name}'`, e.lineno);
    const node = this.expr(e.node);
    const args = this.args(e);
    return (f) => {
      const v = node(f);
      const [a, kw] = args(f);
      return impl!(f.ctx, v, a, kw);
    };
  }

  // ------------------------------------------------------------ statements

  stmts(body: Stmt[], root: boolean): StmtFn {
    const fns = body.map((s) => this.stmt(s, root));
    if (fns.length === 1) return fns[0];
    return (f, out) => {
      for (const fn of fns) fn(f, out);
    };
  }

  private assign(target: Expr, root: boolean): (f: Frame, v: unknown) => void {
    if (target.k === 'name') {
      const n = target.name;
      if (root) {
        return (f, v) => {
          f.l[n] = v;
          f.ctx.exported[n] = v;
        };
      }
      return (f, v) => {
        f.l[n] = v;
      };
    }
    if (target.k === 'nsref') {
      const { name, attr } = target;
      return (f, v) => {
        const ns = lookupName(f, name);
        if (!(ns instanceof Namespace)) {
          if (ns instanceof Undefined) throw ns.error();
          throw new TemplateRuntimeError('cannot assign attribute on non-namespace object', 'TemplateRuntimeError');
        }
        dictSet(ns.attrs, attr, v);
      };
    }
    if (target.k === 'tuple') {
      const subs = target.items.map((t) => this.assign(t, root));
      return (f, v) => {
        const items = ops.iterate(v);
        if (items.length < subs.length) {
          throw new PyValueError(`not enough values to unpack (expected ${subs.length}, got ${items.length})`);
        }
        if (items.length > subs.length) throw new PyValueError(`too many values to unpack (expected ${subs.length})`);
        subs.forEach((s, i) => s(f, items[i]));
      };
    }
    return this.fail("can't assign", target.lineno);
  }

  private output(s: Extract<Stmt, { k: 'output' }>): StmtFn {
    const parts = s.nodes.map((n) => {
      if (n.k === 'data') return n.data;
      const native = isNativeExpr(n);
      const ev = this.expr(n);
      return { ev, native };
    });
    return (f, out) => {
      for (const p of parts) {
        if (typeof p === 'string') out.push(p);
        else out.push(finalize(p.ev(f)), p.native);
      }
    };
  }

  private stmt(s: Stmt, root: boolean): StmtFn {
    switch (s.k) {
      case 'output':
        return this.output(s);
      case 'if': {
        const branches = [{ test: s.test, body: s.body }, ...s.elifs].map(
          (b) => [this.expr(b.test), this.stmts(b.body, root)] as const,
        );
        const else_ = s.else_.length ? this.stmts(s.else_, root) : undefined;
        return (f, out) => {
          for (const [t, body] of branches) {
            if (ops.truthy(t(f))) {
              body(f, out);
              return;
            }
          }
          if (else_) else_(f, out);
        };
      }
      case 'for':
        return this.forLoop(s);
      case 'set': {
        const ev = this.expr(s.expr);
        const assign = this.assign(s.target, root);
        return (f) => assign(f, ev(f));
      }
      case 'setblock': {
        const body = this.stmts(s.body, false);
        const assign = this.assign(s.target, root);
        const filter = s.filter ? this.filterChain(s.filter) : undefined;
        return (f) => {
          const out = new Out();
          body(f, out);
          let v = concatOutput(out, f.ctx.concatMode);
          if (filter) v = filter(f, v);
          assign(f, v);
        };
      }
      case 'macro': {
        const m = this.macro(s.name, s.args, s.defaults, s.body);
        const assign = this.assign({ k: 'name', name: s.name, lineno: s.lineno }, root);
        return (f) => assign(f, m(f));
      }
      case 'callblock': {
        const caller = this.macro('caller', s.args, s.defaults, s.body);
        const call = s.call as Extract<Expr, { k: 'call' }>;
        const callee = call.node.k === 'getattr' ? undefined : this.expr(call.node);
        const objEv = call.node.k === 'getattr' ? this.expr(call.node.node) : undefined;
        const attr = call.node.k === 'getattr' ? call.node.attr : '';
        const args = this.args(call);
        return (f, out) => {
          const [a, kw] = args(f);
          kw.caller = caller(f);
          const r = objEv ? callAttr(objEv(f), attr, a, kw) : callValue(callee!(f), a, kw);
          out.push(finalize(r));
        };
      }
      case 'filterblock': {
        const body = this.stmts(s.body, false);
        const filter = this.filterChain(s.filter);
        return (f, out) => {
          const o = new Out();
          body(f, o);
          out.push(finalize(filter(f, concatOutput(o, f.ctx.concatMode))));
        };
      }
      case 'with': {
        const values = s.values.map((v) => this.expr(v));
        const targets = s.targets.map((t) => this.assign(t, false));
        const body = this.stmts(s.body, false);
        return (f, out) => {
          const vals = values.map((v) => v(f));
          const c = childFrame(f);
          targets.forEach((t, i) => t(c, vals[i]));
          body(c, out);
        };
      }
      case 'scope': {
        const body = this.stmts(s.body, false);
        return (f, out) => body(childFrame(f), out);
      }
      case 'include':
        return this.include(s);
      case 'import': {
        const tpl = this.expr(s.template);
        const target = s.target;
        const withContext = s.withContext;
        const assign = this.assign({ k: 'name', name: target, lineno: s.lineno }, root);
        return (f) => assign(f, importModule(f, tpl(f), withContext));
      }
      case 'fromimport': {
        const tpl = this.expr(s.template);
        const names = s.names;
        const withContext = s.withContext;
        const assigns = names.map(([, alias]) => this.assign({ k: 'name', name: alias, lineno: s.lineno }, root));
        return (f) => {
          const mod = importModule(f, tpl(f), withContext);
          names.forEach(([name], i) => {
            const v = Object.hasOwn(mod.exported, name)
              ? mod.exported[name]
              : new Undefined(`the template ${JSON.stringify(mod.name)} does not export the requested name ${JSON.stringify(name)}`, MISSING, name);
            assigns[i](f, v);
          });
        };
      }
      case 'extends': {
        const tpl = this.expr(s.template);
        return (f, out) => {
          const name = tpl(f);
          if (typeof name !== 'string') throw new PyTypeError('extends requires a template name');
          const parent = f.ctx.env.loadTemplate(name, f.ctx);
          for (const [n, b] of parent.blocks) {
            const chain = f.ctx.blocks.get(n);
            if (chain) chain.push(b);
            else f.ctx.blocks.set(n, [b]);
          }
          f.ctx.parent = parent;
          out.suppressed = true;
        };
      }
      case 'block': {
        const body = this.stmts(s.body, false);
        const name = s.name;
        const block: BlockFn = (f, out, chain, index) => {
          const c = childFrame(f);
          c.l.super = new PyFunction('super', () => {
            if (index + 1 >= chain.length) throw new PyTypeError(`no parent block called '${name}'`);
            const o = new Out();
            chain[index + 1](f, o, chain, index + 1);
            return concatOutput(o, 'plain');
          });
          body(c, out);
        };
        if (!this.blocks.has(name)) this.blocks.set(name, block);
        return (f, out) => {
          if (out.suppressed) return;
          const chain = f.ctx.blocks.get(name) ?? [block];
          chain[0](f, out, chain, 0);
        };
      }
      default:
        return this.fail('unsupported statement', (s as { lineno: number }).lineno);
    }
  }

  /** A filter chain used by {% filter %} / {% set x | f %}: the innermost filter has node null. */
  private filterChain(e: Expr): (f: Frame, v: unknown) => unknown {
    if (e.k !== 'filter') return this.fail('expected filter', e.lineno);
    let input: ((f: Frame, v: unknown) => unknown) | undefined;
    if (e.node) input = this.filterChain(e.node);
    const impl = this.env.filters.get(e.name);
    if (!impl) this.fail(`Could not load "${e.name}": '${e.name}'`, e.lineno);
    const args = this.args(e);
    return (f, v) => {
      const x = input ? input(f, v) : v;
      const [a, kw] = args(f);
      return impl!(f.ctx, x, a, kw);
    };
  }

  private macro(name: string, args: string[], defaults: Expr[], body: Stmt[]): (f: Frame) => Macro {
    const defs = defaults.map((d) => this.expr(d));
    const b = this.stmts(body, false);
    const names = new Set<string>();
    collectNames(body, names);
    for (const d of defaults) collectExprNames(d, names);
    const varargs = names.has('varargs') && !args.includes('varargs');
    const kwargs = names.has('kwargs') && !args.includes('kwargs');
    const caller = names.has('caller') && !args.includes('caller');
    return (f) => new Macro(name, args, defs, b, f, varargs, kwargs, caller);
  }

  private forLoop(s: Extract<Stmt, { k: 'for' }>): StmtFn {
    const iter = this.expr(s.iter);
    const assign = this.assign(s.target, false);
    const test = s.test ? this.expr(s.test) : undefined;
    const body = this.stmts(s.body, false);
    const else_ = s.else_.length ? this.stmts(s.else_, false) : undefined;
    const recursive = s.recursive;
    const run = (f: Frame, out: Out, value: unknown, depth: number): void => {
      let items = ops.iterate(value);
      const c = childFrame(f);
      if (test) {
        const filtered: unknown[] = [];
        for (const it of items) {
          assign(c, it);
          if (ops.truthy(test(c))) filtered.push(it);
        }
        items = filtered;
      }
      const recurse = recursive
        ? (v: unknown, d: number) => {
            const o = new Out();
            run(f, o, v, d);
            return concatOutput(o, 'plain') as string;
          }
        : undefined;
      const loop = new LoopContext(items, depth, recurse);
      for (let i = 0; i < items.length; i++) {
        const it = childFrame(f);
        it.l.loop = loop;
        loop.index0 = i;
        assign(it, items[i]);
        body(it, out);
      }
      if (!items.length && else_) else_(c, out);
    };
    return (f, out) => run(f, out, iter(f), 0);
  }

  private include(s: Extract<Stmt, { k: 'include' }>): StmtFn {
    const tplEv = this.expr(s.template);
    const { ignoreMissing, withContext } = s;
    return (f, out) => {
      const names = tplEv(f);
      const list = Array.isArray(names) ? names : [names];
      let tpl: CompiledTemplate | undefined;
      let lastErr: unknown;
      for (const n of list) {
        if (typeof n !== 'string') continue;
        try {
          tpl = f.ctx.env.loadTemplate(n, f.ctx);
          break;
        } catch (e) {
          lastErr = e;
        }
      }
      if (!tpl) {
        if (ignoreMissing) return;
        throw lastErr ?? new PyTypeError('include requires a template name');
      }
      const ctx = f.ctx;
      const sub = rootFrame(ctx, withContext ? f.l : undefined);
      const o = new Out();
      const saved = { parent: ctx.parent, exported: ctx.exported };
      ctx.parent = undefined;
      ctx.exported = {};
      try {
        for (const [n, b] of tpl.blocks) if (!ctx.blocks.has(n)) ctx.blocks.set(n, [b]);
        tpl.root(sub, o);
        if (ctx.parent) {
          o.suppressed = false;
          (ctx.parent as CompiledTemplate).root(sub, o);
        }
      } finally {
        ctx.parent = saved.parent;
        ctx.exported = saved.exported;
      }
      for (const it of o.items) out.push(it);
    };
  }
}

function importModule(f: Frame, name: unknown, withContext: boolean): TemplateModule {
  if (typeof name !== 'string') throw new PyTypeError('import requires a template name');
  const tpl = f.ctx.env.loadTemplate(name, f.ctx);
  const ctx = f.ctx;
  const saved = ctx.exported;
  ctx.exported = {};
  const o = new Out();
  try {
    tpl.root(rootFrame(ctx, withContext ? f.l : undefined), o);
    return new TemplateModule(name, ctx.exported, String(concatOutput(o, 'plain')));
  } finally {
    ctx.exported = saved;
  }
}

function isNativeExpr(e: Expr): boolean {
  if (e.k !== 'filter') return false;
  if (STRING_TYPE_FILTERS.has(e.name)) return true;
  if ((e.name === 'default' || e.name === 'd' || e.name === 'mandatory') && e.node) return isNativeExpr(e.node);
  return false;
}

function collectExprNames(e: unknown, out: Set<string>): void {
  if (!e || typeof e !== 'object') return;
  if (Array.isArray(e)) {
    for (const x of e) collectExprNames(x, out);
    return;
  }
  const o = e as Record<string, unknown>;
  if (o.k === 'name' && typeof o.name === 'string') out.add(o.name);
  for (const v of Object.values(o)) if (v && typeof v === 'object') collectExprNames(v, out);
}

function collectNames(body: Stmt[], out: Set<string>): void {
  collectExprNames(body, out);
}

export function compileTemplate(env: EnvLike, ast: { body: Stmt[] }, source: string): CompiledTemplate {
  const c = new Compiler(env, source);
  const root = c.stmts(ast.body, true);
  const body = ast.body;
  const nativeOutput =
    body.length === 1 &&
    body[0].k === 'output' &&
    body[0].nodes.length === 1 &&
    body[0].nodes[0].k !== 'data' &&
    isNativeExpr(body[0].nodes[0] as Expr);
  return { source, root, blocks: c.blocks, mutates: c.mutates, nativeOutput };
}
