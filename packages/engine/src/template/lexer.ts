// Jinja2 3.1 lexer with Ansible's environment settings (trim_blocks=True, lstrip_blocks=False,
// keep_trailing_newline=False, default delimiters).

import { TemplateSyntaxError } from './errors.js';
import { strRepr } from './py-repr.js';

export interface Token {
  type: string;
  value: string | number | bigint;
  lineno: number;
  /** Offsets of the raw token text in the prepared source. */
  start: number;
  end: number;
}

export interface LexOptions {
  trimBlocks: boolean;
  /** Do not decode string literals (used by escapeBackslashes). */
  raw?: boolean;
}

const OPERATORS: Record<string, string> = {
  '+': 'add',
  '-': 'sub',
  '/': 'div',
  '//': 'floordiv',
  '*': 'mul',
  '%': 'mod',
  '**': 'pow',
  '~': 'tilde',
  '[': 'lbracket',
  ']': 'rbracket',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '==': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '>=': 'gteq',
  '<': 'lt',
  '<=': 'lteq',
  '=': 'assign',
  '.': 'dot',
  ':': 'colon',
  '|': 'pipe',
  ',': 'comma',
  ';': 'semicolon',
};
export const REVERSE_OPERATORS: Record<string, string> = Object.fromEntries(
  Object.entries(OPERATORS).map(([k, v]) => [v, k]),
);

const WHITESPACE_RE = /\s+/y;
const FLOAT_RE = /(?<!\.)(\d+_)*\d+((\.(\d+_)*\d+)?e[+-]?(\d+_)*\d+|\.(\d+_)*\d+)/iy;
const INTEGER_RE = /(0b(_?[0-1])+|0o(_?[0-7])+|0x(_?[\da-f])+|[1-9](_?\d)*|0(_?0)*)/iy;
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR_RE = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}><=.:|,;]/y;
const ROOT_RE = /\{[{%#]/g;
const RAW_BEGIN_RE = /\{%(-|\+|)\s*raw\s*(?:-%\}\s*|%\})/y;
const COMMENT_END_TRIM = /([\s\S]*?)(\+#\}|-#\}\s*|#\}\n?)/y;
const COMMENT_END = /([\s\S]*?)(\+#\}|-#\}\s*|#\})/y;
const RAW_END_TRIM = /([\s\S]*?)(\{%(-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}\n?))/y;
const RAW_END = /([\s\S]*?)(\{%(-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}))/y;
const BLOCK_END_TRIM = /\+%\}|-%\}\s*|%\}\n?/y;
const BLOCK_END = /\+%\}|-%\}\s*|%\}/y;
const VAR_END = /-\}\}\s*|\}\}/y;

/** Jinja2 preprocessing: normalise newlines and drop one trailing newline (keep_trailing_newline=False). */
export function prepareSource(source: string): string {
  let s = source.includes('\r') ? source.replace(/\r\n|\r/g, '\n') : source;
  if (s.endsWith('\n')) s = s.slice(0, -1);
  return s;
}

function countNl(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Python str.rstrip() (whitespace per str.isspace, close enough with \s). */
function rstrip(s: string): string {
  return s.replace(/\s+$/, '');
}

export function tokenize(src: string, opts: LexOptions, originalSource?: string): Token[] {
  const tokens: Token[] = [];
  const len = src.length;
  let pos = 0;
  let line = 1;
  // Jinja2 lexes lazily: a lexing error surfaces only when the parser advances onto it. We lex
  // eagerly, so an error becomes an 'error' token that the parser raises when it reaches it.
  class LexFail extends Error {}
  const fail = (msg: string, lineno: number): never => {
    tokens.push({ type: 'error', value: msg, lineno, start: pos, end: pos });
    throw new LexFail(msg);
  };
  const push = (type: string, value: string | number | bigint, start: number, end: number, lineno = line) => {
    tokens.push({ type, value, lineno, start, end });
  };

  try {
    while (pos < len) {
      ROOT_RE.lastIndex = pos;
      const m = ROOT_RE.exec(src);
      if (!m) {
        push('data', src.slice(pos), pos, len);
        break;
      }
      const idx = m.index;
      let text = src.slice(pos, idx);
      const kind = src[idx + 1];
      RAW_BEGIN_RE.lastIndex = idx;
      const raw = kind === '%' ? RAW_BEGIN_RE.exec(src) : null;
      const sign = raw ? raw[1] : src[idx + 2] === '-' || src[idx + 2] === '+' ? src[idx + 2] : '';
      let strippedNl = 0;
      if (sign === '-') {
        const t = rstrip(text);
        strippedNl = countNl(text, t.length, text.length);
        text = t;
      }
      if (text) push('data', text, pos, pos + text.length);
      line += countNl(text, 0, text.length) + strippedNl;

      if (raw) {
        const re = opts.trimBlocks ? RAW_END_TRIM : RAW_END;
        re.lastIndex = idx + raw[0].length;
        line += countNl(raw[0], 0, raw[0].length);
        const e = re.exec(src);
        if (!e) fail('Missing end of raw directive', line);
        let content = e![1];
        if (e![3] === '-') content = rstrip(content);
        if (content) push('data', content, re.lastIndex - e![0].length, re.lastIndex - e![0].length + content.length);
        line += countNl(e![0], 0, e![0].length);
        pos = re.lastIndex;
        continue;
      }

      let p = idx + 2 + (sign ? 1 : 0);
      if (kind === '#') {
        const re = opts.trimBlocks ? COMMENT_END_TRIM : COMMENT_END;
        re.lastIndex = p;
        const e = re.exec(src);
        if (!e) fail('Missing end of comment tag', line);
        line += countNl(e![0], 0, e![0].length);
        pos = re.lastIndex;
        continue;
      }

      const isVar = kind === '{';
      push(isVar ? 'variable_begin' : 'block_begin', src.slice(idx, p), idx, p);
      const endRe = isVar ? VAR_END : opts.trimBlocks ? BLOCK_END_TRIM : BLOCK_END;
      const balancing: string[] = [];
      let closed = false;
      while (p < len) {
        if (balancing.length === 0) {
          endRe.lastIndex = p;
          const e = endRe.exec(src);
          if (e) {
            push(isVar ? 'variable_end' : 'block_end', e[0], p, endRe.lastIndex);
            line += countNl(e[0], 0, e[0].length);
            p = endRe.lastIndex;
            closed = true;
            break;
          }
        }
        WHITESPACE_RE.lastIndex = p;
        let t = WHITESPACE_RE.exec(src);
        if (t) {
          line += countNl(t[0], 0, t[0].length);
          p = WHITESPACE_RE.lastIndex;
          continue;
        }
        FLOAT_RE.lastIndex = p;
        t = FLOAT_RE.exec(src);
        if (t) {
          push('float', Number(t[0].replace(/_/g, '')), p, FLOAT_RE.lastIndex);
          p = FLOAT_RE.lastIndex;
          continue;
        }
        INTEGER_RE.lastIndex = p;
        t = INTEGER_RE.exec(src);
        if (t) {
          const digits = t[0].replace(/_/g, '');
          let v: number | bigint = /^0[box]/i.test(digits) ? Number(digits.toLowerCase()) : Number(digits);
          if (!Number.isSafeInteger(v)) v = Number(BigInt(digits.toLowerCase()));
          push('integer', v, p, INTEGER_RE.lastIndex);
          p = INTEGER_RE.lastIndex;
          continue;
        }
        NAME_RE.lastIndex = p;
        t = NAME_RE.exec(src);
        if (t) {
          push('name', t[0], p, NAME_RE.lastIndex);
          p = NAME_RE.lastIndex;
          continue;
        }
        STRING_RE.lastIndex = p;
        t = STRING_RE.exec(src);
        if (t) {
          const rawText = t[0];
          const body = rawText.slice(1, -1);
          push('string', opts.raw ? body : unescapeString(body, line, originalSource), p, STRING_RE.lastIndex);
          line += countNl(rawText, 0, rawText.length);
          p = STRING_RE.lastIndex;
          continue;
        }
        OPERATOR_RE.lastIndex = p;
        t = OPERATOR_RE.exec(src);
        if (t) {
          const op = t[0];
          if (op === '{') balancing.push('}');
          else if (op === '(') balancing.push(')');
          else if (op === '[') balancing.push(']');
          else if (op === '}' || op === ')' || op === ']') {
            if (!balancing.length) fail(`unexpected '${op}'`, line);
            const expected = balancing.pop();
            if (expected !== op) fail(`unexpected '${op}', expected '${expected}'`, line);
          }
          push(OPERATORS[op], op, p, OPERATOR_RE.lastIndex);
          p = OPERATOR_RE.lastIndex;
          continue;
        }
        fail(`unexpected char ${strRepr(src[p])} at ${p}`, line);
      }
      pos = p;
      if (!closed) break;
    }
  } catch (e) {
    if (e instanceof LexFail) return tokens;
    throw e;
  }
  tokens.push({ type: 'eof', value: '', lineno: line, start: len, end: len });
  return tokens;
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
  '\n': '',
};

/** Python's "unicode-escape" decoding of a string literal body. */
export function unescapeString(s: string, lineno = 1, source?: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (n >= '0' && n <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < s.length && digits.length < 3 && s[j] >= '0' && s[j] <= '7') digits += s[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const size = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + size);
      if (hex.length < size || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new TemplateSyntaxError(`truncated \\${n}${'X'.repeat(size)} escape`, lineno, source);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + size;
    } else {
      out += c;
    }
  }
  return out;
}

/** Ansible's _escape_backslashes: double the backslashes of string literals inside {{ }} so that
 * playbook authors need only one level of escaping. Works on a prepared source. */
export function escapeBackslashes(src: string, opts: LexOptions): string {
  if (!src.includes('\\') || !src.includes('{{')) return src;
  let tokens: Token[];
  try {
    tokens = tokenize(src, { ...opts, raw: true });
  } catch {
    return src;
  }
  let out = '';
  let last = 0;
  let inVar = false;
  for (const t of tokens) {
    if (t.type === 'variable_begin') inVar = true;
    else if (t.type === 'variable_end') inVar = false;
    else if (inVar && t.type === 'string') {
      out += src.slice(last, t.start) + src.slice(t.start, t.end).replace(/\\/g, '\\\\');
      last = t.end;
    }
  }
  return out + src.slice(last);
}
