/**
 * The part of Python's ast.literal_eval() that INI inventory values go through
 * (InventoryModule._parse_value in ansible/plugins/inventory/ini.py): numbers, strings, True/False/None,
 * lists, tuples, sets and dicts. Anything else (a SyntaxError or ValueError in Python) is "not a literal"
 * and the caller keeps the raw string.
 *
 * Known gaps: complex numbers and Ellipsis are treated as not literal; ints beyond 2**53 lose precision;
 * tuples and sets become arrays; a float such as 1.0 becomes the JS number 1.
 */

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string; bytes: boolean }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

class NotLiteral extends Error {}

const fail = (): never => {
  throw new NotLiteral();
};

const DIGITS = /[0-9]/;
const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}_]/u;

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let depth = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '\n' || c === '\r') {
      // A newline ends the expression unless inside brackets; trailing newlines are fine.
      if (depth === 0 && src.slice(i).trim() !== '' && !src.slice(i).trim().startsWith('#')) fail();
      i++;
    } else if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '\\' && (src[i + 1] === '\n' || src[i + 1] === '\r')) {
      i += 2;
    } else if (DIGITS.test(c) || (c === '.' && DIGITS.test(src[i + 1] ?? ''))) {
      const m = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:[0-9](?:_?[0-9])*)?(?:\.(?:[0-9](?:_?[0-9])*)?)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?)/.exec(
        src.slice(i),
      );
      const text = m?.[0] ?? '';
      if (!text || text === '.') fail();
      const after = src[i + text.length] ?? '';
      if (after && (NAME_CHAR.test(after) || after === '.')) fail(); // 1j, 1abc, 1.2.3
      toks.push({ t: 'num', v: parseNumber(text) });
      i += text.length;
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(src[j]!)) j++;
      const word = src.slice(i, j);
      if ((src[j] === "'" || src[j] === '"') && /^(?:[rRuUbB]|[bB][rR]|[rR][bB])$/.test(word)) {
        const { value, end } = readString(src, j, word);
        toks.push({ t: 'str', v: value, bytes: /b/i.test(word) });
        i = end;
      } else {
        toks.push({ t: 'name', v: word });
        i = j;
      }
    } else if (c === "'" || c === '"') {
      const { value, end } = readString(src, i, '');
      toks.push({ t: 'str', v: value, bytes: false });
      i = end;
    } else if ('()[]{},:+-'.includes(c)) {
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) depth--;
      toks.push({ t: 'op', v: c });
      i++;
    } else {
      fail();
    }
  }
  toks.push({ t: 'end' });
  return toks;
}

function parseNumber(text: string): number {
  const t = text.replace(/_/g, '');
  if (/^0[xX]/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[oO]/.test(t)) return Number.parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return Number.parseInt(t.slice(2), 2);
  if (/[.eE]/.test(t)) return Number.parseFloat(t);
  // Leading zeros are a SyntaxError in Python 3 decimal integers, except for zero itself.
  if (/^0[0-9]/.test(t) && !/^0+$/.test(t)) fail();
  return Number.parseInt(t, 10);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function readString(src: string, start: number, prefix: string): { value: string; end: number } {
  const raw = /r/i.test(prefix);
  const bytes = /b/i.test(prefix);
  const q = src[start]!;
  const triple = src.slice(start, start + 3) === q.repeat(3);
  const close = triple ? q.repeat(3) : q;
  let i = start + close.length;
  let out = '';
  for (;;) {
    if (i >= src.length) fail();
    if (src.startsWith(close, i)) return { value: out, end: i + close.length };
    const c = src[i]!;
    if (!triple && (c === '\n' || c === '\r')) fail();
    if (bytes && c.charCodeAt(0) > 0x7f) fail();
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) fail();
    if (raw) {
      out += c + e;
      i += 2;
      continue;
    }
    const esc = e!;
    if (esc in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[esc];
      i += 2;
    } else if (esc === '\n') {
      i += 2;
    } else if (/[0-7]/.test(esc)) {
      const m = /^[0-7]{1,3}/.exec(src.slice(i + 1))![0];
      out += String.fromCodePoint(Number.parseInt(m, 8));
      i += 1 + m.length;
    } else if (esc === 'x' || (!bytes && (esc === 'u' || esc === 'U'))) {
      const len = esc === 'x' ? 2 : esc === 'u' ? 4 : 8;
      const hex = src.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail();
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) fail();
      out += String.fromCodePoint(cp);
      i += 2 + len;
    } else if (!bytes && esc === 'N') {
      fail(); // \N{NAME}: not supported, keep the raw text
    } else {
      out += c + esc; // unknown escapes are kept as written
      i += 2;
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.pos]!;
  }
  private next(): Tok {
    return this.toks[this.pos++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) fail();
    this.pos++;
  }

  parseAll(): unknown {
    const v = this.parseExprList(true);
    if (this.peek().t !== 'end') fail();
    return v;
  }

  /** expression or bare tuple `1, 2` */
  private parseExprList(topLevel: boolean): unknown {
    const first = this.parseValue();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      if (this.peek().t === 'end' || (!topLevel && this.isOp(')'))) break;
      items.push(this.parseValue());
    }
    return items;
  }

  private parseValue(): unknown {
    const t = this.next();
    switch (t.t) {
      case 'num':
        return t.v;
      case 'str': {
        let s = t.v;
        let nx = this.peek();
        while (nx.t === 'str') {
          if (nx.bytes !== t.bytes) fail();
          s += nx.v;
          this.pos++;
          nx = this.peek();
        }
        return s;
      }
      case 'name':
        if (t.v === 'True') return true;
        if (t.v === 'False') return false;
        if (t.v === 'None') return null;
        if (t.v === 'set' && this.isOp('(')) {
          this.pos++;
          this.expectOp(')');
          return [];
        }
        return fail();
      case 'op':
        return this.parseOp(t.v);
      default:
        return fail();
    }
  }

  private parseOp(op: string): unknown {
    if (op === '+' || op === '-') {
      // Only a sign directly applied to a number (parentheses are allowed around it).
      const t = this.peek();
      const v = this.parseValue();
      // Python accepts a sign on an int/float constant only (not on bool, not on another sign).
      if (typeof v !== 'number' || (t.t === 'op' && t.v !== '(')) fail();
      if (this.isOp('+') || this.isOp('-')) fail();
      return op === '-' ? -(v as number) : v;
    }
    if (op === '(') {
      if (this.isOp(')')) {
        this.pos++;
        return [];
      }
      const v = this.parseExprList(false);
      this.expectOp(')');
      return v;
    }
    if (op === '[') return this.parseSeq(']');
    if (op === '{') return this.parseBrace();
    return fail();
  }

  private parseSeq(close: string): unknown[] {
    const items: unknown[] = [];
    while (!this.isOp(close)) {
      items.push(this.parseValue());
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp(close)) fail();
    }
    this.pos++;
    return items;
  }

  private parseBrace(): unknown {
    if (this.isOp('}')) {
      this.pos++;
      return {};
    }
    const first = this.parseValue();
    if (!this.isOp(':')) {
      // a set literal
      const items = [first];
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp('}')) fail();
      return items.concat(this.parseSeq('}'));
    }
    const out: Record<string, unknown> = {};
    let key = first;
    for (;;) {
      this.expectOp(':');
      if (Array.isArray(key) || (typeof key === 'object' && key !== null)) fail(); // unhashable
      setKey(out, pyStr(key), this.parseValue());
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp('}')) fail();
      if (this.isOp('}')) {
        this.pos++;
        return out;
      }
      key = this.parseValue();
    }
  }
}

/** Python str() of a scalar used as a dict key. */
export function pyStr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

/** Assign without letting a '__proto__' key change the object's prototype. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** ast.literal_eval(); { ok: false } where Python raises SyntaxError/ValueError. */
export function literalEval(src: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const text = src.replace(/^[ \t]+/, '');
    return { ok: true, value: new Parser(tokenize(text)).parseAll() };
  } catch (e) {
    if (e instanceof NotLiteral) return { ok: false };
    throw e;
  }
}

/** InventoryModule._parse_value(): literal_eval, or the string itself. */
export function parseIniValue(v: string): unknown {
  const r = literalEval(v);
  return r.ok ? r.value : v;
}
