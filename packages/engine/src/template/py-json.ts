// Python json.dumps / json.loads as Ansible uses them (AnsibleJSONEncoder: datetimes -> isoformat).

import { FilterError, PyTypeError } from './errors.js';
import { floatRepr } from './py-repr.js';
import { PyFloat, PyObject, Undefined, isDict, mkFloat, typeName } from './py-types.js';

export interface JsonOptions {
  indent?: number | string | null;
  sortKeys?: boolean;
  separators?: [string, string];
  ensureAscii?: boolean;
}

const ESC: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function jsonString(s: string, ensureAscii = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (ESC[c]) out += ESC[c];
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

function jsonNumber(v: number, isFloat: boolean): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (!isFloat && Number.isInteger(v)) return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
  return floatRepr(v);
}

/** Python json.dumps. */
export function jsonDumps(value: unknown, opts: JsonOptions = {}): string {
  const ensureAscii = opts.ensureAscii ?? true;
  const indent = opts.indent === undefined || opts.indent === null ? undefined : typeof opts.indent === 'number' ? ' '.repeat(opts.indent) : opts.indent;
  const [itemSep, keySep] = opts.separators ?? (indent !== undefined ? [',', ': '] : [', ', ': ']);
  const seen = new Set<unknown>();
  const enc = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return jsonString(v, ensureAscii);
    if (typeof v === 'number') return jsonNumber(v, false);
    if (v instanceof PyFloat) return jsonNumber(v.value, true);
    if (v instanceof Undefined) throw v.error();
    const isArr = Array.isArray(v);
    if (!isArr && !isDict(v)) {
      if (v instanceof PyObject && 'isoformat' in v && typeof (v as { isoformat?: unknown }).isoformat === 'function') {
        return jsonString((v as unknown as { isoformat(): string }).isoformat(), ensureAscii);
      }
      throw new PyTypeError(`Object of type ${typeName(v)} is not JSON serializable`);
    }
    if (seen.has(v)) throw new PyValueErrorLike('Circular reference detected');
    seen.add(v);
    const nl = indent !== undefined ? `\n${indent.repeat(level + 1)}` : '';
    const close = indent !== undefined ? `\n${indent.repeat(level)}` : '';
    let r: string;
    if (isArr) {
      const arr = v as unknown[];
      r = arr.length ? `[${nl}${arr.map((x) => enc(x, level + 1)).join(itemSep + nl)}${close}]` : '[]';
    } else {
      const d = v as Record<string, unknown>;
      let keys = Object.keys(d);
      if (opts.sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      r = keys.length
        ? `{${nl}${keys.map((k) => jsonString(k, ensureAscii) + keySep + enc(d[k], level + 1)).join(itemSep + nl)}${close}}`
        : '{}';
    }
    seen.delete(v);
    return r;
  };
  return enc(value, 0);
}

class PyValueErrorLike extends FilterError {
  constructor(msg: string) {
    super(msg, 'ValueError');
  }
}

/** Python json.loads (accepts NaN/Infinity; floats keep float-ness). */
export function jsonLoads(s: string): unknown {
  // Pre-scan so that "2.0" stays a float: parse with a reviver over the raw text is not possible,
  // so we tokenise numbers ourselves when the text contains a float literal that looks integral.
  const text = s.replace(/^\s+|\s+$/g, '');
  if (!text) throw new FilterError('Expecting value: line 1 column 1 (char 0)', 'JSONDecodeError');
  const special = /\b(NaN|-?Infinity)\b/.test(text);
  const hasIntegralFloat = /(?<![\w."])-?\d+(\.0*)?[eE][+-]?\d+|(?<![\w."])-?\d+\.0+(?!\d)/.test(text);
  if (!special && !hasIntegralFloat) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new FilterError(jsonErrorMessage(text, e), 'JSONDecodeError');
    }
  }
  return new JsonParser(text).parse();
}

function jsonErrorMessage(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(String((e as Error).message));
  const pos = m ? parseInt(m[1], 10) : 0;
  const line = text.slice(0, pos).split('\n').length;
  const col = pos - text.lastIndexOf('\n', pos - 1);
  return `Expecting value: line ${line} column ${col} (char ${pos})`;
}

class JsonParser {
  private i = 0;
  constructor(private readonly s: string) {}
  parse(): unknown {
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) throw new FilterError(`Extra data: char ${this.i}`, 'JSONDecodeError');
    return v;
  }
  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }
  private value(): unknown {
    this.ws();
    const s = this.s;
    const c = s[this.i];
    if (c === '{') {
      this.i++;
      const d: Record<string, unknown> = {};
      this.ws();
      if (s[this.i] === '}') {
        this.i++;
        return d;
      }
      for (;;) {
        this.ws();
        const k = this.value();
        if (typeof k !== 'string') throw this.err();
        this.ws();
        if (s[this.i++] !== ':') throw this.err();
        const v = this.value();
        if (k === '__proto__') Object.defineProperty(d, k, { value: v, enumerable: true, writable: true, configurable: true });
        else d[k] = v;
        this.ws();
        if (s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (s[this.i++] !== '}') throw this.err();
        return d;
      }
    }
    if (c === '[') {
      this.i++;
      const a: unknown[] = [];
      this.ws();
      if (s[this.i] === ']') {
        this.i++;
        return a;
      }
      for (;;) {
        a.push(this.value());
        this.ws();
        if (s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (s[this.i++] !== ']') throw this.err();
        return a;
      }
    }
    if (c === '"') {
      const m = /"(?:[^"\\\x00-\x1f]|\\.)*"/y;
      m.lastIndex = this.i;
      const r = m.exec(s);
      if (!r) throw this.err();
      this.i = m.lastIndex;
      return JSON.parse(r[0]);
    }
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
    ] as const) {
      if (s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return v;
      }
    }
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(s);
    if (!r || !r[0]) throw this.err();
    this.i = m.lastIndex;
    const n = Number(r[0]);
    return r[1] !== undefined || r[2] !== undefined ? mkFloat(n) : n;
  }
  private err(): Error {
    return new FilterError(`Expecting value: char ${this.i}`, 'JSONDecodeError');
  }
}
