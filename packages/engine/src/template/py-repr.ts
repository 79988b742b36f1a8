// Python str() and repr() of template values.

import { GROUP, PyFloat, PyObject, TUPLE, Undefined, VIEW, isDict, setReprImpl, type PyList } from './py-types.js';

/** Python repr() of a float. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = parseInt(expStr, 10);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  let intPart: string;
  let frac: string;
  if (exp >= 0) {
    if (digits.length <= exp + 1) {
      intPart = digits + '0'.repeat(exp + 1 - digits.length);
      frac = '0';
    } else {
      intPart = digits.slice(0, exp + 1);
      frac = digits.slice(exp + 1);
    }
  } else {
    intPart = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  return `${sign}${intPart}.${frac}`;
}

/** Python str() of an int or float given as a JS number (integral -> int). */
export function numStr(n: number): string {
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
    return BigInt(n).toString();
  }
  return floatRepr(n);
}

const NEEDS_ESCAPE = /[\\'"\x00-\x1f\x7f-\xa0\xad\u0378-\u0379\u2028\u2029\ud800-\udfff\ufeff\ufff9-\ufffb]/;
const NONPRINT = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python repr() of a str. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE.test(s) && !NONPRINT.test(s.replace(/ /g, ''))) return quote + s + quote;
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x7f || ch === ' ') out += ch;
    else if (NONPRINT.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python repr(). Never throws for undefined (Python repr()s AnsibleUndefined objects). */
export function pyRepr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return strRepr(v);
    case 'number':
      return numStr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'function':
      return `<function ${v.name || 'anonymous'}>`;
    default:
  }
  if (v === null) return 'None';
  if (Array.isArray(v)) {
    const l = v as PyList;
    const inner = l.map(pyRepr).join(', ');
    if (l[TUPLE]) {
      if (l[GROUP]) return `(${inner})`;
      return l.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    if (l[VIEW]) return `${l[VIEW]}([${inner}])`;
    return `[${inner}]`;
  }
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Undefined) {
    const obj = v.obj;
    const objRepr = typeof obj === 'symbol' ? 'missing' : pyRepr(obj);
    return `AnsibleUndefined(hint=${v.hint === undefined ? 'None' : pyRepr(v.hint)}, obj=${objRepr}, name=${pyRepr(v.name)})`;
  }
  if (v instanceof PyObject) return v.pyRepr();
  if (isDict(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) parts.push(`${strRepr(k)}: ${pyRepr(v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

/** Python str(). Raises UndefinedError for undefined values (StrictUndefined.__str__). */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numStr(v);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Undefined) {
    if (v.lenient) return '';
    throw v.error();
  }
  if (v instanceof PyObject) return v.pyStr();
  return pyRepr(v);
}

setReprImpl(pyRepr);
