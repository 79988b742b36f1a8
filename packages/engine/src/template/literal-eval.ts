// Python ast.literal_eval for the literal subset Ansible feeds it (with Ansible's Json2Python:
// the names true/false/null are accepted as True/False/None).

import { unescapeString } from './lexer.js';
import { MISSING, PyFloat, dictKey, dictSet, isDict, isTuple, mkFloat, tuple, type PyDict } from './py-types.js';

class LiteralError extends Error {}

const NUMBER_RE =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?)[jJ]?/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING_START_RE = /([rRbBuUfF]{0,2})('''|"""|'|")/y;

class LiteralParser {
  private pos = 0;
  constructor(
    private readonly s: string,
    private readonly jsonNames: boolean,
  ) {}

  parse(): unknown {
    // ast.parse(mode='eval') rejects leading indentation.
    if (/^[ \t]/.test(this.s)) throw new LiteralError('unexpected indent');
    const v = this.expr();
    this.ws(true);
    if (this.pos < this.s.length) throw new LiteralError('trailing data');
    return v;
  }

  /** Skip whitespace and comments; newlines only inside brackets (depth>0) or at the end. */
  private ws(nl: boolean): void {
    const s = this.s;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') this.pos++;
      else if ((c === '\n' || c === '\r') && nl) this.pos++;
      else if (c === '\\' && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private depth = 0;

  private expr(): unknown {
    this.ws(this.depth > 0);
    const v = this.unary();
    // complex numbers (a + bj) are the only binary ops literal_eval allows; unsupported here.
    this.ws(this.depth > 0);
    if (this.s[this.pos] === '+' || this.s[this.pos] === '-') throw new LiteralError('binop');
    return v;
  }

  private unary(): unknown {
    const c = this.s[this.pos];
    if (c === '-' || c === '+') {
      this.pos++;
      this.ws(this.depth > 0);
      const v = this.unary();
      if (typeof v === 'number') return c === '-' ? -v : v;
      if (v instanceof PyFloat) return new PyFloat(c === '-' ? -v.value : v.value);
      throw new LiteralError('bad operand');
    }
    return this.atom();
  }

  private atom(): unknown {
    const s = this.s;
    const c = s[this.pos];
    if (c === '[') return this.seq(']', false);
    if (c === '(') return this.seq(')', true);
    if (c === '{') return this.dict();
    STRING_START_RE.lastIndex = this.pos;
    const sm = STRING_START_RE.exec(s);
    if (sm) return this.strings();
    if (c !== undefined && /[0-9.]/.test(c)) {
      NUMBER_RE.lastIndex = this.pos;
      const m = NUMBER_RE.exec(s);
      if (!m || m[0] === '.' || m[0] === '') throw new LiteralError('bad number');
      this.pos = NUMBER_RE.lastIndex;
      const t = m[0].replace(/_/g, '');
      if (/[jJ]$/.test(t)) throw new LiteralError('complex');
      if (/^0[xXoObB]/.test(t)) return Number(t.toLowerCase());
      if (/[.eE]/.test(t)) return mkFloat(Number(t));
      if (/^0\d/.test(t) && /[1-9]/.test(t)) throw new LiteralError('leading zeros');
      return Number(t);
    }
    NAME_RE.lastIndex = this.pos;
    const nm = NAME_RE.exec(s);
    if (nm) {
      this.pos = NAME_RE.lastIndex;
      switch (nm[0]) {
        case 'True':
          return true;
        case 'False':
          return false;
        case 'None':
          return null;
        default:
      }
      if (this.jsonNames) {
        if (nm[0] === 'true') return true;
        if (nm[0] === 'false') return false;
        if (nm[0] === 'null') return null;
      }
      throw new LiteralError(`malformed node: ${nm[0]}`);
    }
    throw new LiteralError('unexpected');
  }

  private strings(): unknown {
    let out = '';
    let isBytes: boolean | undefined;
    for (;;) {
      STRING_START_RE.lastIndex = this.pos;
      const m = STRING_START_RE.exec(this.s);
      if (!m) break;
      const prefix = m[1].toLowerCase();
      if (prefix.includes('f')) throw new LiteralError('f-string');
      const b = prefix.includes('b');
      if (isBytes !== undefined && isBytes !== b) throw new LiteralError('mixed bytes');
      isBytes = b;
      const q = m[2];
      let i = STRING_START_RE.lastIndex;
      let body = '';
      for (;;) {
        if (i >= this.s.length) throw new LiteralError('unterminated string');
        const ch = this.s[i];
        if (ch === '\\') {
          body += ch + (this.s[i + 1] ?? '');
          i += 2;
          continue;
        }
        if (this.s.startsWith(q, i)) break;
        if (ch === '\n' && q.length === 1) throw new LiteralError('EOL in string');
        body += ch;
        i++;
      }
      this.pos = i + q.length;
      out += prefix.includes('r') ? body : unescapeString(body);
      this.ws(this.depth > 0);
    }
    return out;
  }

  private seq(close: string, isTuple: boolean): unknown {
    this.pos++;
    this.depth++;
    const items: unknown[] = [];
    let sawComma = false;
    for (;;) {
      this.ws(true);
      if (this.s[this.pos] === close) break;
      items.push(this.expr());
      this.ws(true);
      if (this.s[this.pos] === ',') {
        sawComma = true;
        this.pos++;
        continue;
      }
      if (this.s[this.pos] !== close) throw new LiteralError('expected separator');
      break;
    }
    this.pos++;
    this.depth--;
    if (isTuple) {
      if (items.length === 1 && !sawComma) return items[0];
      return tuple(items);
    }
    return items;
  }

  private dict(): unknown {
    this.pos++;
    this.depth++;
    const d: PyDict = {};
    let isSet = false;
    const setItems: unknown[] = [];
    let first = true;
    for (;;) {
      this.ws(true);
      if (this.s[this.pos] === '}') break;
      const k = this.expr();
      this.ws(true);
      if (first && this.s[this.pos] !== ':') isSet = true;
      first = false;
      if (isSet) setItems.push(k);
      else {
        if (this.s[this.pos] !== ':') throw new LiteralError('expected colon');
        this.pos++;
        const v = this.expr();
        if ((Array.isArray(k) && !isTuple(k)) || isDict(k)) throw new LiteralError('unhashable');
        dictSet(d, dictKey(k), v);
      }
      this.ws(true);
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.s[this.pos] !== '}') throw new LiteralError('expected separator');
      break;
    }
    this.pos++;
    this.depth--;
    // Sets have no JSON form; represent as a list (Ansible would keep a Python set).
    return isSet ? setItems : d;
  }
}

/** ast.literal_eval(s) with Json2Python names; returns MISSING if s is not a valid literal. */
export function literalEval(s: string, jsonNames = true): unknown {
  try {
    return new LiteralParser(s, jsonNames).parse();
  } catch (e) {
    if (e instanceof LiteralError || e instanceof RangeError) return MISSING;
    // unescape errors (bad \x escapes) are SyntaxErrors in Python too
    return MISSING;
  }
}
