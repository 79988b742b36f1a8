// Ansible 2.14 filters: core.py, mathstuff.py, urls.py, urlsplit.py.

import { createHash } from 'node:crypto';
import { opendirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, relative } from 'node:path';
import { FilterError, PyTypeError, PyValueError } from './errors.js';
import { pyFloat } from './filters-jinja.js';
import { localParts, strftime, strptime } from './py-datetime.js';
import { jsonDumps, jsonLoads } from './py-json.js';
import { pySplit } from './py-methods.js';
import * as ops from './py-ops.js';
import { reEscape, reFindall, reSearch, reSub } from './py-regex.js';
import { pyRepr, pyStr } from './py-repr.js';
import {
  PyFloat,
  TUPLE,
  Undefined,
  dictKey,
  dictSet,
  isDict,
  toNum,
  tuple,
  typeName,
  type PyDict,
  type PyList,
} from './py-types.js';
import { defFilter, type FilterTable } from './registry.js';
import { getitem } from './runtime.js';
import { yamlDump } from './yaml-dump.js';
import { yamlLoad, yamlLoadAll } from './yaml-load.js';

function text(v: unknown): string {
  return pyStr(v);
}

function pathArg(v: unknown): string {
  if (typeof v !== 'string') throw new PyTypeError(`expected str, bytes or os.PathLike object, not ${typeName(v)}`);
  return v;
}

/** Ansible's flatten filter. */
export function flatten(list: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const el of list) {
    if (skipNulls && (el === null || el === undefined || el === 'None' || el === 'null')) continue;
    if (Array.isArray(el)) {
      if (levels === null) out.push(...flatten(el, null, skipNulls));
      else if (levels >= 1) out.push(...flatten(el, levels - 1, skipNulls));
      else out.push(el);
    } else out.push(el);
  }
  return out;
}

function recursiveCheckDefined(v: unknown): void {
  if (isDict(v)) for (const k of Object.keys(v)) recursiveCheckDefined(v[k]);
  else if (Array.isArray(v) && !(v as PyList)[TUPLE]) v.forEach(recursiveCheckDefined);
  else if (v instanceof Undefined) throw new FilterError(`${v.message} is undefined`);
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

export function mergeHash(x: unknown, y: unknown, recursive: boolean, listMerge: string): PyDict {
  if (!LIST_MERGE.includes(listMerge)) {
    throw new FilterError(
      "merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'",
      'AnsibleError',
    );
  }
  if (!isDict(x) || !isDict(y)) {
    const dump = (v: unknown) => {
      try {
        return jsonDumps(v);
      } catch {
        return pyStr(v);
      }
    };
    throw new FilterError(
      `failed to combine variables, expected dicts but got a '${typeName(x)}' and a '${typeName(y)}': \n${dump(x)}\n${dump(y)}`,
      'AnsibleError',
    );
  }
  if (Object.keys(x).length === 0 || ops.pyEq(x, y)) return { ...y };
  const out: PyDict = { ...x };
  if (!recursive && listMerge === 'replace') {
    for (const k of Object.keys(y)) dictSet(out, k, y[k]);
    return out;
  }
  for (const key of Object.keys(y)) {
    const yv = y[key];
    if (!Object.hasOwn(out, key)) {
      dictSet(out, key, yv);
      continue;
    }
    const xv = out[key];
    if (isDict(xv) && isDict(yv)) {
      out[key] = recursive ? mergeHash(xv, yv, recursive, listMerge) : yv;
      continue;
    }
    const isList = (v: unknown) => Array.isArray(v) && !(v as PyList)[TUPLE];
    if (isList(xv) && isList(yv)) {
      const xa = xv as unknown[];
      const ya = yv as unknown[];
      if (listMerge === 'replace') out[key] = ya;
      else if (listMerge === 'append') out[key] = [...xa, ...ya];
      else if (listMerge === 'prepend') out[key] = [...ya, ...xa];
      else if (listMerge === 'append_rp') out[key] = [...xa.filter((z) => !ops.contains(ya, z)), ...ya];
      else if (listMerge === 'prepend_rp') out[key] = [...ya, ...xa.filter((z) => !ops.contains(ya, z))];
      continue;
    }
    out[key] = yv;
  }
  return out;
}

function combine(terms: unknown[], kwargs: PyDict): unknown {
  const { recursive = false, list_merge: listMerge = 'replace', ...rest } = kwargs;
  if (Object.keys(rest).length) throw new FilterError("'recursive' and 'list_merge' are the only valid keyword arguments");
  const dicts = flatten(terms, 1, true);
  recursiveCheckDefined(dicts);
  if (!dicts.length) return {};
  if (dicts.length === 1) return dicts[0];
  let result = dicts[dicts.length - 1];
  for (let i = dicts.length - 2; i >= 0; i--) result = mergeHash(dicts[i], result, ops.truthy(recursive), pyStr(listMerge));
  return result;
}

const UUID_NAMESPACE_ANSIBLE = '361e6d51-faec-444a-9079-341386da8e2e';

function uuid5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new FilterError(`Invalid value '${namespace}' for 'namespace': badly formed hexadecimal UUID string`);
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function shellQuote(s: string): string {
  if (!s) return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function pyHash(data: unknown, algo: string): string {
  const names: Record<string, string> = { sha1: 'sha1', md5: 'md5', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', blake2b: 'blake2b512', blake2s: 'blake2s256', sha3_256: 'sha3-256', sha3_512: 'sha3-512' };
  const a = names[algo];
  if (!a) throw new FilterError(`unsupported hash type ${algo}`);
  return createHash(a).update(Buffer.from(text(data), 'utf8')).digest('hex');
}

function comment(t: string, style: string, kw: PyDict): string {
  const styles: Record<string, PyDict> = {
    plain: { decoration: '# ' },
    erlang: { decoration: '% ' },
    c: { decoration: '// ' },
    cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
    xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
  };
  const sp = styles[style];
  if (!sp) throw new FilterError(`'${style}'`, 'KeyError');
  const prepostfix = pyStr(Object.hasOwn(kw, 'decoration') ? kw.decoration : sp.decoration);
  const p: PyDict = {
    newline: '\n',
    beginning: '',
    prefix: prepostfix.trimEnd(),
    prefix_count: 1,
    decoration: '',
    postfix: prepostfix.trimEnd(),
    postfix_count: 1,
    end: '',
    ...sp,
    ...kw,
  };
  const nl = pyStr(p.newline);
  const dec = pyStr(p.decoration);
  const beginning = p.beginning ? `${pyStr(p.beginning)}${nl}` : '';
  let prefix = '';
  if (p.prefix) prefix = (p.prefix !== nl ? `${pyStr(p.prefix)}${nl}` : nl).repeat(toNum(p.prefix_count));
  const body = `${dec}${t.split(nl).join(`${nl}${dec}`)}`.split(`${dec}${nl}`).join(`${dec.trimEnd()}${nl}`);
  const postfix = ['', ...Array.from({ length: toNum(p.postfix_count) }, () => pyStr(p.postfix))].join(nl);
  const end = p.end ? `${nl}${pyStr(p.end)}` : '';
  return `${beginning}${prefix}${body}${postfix}${end}`;
}

export function subelements(obj: unknown, sub: unknown, skipMissing: boolean): unknown[] {
  let elements: unknown[];
  if (isDict(obj)) elements = Object.values(obj);
  else if (Array.isArray(obj)) elements = [...obj];
  else throw new FilterError('obj must be a list of dicts or a nested dict');
  let path: unknown[];
  if (Array.isArray(sub)) path = [...sub];
  else if (typeof sub === 'string') path = sub.split('.');
  else throw new FilterError('subelements must be a list or a string', 'AnsibleFilterTypeError');
  const results: unknown[] = [];
  for (const el of elements) {
    let values: unknown = el;
    let skip = false;
    for (const s of path) {
      if (isDict(values)) {
        const k = dictKey(s);
        if (!Object.hasOwn(values, k)) {
          if (skipMissing) {
            values = [];
            skip = true;
            break;
          }
          throw new FilterError(`could not find ${pyRepr(s)} key in iterated item ${pyRepr(values)}`);
        }
        values = values[k];
      } else {
        throw new FilterError(`the key ${pyStr(s)} should point to a dictionary, got '${pyStr(values)}'`, 'AnsibleFilterTypeError');
      }
    }
    if (!Array.isArray(values)) {
      throw new FilterError(`the key ${pyRepr(path[path.length - 1])} should point to a list, got ${pyRepr(values)}`, 'AnsibleFilterTypeError');
    }
    if (skip) continue;
    for (const v of values) results.push(tuple([el, v]));
  }
  return results;
}

function ntSplitdrive(p: string): [string, string] {
  const m = /^([a-zA-Z]:)/.exec(p) ?? /^(\\\\[^\\]+\\[^\\]+)/.exec(p);
  return m ? [m[1], p.slice(m[1].length)] : ['', p];
}

/** Directory entries in the OS's order (what Python's os.listdir/glob return; readdirSync sorts). */
function listdir(dir: string): string[] {
  const d = opendirSync(dir);
  const out: string[] = [];
  try {
    for (let e = d.readSync(); e; e = d.readSync()) out.push(e.name);
  } finally {
    d.closeSync();
  }
  return out;
}

export function fileglob(pattern: string): string[] {
  const dir = dirname(pattern);
  const base = basename(pattern);
  const re = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\[!/g, '[^')}$`);
  let names: string[];
  try {
    names = listdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => re.test(f) && !(f.startsWith('.') && !base.startsWith('.')))
    .map((f) => (dir === '.' && !pattern.startsWith('./') ? f : join(dir, f)))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
}

function toBool(a: unknown): unknown {
  if (a === null || a === undefined || typeof a === 'boolean') return a;
  const v = typeof a === 'string' ? a.toLowerCase() : a;
  if (v === 'yes' || v === 'on' || v === '1' || v === 'true' || v === 1 || (v instanceof PyFloat && v.value === 1)) return true;
  return false;
}

function toYamlValue(v: unknown): unknown {
  return v;
}

function fromYaml(data: unknown): unknown {
  return typeof data === 'string' ? yamlLoad(data) : data;
}

function regexFlags(kw: PyDict): { ignorecase: boolean; multiline: boolean } {
  return { ignorecase: ops.truthy(kw.ignorecase ?? false), multiline: ops.truthy(kw.multiline ?? false) };
}

function urlsplit(value: string, query: string): unknown {
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value)!;
  const netloc = m[2] ?? '';
  const auth = netloc.includes('@') ? netloc.slice(0, netloc.lastIndexOf('@')) : '';
  const hostport = netloc.includes('@') ? netloc.slice(netloc.lastIndexOf('@') + 1) : netloc;
  const hm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  const parts: PyDict = {
    fragment: m[5] ?? '',
    hostname: hm && hm[1] ? hm[1].replace(/^\[|\]$/g, '').toLowerCase() : null,
    netloc,
    password: auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) : null,
    path: m[3] ?? '',
    port: hm && hm[2] ? parseInt(hm[2], 10) : null,
    query: m[4] ?? '',
    scheme: (m[1] ?? '').toLowerCase(),
    username: auth ? auth.split(':')[0] : null,
  };
  void u;
  if (query) {
    if (!Object.hasOwn(parts, query)) throw new FilterError(`urlsplit: unknown URL component: ${query}`);
    return parts[query];
  }
  return parts;
}

export const ANSIBLE_FILTERS: FilterTable = {
  b64encode: defFilter('b64encode', "encoding='utf-8'", (_c, v) => Buffer.from(text(v), 'utf8').toString('base64')),
  b64decode: defFilter('b64decode', "encoding='utf-8'", (_c, v) => Buffer.from(text(v), 'base64').toString('utf8')),
  to_uuid: defFilter('to_uuid', 'namespace=None', (_c, v, ns: unknown) => uuid5(text(v), ns === null ? UUID_NAMESPACE_ANSIBLE : pyStr(ns))),
  to_json: defFilter('to_json', '*args, **kw', (_c, v, _a: unknown[], kw: PyDict) =>
    jsonDumps(v, {
      indent: (kw.indent as number | undefined) ?? undefined,
      sortKeys: ops.truthy(kw.sort_keys ?? false),
      ensureAscii: ops.truthy(kw.ensure_ascii ?? true),
      separators: Array.isArray(kw.separators) ? (kw.separators.map(pyStr) as [string, string]) : undefined,
    }),
  ),
  to_nice_json: defFilter('to_nice_json', 'indent=4, sort_keys=True, *args, **kw', (_c, v, ind: unknown, sk: unknown, _a: unknown[], kw: PyDict) =>
    jsonDumps(v, { indent: ind as number, sortKeys: ops.truthy(sk), separators: [',', ': '], ensureAscii: ops.truthy(kw.ensure_ascii ?? true) }),
  ),
  from_json: defFilter('from_json', '*args, **kw', (_c, v) => {
    if (typeof v !== 'string') throw new PyTypeError(`the JSON object must be str, bytes or bytearray, not ${typeName(v)}`);
    return jsonLoads(v);
  }),
  to_yaml: defFilter('to_yaml', '*args, **kw', (_c, v, _a: unknown[], kw: PyDict) =>
    yamlDump(toYamlValue(v), {
      defaultFlowStyle: Object.hasOwn(kw, 'default_flow_style') ? (kw.default_flow_style as boolean | null) : null,
      indent: kw.indent === undefined ? 2 : toNum(kw.indent),
      width: kw.width === undefined ? 80 : toNum(kw.width),
      sortKeys: kw.sort_keys === undefined ? true : ops.truthy(kw.sort_keys),
      explicitStart: ops.truthy(kw.explicit_start ?? false),
    }),
  ),
  to_nice_yaml: defFilter('to_nice_yaml', 'indent=4, *args, **kw', (_c, v, ind: unknown, _a: unknown[], kw: PyDict) =>
    yamlDump(toYamlValue(v), {
      defaultFlowStyle: false,
      indent: toNum(ind),
      width: kw.width === undefined ? 80 : toNum(kw.width),
      sortKeys: kw.sort_keys === undefined ? true : ops.truthy(kw.sort_keys),
      explicitStart: ops.truthy(kw.explicit_start ?? false),
    }),
  ),
  from_yaml: defFilter('from_yaml', '', (_c, v) => fromYaml(v)),
  from_yaml_all: defFilter('from_yaml_all', '', (_c, v) => (typeof v === 'string' ? yamlLoadAll(v) : v)),
  basename: defFilter('basename', '', (_c, v) => {
    const p = pathArg(v);
    return p.slice(p.lastIndexOf('/') + 1);
  }),
  dirname: defFilter('dirname', '', (_c, v) => {
    const p = pathArg(v);
    const i = p.lastIndexOf('/') + 1;
    const head = p.slice(0, i);
    return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
  }),
  expanduser: defFilter('expanduser', '', (_c, v) => {
    const p = pathArg(v);
    if (p === '~' || p.startsWith('~/')) return (process.env.HOME ?? homedir()) + p.slice(1);
    return p;
  }),
  expandvars: defFilter('expandvars', '', (_c, v) =>
    pathArg(v).replace(/\$(\w+)|\$\{([^}]+)\}/g, (m, a: string, b: string) => process.env[a ?? b] ?? m),
  ),
  path_join: defFilter('path_join', '', (_c, v) => {
    if (typeof v === 'string') return v;
    if (!Array.isArray(v)) throw new FilterError(`|path_join expects string or sequence, got ${typeName(v)} instead.`, 'AnsibleFilterTypeError');
    let out = '';
    for (const p of v.map(pathArg)) {
      if (p.startsWith('/')) out = p;
      else if (!out || out.endsWith('/')) out += p;
      else out += `/${p}`;
    }
    return out;
  }),
  realpath: defFilter('realpath', '', (_c, v) => {
    try {
      return realpathSync(pathArg(v));
    } catch {
      return posix.resolve(pathArg(v));
    }
  }),
  relpath: defFilter('relpath', 'start=None', (_c, v, start: unknown) => relative(start === null ? process.cwd() : pathArg(start), pathArg(v)) || '.'),
  splitext: defFilter('splitext', '', (_c, v) => {
    const p = pathArg(v);
    const base = p.slice(p.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return tuple([p, '']);
    const cut = p.length - (base.length - dot);
    return tuple([p.slice(0, cut), p.slice(cut)]);
  }),
  win_basename: defFilter('win_basename', '', (_c, v) => {
    const [, rest] = ntSplitdrive(pathArg(v));
    return rest.slice(Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/')) + 1);
  }),
  win_dirname: defFilter('win_dirname', '', (_c, v) => {
    const [drive, rest] = ntSplitdrive(pathArg(v));
    const i = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/')) + 1;
    let head = rest.slice(0, i);
    if (head && !/^[\\/]+$/.test(head)) head = head.replace(/[\\/]+$/, '');
    return drive + head;
  }),
  win_splitdrive: defFilter('win_splitdrive', '', (_c, v) => tuple(ntSplitdrive(pathArg(v)))),
  fileglob: defFilter('fileglob', '', (_c, v) => fileglob(pathArg(v))),
  bool: defFilter('bool', '', (_c, v) => toBool(v)),
  to_datetime: defFilter('to_datetime', "format='%Y-%m-%d %H:%M:%S'", (_c, v, fmt: unknown) => {
    if (typeof v !== 'string') throw new PyTypeError(`strptime() argument 1 must be str, not ${typeName(v)}`);
    return strptime(v, pyStr(fmt));
  }),
  strftime: defFilter('strftime', 'second=None, utc=False', (_c, fmt, second: unknown, utc: unknown) => {
    let sec: number;
    if (second === null) sec = Date.now() / 1000;
    else {
      try {
        sec = pyFloat(second);
      } catch {
        throw new FilterError(`Invalid value for epoch value (${pyStr(second)})`);
      }
    }
    const lp = localParts(sec, ops.truthy(utc));
    return strftime(pyStr(fmt), lp.parts, sec, lp.tz, lp.offsetMin);
  }),
  quote: defFilter('quote', '', (_c, v) => shellQuote(v === null ? '' : text(v))),
  md5: defFilter('md5', '', (_c, v) => pyHash(v, 'md5')),
  sha1: defFilter('sha1', '', (_c, v) => pyHash(v, 'sha1')),
  checksum: defFilter('checksum', '', (_c, v) => pyHash(v, 'sha1')),
  hash: defFilter('hash', "hashtype='sha1'", (_c, v, t: unknown) => pyHash(v, pyStr(t))),
  regex_replace: defFilter('regex_replace', "pattern='', replacement='', ignorecase=False, multiline=False", (_c, v, p: unknown, r: unknown, i: unknown, m: unknown) =>
    reSub(pyStr(p), pyStr(r), text(v), { ignorecase: ops.truthy(i), multiline: ops.truthy(m) }),
  ),
  regex_findall: defFilter('regex_findall', 'regex, multiline=False, ignorecase=False', (_c, v, p: unknown, m: unknown, i: unknown) =>
    reFindall(pyStr(p), text(v), { ignorecase: ops.truthy(i), multiline: ops.truthy(m) }),
  ),
  regex_search: defFilter('regex_search', 'regex, *args, **kwargs', (_c, v, p: unknown, args: unknown[], kw: PyDict) => {
    const groups: (number | string)[] = [];
    for (const a of args) {
      const s = pyStr(a);
      if (s.startsWith('\\g')) {
        const m = /\\g<(\S+)>/.exec(s);
        if (!m) throw new FilterError('Unknown argument');
        groups.push(m[1]);
      } else if (s.startsWith('\\')) {
        const m = /\\(\d+)/.exec(s);
        if (!m) throw new FilterError('Unknown argument');
        groups.push(parseInt(m[1], 10));
      } else throw new FilterError('Unknown argument');
    }
    const match = reSearch(pyStr(p), text(v), regexFlags(kw));
    if (!match) return null;
    if (!groups.length) return match[0];
    return groups.map((g) => {
      if (typeof g === 'number') {
        if (g >= match.length) throw new FilterError('no such group', 'IndexError');
        return match[g] ?? null;
      }
      if (!match.groups || !(g in match.groups)) throw new FilterError('no such group', 'IndexError');
      return match.groups[g] ?? null;
    });
  }),
  regex_escape: defFilter('regex_escape', "re_type='python'", (_c, v, t: unknown) => {
    const s = text(v);
    if (t === 'python') return reEscape(s);
    if (t === 'posix_basic') return reSub('([].[^$*\\\\])', '\\\\\\1', s);
    if (t === 'posix_extended') throw new FilterError(`Regex type (${pyStr(t)}) not yet implemented`);
    throw new FilterError(`Invalid regex type (${pyStr(t)})`);
  }),
  ternary: defFilter('ternary', 'true_val, false_val, none_val=None', (_c, v, t: unknown, f: unknown, n: unknown) => {
    if ((v === null || v === undefined) && n !== null) return n;
    return ops.truthy(v) ? t : f;
  }, { lazyArgs: true }),
  random: defFilter('random', 'start=None, step=None, seed=None', (_c, end: unknown, start: unknown, step: unknown) => {
    if (typeof end === 'number' && Number.isInteger(end)) {
      const s = start === null || !ops.truthy(start) ? 0 : toNum(start);
      const st = step === null || !ops.truthy(step) ? 1 : toNum(step);
      const n = Math.max(0, Math.ceil((end - s) / st));
      if (n <= 0) throw new PyValueError(`empty range for randrange() (${s}, ${end}, ${n})`);
      return s + st * Math.floor(Math.random() * n);
    }
    if (ops.isIterable(end)) {
      if (ops.truthy(start) || ops.truthy(step)) throw new FilterError('start and step can only be used with integer values');
      const items = ops.iterate(end);
      if (!items.length) throw new FilterError('Cannot choose from an empty sequence', 'IndexError');
      return items[Math.floor(Math.random() * items.length)];
    }
    throw new FilterError('random can only be used on sequences and integers');
  }),
  shuffle: defFilter('shuffle', 'seed=None', (_c, v) => {
    const items = [...ops.iterate(v)];
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }),
  mandatory: defFilter('mandatory', 'msg=None', (_c, v, msg: unknown) => {
    if (v instanceof Undefined) {
      if (msg !== null) throw new FilterError(pyStr(msg));
      const name = v.name !== undefined && v.name !== null ? `'${pyStr(v.name)}' ` : '';
      throw new FilterError(`Mandatory variable ${name} not defined.`);
    }
    return v;
  }, { undefinedOk: true }),
  comment: defFilter('comment', "style='plain', **kw", (_c, v, style: unknown, kw: PyDict) => comment(text(v), pyStr(style), kw)),
  type_debug: defFilter('type_debug', '', (_c, v) => {
    if (v instanceof Undefined) return 'AnsibleUndefined';
    if (typeof v === 'string') return 'str';
    return typeName(v);
  }, { undefinedOk: true }),
  combine: (_c, value, args, kwargs) => {
    if (value instanceof Undefined) throw value.error();
    return combine([value, ...args], kwargs);
  },
  extract: defFilter('extract', 'container, morekeys=None', (_c, item: unknown, container: unknown, more: unknown) => {
    const keys = more === null ? [item] : Array.isArray(more) ? [item, ...more] : [item, more];
    let v = container;
    for (const k of keys) v = getitem(v, k);
    return v;
  }),
  flatten: defFilter('flatten', 'levels=None, skip_nulls=True', (_c, v, l: unknown, s: unknown) =>
    flatten(ops.iterate(v), l === null ? null : toNum(l), ops.truthy(s)),
  ),
  dict2items: defFilter('dict2items', "key_name='key', value_name='value'", (_c, v, kn: unknown, vn: unknown) => {
    if (!isDict(v)) {
      throw new FilterError(`dict2items requires a dictionary, got <class '${typeName(v)}'> instead.`, 'AnsibleFilterTypeError');
    }
    return Object.keys(v).map((k) => {
      const o: PyDict = {};
      dictSet(o, dictKey(kn), k);
      dictSet(o, dictKey(vn), v[k]);
      return o;
    });
  }),
  items2dict: defFilter('items2dict', "key_name='key', value_name='value'", (_c, v, kn: unknown, vn: unknown) => {
    if (!Array.isArray(v)) {
      throw new FilterError(`items2dict requires a list, got <class '${typeName(v)}'> instead.`, 'AnsibleFilterTypeError');
    }
    const out: PyDict = {};
    for (const item of v) {
      if (!isDict(item)) throw new FilterError(`items2dict requires a list of dictionaries, got ${pyStr(v)} instead.`, 'AnsibleFilterTypeError');
      const k = dictKey(kn);
      const vk = dictKey(vn);
      if (!Object.hasOwn(item, k) || !Object.hasOwn(item, vk)) {
        throw new FilterError(
          `items2dict requires each dictionary in the list to contain the keys '${pyStr(kn)}' and '${pyStr(vn)}', got ${pyStr(v)} instead.`,
          'AnsibleFilterTypeError',
        );
      }
      dictSet(out, dictKey(item[k]), item[vk]);
    }
    return out;
  }),
  subelements: defFilter('subelements', 'subelements, skip_missing=False', (_c, v, s: unknown, sk: unknown) => subelements(v, s, ops.truthy(sk))),
  split: defFilter('split', 'sep=None, maxsplit=-1', (_c, v, sep: unknown, m: unknown) => {
    if (typeof v !== 'string') throw new PyTypeError(`descriptor 'split' for 'str' objects doesn't apply to a '${typeName(v)}' object`);
    return pySplit(v, sep === null ? null : pyStr(sep), toNum(m));
  }),
  urldecode: defFilter('urldecode', '', (_c, v) => decodeURIComponent(text(v).replace(/\+/g, ' '))),
  urlsplit: defFilter('urlsplit', "query=''", (_c, v, q: unknown) => urlsplit(text(v), pyStr(q))),

};

