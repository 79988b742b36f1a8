// Replays golden/golden.json (recorded from real Ansible 2.14 by golden/oracle.py) against the Templar.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TemplateError, Templar } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  group: string;
  kind: 't' | 'c';
  input: unknown;
  vars?: Record<string, unknown>;
  ok?: unknown;
  err?: string;
  message?: string;
}
interface Golden {
  vars: Record<string, unknown>;
  cases: Case[];
}

const golden = JSON.parse(readFileSync(join(here, 'golden', 'golden.json'), 'utf8')) as Golden;

/** Cases whose output cannot match by design (documented divergences); value = reason. */
const KNOWN: Record<string, string> = {
  't "{{ omit is defined }} {{ omit | length > 20 }}"':
    'omit is a template global here; Ansible injects it as a task variable (so a bare Templar lacks it)',
  't "{{ users | json_query(\'[].name\') }}"': 'json_query lives in community.general, not ansible-core; not implemented',
  't "{ {{ x }} }"': 'literal_eval makes a Python set; sets have no JSON form and become lists',
  't "{{ d.items }}"': 'repr of a bound method contains a memory address',
  't "{{ fvar | to_json }} {{ fvar }} {{ [2.0] | to_json }}"':
    'variables arrive as JS numbers: an integral float from YAML (2.0) is indistinguishable from the int 2',
  't "{{ 0.1 | string }} {{ 1/7 }} {{ 100.0 }} {{ 1e100 }} {{ -0.0 }} {{ 123456789012345678 }}"':
    'integers are JS numbers: beyond 2^53 they lose precision',
};

function deepClone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function run(c: Case): { ok?: unknown; err?: string; message?: string } {
  const templar = new Templar({ basedir: join(here, 'golden', 'files') });
  const vars = deepClone({ ...golden.vars, ...(c.vars ?? {}) });
  try {
    if (c.kind === 't') return { ok: templar.template(c.input, vars) };
    return { ok: templar.evaluateConditional(c.input, vars) };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e.name, message: e.ansibleMessage };
    return { err: (e as Error).name, message: `UNEXPECTED ${(e as Error).stack}` };
  }
}

const groups = [...new Set(golden.cases.map((c) => c.group))];
for (const group of groups) {
  describe(`golden: ${group}`, () => {
    for (const c of golden.cases.filter((x) => x.group === group)) {
      const title = `${c.kind} ${JSON.stringify(c.input)}`;
      const known = KNOWN[`${c.kind} ${JSON.stringify(c.input)}`];
      const test = known ? it.skip : it;
      test(title, () => {
        const got = run(c);
        if (c.err !== undefined) {
          expect(got.err, `expected an error, got ${JSON.stringify(got.ok)}`).toBeDefined();
          expect(got.message).toBe(c.message);
        } else {
          expect(got.err, got.message).toBeUndefined();
          expect(JSON.stringify(got.ok)).toBe(JSON.stringify(c.ok));
        }
      });
    }
  });
}
