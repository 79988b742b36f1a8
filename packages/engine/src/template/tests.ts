// Jinja2 builtin tests and Ansible's tests (core, files, mathstuff, uri).

import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { FilterError } from './errors.js';
import { hashKey } from './filters-jinja.js';
import { percentFormat } from './py-format.js';
import { compileRegex } from './py-regex.js';
import * as ops from './py-ops.js';
import { pyStr } from './py-repr.js';
import { PyFloat, PyObject, Undefined, isDict, isFloat, toNum, type PyDict } from './py-types.js';
import { defTest, type TestTable } from './registry.js';
import { versionCompare } from './version.js';

function num(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** Python `a % b` as used by the divisibleby/even/odd tests. */
function numMod(a: unknown, b: unknown): unknown {
  return ops.mod(a, b, (fmt, args) => percentFormat(fmt, args));
}

function expectDict(v: unknown, test: string): PyDict {
  if (!isDict(v)) throw new FilterError(`The '${test}' test expects a dictionary`);
  return v;
}

function get(d: PyDict, k: string, dflt: unknown): unknown {
  return Object.hasOwn(d, k) ? d[k] : dflt;
}

function failed(v: unknown): boolean {
  return ops.truthy(get(expectDict(v, 'failed'), 'failed', false));
}

function changed(v: unknown): boolean {
  const r = expectDict(v, 'changed');
  if (!Object.hasOwn(r, 'changed')) {
    const results = r.results;
    if (Array.isArray(results) && results.length && isDict(results[0])) {
      return results.some((x) => isDict(x) && ops.truthy(get(x, 'changed', false)));
    }
    return false;
  }
  return ops.truthy(r.changed);
}

function regexTest(value: unknown, pattern: unknown, ignorecase: unknown, multiline: unknown, mode: 'match' | 'search'): boolean {
  if (value instanceof Undefined) throw value.error();
  const s = pyStr(value);
  const re = compileRegex(pyStr(pattern), { ignorecase: ops.truthy(ignorecase), multiline: ops.truthy(multiline), sticky: mode === 'match' });
  return re.test(s);
}

/** ansible.module_utils.parsing.convert_bool.boolean */
function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.toLowerCase() : v;
  const TRUE = ['y', 'yes', 'on', '1', 'true', 't', 1, 1.0];
  const FALSE = ['n', 'no', 'off', '0', 'false', 'f', 0, 0.0];
  const n = v instanceof PyFloat ? v.value : s;
  if (TRUE.includes(n as string | number)) return true;
  if (FALSE.includes(n as string | number)) return false;
  throw new TypeError('not a boolean');
}

function truthyTest(v: unknown, convert: unknown): boolean {
  if (ops.truthy(convert)) {
    try {
      return toBoolean(v);
    } catch {
      /* fall through */
    }
  }
  return ops.truthy(v);
}

function asSet(v: unknown): Set<string> {
  return new Set(ops.iterate(v).map(hashKey));
}

function path(v: unknown): string {
  return pyStr(v);
}

function isSequence(v: unknown): boolean {
  if (v instanceof Undefined) return false;
  if (typeof v === 'string' || Array.isArray(v) || isDict(v)) return true;
  return v instanceof PyObject && v.pyLen() !== undefined;
}

function isUrl(v: string, schemes: unknown): boolean {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/)?([^/?#]*)/.exec(v);
  if (!m) return false;
  if (Array.isArray(schemes) && !schemes.includes(m[1])) return false;
  return true;
}

export const ALL_TESTS: TestTable = {
  // ---- Jinja2
  boolean: defTest('boolean', '', (_c, v) => typeof v === 'boolean'),
  callable: defTest('callable', '', (_c, v) =>
    v instanceof Undefined || (v instanceof PyObject && typeof v.call === 'function') || typeof v === 'function',
  ),
  defined: defTest('defined', '', (_c, v) => !(v instanceof Undefined)),
  undefined: defTest('undefined', '', (_c, v) => v instanceof Undefined),
  divisibleby: defTest('divisibleby', 'num', (_c, v, n: unknown) => ops.pyEq(numMod(v, n), 0), { undefinedOk: false }),
  eq: defTest('eq', 'b', (_c, v, b: unknown) => ops.pyEq(v, b)),
  escaped: defTest('escaped', '', () => false),
  even: defTest('even', '', (_c, v) => ops.pyEq(numMod(v, 2), 0), { undefinedOk: false }),
  odd: defTest('odd', '', (_c, v) => ops.pyEq(numMod(v, 2), 1), { undefinedOk: false }),
  false: defTest('false', '', (_c, v) => v === false),
  true: defTest('true', '', (_c, v) => v === true),
  filter: defTest('filter', '', (c, v) => {
    if (typeof v !== 'string') return false;
    if (!c.env.filters.has(v)) throw new FilterError(`Could not load "${v}": '${v}'\n  line 0`, 'TemplateSyntaxError');
    return true;
  }),
  test: defTest('test', '', (c, v) => {
    if (typeof v !== 'string') return false;
    if (!c.env.tests.has(v)) throw new FilterError(`Could not load "${v}": '${v}'\n  line 0`, 'TemplateSyntaxError');
    return true;
  }),
  float: defTest('float', '', (_c, v) => isFloat(v)),
  integer: defTest('integer', '', (_c, v) => typeof v === 'number' && Number.isInteger(v)),
  ge: defTest('ge', 'b', (_c, v, b: unknown) => ops.compareOp('gteq', v, b)),
  gt: defTest('gt', 'b', (_c, v, b: unknown) => ops.compareOp('gt', v, b)),
  le: defTest('le', 'b', (_c, v, b: unknown) => ops.compareOp('lteq', v, b)),
  lt: defTest('lt', 'b', (_c, v, b: unknown) => ops.compareOp('lt', v, b)),
  ne: defTest('ne', 'b', (_c, v, b: unknown) => !ops.pyEq(v, b)),
  in: defTest('in', 'seq', (_c, v, s: unknown) => ops.contains(s, v)),
  iterable: defTest('iterable', '', (_c, v) => {
    if (v instanceof Undefined) throw v.error();
    return ops.isIterable(v);
  }),
  lower: defTest('lower', '', (_c, v) => {
    const s = pyStr(v);
    return s.toLowerCase() === s && s.toUpperCase() !== s;
  }),
  upper: defTest('upper', '', (_c, v) => {
    const s = pyStr(v);
    return s.toUpperCase() === s && s.toLowerCase() !== s;
  }),
  mapping: defTest('mapping', '', (_c, v) => isDict(v)),
  none: defTest('none', '', (_c, v) => v === null || v === undefined),
  number: defTest('number', '', (_c, v) => num(v)),
  sameas: defTest('sameas', 'other', (_c, v, o: unknown) => {
    if (v instanceof PyFloat && o instanceof PyFloat) return v === o;
    return v === o || (v === undefined && o === null) || (v === null && o === undefined);
  }),
  sequence: defTest('sequence', '', (_c, v) => isSequence(v)),
  string: defTest('string', '', (_c, v) => typeof v === 'string'),

  // ---- Ansible core
  failed: defTest('failed', '', (_c, v) => failed(v)),
  succeeded: defTest('succeeded', '', (_c, v) => !failed(v)),
  unreachable: defTest('unreachable', '', (_c, v) => ops.truthy(get(expectDict(v, 'unreachable'), 'unreachable', false))),
  reachable: defTest('reachable', '', (_c, v) => !ops.truthy(get(expectDict(v, 'unreachable'), 'unreachable', false))),
  changed: defTest('changed', '', (_c, v) => changed(v)),
  skipped: defTest('skipped', '', (_c, v) => ops.truthy(get(expectDict(v, 'skipped'), 'skipped', false))),
  finished: defTest('finished', '', (_c, v) => {
    const r = expectDict(v, 'finished');
    return Object.hasOwn(r, 'finished') ? ops.pyEq(r.finished, 1) : true;
  }),
  started: defTest('started', '', (_c, v) => {
    const r = expectDict(v, 'started');
    return Object.hasOwn(r, 'started') ? ops.pyEq(r.started, 1) : true;
  }),
  match: defTest('match', "pattern='', ignorecase=False, multiline=False", (_c, v, p, i, m) => regexTest(v, p, i, m, 'match')),
  search: defTest('search', "pattern='', ignorecase=False, multiline=False", (_c, v, p, i, m) => regexTest(v, p, i, m, 'search')),
  regex: defTest('regex', "pattern='', ignorecase=False, multiline=False, match_type='search'", (_c, v, p, i, m, t) =>
    regexTest(v, p, i, m, t === 'match' ? 'match' : 'search'),
  ),
  version_compare: defTest('version_compare', "version, operator='eq', strict=None, version_type=None", (_c, v, ver, op, st, vt) => {
    if (v instanceof Undefined) throw v.error();
    return versionCompare(ops.truthy(v) ? pyStr(v) : '', ops.truthy(ver) ? pyStr(ver) : '', pyStr(op), st, vt);
  }),
  any: defTest('any', '', (_c, v) => ops.iterate(v).some((x) => ops.truthy(x)), { undefinedOk: false }),
  all: defTest('all', '', (_c, v) => ops.iterate(v).every((x) => ops.truthy(x)), { undefinedOk: false }),
  truthy: defTest('truthy', 'convert_bool=False', (_c, v, cb) => truthyTest(v, cb)),
  falsy: defTest('falsy', 'convert_bool=False', (_c, v, cb) => !truthyTest(v, cb)),
  vault_encrypted: defTest('vault_encrypted', '', () => false),

  // ---- Ansible files (on the controller)
  directory: defTest('directory', '', (_c, v) => existsSync(path(v)) && statSync(path(v)).isDirectory(), { undefinedOk: false }),
  file: defTest('file', '', (_c, v) => existsSync(path(v)) && statSync(path(v)).isFile(), { undefinedOk: false }),
  link: defTest('link', '', (_c, v) => {
    try {
      return lstatSync(path(v)).isSymbolicLink();
    } catch {
      return false;
    }
  }, { undefinedOk: false }),
  exists: defTest('exists', '', (_c, v) => existsSync(path(v)), { undefinedOk: false }),
  link_exists: defTest('link_exists', '', (_c, v) => {
    try {
      lstatSync(path(v));
      return true;
    } catch {
      return false;
    }
  }, { undefinedOk: false }),
  abs: defTest('abs', '', (_c, v) => isAbsolute(path(v)), { undefinedOk: false }),
  same_file: defTest('same_file', 'b', (_c, v, b) => {
    try {
      return realpathSync(path(v)) === realpathSync(path(b));
    } catch (e) {
      throw new FilterError(String((e as Error).message), 'FileNotFoundError');
    }
  }, { undefinedOk: false }),
  mount: defTest('mount', '', (_c, v) => {
    try {
      const p = realpathSync(path(v));
      if (p === '/') return true;
      const parent = statSync(`${p}/..`);
      return statSync(p).dev !== parent.dev;
    } catch {
      return false;
    }
  }, { undefinedOk: false }),

  // ---- Ansible mathstuff
  subset: defTest('subset', 'b', (_c, a, b) => {
    const sb = asSet(b);
    return [...asSet(a)].every((x) => sb.has(x));
  }, { undefinedOk: false }),
  superset: defTest('superset', 'b', (_c, a, b) => {
    const sa = asSet(a);
    return [...asSet(b)].every((x) => sa.has(x));
  }, { undefinedOk: false }),
  contains: defTest('contains', 'value', (_c, seq, v) => ops.contains(seq, v), { undefinedOk: false }),
  nan: defTest('nan', '', (_c, v) => num(v) && Number.isNaN(toNum(v))),

  // ---- Ansible uri
  uri: defTest('uri', 'schemes=None', (_c, v, s) => typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v) && isUrl(v, s)),
  url: defTest('url', 'schemes=None', (_c, v, s) => typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+/.test(v) && isUrl(v, s)),
  urn: defTest('urn', '', (_c, v) => typeof v === 'string' && /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(v)),
};

const ALIASES: Record<string, string> = {
  '==': 'eq',
  equalto: 'eq',
  '!=': 'ne',
  '>=': 'ge',
  '>': 'gt',
  greaterthan: 'gt',
  '<=': 'le',
  '<': 'lt',
  lessthan: 'lt',
  failure: 'failed',
  success: 'succeeded',
  successful: 'succeeded',
  change: 'changed',
  skip: 'skipped',
  version: 'version_compare',
  is_dir: 'directory',
  is_file: 'file',
  is_link: 'link',
  is_abs: 'abs',
  is_same_file: 'same_file',
  is_mount: 'mount',
  issubset: 'subset',
  issuperset: 'superset',
  isnan: 'nan',
};
for (const [alias, target] of Object.entries(ALIASES)) ALL_TESTS[alias] = ALL_TESTS[target];
