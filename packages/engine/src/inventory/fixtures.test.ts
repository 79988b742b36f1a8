/**
 * drover against real ansible-core 2.14 on the inventories in fixtures/: every case's expected.json was
 * written by fixtures/regen.py from ansible-playbook / InventoryManager output on the same files.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DroverError } from '../errors.js';
import { Inventory } from './index.js';

interface Case {
  sources?: string[];
  playbookDir?: string;
  localhost?: boolean;
  patterns?: string[];
  limits?: { pattern: string; limit: string }[];
  errors?: string[];
}
interface Selection {
  hosts?: string[];
  warnings?: string[];
  error?: string;
}
interface Expected {
  hostvars?: Record<string, Record<string, unknown>>;
  groups?: Record<string, string[]>;
  hostOrder?: string[];
  loadWarnings?: string[];
  patterns?: Record<string, Selection>;
  limits?: ({ pattern: string; limit: string } & Selection)[];
  errors?: Record<string, string>;
}

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cases = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, 'case.json')));

function readCase(name: string): { dir: string; spec: Case; expected: Expected } {
  const dir = join(fixtures, name);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
  const text = readFileSync(join(dir, 'expected.json'), 'utf8').replaceAll('<CASE>', dir);
  return { dir, spec, expected: JSON.parse(text) as Expected };
}

async function loadCase(dir: string, spec: Case): Promise<Inventory> {
  const inv = await Inventory.load(spec.sources ?? [], { cwd: dir });
  if (spec.playbookDir) await inv.addPlaybookDir(join(dir, spec.playbookDir));
  return inv;
}

for (const name of cases.filter((c) => readCase(c).spec.sources)) {
  describe(`fixture ${name}`, () => {
    const { dir, spec, expected } = readCase(name);

    it('has the same hosts, in the same order', async () => {
      const inv = await loadCase(dir, spec);
      expect(inv.hostNames()).toEqual(expected.hostOrder);
    });

    it('gives every host the same variables', async () => {
      const inv = await loadCase(dir, spec);
      for (const [host, vars] of Object.entries(expected.hostvars ?? {})) {
        const want = { ...vars };
        if (!expected.hostOrder?.includes(host)) {
          // Known divergence: Ansible's implicit localhost also gets ansible_python_interpreter=<its own python>.
          delete want['ansible_python_interpreter'];
        }
        expect({ host, vars: inv.hostVars(host) }).toEqual({ host, vars: want });
      }
    });

    it('has the same groups magic variable', async () => {
      const inv = await loadCase(dir, spec);
      expect(inv.groupsMagic()).toEqual(expected.groups);
      for (const [host, vars] of Object.entries(expected.hostvars ?? {})) {
        expect(inv.groupNames(host)).toEqual(vars['group_names']);
      }
    });

    it('warns as Ansible does while loading', async () => {
      const inv = await loadCase(dir, spec);
      expect(inv.warnings).toEqual(expected.loadWarnings);
    });

    it('selects the same hosts for each pattern, with the same warnings', async () => {
      const inv = await loadCase(dir, spec);
      for (const [pattern, want] of Object.entries(expected.patterns ?? {})) {
        if (want.error) {
          expect(() => inv.listHosts(pattern), pattern).toThrow(want.error);
        } else {
          expect({ pattern, ...inv.listHosts(pattern) }).toEqual({ pattern, hosts: want.hosts, warnings: want.warnings });
        }
      }
    });

    it('applies --limit the same way', async () => {
      const inv = await loadCase(dir, spec);
      for (const want of expected.limits ?? []) {
        await inv.setLimit(want.limit);
        expect({ ...want, ...inv.listHosts(want.pattern) }).toEqual(want);
        await inv.setLimit(undefined);
      }
    });
  });
}

describe('an INI inventory and its YAML equivalent', () => {
  const ini = readCase('equiv-ini');
  const yml = readCase('equiv-yaml');
  const withoutFile = (v: Record<string, unknown>): Record<string, unknown> => ({ ...v, inventory_file: '', inventory_dir: '' });

  it('are equivalent for Ansible (sanity check of the fixtures)', () => {
    expect(ini.expected.groups).toEqual(yml.expected.groups);
    for (const h of Object.keys(ini.expected.hostvars!)) {
      expect(withoutFile(ini.expected.hostvars![h]!)).toEqual(withoutFile(yml.expected.hostvars![h]!));
    }
  });

  it('load to the same hosts, groups and variables', async () => {
    const a = await loadCase(ini.dir, ini.spec);
    const b = await loadCase(yml.dir, yml.spec);
    expect(a.hostNames()).toEqual(b.hostNames());
    expect(a.groupsMagic()).toEqual(b.groupsMagic());
    for (const h of a.hostNames()) expect(withoutFile(a.hostVars(h))).toEqual(withoutFile(b.hostVars(h)));
    for (const p of ini.spec.patterns ?? []) expect(a.listHosts(p)).toEqual(b.listHosts(p));
  });
});

describe('fixture errors: bad inventory files', () => {
  const { dir, spec, expected } = readCase('errors');
  // Line of each problem. Where Ansible's message has no "file:line:" prefix, drover adds one; these
  // lines are the ones named here (the line that Ansible's parser was reading when it raised).
  const lines: Record<string, number> = {
    'bad-kind.ini': 3,
    'vars-no-equals.ini': 4,
    'undefined-child.ini': 4,
    'vars-undefined-group.ini': 2,
    'host-var-no-equals.ini': 2,
    'unterminated-quote.ini': 2,
    'space-in-section.ini': 1,
    'trailing-colon.ini': 2,
    'bad-range.ini': 2,
    'range-width.ini': 3,
    'range-parts.ini': 2,
    'bad-child-name.ini': 2,
    'loop.ini': 4,
    'yaml-marker.ini': 2,
    'range-order.ini': 2,
    'range-no-end.ini': 2,
    'self-child.ini': 2,
    'semicolon-inline.ini': 2,
    'empty-kind.ini': 1,
    'host-vars-scalar.yml': 3,
    'hosts-list.yml': 2,
    'float-host.yml': 3,
    'int-group.yml': 3,
    'bad-priority.yml': 3,
    'top-list.yml': 1,
    'yaml-loop.yml': 8,
    'invalid-child.yml': 3,
    'syntax.yml': 3,
  };
  for (const file of spec.errors ?? []) {
    it(`${file}: ${expected.errors![file]!.split('\n')[0]}`, async () => {
      const path = join(dir, file);
      const err = await Inventory.load([path]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DroverError);
      const e = err as DroverError;
      expect(e.code).toBe('DRV_ENGINE_INVENTORY');
      expect(e.pos).toMatchObject({ file: path, line: lines[file] });
      const ansible = expected.errors![file]!;
      if (file === 'syntax.yml') {
        // Ansible's text quotes the file; drover gives the parser's first line with the position.
        expect(ansible).toContain(`line ${lines[file]}, column 1`);
        expect(e.message).toContain('Syntax Error while loading YAML');
      } else {
        expect(e.message).toBe(ansible.startsWith(path) ? ansible : `${path}:${lines[file]}: ${ansible}`);
      }
    });
  }
});
