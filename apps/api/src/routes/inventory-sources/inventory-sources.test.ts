import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProject } from '../../tests/fixtures.js';
import { buildTestApp, type TestContext } from '../../tests/helper.js';
import { scriptToYamlInventory } from './script-inventory.js';

const SCRIPT = `#!/bin/sh
if [ "$1" != "--list" ]; then echo '{}'; exit 0; fi
cat <<'J'
{
  "web": { "hosts": ["web1", "web2"], "vars": { "http_port": 8080 }, "children": ["edge"] },
  "edge": ["edge1"],
  "db": { "hosts": ["db1"] },
  "all": { "vars": { "env": "prod" } },
  "_meta": { "hostvars": { "web1": { "ansible_host": "10.0.0.1" }, "db1": { "role": "primary" }, "lonely": { "x": 1 } } }
}
J
`;

describe('inventory sources (a script in a project)', () => {
  let t: TestContext;
  let org: number;
  beforeAll(async () => {
    t = await buildTestApp();
    org = (await t.admin.api.post('/api/v1/organizations', { name: 'src' })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('converts script JSON to the YAML inventory shape', () => {
    const y = scriptToYamlInventory({ g: ['h1'], all: { vars: { a: 1 } }, _meta: { hostvars: { h1: { v: 2 }, h2: {} } } });
    expect(y).toEqual({ all: { vars: { a: 1 }, children: { g: { hosts: { h1: { v: 2 } } }, ungrouped: { hosts: { h2: {} } } } } });
  });

  it('syncs hosts, groups and variables from the script, and reports a failing script', async () => {
    const api = t.admin.api;
    const project = await localProject(t, org, 'inv-scripts', { 'site.yml': '- hosts: all\n  tasks: []\n' });
    const dir = join(t.config.projectsDir, 'inv-scripts');
    await writeFile(join(dir, 'hosts.sh'), SCRIPT);
    await chmod(join(dir, 'hosts.sh'), 0o755);
    await writeFile(join(dir, 'broken.sh'), '#!/bin/sh\necho oops >&2\nexit 3\n');
    await chmod(join(dir, 'broken.sh'), 0o755);
    const inv = (await api.post('/api/v1/inventories', { name: 'dynamic', organization: org })).body.id;

    expect((await api.post(`/api/v1/inventories/${inv}/inventory_sources`, { name: 'escape', project, source_path: '../x.sh' })).status).toBe(400);
    const src = await api.post(`/api/v1/inventories/${inv}/inventory_sources`, { name: 'script', project, source_path: 'hosts.sh' });
    expect(src.status).toBe(201);
    const sync = await api.post(`/api/v1/inventory_sources/${src.body.id}/sync`);
    expect(sync.status).toBe(200);
    expect(sync.body.source.last_sync_status).toBe('successful');
    expect(sync.body.summary.hosts_created).toBe(5);

    const hosts = (await api.get(`/api/v1/inventories/${inv}/hosts?order_by=name`)).body.results as Array<{ name: string; variables: Record<string, unknown> }>;
    expect(hosts.map((h) => h.name)).toEqual(['db1', 'edge1', 'lonely', 'web1', 'web2']);
    expect(hosts.find((h) => h.name === 'web1')?.variables).toEqual({ ansible_host: '10.0.0.1' });
    const groups = (await api.get(`/api/v1/inventories/${inv}/groups?order_by=name`)).body.results as Array<{ name: string; variables: Record<string, unknown> }>;
    expect(groups.map((g) => g.name)).toEqual(['db', 'edge', 'web']);
    expect(groups.find((g) => g.name === 'web')?.variables).toEqual({ http_port: 8080 });
    expect((await api.get(`/api/v1/inventories/${inv}`)).body.variables).toEqual({ env: 'prod' });

    const bad = await api.post(`/api/v1/inventories/${inv}/inventory_sources`, { name: 'broken', project, source_path: 'broken.sh' });
    const failed = await api.post(`/api/v1/inventory_sources/${bad.body.id}/sync`);
    expect(failed.status).toBe(400);
    expect(failed.body.error.fields.source_path).toMatch(/exit 3.*oops/);
    expect((await api.get(`/api/v1/inventory_sources/${bad.body.id}`)).body.last_sync_status).toBe('failed');
    // a failed sync leaves the inventory as it was
    expect((await api.get(`/api/v1/inventories/${inv}/hosts`)).body.count).toBe(5);
  });
});
