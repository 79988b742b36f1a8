// Python-style argument binding for filters, tests, globals and methods.
// A signature is written as Python: "value, default_value='', boolean=False, *args, **kwargs".

import { PyTypeError } from './errors.js';
import { literalEval } from './literal-eval.js';
import { MISSING, type PyDict } from './py-types.js';

export interface Param {
  name: string;
  hasDefault: boolean;
  dflt: unknown;
  /** Declared after *args: keyword-only. */
  kwOnly?: boolean;
}

export interface Sig {
  name: string;
  params: Param[];
  varargs?: string;
  varkw?: string;
}

function splitTop(spec: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of spec) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

export function parseSig(name: string, spec: string): Sig {
  const sig: Sig = { name, params: [] };
  for (const part of splitTop(spec)) {
    if (part.startsWith('**')) sig.varkw = part.slice(2);
    else if (part.startsWith('*')) sig.varargs = part.slice(1);
    else {
      const eq = part.indexOf('=');
      const kwOnly = sig.varargs !== undefined;
      if (eq < 0) sig.params.push({ name: part, hasDefault: false, dflt: undefined, kwOnly });
      else {
        const lit = part.slice(eq + 1).trim();
        const v = literalEval(lit, false);
        if (v === MISSING) throw new Error(`bad default in signature ${name}: ${lit}`);
        sig.params.push({ name: part.slice(0, eq).trim(), hasDefault: true, dflt: v, kwOnly });
      }
    }
  }
  return sig;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Bind positional and keyword arguments; returns values in declaration order (the varargs array
 * where `*args` is declared), followed by the varkw dict when the signature has one. */
export function bind(sig: Sig, args: unknown[], kwargs: PyDict): unknown[] {
  const { params } = sig;
  const out: unknown[] = new Array(params.length);
  const set = new Array<boolean>(params.length).fill(false);
  let nPos = params.findIndex((p) => p.kwOnly);
  if (nPos < 0) nPos = params.length;
  const n = Math.min(args.length, nPos);
  for (let i = 0; i < n; i++) {
    out[i] = args[i];
    set[i] = true;
  }
  let extra: unknown[] = [];
  if (args.length > nPos) {
    if (!sig.varargs) {
      const required = params.filter((p) => !p.hasDefault).length;
      const takes =
        required === params.length
          ? plural(params.length, 'positional argument')
          : `from ${required} to ${plural(params.length, 'positional argument')}`;
      throw new PyTypeError(
        `${sig.name}() takes ${takes} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`,
      );
    }
    extra = args.slice(nPos);
  }
  const varkw: PyDict = {};
  for (const key of Object.keys(kwargs)) {
    const idx = params.findIndex((p) => p.name === key);
    if (idx < 0) {
      if (!sig.varkw) throw new PyTypeError(`${sig.name}() got an unexpected keyword argument '${key}'`);
      varkw[key] = kwargs[key];
      continue;
    }
    if (set[idx]) throw new PyTypeError(`${sig.name}() got multiple values for argument '${key}'`);
    out[idx] = kwargs[key];
    set[idx] = true;
  }
  const missing: string[] = [];
  for (let i = 0; i < params.length; i++) {
    if (set[i]) continue;
    if (params[i].hasDefault) out[i] = cloneDefault(params[i].dflt);
    else missing.push(params[i].name);
  }
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw new PyTypeError(
      `${sig.name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${list}`,
    );
  }
  if (sig.varargs) out.splice(nPos, 0, extra);
  if (sig.varkw) out.push(varkw);
  return out;
}

function cloneDefault(v: unknown): unknown {
  if (Array.isArray(v)) return [...v];
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return { ...(v as PyDict) };
  return v;
}
