// Python string formatting: printf-style `%` and str.format() (format-spec mini-language).

import { PyTypeError, PyValueError } from './errors.js';
import { floatRepr, pyRepr, pyStr } from './py-repr.js';
import { PyFloat, Undefined, isDict, isFloat, isTuple, toNum, typeName, type PyDict } from './py-types.js';

function isNumLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function asciiRepr(v: unknown): string {
  return pyRepr(v).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    return `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

function expFix(s: string): string {
  // JS "1.5e+0" -> Python "1.5e+00"
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Fixed/exponent/general float formatting (types f, e, g and upper-case variants). */
export function formatFloat(x: number, type: string, precision: number | undefined, alt = false): string {
  const upper = type === type.toUpperCase();
  const t = type.toLowerCase();
  if (!Number.isFinite(x)) {
    const s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    return upper ? s.toUpperCase() : s;
  }
  let s: string;
  if (t === 'f') {
    const p = precision ?? 6;
    s = Math.abs(x) >= 1e21 ? BigInt(Math.round(x)).toString() + (p > 0 ? `.${'0'.repeat(p)}` : '') : x.toFixed(p);
    if (alt && p === 0) s += '.';
  } else if (t === 'e') {
    s = expFix(x.toExponential(precision ?? 6));
    if (alt && precision === 0) s = s.replace('e', '.e');
  } else if (t === '%') {
    s = `${formatFloat(x * 100, 'f', precision)}%`;
  } else {
    // 'g'
    let p = precision ?? 6;
    if (p === 0) p = 1;
    if (x === 0) {
      s = alt ? `0.${'0'.repeat(p - 1)}` : '0';
      if (Object.is(x, -0)) s = `-${s}`;
    } else {
      const expForm = x.toExponential(p - 1);
      const exp = parseInt(expForm.split('e')[1], 10);
      if (exp >= -4 && exp < p) {
        s = x.toFixed(Math.max(0, p - 1 - exp));
        if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
      } else {
        let [m, e] = expForm.split('e');
        if (!alt && m.includes('.')) m = m.replace(/\.?0+$/, '');
        s = expFix(`${m}e${e}`);
      }
    }
  }
  return upper ? s.toUpperCase() : s;
}

function intValue(v: unknown, conv: string): number {
  if (!isNumLike(v)) {
    throw new PyTypeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
  }
  return Math.trunc(toNum(v));
}

function intToBase(n: number, base: number): string {
  return Number.isSafeInteger(n) ? Math.abs(n).toString(base) : (n < 0 ? -BigInt(n) : BigInt(n)).toString(base);
}

/** Python printf-style formatting: fmt % args. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional: unknown[] = isTuple(args) ? (args as unknown[]) : [args];
  const mapping = isDict(args) ? (args as PyDict) : undefined;
  let argi = 0;
  let usedMapping = false;
  const nextArg = (): unknown => {
    if (argi >= positional.length) throw new PyTypeError('not enough arguments for format string');
    return positional[argi++];
  };
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fmt))) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, key, flags, widthS, precS, conv] = m;
    if (conv === undefined) throw new PyValueError(`incomplete format`);
    if (conv === '%' && key === undefined && !flags && !widthS && !precS) {
      out += '%';
      continue;
    }
    let width = widthS === '*' ? toNum(nextArg()) : widthS ? parseInt(widthS, 10) : 0;
    const prec = precS === '*' ? toNum(nextArg()) : precS !== undefined ? parseInt(precS, 10) : undefined;
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw new PyTypeError('format requires a mapping');
      if (!Object.hasOwn(mapping, key)) throw new PyValueError(`'${key}'`, 'KeyError');
      value = mapping[key];
      usedMapping = true;
    } else if (conv !== '%') value = nextArg();
    if (value instanceof Undefined) throw value.error();
    let left = flags.includes('-');
    if (width < 0) {
      left = true;
      width = -width;
    }
    const zero = flags.includes('0') && !left;
    let sign = '';
    let body: string;
    switch (conv) {
      case 's':
        body = pyStr(value);
        if (prec !== undefined) body = body.slice(0, prec);
        break;
      case 'r':
        body = pyRepr(value);
        if (prec !== undefined) body = body.slice(0, prec);
        break;
      case 'a':
        body = asciiRepr(value);
        break;
      case 'c':
        body = typeof value === 'string' ? value : String.fromCodePoint(intValue(value, 'c'));
        break;
      case '%':
        body = '%';
        break;
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        if (conv === 'o' || conv === 'x' || conv === 'X') {
          if (!isNumLike(value) || isFloat(value)) {
            throw new PyTypeError(`%${conv} format: an integer is required, not ${typeName(value)}`);
          }
        }
        const n = intValue(value, conv);
        const base = conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10;
        body = intToBase(n, base);
        if (prec !== undefined) body = body.padStart(prec, '0');
        if (flags.includes('#') && base !== 10) body = (base === 8 ? '0o' : '0x') + body;
        if (conv === 'X') body = body.toUpperCase();
        sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        break;
      }
      default: {
        if (!isNumLike(value)) {
          throw new PyTypeError(`must be real number, not ${typeName(value)}`);
        }
        const x = toNum(value);
        body = formatFloat(Math.abs(x), conv, prec, flags.includes('#'));
        sign = x < 0 || Object.is(x, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      }
    }
    const total = sign.length + body.length;
    if (total < width) {
      if (left) body = sign + body + ' '.repeat(width - total);
      else if (zero && !'srac'.includes(conv)) body = sign + '0'.repeat(width - total) + body;
      else body = ' '.repeat(width - total) + sign + body;
    } else body = sign + body;
    out += body;
  }
  out += fmt.slice(last);
  if (!mapping && argi < positional.length) {
    throw new PyTypeError('not all arguments converted during string formatting');
  }
  if (mapping && !usedMapping && isTuple(args)) {
    throw new PyTypeError('not all arguments converted during string formatting');
  }
  return out;
}

interface Spec {
  fill: string;
  align?: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision?: number;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) throw new PyValueError('Invalid format specifier');
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : undefined),
    sign: m[3] ?? '-',
    alt: !!m[5],
    zero: !!m[6],
    width: m[7] ? parseInt(m[7], 10) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? parseInt(m[9], 10) : undefined,
    type: m[10] ?? '',
  };
}

function group(intPart: string, sep: string, every = 3): string {
  if (!sep) return intPart;
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % every === 0) out += sep;
    out += intPart[i];
  }
  return out;
}

function pad(sign: string, body: string, s: Spec, defaultAlign: string): string {
  const align = s.align ?? defaultAlign;
  const len = Array.from(sign + body).length;
  if (len >= s.width) return sign + body;
  const n = s.width - len;
  switch (align) {
    case '<':
      return sign + body + s.fill.repeat(n);
    case '>':
      return s.fill.repeat(n) + sign + body;
    case '^': {
      const l = Math.floor(n / 2);
      return s.fill.repeat(l) + sign + body + s.fill.repeat(n - l);
    }
    default:
      return sign + s.fill.repeat(n) + body;
  }
}

/** Python format(value, spec). */
export function formatValue(value: unknown, spec: string): string {
  if (value instanceof Undefined) throw value.error();
  if (spec === '') return pyStr(value);
  const s = parseSpec(spec);
  if (typeof value === 'string') {
    if (s.type && s.type !== 's') throw new PyValueError(`Unknown format code '${s.type}' for object of type 'str'`);
    const body = s.precision !== undefined ? Array.from(value).slice(0, s.precision).join('') : value;
    return pad('', body, s, '<');
  }
  if (!isNumLike(value)) {
    throw new PyTypeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  }
  const x = toNum(value);
  const fl = isFloat(value);
  let type = s.type;
  if (!fl && (type === '' || 'bcdoxXn'.includes(type))) {
    if (type === 'c') return pad('', String.fromCodePoint(x), s, '<');
    const base = type === 'b' ? 2 : type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
    let body = intToBase(x, base);
    body = group(body, s.grouping, base === 10 ? 3 : 4);
    if (s.alt && base !== 10) body = (base === 2 ? '0b' : base === 8 ? '0o' : '0x') + body;
    if (type === 'X') body = body.toUpperCase();
    const sign = x < 0 ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
    return pad(sign, body, s, '>');
  }
  if ('bcdoxX'.includes(type) && type !== '') {
    throw new PyValueError(`Unknown format code '${type}' for object of type 'float'`);
  }
  let body: string;
  if (type === '' || type === 'n') {
    if (s.precision === undefined) body = fl ? floatRepr(Math.abs(x)) : String(Math.abs(x));
    else body = formatFloat(Math.abs(x), 'g', s.precision, s.alt);
    type = 'g';
  } else body = formatFloat(Math.abs(x), type, s.precision, s.alt);
  if (s.grouping) {
    const [ip, rest] = body.split(/(?=[.eE%])/, 2);
    body = group(ip, s.grouping) + body.slice(ip.length);
    void rest;
  }
  const sign = x < 0 || Object.is(x, -0) ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
  return pad(sign, body, s, '>');
}

/** str.format(*args, **kwargs). `getField` resolves attribute/item access for field names. */
export function strFormat(
  fmt: string,
  args: unknown[],
  kwargs: PyDict,
  getattr: (obj: unknown, name: string) => unknown,
  getitem: (obj: unknown, key: unknown) => unknown,
): string {
  let out = '';
  let auto = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth > 0) {
        if (fmt[j] === '{') depth++;
        else if (fmt[j] === '}') depth--;
        if (depth > 0) j++;
      }
      if (depth > 0) throw new PyValueError("expected '}' before end of string");
      const field = fmt.slice(i + 1, j);
      i = j + 1;
      const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
      if (!m) throw new PyValueError('unmatched field');
      const [, name, rest, conv, rawSpec] = m;
      let value: unknown;
      if (name === '') {
        if (auto >= args.length) throw new PyValueError(`Replacement index ${auto} out of range for positional args tuple`, 'IndexError');
        value = args[auto++];
      } else if (/^\d+$/.test(name)) {
        const idx = parseInt(name, 10);
        if (idx >= args.length) throw new PyValueError(`Replacement index ${idx} out of range for positional args tuple`, 'IndexError');
        value = args[idx];
      } else {
        if (!Object.hasOwn(kwargs, name)) throw new PyValueError(`'${name}'`, 'KeyError');
        value = kwargs[name];
      }
      const accessRe = /\.([^.[]+)|\[([^\]]*)\]/g;
      let am: RegExpExecArray | null;
      while ((am = accessRe.exec(rest))) {
        if (am[1] !== undefined) value = getattr(value, am[1]);
        else value = getitem(value, /^\d+$/.test(am[2]) ? parseInt(am[2], 10) : am[2]);
      }
      if (value instanceof Undefined) throw value.error();
      if (conv === 'r') value = pyRepr(value);
      else if (conv === 's') value = pyStr(value);
      else if (conv === 'a') value = asciiRepr(value);
      const spec = rawSpec ? strFormat(rawSpec, args, kwargs, getattr, getitem) : '';
      out += formatValue(value, spec);
      continue;
    }
    if (c === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw new PyValueError("Single '}' encountered in format string");
    }
    out += c;
    i++;
  }
  return out;
}
