/**
 * Loading YAML and JSON data files the way Ansible's DataLoader does: JSON first, then YAML 1.1 with
 * PyYAML's implicit scalar resolution (yes/no/on/off booleans, 0777 octal, 1_000, sexagesimal 1:30,
 * "1e3" stays a string, y/n stay strings). Nodes keep their line and column for error messages.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from 'yaml';
import { DroverError, type SourcePos } from '../errors.js';
import { pyStr, setKey } from './py-literal.js';

export type YScalar = string | number | boolean | null;
export type YNode =
  | { kind: 'scalar'; value: YScalar; pos: SourcePos }
  | { kind: 'seq'; items: YNode[]; pos: SourcePos }
  | { kind: 'map'; pairs: { key: YNode; value: YNode }[]; pos: SourcePos };

export interface LoadResult {
  /** undefined for an empty document */
  root: YNode | undefined;
  warnings: string[];
}

const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;

function constructInt(text: string): number {
  let v = text.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * Number.parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * Number.parseInt(v.slice(2), 16);
  if (v[0] === '0') return sign * Number.parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number.parseInt(v, 10);
}

function constructFloat(text: string): number {
  let v = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return Number.NaN;
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number.parseFloat(v);
}

function sexagesimal(v: string): number {
  let base = 1;
  let value = 0;
  for (const part of v.split(':').reverse()) {
    value += Number.parseFloat(part) * base;
    base *= 60;
  }
  return value;
}

/** PyYAML's resolution of a plain (unquoted, untagged) scalar. Timestamps are kept as their text. */
export function resolvePlain(text: string): YScalar {
  if (BOOL_RE.test(text)) return /^(?:yes|true|on)$/i.test(text);
  if (NULL_RE.test(text)) return null;
  if (INT_RE.test(text)) return constructInt(text);
  if (FLOAT_RE.test(text)) return constructFloat(text);
  return text;
}

function resolveTagged(tag: string, text: string, file: string, warn: (msg: string) => void): YScalar {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
    case '!unsafe':
      return text;
    case 'tag:yaml.org,2002:int':
      return constructInt(text);
    case 'tag:yaml.org,2002:float':
      return constructFloat(text);
    case 'tag:yaml.org,2002:bool':
      return /^(?:yes|true|on)$/i.test(text);
    case 'tag:yaml.org,2002:null':
      return null;
    case '!vault':
      warn(`${file}: a !vault value is kept as its encrypted text (vault is not supported)`);
      return text;
    default:
      return text;
  }
}

/** Parse data file text: JSON when it is JSON, else YAML. Throws DroverError(code) on a syntax error. */
export function loadData(text: string, file: string, code: 'DRV_ENGINE_INVENTORY' | 'DRV_ENGINE_PARSE'): LoadResult {
  const json = tryJson(text);
  if (json.ok) return { root: json.value === undefined ? undefined : fromJson(json.value, { file }), warnings: [] };
  return loadYaml(text, file, code);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function fromJson(v: unknown, pos: SourcePos): YNode {
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((x) => fromJson(x, pos)), pos };
  if (v !== null && typeof v === 'object') {
    return {
      kind: 'map',
      pairs: Object.entries(v).map(([k, x]) => ({ key: { kind: 'scalar', value: k, pos }, value: fromJson(x, pos) })),
      pos,
    };
  }
  return { kind: 'scalar', value: v as YScalar, pos };
}

function loadYaml(text: string, file: string, code: 'DRV_ENGINE_INVENTORY' | 'DRV_ENGINE_PARSE'): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
  const posAt = (offset: number | undefined): SourcePos => {
    if (offset === undefined) return { file };
    const lp = lineCounter.linePos(offset);
    return { file, line: lp.line, column: lp.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new DroverError(code, `Syntax Error while loading YAML: ${msg}`, posAt(e.pos[0]));
  }
  const pending: PendingWarning[] = [];
  const walker = new Walker(doc, file, posAt, pending, code);
  const root = doc.contents === null ? undefined : walker.walk(doc.contents as Node);
  // PyYAML builds nested collections breadth-first, so its warnings come out level by level.
  const warnings = pending
    .map((w, i) => ({ ...w, i }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .map((w) => w.message);
  if (root && root.kind === 'scalar' && root.value === null) return { root: undefined, warnings };
  return { root, warnings };
}

interface PendingWarning {
  depth: number;
  message: string;
}

class Walker {
  private readonly active = new Set<Node>();
  private depth = 0;
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly posAt: (offset: number | undefined) => SourcePos,
    private readonly pending: PendingWarning[],
    private readonly code: 'DRV_ENGINE_INVENTORY' | 'DRV_ENGINE_PARSE',
  ) {}

  private warn(message: string): void {
    this.pending.push({ depth: this.depth, message });
  }

  walk(node: Node | null | undefined, at?: SourcePos): YNode {
    this.depth++;
    try {
      return this.walkNode(node, at);
    } finally {
      this.depth--;
    }
  }

  private walkNode(node: Node | null | undefined, at?: SourcePos): YNode {
    if (node === null || node === undefined) return { kind: 'scalar', value: null, pos: at ?? { file: this.file } };
    const pos = this.posAt(node.range?.[0]);
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target || this.active.has(target)) {
        throw new DroverError(this.code, `Syntax Error while loading YAML: bad or recursive alias *${node.source}`, pos);
      }
      this.active.add(target);
      try {
        return this.walk(target, pos);
      } finally {
        this.active.delete(target);
      }
    }
    if (isScalar(node)) return { kind: 'scalar', value: this.scalar(node), pos };
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((n) => this.walk(n as Node, pos)), pos };
    if (isMap(node)) return this.map(node.items as { key: unknown; value: unknown }[], pos);
    return { kind: 'scalar', value: null, pos };
  }

  private scalar(node: Scalar): YScalar {
    const text = String(node.value ?? '');
    if (node.tag) return resolveTagged(node.tag, text, this.file, (m) => this.warn(m));
    if (node.type === Scalar.PLAIN) return resolvePlain(text);
    return text;
  }

  /**
   * PyYAML flatten_mapping: merged pairs come first (later merge sources first), explicit keys win.
   * Like AnsibleConstructor.construct_mapping, warn for each key seen twice, in construction order.
   */
  private map(items: { key: unknown; value: unknown }[], pos: SourcePos): YNode {
    const mergeItems = items.filter((i) => isMergeKey(i.key as Node | null));
    const merged: { key: YNode; value: YNode }[] = [];
    for (const item of mergeItems) {
      const value = this.walk(item.value as Node | null, pos);
      const sources = value.kind === 'seq' ? value.items : [value];
      const chunks: { key: YNode; value: YNode }[][] = [];
      for (const src of sources) {
        if (src.kind !== 'map') {
          throw new DroverError(this.code, 'Syntax Error while loading YAML: expected a mapping for merging', src.pos);
        }
        chunks.push(src.pairs);
      }
      for (const chunk of chunks.reverse()) merged.push(...chunk);
    }
    const seen = new Set<string>();
    const note = (key: YNode): void => {
      const k = keyIdentity(key);
      if (seen.has(k)) {
        this.warn(
          `While constructing a mapping from ${this.file}, line ${pos.line ?? '?'}, column ${pos.column ?? '?'}, ` +
            `found a duplicate dict key (${keyString(key)}). Using last defined value only.`,
        );
      }
      seen.add(k);
    };
    merged.forEach((p) => note(p.key));
    const own: { key: YNode; value: YNode }[] = [];
    for (const item of items) {
      const keyNode = item.key as Node | null;
      if (isMergeKey(keyNode)) continue;
      const key = this.walk(keyNode, pos);
      if (key.kind !== 'scalar') {
        throw new DroverError(this.code, 'Syntax Error while loading YAML: found unhashable key', key.pos);
      }
      own.push({ key, value: this.walk(item.value as Node | null, key.pos) });
      note(key);
    }
    return { kind: 'map', pairs: dedupePairs([...merged, ...own]), pos };
  }
}

function isMergeKey(n: Node | null): boolean {
  return !!n && isScalar(n) && n.type === Scalar.PLAIN && !n.tag && n.value === '<<';
}

/** Python dict semantics: first position of a key is kept, the last value wins. */
function dedupePairs(pairs: { key: YNode; value: YNode }[]): { key: YNode; value: YNode }[] {
  const index = new Map<string, number>();
  const out: { key: YNode; value: YNode }[] = [];
  for (const p of pairs) {
    const k = keyIdentity(p.key);
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, out.length);
      out.push(p);
    } else {
      out[at] = { key: out[at]!.key, value: p.value };
    }
  }
  return out;
}

/** Python hash identity of a scalar key: 1, 1.0 and True are the same key. */
function keyIdentity(n: YNode): string {
  if (n.kind !== 'scalar') return `?${Math.random()}`;
  const v = n.value;
  if (typeof v === 'boolean') return `n:${Number(v)}`;
  if (typeof v === 'number') return `n:${v}`;
  if (v === null) return 'null';
  return `s:${v}`;
}

/** The string a mapping key becomes in a plain JS object. */
export function keyString(n: YNode): string {
  return n.kind === 'scalar' ? (typeof n.value === 'string' ? n.value : pyStr(n.value)) : '';
}

/** Convert to plain JS values (objects, arrays, scalars). */
export function toPlain(n: YNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const p of n.pairs) setKey(out, keyString(p.key), toPlain(p.value));
      return out;
    }
  }
}

/** Python truthiness of a loaded value. */
export function isTruthy(n: YNode | undefined): boolean {
  if (!n) return false;
  if (n.kind === 'map') return n.pairs.length > 0;
  if (n.kind === 'seq') return n.items.length > 0;
  return n.value !== null && n.value !== false && n.value !== 0 && n.value !== '';
}

/** The Python class of a value loaded by Ansible's YAML loader, as its messages print it. */
export function pyTypeName(n: YNode): string {
  const objects = 'ansible.parsing.yaml.objects';
  if (n.kind === 'map') return `${objects}.AnsibleMapping`;
  if (n.kind === 'seq') return `${objects}.AnsibleSequence`;
  const v = n.value;
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return `${objects}.AnsibleUnicode`;
}
