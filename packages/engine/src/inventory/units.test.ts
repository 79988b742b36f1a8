/**
 * The building blocks against what Python 3.11 / ansible-core 2.14 answered for the same inputs
 * (fixtures/units.json, written by fixtures/regen_units.py).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandHostnameRange, parseAddress } from './address.js';
import { fnmatchToRegExp, splitHostPattern } from './patterns.js';
import { literalEval } from './py-literal.js';
import { shlexSplit } from './shlex.js';
import { loadData, toPlain } from './yaml-load.js';

interface Units {
  literal: { in: string; ok?: boolean; value?: unknown; unsupported?: string }[];
  shlex: { in: string; out?: string[]; error?: string }[];
  ranges: { in: string; out?: string[]; error?: string }[];
  address: { in: string; out: [string, number | null] | null }[];
  split: { in: string; out: string[] }[];
  fnmatch: [string, string, boolean][];
  yaml: { in: string; out?: unknown; outFloat?: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const units = JSON.parse(readFileSync(join(here, 'fixtures', 'units.json'), 'utf8')) as Units;

describe('literal_eval of INI values', () => {
  for (const c of units.literal.filter((x) => !x.unsupported)) {
    it(JSON.stringify(c.in), () => {
      const r = literalEval(c.in);
      expect(r.ok).toBe(c.ok);
      if (r.ok) expect(r.value).toEqual(c.value);
    });
  }
  it('keeps what drover cannot represent (complex, bytes, Ellipsis, huge ints) close to Python', () => {
    // Known divergences: complex and Ellipsis stay strings; bytes decode; big ints lose precision.
    expect(literalEval('1j')).toEqual({ ok: false });
    expect(literalEval("b'bytes'")).toEqual({ ok: true, value: 'bytes' });
    expect(literalEval('99999999999999999999')).toEqual({ ok: true, value: 1e20 });
  });
});

describe('shlex.split(comments=True)', () => {
  for (const c of units.shlex) {
    it(JSON.stringify(c.in), () => {
      if (c.error) expect(() => shlexSplit(c.in)).toThrow(c.error);
      else expect(shlexSplit(c.in)).toEqual(c.out);
    });
  }
});

describe('expand_hostname_range', () => {
  for (const c of units.ranges) {
    it(c.in, () => {
      if (c.error) expect(() => expandHostnameRange(c.in)).toThrow(c.error);
      else expect(expandHostnameRange(c.in)).toEqual(c.out);
    });
  }
});

describe('parse_address(allow_ranges=True)', () => {
  for (const c of units.address) {
    it(c.in, () => {
      const r = parseAddress(c.in, true);
      expect(r.ok ? [r.host, r.port ?? null] : null).toEqual(c.out);
    });
  }
});

describe('split_host_pattern', () => {
  for (const c of units.split) {
    it(JSON.stringify(c.in), () => expect(splitHostPattern(c.in)).toEqual(c.out));
  }
  it('flattens a list', () => expect(splitHostPattern(['a:b', 'c,d'])).toEqual(['a', 'b', 'c', 'd']));
});

describe('fnmatch', () => {
  for (const [pat, name, expected] of units.fnmatch) {
    it(`${pat} ~ ${name}`, () => expect(fnmatchToRegExp(pat).test(name)).toBe(expected));
  }
});

describe("YAML scalars as Ansible's loader reads them", () => {
  for (const c of units.yaml) {
    it(c.in, () => {
      const { root } = loadData(`v: ${c.in}\n`, 'x.yml', 'DRV_ENGINE_INVENTORY');
      const v = (toPlain(root!) as Record<string, unknown>)['v'];
      if (c.outFloat !== undefined) expect(v).toBe(c.outFloat === 'inf' ? Infinity : -Infinity);
      else expect(v).toEqual(c.out);
    });
  }
  it('reads JSON as JSON (1e3 is a number there)', () => {
    const { root } = loadData('{"a": 1e3, "b": "yes"}', 'x.json', 'DRV_ENGINE_INVENTORY');
    expect(toPlain(root!)).toEqual({ a: 1000, b: 'yes' });
  });
  it('names file, line and column of a syntax error', () => {
    expect(() => loadData('a: 1\nb: [\n', '/x/bad.yml', 'DRV_ENGINE_INVENTORY')).toThrowError(
      expect.objectContaining({ code: 'DRV_ENGINE_INVENTORY', pos: expect.objectContaining({ file: '/x/bad.yml', line: 3 }) }),
    );
  });
});
