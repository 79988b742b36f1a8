import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';

describe('inventories, hosts, groups and import', () => {
  let t: TestContext;
  let org: number;
  beforeAll(async () => {
    t = await buildTestApp();
    org = (await t.admin.api.post('/api/v1/organizations', { name: 'O' })).body.id;
  });
  afterAll(async () => t?.close());

  it('creates hosts and groups, nests groups, refuses cycles', async () => {
    const inv = (await t.admin.api.post('/api/v1/inventories', { name: 'prod', organization: org, variables: 'ntp: pool.example\n' })).body;
    expect(inv.variables).toEqual({ ntp: 'pool.example' });
    const h1 = await t.admin.api.post(`/api/v1/inventories/${inv.id}/hosts`, { name: 'web1', variables: { ansible_host: '10.0.0.1' } });
    expect(h1.status).toBe(201);
    const web = (await t.admin.api.post(`/api/v1/inventories/${inv.id}/groups`, { name: 'web' })).body;
    const dc = (await t.admin.api.post(`/api/v1/inventories/${inv.id}/groups`, { name: 'dc1' })).body;
    expect((await t.admin.api.post(`/api/v1/groups/${web.id}/hosts`, { id: h1.body.id })).status).toBe(204);
    expect((await t.admin.api.post(`/api/v1/groups/${dc.id}/children`, { id: web.id })).status).toBe(204);
    const cycle = await t.admin.api.post(`/api/v1/groups/${web.id}/children`, { id: dc.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.fields).toHaveProperty('id');
    expect((await t.admin.api.get(`/api/v1/hosts/${h1.body.id}`)).body.groups).toEqual(['web']);
    expect((await t.admin.api.get(`/api/v1/groups/${dc.id}`)).body.children).toEqual(['web']);
    expect((await t.admin.api.get(`/api/v1/inventories/${inv.id}`)).body).toMatchObject({ total_hosts: 1, total_groups: 2 });
    const badVars = await t.admin.api.post(`/api/v1/inventories/${inv.id}/hosts`, { name: 'x', variables: '- a list' });
    expect(badVars.body.error.fields).toHaveProperty('variables');
    expect((await t.admin.api.post(`/api/v1/inventories/${inv.id}/hosts`, { name: 'web1' })).status).toBe(409);
  });

  it('imports INI and YAML text with the engine parser', async () => {
    const inv = (await t.admin.api.post('/api/v1/inventories', { name: 'imported', organization: org })).body;
    const ini = [
      'lonely ansible_host=10.9.9.9',
      '[web]',
      'web[1:3].example.com http_port=8080',
      '[db]',
      'db1 ansible_user=postgres',
      '[prod:children]',
      'web',
      'db',
      '[prod:vars]',
      'env=production',
      '[all:vars]',
      'ntp=pool.ntp.org',
    ].join('\n');
    const r = await t.admin.api.post(`/api/v1/inventories/${inv.id}/import`, { text: ini });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hosts_created: 5, groups_created: 3 });
    const hosts = (await t.admin.api.get(`/api/v1/inventories/${inv.id}/hosts?order_by=name`)).body.results;
    expect(hosts.map((h: { name: string }) => h.name)).toEqual(['db1', 'lonely', 'web1.example.com', 'web2.example.com', 'web3.example.com']);
    expect(hosts[2].variables).toEqual({ http_port: 8080 });
    expect(hosts[2].groups).toEqual(['web']);
    const prod = (await t.admin.api.get(`/api/v1/inventories/${inv.id}/groups?name=prod`)).body.results[0];
    expect(prod).toMatchObject({ variables: { env: 'production' }, children: ['db', 'web'] });
    expect((await t.admin.api.get(`/api/v1/inventories/${inv.id}`)).body.variables).toEqual({ ntp: 'pool.ntp.org' });

    const yaml = 'all:\n  hosts:\n    db1:\n      ansible_port: 2222\n  children:\n    cache:\n      hosts:\n        redis1:\n';
    const y = await t.admin.api.post(`/api/v1/inventories/${inv.id}/import`, { text: yaml, overwrite: true });
    expect(y.status).toBe(200);
    expect(y.body).toMatchObject({ hosts_created: 1, hosts_deleted: 4, groups_created: 1, groups_deleted: 3 });
    const after = (await t.admin.api.get(`/api/v1/inventories/${inv.id}/hosts?order_by=name`)).body.results;
    expect(after.map((h: { name: string; variables: object }) => [h.name, h.variables])).toEqual([['db1', { ansible_port: 2222 }], ['redis1', {}]]);

    const bad = await t.admin.api.post(`/api/v1/inventories/${inv.id}/import`, { text: '[web\nhost1', format: 'ini' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('text');
  });

  it('hides inventories, hosts and groups from users without a role', async () => {
    const u = await t.createUser('nobody');
    const inv = (await t.admin.api.get('/api/v1/inventories?name=prod')).body.results[0];
    const host = (await t.admin.api.get(`/api/v1/inventories/${inv.id}/hosts`)).body.results[0];
    expect((await u.api.get(`/api/v1/inventories/${inv.id}`)).status).toBe(404);
    expect((await u.api.get(`/api/v1/hosts/${host.id}`)).status).toBe(404);
    expect((await u.api.get('/api/v1/hosts')).body.count).toBe(0);
    await t.admin.api.post(`/api/v1/users/${u.id}/roles`, { resource_type: 'inventory', resource_id: inv.id, role: 'read' });
    expect((await u.api.get(`/api/v1/hosts/${host.id}`)).status).toBe(200);
    expect((await u.api.patch(`/api/v1/hosts/${host.id}`, { enabled: false })).status).toBe(403);
  });
});
