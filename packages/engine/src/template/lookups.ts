// Lookup plugins available to lookup()/query()/q(): env, file, pipe, vars, template, items, list,
// dict, indexed_items, sequence, together, nested, first_found, lines.

import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { TemplateError, UndefinedError } from './errors.js';
import { percentFormat } from './py-format.js';
import { iterate, truthy } from './py-ops.js';
import { pyStr } from './py-repr.js';
import { Undefined, isDict, tuple, type PyDict } from './py-types.js';
import { fileglob, subelements } from './filters-ansible.js';

/** What lookups need from the Templar. */
export interface LookupHost {
  /** The variables of the current templating call (raw). */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly basedir: string;
  /** Templates a value with the current variables (Ansible templar.template). */
  template(value: unknown): unknown;
  /** Renders a file's text as a template (template lookup / module semantics). */
  renderFile(source: string, path: string): string;
}

export class LookupError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'LookupError';
  }
}

type LookupFn = (host: LookupHost, terms: unknown[], kwargs: PyDict) => unknown[];

function searchPaths(host: LookupHost): string[] {
  const sp = host.vars.ansible_search_path;
  if (Array.isArray(sp) && sp.length) return sp.map((p) => pyStr(p));
  return [host.basedir];
}

/** Ansible's find_file_in_search_path(variables, subdir, needle). */
export function findFile(host: LookupHost, subdir: string, needle: string): string | undefined {
  if (isAbsolute(needle)) return existsSync(needle) ? needle : undefined;
  for (const base of searchPaths(host)) {
    for (const cand of [join(base, subdir, needle), join(base, needle)]) {
      if (existsSync(cand)) return resolve(cand);
    }
  }
  return undefined;
}

function pyRstrip(s: string): string {
  return s.replace(/[\s\x0b\x0c\x1c-\x1f\x85\xa0]+$/u, '');
}

function flattenOnce(terms: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const t of terms) {
    if (Array.isArray(t)) out.push(...t);
    else out.push(t);
  }
  return out;
}

function parseKv(s: string): PyDict {
  const out: PyDict = {};
  for (const m of s.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S+)/g)) out[m[1]] = m[2].replace(/^["']|["']$/g, '');
  return out;
}

function sequence(term: unknown): unknown[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  const s = pyStr(term).trim();
  const parseNum = (v: string) => {
    const n = /^0x/i.test(v) ? parseInt(v, 16) : /^0o?[0-7]+$/.test(v) && v !== '0' ? parseInt(v.replace(/^0o?/, ''), 8) : Number(v);
    if (Number.isNaN(n)) throw new LookupError(`can't parse start=${v} as integer`);
    return n;
  };
  const short = /^(?:(-?\w+)-)?(-?\w+)(?:\/(\w+))?(?::(.+))?$/.exec(s);
  if (!s.includes('=') && short) {
    if (short[1] !== undefined) start = parseNum(short[1]);
    end = parseNum(short[2]);
    if (short[3] !== undefined) stride = parseNum(short[3]);
    if (short[4] !== undefined) format = short[4];
  } else {
    const kv = parseKv(s);
    if (kv.start !== undefined) start = parseNum(String(kv.start));
    if (kv.end !== undefined) end = parseNum(String(kv.end));
    if (kv.count !== undefined) count = parseNum(String(kv.count));
    if (kv.stride !== undefined) stride = parseNum(String(kv.stride));
    if (kv.format !== undefined) format = String(kv.format);
  }
  if (count !== undefined) {
    if (end !== undefined) throw new LookupError("can't specify both count and end in with_sequence");
    end = start + count * stride - 1;
    if (count === 0) return [];
  }
  if (end === undefined) throw new LookupError('must specify count or end in with_sequence');
  if (stride > 0 && end < start) throw new LookupError('to count backwards make stride negative');
  if (stride < 0 && end > start) throw new LookupError('to count forward don\'t make stride negative');
  const out: unknown[] = [];
  if (stride === 0) return out;
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) out.push(percentFormat(format, i));
  return out;
}

const LOOKUPS: Record<string, LookupFn> = {
  env: (_h, terms, kw) =>
    terms.map((t) => {
      const name = pyStr(t).split(/\s+/)[0];
      const v = process.env[name];
      return v !== undefined ? v : Object.hasOwn(kw, 'default') ? kw.default : '';
    }),
  file: (h, terms, kw) =>
    terms.map((t) => {
      const term = pyStr(t);
      const path = findFile(h, 'files', term);
      if (!path || statSync(path).isDirectory()) throw new LookupError(`could not locate file in lookup: ${term}`);
      let content = readFileSync(path, 'utf8');
      if (truthy(kw.lstrip ?? false)) content = content.replace(/^\s+/, '');
      if (truthy(kw.rstrip ?? true)) content = pyRstrip(content);
      return content;
    }),
  pipe: (h, terms) =>
    terms.map((t) => {
      const cmd = pyStr(t);
      try {
        return pyRstrip(execSync(cmd, { cwd: h.basedir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: '/bin/sh' }));
      } catch (e) {
        const status = (e as { status?: number }).status ?? 1;
        throw new LookupError(`lookup_plugin.pipe(${cmd}) returned ${status}`);
      }
    }),
  lines: (h, terms) =>
    terms.flatMap((t) => {
      const cmd = pyStr(t);
      try {
        return execSync(cmd, { cwd: h.basedir, encoding: 'utf8', shell: '/bin/sh' }).split(/\r?\n/).filter((_l, i, a) => i < a.length - 1 || a[i] !== '');
      } catch (e) {
        throw new LookupError(`lookup_plugin.lines(${cmd}) returned ${(e as { status?: number }).status ?? 1}`);
      }
    }),
  vars: (h, terms, kw) =>
    terms.map((t) => {
      const name = pyStr(t);
      if (!Object.prototype.hasOwnProperty.call(h.vars, name)) {
        if (Object.hasOwn(kw, 'default')) return kw.default;
        throw new UndefinedError(`No variable found with this name: ${name}`, name);
      }
      return h.template(h.vars[name]);
    }),
  template: (h, terms) =>
    terms.map((t) => {
      const term = pyStr(t);
      const path = findFile(h, 'templates', term);
      if (!path) throw new LookupError(`the template file ${term} could not be found for the lookup`);
      return h.renderFile(readFileSync(path, 'utf8'), path);
    }),
  items: (_h, terms) => flattenOnce(terms),
  list: (_h, terms) => terms,
  dict: (_h, terms) =>
    terms.flatMap((t) => {
      if (!isDict(t)) throw new LookupError(`with_dict expects a dict`);
      return Object.entries(t).map(([key, value]) => ({ key, value }));
    }),
  indexed_items: (_h, terms) => flattenOnce(terms).map((x, i) => tuple([i, x])),
  sequence: (_h, terms) => terms.flatMap(sequence),
  together: (_h, terms) => {
    const lists = terms.map((t) => iterate(t));
    if (!lists.length) throw new LookupError('with_together requires at least one element in each list');
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => lists.map((l) => (i < l.length ? l[i] : null)));
  },
  nested: (_h, terms) => {
    const lists = terms.map((t) => iterate(t));
    if (!lists.length) throw new LookupError('with_nested requires at least one element in the nested list');
    let acc: unknown[][] = [[]];
    for (const l of lists) acc = acc.flatMap((prefix) => l.map((x) => [...prefix, x]));
    return acc;
  },
  flattened: (_h, terms) => {
    const flat = (xs: unknown[]): unknown[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
    return flat(terms);
  },
  subelements: (_h, terms) => {
    if (terms.length < 2 || terms.length > 3) {
      throw new LookupError('subelements lookup expects a list of two or three items, list, subkey and optionally flags');
    }
    const flags = terms[2];
    const skip = isDict(flags) && truthy(flags.skip_missing ?? false);
    return subelements(terms[0], terms[1], skip);
  },
  fileglob: (h, terms) =>
    terms.flatMap((t) => {
      const term = pyStr(t);
      const dir = term.includes('/') ? term.slice(0, term.lastIndexOf('/')) : '';
      const base = term.slice(term.lastIndexOf('/') + 1);
      for (const root of searchPaths(h)) {
        const found = fileglob(isAbsolute(term) ? term : join(root, 'files', dir, base));
        if (found.length) return found;
        const plain = fileglob(isAbsolute(term) ? term : join(root, dir, base));
        if (plain.length) return plain;
      }
      return [];
    }),
  random_choice: (_h, terms) => (terms.length ? [terms[Math.floor(Math.random() * terms.length)]] : []),
  first_found: (h, terms, kw) => {
    const files: string[] = [];
    const paths: string[] = [];
    const add = (t: unknown) => {
      if (isDict(t)) {
        for (const f of iterate(t.files ?? [])) files.push(pyStr(f));
        for (const p of iterate(t.paths ?? [])) paths.push(pyStr(p));
      } else if (Array.isArray(t)) t.forEach(add);
      else files.push(...pyStr(t).split(/[,;]/).map((s) => s.trim()).filter((s) => s));
    };
    terms.forEach(add);
    if (kw.files) add({ files: kw.files, paths: kw.paths ?? [] });
    for (const f of files) {
      const cands = paths.length ? paths.map((p) => join(p, f)) : [f];
      for (const c of cands) {
        const found = findFile(h, 'files', c);
        if (found) return [found];
      }
    }
    if (truthy(kw.skip ?? false)) return [];
    throw new LookupError('No file was found when using first_found.');
  },
};

export function lookupNames(): string[] {
  return Object.keys(LOOKUPS);
}

/** Templar._lookup: runs a lookup plugin; wantlist=false joins string results with ",". */
export function runLookup(host: LookupHost, name: unknown, args: unknown[], kwargs: PyDict, wantlist: boolean): unknown {
  const kw = { ...kwargs };
  if (Object.hasOwn(kw, 'wantlist')) {
    wantlist = truthy(kw.wantlist);
    delete kw.wantlist;
  }
  const errors = kw.errors ?? 'strict';
  delete kw.errors;
  delete kw.allow_unsafe;
  if (name instanceof Undefined) throw name.error();
  const plugin = LOOKUPS[pyStr(name)];
  if (!plugin) throw new LookupError(`lookup plugin (${pyStr(name)}) not found`);
  for (const a of args) if (a instanceof Undefined) throw a.error();
  const terms = args.map((a) => host.template(a));
  let ran: unknown[];
  try {
    ran = plugin(host, terms, kw);
  } catch (e) {
    if (e instanceof UndefinedError) throw e;
    if (errors !== 'strict') return wantlist ? [] : null;
    const cls = e instanceof LookupError ? 'ansible.errors.AnsibleError' : e instanceof TemplateError ? 'ansible.errors.AnsibleError' : 'Exception';
    const orig = e instanceof Error ? e.message : String(e);
    const msg = `An unhandled exception occurred while running the lookup plugin '${pyStr(name)}'. Error was a <class '${cls}'>, original message: ${orig}`;
    throw new TemplateError(msg, `${msg}. ${orig}`);
  }
  if (wantlist) return ran;
  if (ran.length === 0) return ran;
  if (ran.every((x) => typeof x === 'string')) return ran.join(',');
  return ran.length === 1 ? ran[0] : ran;
}

