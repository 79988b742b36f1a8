/**
 * The Inventory API beyond the recorded fixtures: caching, limits, errors, hosts outside the inventory,
 * add_host/group_by. Expected values quoted from real Ansible say which command printed them.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DroverError } from '../errors.js';
import { Inventory } from './index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Write files (path -> content) into a fresh temporary directory. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'drover-inv-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

async function rejection(p: Promise<unknown>): Promise<DroverError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DroverError);
  return e as DroverError;
}

describe('hostVars', () => {
  it('is cached per host and hands out a fresh top-level object with frozen nested values', async () => {
    const inv = await Inventory.load(['equiv-yaml/hosts.yml'], { cwd: fixtures });
    const a = inv.hostVars('db-a');
    a['env'] = 'changed';
    const b = inv.hostVars('db-a');
    expect(b['env']).toBe('prod');
    expect(b['nested']).toBe(inv.hostVars('db-a')['nested']);
    expect(Object.isFrozen(b['nested'])).toBe(true);
  });

  it('picks up playbook group_vars added after a first read', async () => {
    const dir = join(fixtures, 'precedence');
    const inv = await Inventory.load(['inv/hosts.ini'], { cwd: dir });
    expect(inv.hostVars('h1')['v3']).toBe('inv_gv_all');
    await inv.addPlaybookDir('pb');
    expect(inv.hostVars('h1')['v3']).toBe('pb_gv_all');
    await inv.setPlaybookDirs([]);
    expect(inv.hostVars('h1')['v3']).toBe('inv_gv_all');
  });

  it('gives a host outside the inventory what Ansible gives a delegate_to target', async () => {
    // ansible-playbook 2.14.18, `debug: msg="{{ ansible_delegated_vars }}"` with `delegate_to: unknownhost`:
    // av=1 (all:vars), gva=1 (group_vars/all.yml), hvx=1 (host_vars/unknownhost.yml), group_names=[], no gv.
    const dir = tree({
      hosts: '[g]\nh1\n[all:vars]\nav=1\n[g:vars]\ngv=1\n',
      'group_vars/all.yml': 'gva: 1\n',
      'host_vars/unknownhost.yml': 'hvx: 1\n',
    });
    const inv = await Inventory.load(['hosts'], { cwd: dir });
    await inv.prepareHost('unknownhost');
    const v = inv.hostVars('unknownhost');
    expect(v).toMatchObject({ av: 1, gva: 1, hvx: 1, group_names: [], inventory_hostname: 'unknownhost' });
    expect(v).not.toHaveProperty('gv');
    expect(inv.getHost('unknownhost')).toBeUndefined();
    expect(inv.groupNames('unknownhost')).toEqual([]);
  });

  it('rejects a vars file that is not a dictionary', async () => {
    const dir = tree({ hosts: 'h1\n', 'group_vars/all.yml': '- a\n- b\n' });
    const e = await rejection(Inventory.load(['hosts'], { cwd: dir }));
    expect(e.code).toBe('DRV_ENGINE_INVENTORY');
    expect(e.pos?.file).toBe(join(dir, 'group_vars/all.yml'));
    expect(e.message).toContain('expected dicts');
  });
});

describe('bad vars files', () => {
  it('name the file and line of a YAML syntax error', async () => {
    const dir = tree({ hosts: '[web]\nh1\n', 'group_vars/web.yml': 'a: 1\nb: [\n' });
    const e = await rejection(Inventory.load(['hosts'], { cwd: dir }));
    expect(e.code).toBe('DRV_ENGINE_INVENTORY');
    expect(e.pos).toMatchObject({ file: join(dir, 'group_vars/web.yml'), line: 3 });
    expect(e.message).toMatch(/group_vars\/web\.yml:3: Syntax Error while loading YAML/);
  });
});

describe('hosts and groups', () => {
  it('describes hosts, the implicit localhost and groups', async () => {
    const inv = await Inventory.load(['precedence/inv/hosts.ini'], { cwd: fixtures });
    expect(inv.getHost('h1')).toEqual({ name: 'h1', groups: ['a', 'b', 'z'] });
    expect(inv.getHost('localhost')).toEqual({ name: 'localhost', groups: [] });
    expect(inv.getHost('nope')).toBeUndefined();
    expect(inv.hostNames()).not.toContain('localhost');
    expect(inv.hostVars('localhost')['ansible_connection']).toBe('local');
    expect(inv.groupList()).toEqual(['all', 'ungrouped', 'a', 'b', 'c', 'z', 'p_low', 'p_high']);
    expect(inv.getGroup('a')).toEqual({
      name: 'a',
      hosts: ['h1', 'h2'],
      children: [],
      parents: ['c'],
      depth: 2,
      priority: 1,
      vars: { v1: 'avars', v2: 'avars' },
    });
    expect(inv.getGroup('p_high')).toMatchObject({ depth: 1, priority: 5, vars: { prio: 'high' } });
    expect(inv.getGroup('all')?.children).toEqual(['ungrouped', 'b', 'c', 'z', 'p_low', 'p_high']);
  });
});

describe('listHosts', () => {
  // InventoryManager(['hosts.ini']).get_hosts(...) on fixtures/patterns, ansible-core 2.14.18
  const load = (): Promise<Inventory> => Inventory.load(['patterns/hosts.ini'], { cwd: fixtures });

  it('takes a list like a play `hosts:`; an empty list selects nothing, an empty string everything', async () => {
    const inv = await load();
    expect(inv.listHosts(['a', 'b:!h1']).hosts).toEqual(['h2', 'h3']);
    expect(inv.listHosts([]).hosts).toEqual([]);
    expect(inv.listHosts('').hosts).toEqual(['h1', 'h3', 'h4', 'h2', 'web1.example.com', 'web2.example.com', 'web10.example.com']);
  });

  it('orders hosts as the play `order:` keyword asks', async () => {
    const inv = await load();
    expect(inv.listHosts('all', { order: 'reverse_inventory' }).hosts).toEqual([
      'web10.example.com', 'web2.example.com', 'web1.example.com', 'h2', 'h4', 'h3', 'h1',
    ]);
    expect(inv.listHosts('all', { order: 'sorted' }).hosts).toEqual([
      'h1', 'h2', 'h3', 'h4', 'web1.example.com', 'web10.example.com', 'web2.example.com',
    ]);
    expect(inv.listHosts('all', { order: 'reverse_sorted' }).hosts).toEqual([
      'web2.example.com', 'web10.example.com', 'web1.example.com', 'h4', 'h3', 'h2', 'h1',
    ]);
    expect([...inv.listHosts('all', { order: 'shuffle' }).hosts].sort()).toEqual([...inv.listHosts('all').hosts].sort());
  });

  it('raises on a bad regex and on a subscript out of range', async () => {
    const inv = await load();
    expect(() => inv.listHosts('~(')).toThrow('Invalid host list pattern: ~(');
    expect(() => inv.listHosts('c[5]')).toThrowError(expect.objectContaining({ code: 'DRV_ENGINE_INVENTORY' }));
  });

  it('can ignore the limit', async () => {
    const inv = await load();
    await inv.setLimit('h1');
    expect(inv.listHosts('a').hosts).toEqual(['h1']);
    expect(inv.listHosts('a', { ignoreLimit: true }).hosts).toEqual(['h1', 'h2']);
  });

  it('rejects a missing or directory @limit file like Ansible', async () => {
    const inv = await load();
    let e = await rejection(inv.setLimit('@nofile'));
    expect(e.code).toBe('DRV_ENGINE_OPTION');
    expect(e.message).toBe('Unable to find limit file nofile');
    e = await rejection(inv.setLimit('@/tmp'));
    expect(e.message).toBe('Limit starting with "@" must be a file, not a directory: /tmp');
  });
});

describe('sources drover does not take', () => {
  it('a path that does not exist (Ansible only warns and goes on with no hosts)', async () => {
    const e = await rejection(Inventory.load(['/nonexistent/hosts']));
    expect(e.code).toBe('DRV_ENGINE_INVENTORY');
    expect(e.message).toContain('Unable to parse /nonexistent/hosts as an inventory source');
  });

  it('except the default /etc/ansible/hosts, which may be missing as in Ansible', async () => {
    const inv = await Inventory.load(['/etc/ansible/hosts']);
    expect(inv.hostNames()).toEqual([]);
    expect(inv.warnings).toEqual(['No inventory was parsed, only implicit localhost is available']);
  });

  it('inventory scripts, plugin configuration files and TOML', async () => {
    const dir = tree({
      'script.py': '#!/usr/bin/env python3\nimport json\nprint(json.dumps({}))\n',
      'aws_ec2.yml': 'plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n',
      'hosts.toml': '[all.vars]\nx = 1\n',
    });
    chmodSync(join(dir, 'script.py'), 0o755);
    expect((await rejection(Inventory.load(['script.py'], { cwd: dir }))).message).toContain('inventory scripts are not supported');
    expect((await rejection(Inventory.load(['aws_ec2.yml'], { cwd: dir }))).message).toContain('plugin configuration files');
    expect((await rejection(Inventory.load(['hosts.toml'], { cwd: dir }))).message).toContain('TOML inventory files are not supported');
  });

  it('but an executable INI file is still read as INI, as Ansible falls back to the ini plugin', async () => {
    const dir = tree({ hosts: '[g]\nh1\n' });
    chmodSync(join(dir, 'hosts'), 0o755);
    expect((await Inventory.load(['hosts'], { cwd: dir })).hostNames()).toEqual(['h1']);
  });

  it('an empty file is an empty inventory', async () => {
    const dir = tree({ 'empty.yml': '# nothing\n', empty: '' });
    expect((await Inventory.load(['empty.yml', 'empty'], { cwd: dir })).hostNames()).toEqual([]);
  });
});

describe('add_host and group_by', () => {
  // ansible-playbook 2.14.18 on this inventory, play 1 on h1:
  //   add_host {name: newh, groups: "g1,newg", myvar: 1}   changed: true
  //   add_host {name: newh, groups: "g1", myvar: 1}        changed: false
  //   add_host {name: lone}                                changed: true
  //   add_host {name: h2, groups: newg, extra: x}          changed: true
  //   group_by {key: dyn, parents: [pa, pb]}               changed: true
  //   group_by {key: dyn}  (the action's default parents: ['all'])   changed: true
  //   group_by {key: g2}   (parents ['all'])               changed: true
  // then in play 2 (hosts: all): group_names, hostvars and groups below.
  it('change the inventory as Ansible does', async () => {
    const dir = tree({ hosts: '[g1]\nh1\n[g2]\nh2\n', 'group_vars/newg.yml': 'from_gv_newg: 1\n' });
    const inv = await Inventory.load(['hosts'], { cwd: dir });
    const changed = [
      await inv.addDynamicHost('newh', { groups: ['g1', 'newg'], vars: { myvar: 1 } }),
      await inv.addDynamicHost('newh', { groups: ['g1'], vars: { myvar: 1 } }),
      await inv.addDynamicHost('lone'),
      await inv.addDynamicHost('h2', { groups: ['newg'], vars: { extra: 'x' } }),
      await inv.addDynamicGroup('h1', 'dyn', ['pa', 'pb']),
      await inv.addDynamicGroup('h1', 'dyn', ['all']),
      await inv.addDynamicGroup('h1', 'g2', ['all']),
    ];
    expect(changed).toEqual([true, false, true, true, true, true, true]);
    expect(inv.groupsMagic()).toEqual({
      all: ['newh', 'lone', 'h1', 'h2'],
      dyn: ['h1'],
      g1: ['h1', 'newh'],
      g2: ['h2', 'h1'],
      newg: ['newh', 'h2'],
      pa: ['h1'],
      pb: ['h1'],
      ungrouped: ['lone'],
    });
    expect(inv.groupNames('h1')).toEqual(['dyn', 'g1', 'g2', 'pa', 'pb']);
    expect(inv.groupNames('h2')).toEqual(['g2', 'newg']);
    expect(inv.groupNames('lone')).toEqual(['ungrouped']);
    expect(inv.groupNames('newh')).toEqual(['g1', 'newg']);
    expect(inv.hostVars('h2')).toMatchObject({ extra: 'x', from_gv_newg: 1, inventory_dir: dir, inventory_file: join(dir, 'hosts') });
    expect(inv.hostVars('lone')).toMatchObject({ inventory_dir: null, inventory_file: null });
    expect(inv.hostVars('newh')).toMatchObject({ from_gv_newg: 1, inventory_dir: null, inventory_file: null, myvar: 1 });
    await expect(inv.addDynamicGroup('ghost', 'x')).rejects.toThrow('ghost cannot be matched in inventory');
  });
});

describe('no sources', () => {
  it('is an empty inventory with only the implicit localhost, and says so', async () => {
    const inv = await Inventory.load([]);
    expect(inv.hostNames()).toEqual([]);
    expect(inv.warnings).toEqual(['No inventory was parsed, only implicit localhost is available']);
    expect(inv.listHosts('all')).toEqual({ hosts: [], warnings: [] });
    expect(inv.listHosts('localhost')).toEqual({ hosts: ['localhost'], warnings: [] });
    expect(inv.groupsMagic()).toEqual({ all: [], ungrouped: [] });
  });
});
