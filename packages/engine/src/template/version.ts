// Version comparison for the `version`/`version_compare` test: distutils LooseVersion and
// StrictVersion, Ansible's SemanticVersion and (a subset of) PEP 440.

import { FilterError } from './errors.js';

type Cmp = (a: string, b: string) => number;

function cmpArr(a: (number | string)[], b: (number | string)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x !== typeof y) {
      throw new Error(`'<' not supported between instances of '${typeof x === 'number' ? 'int' : 'str'}' and '${typeof y === 'number' ? 'int' : 'str'}'`);
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function looseParse(v: string): (number | string)[] {
  const parts = v.split(/(\d+|[a-z]+|\.)/).filter((x) => x && x !== '.');
  return parts.map((p) => (/^\d+$/.test(p) ? parseInt(p, 10) : p));
}

const loose: Cmp = (a, b) => {
  const x = looseParse(a);
  const y = looseParse(b);
  if (x.length === y.length && x.every((v, i) => v === y[i])) return 0;
  return cmpArr(x, y);
};

function strictParse(v: string): [number[], [string, number] | null] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v);
  if (!m) throw new Error(`invalid version number '${v}'`);
  const nums = [parseInt(m[1], 10), parseInt(m[2], 10), m[4] ? parseInt(m[4], 10) : 0];
  return [nums, m[5] ? [m[5][0], parseInt(m[6], 10)] : null];
}

const strict: Cmp = (a, b) => {
  const [va, pa] = strictParse(a);
  const [vb, pb] = strictParse(b);
  const c = cmpArr(va, vb);
  if (c) return c;
  if (!pa && !pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return cmpArr(pa, pb);
};

const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const semver: Cmp = (a, b) => {
  const pa = SEMVER_RE.exec(a);
  if (!pa) throw new Error(`invalid semantic version '${a}'`);
  const pb = SEMVER_RE.exec(b);
  if (!pb) throw new Error(`invalid semantic version '${b}'`);
  const core = cmpArr([1, 2, 3].map((i) => parseInt(pa[i], 10)), [1, 2, 3].map((i) => parseInt(pb[i], 10)));
  if (core) return core;
  if (!pa[4] && !pb[4]) return 0;
  if (pa[4] && !pb[4]) return -1;
  if (!pa[4] && pb[4]) return 1;
  const ia = pa[4].split('.');
  const ib = pb[4].split('.');
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const x = ia[i];
    const y = ib[i];
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = parseInt(x, 10) - parseInt(y, 10);
      if (d) return Math.sign(d);
    } else if (xn !== yn) return xn ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(ia.length - ib.length);
};

interface Pep440 {
  epoch: number;
  release: number[];
  pre?: [number, number];
  post?: number;
  dev?: number;
  local: (number | string)[];
}

function pepParse(v: string): Pep440 {
  const m =
    /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?dev[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i.exec(v);
  if (!m) throw new Error(`Invalid version: '${v}'`);
  const preMap: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };
  const release = m[2].split('.').map((x) => parseInt(x, 10));
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return {
    epoch: m[1] ? parseInt(m[1], 10) : 0,
    release,
    pre: m[3] ? [preMap[m[3].toLowerCase()], m[4] ? parseInt(m[4], 10) : 0] : undefined,
    post: m[5] !== undefined ? parseInt(m[5], 10) : m[6] ? (m[7] ? parseInt(m[7], 10) : 0) : undefined,
    dev: /dev/i.test(v.replace(/\+.*/, '')) ? (m[8] ? parseInt(m[8], 10) : 0) : undefined,
    local: m[9] ? m[9].split(/[-_.]/).map((x) => (/^\d+$/.test(x) ? parseInt(x, 10) : x.toLowerCase())) : [],
  };
}

function pepKey(p: Pep440): number[] {
  // pre: dev-only releases sort before pre-releases; no pre sorts after all pre-releases
  const pre = p.pre ? p.pre : p.post === undefined && p.dev !== undefined ? [-1, 0] : [Infinity, 0];
  const post = p.post === undefined ? -Infinity : p.post;
  const dev = p.dev === undefined ? Infinity : p.dev;
  return [p.epoch, ...p.release, ...pre, post, dev];
}

const pep440: Cmp = (a, b) => {
  const pa = pepParse(a);
  const pb = pepParse(b);
  if (pa.epoch !== pb.epoch) return Math.sign(pa.epoch - pb.epoch);
  const rel = cmpArr(pa.release, pb.release);
  if (rel) return rel;
  const ka = pepKey(pa).slice(1 + pa.release.length);
  const kb = pepKey(pb).slice(1 + pb.release.length);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  const la = pa.local;
  const lb = pb.local;
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const x = la[i];
    const y = lb[i];
    if (x === y) continue;
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return Math.sign(la.length - lb.length);
};

const OP_MAP: Record<string, string> = {
  '==': 'eq',
  '=': 'eq',
  eq: 'eq',
  '<': 'lt',
  lt: 'lt',
  '<=': 'le',
  le: 'le',
  '>': 'gt',
  gt: 'gt',
  '>=': 'ge',
  ge: 'ge',
  '!=': 'ne',
  '<>': 'ne',
  ne: 'ne',
};
const TYPES: Record<string, Cmp> = { loose, strict, semver, semantic: semver, pep440 };

/** Ansible's version_compare test. */
export function versionCompare(value: string, version: string, operator: string, strictFlag: unknown, versionType: unknown): boolean {
  if (strictFlag !== null && strictFlag !== undefined && versionType !== null && versionType !== undefined) {
    throw new FilterError("Cannot specify both 'strict' and 'version_type'");
  }
  if (!value) throw new FilterError('Input version value cannot be empty');
  if (!version) throw new FilterError('Version parameter to compare against cannot be empty');
  let cmp = loose;
  if (strictFlag) cmp = strict;
  else if (versionType) {
    const t = TYPES[String(versionType)];
    if (!t) {
      throw new FilterError(
        `Invalid version type (${String(versionType)}). Must be one of ${Object.keys(TYPES).map((k) => `'${k}'`).join(', ')}`,
      );
    }
    cmp = t;
  }
  const op = OP_MAP[operator];
  if (!op) {
    throw new FilterError(`Invalid operator type (${operator}). Must be one of ${Object.keys(OP_MAP).map((k) => `'${k}'`).join(', ')}`);
  }
  let c: number;
  try {
    if (op === 'eq' || op === 'ne') {
      c = cmp === loose ? (looseParse(value).length === looseParse(version).length && looseParse(value).every((v, i) => v === looseParse(version)[i]) ? 0 : 1) : cmp(value, version);
    } else c = cmp(value, version);
  } catch (e) {
    throw new FilterError(`Version comparison failed: ${(e as Error).message}`);
  }
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
    case 'gt':
      return c > 0;
    default:
      return c >= 0;
  }
}
