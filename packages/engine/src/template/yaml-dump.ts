// yaml.dump(data, Dumper=AnsibleDumper, allow_unicode=True, ...) — a port of PyYAML's representer,
// resolver check and emitter (plain/single/double-quoted scalars, block and flow collections).

import { FilterError } from './errors.js';
import { floatRepr } from './py-repr.js';
import { PyFloat, PyObject, Undefined, isDict, typeName } from './py-types.js';

export interface YamlDumpOptions {
  defaultFlowStyle: boolean | null;
  indent: number;
  width: number;
  sortKeys: boolean;
  explicitStart?: boolean;
}

type Node =
  | { kind: 'scalar'; value: string; plainImplicit: boolean }
  | { kind: 'seq'; items: Node[]; flow: boolean }
  | { kind: 'map'; pairs: [Node, Node][]; flow: boolean };

const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** Would a plain scalar with this text resolve to str? */
function resolvesToStr(v: string): boolean {
  const c = v[0] ?? '';
  if ('yYnNtTfFoO'.includes(c) && c && BOOL_RE.test(v)) return false;
  if ('-+0123456789.'.includes(c) && c && FLOAT_RE.test(v)) return false;
  if ('-+0123456789'.includes(c) && c && INT_RE.test(v)) return false;
  if (c === '<' && v === '<<') return false;
  if (('~nN'.includes(c) || v === '') && NULL_RE.test(v)) return false;
  if ('0123456789'.includes(c) && c && TIMESTAMP_RE.test(v)) return false;
  if (v === '=') return false;
  return true;
}

function represent(v: unknown, opts: YamlDumpOptions, depth = 0): Node {
  if (depth > 500) throw new FilterError('to_yaml - recursion too deep');
  if (v === null || v === undefined) return { kind: 'scalar', value: 'null', plainImplicit: true };
  if (typeof v === 'boolean') return { kind: 'scalar', value: v ? 'true' : 'false', plainImplicit: true };
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = typeof v === 'number' ? v : v.value;
    const isF = v instanceof PyFloat || !Number.isInteger(n);
    if (!isF) return { kind: 'scalar', value: String(n), plainImplicit: true };
    let s: string;
    if (Number.isNaN(n)) s = '.nan';
    else if (n === Infinity) s = '.inf';
    else if (n === -Infinity) s = '-.inf';
    else {
      s = floatRepr(n).toLowerCase();
      if (!s.includes('.') && s.includes('e')) s = s.replace('e', '.0e');
    }
    return { kind: 'scalar', value: s, plainImplicit: true };
  }
  if (typeof v === 'string') return { kind: 'scalar', value: v, plainImplicit: resolvesToStr(v) };
  if (v instanceof Undefined) throw v.error();
  if (Array.isArray(v)) {
    const items = v.map((x) => represent(x, opts, depth + 1));
    const best = items.every((n) => n.kind === 'scalar');
    return { kind: 'seq', items, flow: opts.defaultFlowStyle ?? best };
  }
  if (isDict(v)) {
    let keys = Object.keys(v);
    if (opts.sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const pairs: [Node, Node][] = keys.map((k) => [represent(k, opts, depth + 1), represent(v[k], opts, depth + 1)]);
    const best = pairs.every(([a, b]) => a.kind === 'scalar' && b.kind === 'scalar');
    return { kind: 'map', pairs, flow: opts.defaultFlowStyle ?? best };
  }
  if (v instanceof PyObject && 'isoformat' in v) {
    return { kind: 'scalar', value: (v as unknown as { isoformat(s?: string): string }).isoformat(' '), plainImplicit: false };
  }
  throw new FilterError(`to_yaml - ('cannot represent an object', ${typeName(v)})`);
}

interface Analysis {
  multiline: boolean;
  empty: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingle: boolean;
}

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';

function analyze(scalar: string): Analysis {
  if (!scalar) return { multiline: false, empty: true, allowFlowPlain: false, allowBlockPlain: true, allowSingle: true };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (scalar.startsWith('---') || scalar.startsWith('...')) {
    blockInd = true;
    flowInd = true;
  }
  const chars = Array.from(scalar);
  let preceded = true;
  let followed = chars.length === 1 || WS.includes(chars[1]);
  let prevSpace = false;
  let prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowInd = true;
        blockInd = true;
      }
      if (ch === '?' || ch === ':') {
        flowInd = true;
        if (followed) blockInd = true;
      }
      if (ch === '-' && followed) {
        flowInd = true;
        blockInd = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followed) blockInd = true;
      }
      if (ch === '#' && preceded) {
        flowInd = true;
        blockInd = true;
      }
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const cp = ch.codePointAt(0)!;
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) {
      const uni = (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) && cp !== 0xfeff;
      if (!uni) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    preceded = WS.includes(ch);
    followed = i + 2 >= chars.length || WS.includes(chars[i + 2]);
  }
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) flowPlain = blockPlain = single = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, empty: false, allowFlowPlain: flowPlain, allowBlockPlain: blockPlain, allowSingle: single };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent: number | null = null;
  indents: (number | null)[] = [];
  flowLevel = 0;
  rootContext = false;
  mappingContext = false;
  simpleKeyContext = false;
  readonly bestIndent: number;
  readonly bestWidth: number;

  constructor(opts: YamlDumpOptions) {
    this.bestIndent = opts.indent > 1 && opts.indent < 10 ? opts.indent : 2;
    this.bestWidth = opts.width > this.bestIndent * 2 ? opts.width : 80;
  }

  private write(s: string): void {
    this.out += s;
  }

  increaseIndent(flow = false, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  writeIndicator(ind: string, needWs: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWs ? ind : ` ${ind}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.write(data);
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }

  writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  node(n: Node, ctx: { root?: boolean; sequence?: boolean; mapping?: boolean; simpleKey?: boolean }): void {
    this.rootContext = !!ctx.root;
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
    if (n.kind === 'scalar') {
      this.increaseIndent(true);
      this.scalar(n);
      this.indent = this.indents.pop() ?? null;
    } else if (n.kind === 'seq') {
      if (this.flowLevel || n.flow || n.items.length === 0) this.flowSeq(n);
      else this.blockSeq(n);
    } else if (this.flowLevel || n.flow || n.pairs.length === 0) this.flowMap(n);
    else this.blockMap(n);
  }

  chooseStyle(n: Extract<Node, { kind: 'scalar' }>, a: Analysis): string {
    if (n.plainImplicit) {
      if (
        !(this.simpleKeyContext && (a.empty || a.multiline)) &&
        ((this.flowLevel && a.allowFlowPlain) || (!this.flowLevel && a.allowBlockPlain))
      ) {
        return '';
      }
    }
    if (a.allowSingle && !(this.simpleKeyContext && a.multiline)) return "'";
    return '"';
  }

  scalar(n: Extract<Node, { kind: 'scalar' }>): void {
    const a = analyze(n.value);
    const style = this.chooseStyle(n, a);
    const split = !this.simpleKeyContext;
    if (style === '"') this.writeDouble(n.value, split);
    else if (style === "'") this.writeSingle(n.value, split);
    else this.writePlain(n.value, split);
  }

  isSimpleKey(n: Node): boolean {
    if (n.kind === 'scalar') {
      const a = analyze(n.value);
      return Array.from(n.value).length < 128 && !a.empty && !a.multiline;
    }
    return n.kind === 'seq' ? n.items.length === 0 : n.pairs.length === 0;
  }

  flowSeq(n: Extract<Node, { kind: 'seq' }>): void {
    this.writeIndicator('[', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    n.items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, { sequence: true });
    });
    this.indent = this.indents.pop() ?? null;
    this.flowLevel--;
    this.writeIndicator(']', false);
  }

  flowMap(n: Extract<Node, { kind: 'map' }>): void {
    this.writeIndicator('{', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    n.pairs.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true);
        this.node(k, { mapping: true });
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true);
      }
      this.node(v, { mapping: true });
    });
    this.indent = this.indents.pop() ?? null;
    this.flowLevel--;
    this.writeIndicator('}', false);
  }

  blockSeq(n: Extract<Node, { kind: 'seq' }>): void {
    const indentless = this.mappingContext && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of n.items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { sequence: true });
    }
    this.indent = this.indents.pop() ?? null;
  }

  blockMap(n: Extract<Node, { kind: 'map' }>): void {
    this.increaseIndent(false);
    for (const [k, v] of n.pairs) {
      this.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, { mapping: true });
    }
    this.indent = this.indents.pop() ?? null;
  }

  writePlain(text: string, split: boolean): void {
    if (!text) return;
    if (!this.whitespace) {
      this.column += 1;
      this.write(' ');
    }
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    let end = 0;
    const t = Array.from(text);
    while (end <= t.length) {
      const ch = end < t.length ? t[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            const data = t.slice(start, end).join('');
            this.column += end - start;
            this.write(data);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (t[start] === '\n') this.writeLineBreak();
          for (const br of t.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch)) {
        this.column += end - start;
        this.write(t.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
      end++;
    }
  }

  writeSingle(text: string, split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    let end = 0;
    const t = Array.from(text);
    while (end <= t.length) {
      const ch = end < t.length ? t[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== t.length) {
            this.writeIndent();
          } else {
            this.column += end - start;
            this.write(t.slice(start, end).join(''));
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (t[start] === '\n') this.writeLineBreak();
          for (const br of t.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch) || ch === "'") {
        if (start < end) {
          this.column += end - start;
          this.write(t.slice(start, end).join(''));
          start = end;
        }
      }
      if (ch === "'") {
        this.column += 2;
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
      end++;
    }
    this.writeIndicator("'", false);
  }

  writeDouble(text: string, split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    let end = 0;
    const t = Array.from(text);
    while (end <= t.length) {
      const ch = end < t.length ? t[end] : undefined;
      const cp = ch === undefined ? 0 : ch.codePointAt(0)!;
      if (
        ch === undefined ||
        '"\\\x85\u2028\u2029\uFEFF'.includes(ch) ||
        !((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd))
      ) {
        if (start < end) {
          this.column += end - start;
          this.write(t.slice(start, end).join(''));
          start = end;
        }
        if (ch !== undefined) {
          let data: string;
          if (ESCAPES[ch] !== undefined) data = `\\${ESCAPES[ch]}`;
          else if (cp <= 0xff) data = `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
          else if (cp <= 0xffff) data = `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
          else data = `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
          this.column += data.length;
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < t.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        const data = `${t.slice(start, end).join('')}\\`;
        if (start < end) start = end;
        this.column += data.length;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (t[start] === ' ') {
          this.column += 1;
          this.write('\\');
        }
      }
      end++;
    }
    this.writeIndicator('"', false);
  }
}

/** yaml.dump with AnsibleDumper (libyaml flavour: no "..." after a plain root scalar). */
export function yamlDump(value: unknown, opts: YamlDumpOptions): string {
  const node = represent(value, opts);
  const e = new Emitter(opts);
  if (opts.explicitStart) {
    e.writeIndent();
    e.writeIndicator('---', true);
  }
  e.node(node, { root: true });
  e.writeIndent();
  return e.out;
}
