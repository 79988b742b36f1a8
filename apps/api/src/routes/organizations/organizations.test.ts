import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext, type TestUser } from '../../tests/helper.js';

describe('organizations, teams, users and roles', () => {
  let t: TestContext;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await buildTestApp();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(async () => t?.close());

  it('lets superusers create organizations, lists only readable ones', async () => {
    const a = await t.admin.api.post('/api/v1/organizations', { name: 'Org A' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ id: expect.any(Number), type: 'organization', name: 'Org A', description: '' });
    const b = await t.admin.api.post('/api/v1/organizations', { name: 'Org B', description: 'second' });
    expect(b.status).toBe(201);
    const dup = await t.admin.api.post('/api/v1/organizations', { name: 'Org A' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toHaveProperty('name');
    expect((await alice.api.post('/api/v1/organizations', { name: 'Mine' })).status).toBe(403);

    expect((await alice.api.get('/api/v1/organizations')).body).toMatchObject({ count: 0, results: [] });
    expect((await alice.api.get(`/api/v1/organizations/${a.body.id}`)).status).toBe(404);
    const grant = await t.admin.api.post(`/api/v1/users/${alice.id}/roles`, { resource_type: 'organization', resource_id: a.body.id, role: 'admin' });
    expect(grant.status).toBe(204);
    const list = await alice.api.get('/api/v1/organizations');
    expect(list.body.results.map((o: { name: string }) => o.name)).toEqual(['Org A']);
    expect((await alice.api.patch(`/api/v1/organizations/${a.body.id}`, { description: 'edited' })).body.description).toBe('edited');
    expect((await alice.api.delete(`/api/v1/organizations/${a.body.id}`)).status).toBe(403);
    expect((await alice.api.patch(`/api/v1/organizations/${b.body.id}`, { description: 'x' })).status).toBe(404);
  });

  it('pages, filters and orders', async () => {
    for (let i = 0; i < 7; i++) await t.admin.api.post('/api/v1/organizations', { name: `Paged ${i}` });
    const p1 = await t.admin.api.get('/api/v1/organizations?name__startswith=Paged&page_size=3&order_by=-name');
    expect(p1.body.count).toBe(7);
    expect(p1.body.results.map((o: { name: string }) => o.name)).toEqual(['Paged 6', 'Paged 5', 'Paged 4']);
    expect(p1.body.previous).toBeNull();
    expect(p1.body.next).toContain('page=2');
    const p3 = await t.admin.api.get(p1.body.next.replace('page=2', 'page=3'));
    expect(p3.body.results.map((o: { name: string }) => o.name)).toEqual(['Paged 0']);
    expect(p3.body.next).toBeNull();
    expect((await t.admin.api.get('/api/v1/organizations?name__startswith=Paged&page=9')).status).toBe(404);
    expect((await t.admin.api.get('/api/v1/organizations?name__icontains=PAGED 1')).body.count).toBe(1);
    expect((await t.admin.api.get('/api/v1/organizations?name__in=Paged 1,Paged 2')).body.count).toBe(2);
    const ids = (await t.admin.api.get('/api/v1/organizations?name__startswith=Paged&order_by=id')).body.results.map((o: { id: number }) => o.id);
    expect((await t.admin.api.get(`/api/v1/organizations?name__startswith=Paged&id__gt=${ids[4]}`)).body.count).toBe(2);
    expect((await t.admin.api.get(`/api/v1/organizations?name__startswith=Paged&id__lt=${ids[1]}`)).body.count).toBe(1);
    expect((await t.admin.api.get('/api/v1/organizations?page_size=1000')).status).toBe(200);
    const bad = await t.admin.api.get('/api/v1/organizations?colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('colour');
    expect((await t.admin.api.get('/api/v1/organizations?id__gt=abc')).body.error.fields).toHaveProperty('id__gt');
    expect((await t.admin.api.get('/api/v1/organizations?order_by=nope')).status).toBe(400);
    expect((await t.admin.api.get('/api/v1/organizations?page=0')).status).toBe(400);
  });

  it('manages teams, members, and team-granted roles', async () => {
    const org = (await t.admin.api.get('/api/v1/organizations?name=Org B')).body.results[0];
    const team = await t.admin.api.post('/api/v1/teams', { name: 'ops', organization: org.id });
    expect(team.status).toBe(201);
    expect((await bob.api.get(`/api/v1/teams/${team.body.id}`)).status).toBe(404);
    expect((await t.admin.api.post(`/api/v1/teams/${team.body.id}/members`, { user: bob.id })).status).toBe(204);
    expect((await bob.api.get(`/api/v1/teams/${team.body.id}`)).status).toBe(200);
    const members = await bob.api.get(`/api/v1/teams/${team.body.id}/members`);
    expect(members.body.results.map((u: { username: string }) => u.username)).toEqual(['bob']);
    // a role granted to the team reaches its members
    expect((await bob.api.get(`/api/v1/organizations/${org.id}`)).status).toBe(404);
    expect((await t.admin.api.post(`/api/v1/teams/${team.body.id}/roles`, { resource_type: 'organization', resource_id: org.id, role: 'member' })).status).toBe(204);
    expect((await bob.api.get(`/api/v1/organizations/${org.id}`)).status).toBe(200);
    const roles = await t.admin.api.get(`/api/v1/teams/${team.body.id}/roles`);
    expect(roles.body.results).toEqual([expect.objectContaining({ role: 'member', resource_type: 'organization', resource_name: 'Org B', team: team.body.id })]);
    // a member is not an admin
    expect((await bob.api.patch(`/api/v1/organizations/${org.id}`, { name: 'x' })).status).toBe(403);
    expect((await bob.api.post(`/api/v1/teams/${team.body.id}/members`, { user: alice.id })).status).toBe(403);
    const badRole = await t.admin.api.post(`/api/v1/users/${bob.id}/roles`, { resource_type: 'organization', resource_id: org.id, role: 'use' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.fields).toHaveProperty('role');
    // removal
    expect((await t.admin.api.delete(`/api/v1/teams/${team.body.id}/members/${bob.id}`)).status).toBe(204);
    expect((await bob.api.get(`/api/v1/organizations/${org.id}`)).status).toBe(404);
  });

  it('manages users', async () => {
    const created = await t.admin.api.post('/api/v1/users', { username: 'dave', password: 'long-enough-pw', email: 'd@example.com' });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('long-enough-pw');
    const login = await t.anonymous.post('/api/v1/auth/login', { username: 'dave', password: 'long-enough-pw' });
    expect(login.status).toBe(200);
    expect((await t.admin.api.post('/api/v1/users', { username: 'eve', password: 'short' })).body.error.fields).toHaveProperty('password');
    expect((await alice.api.post('/api/v1/users', { username: 'eve', password: 'long-enough-pw' })).status).toBe(403);
    expect((await alice.api.get(`/api/v1/users/${created.body.id}`)).status).toBe(404);
    expect((await alice.api.patch(`/api/v1/users/${alice.id}`, { first_name: 'Alice' })).body.first_name).toBe('Alice');
    expect((await alice.api.patch(`/api/v1/users/${alice.id}`, { is_superuser: true })).status).toBe(403);
    const activity = await t.app.db.activityStream.findMany({ where: { objectType: 'user', objectId: created.body.id } });
    expect(JSON.stringify(activity)).not.toContain('long-enough-pw');
    expect((await t.admin.api.delete(`/api/v1/users/${created.body.id}`)).status).toBe(204);
  });

  it('lists who has access to an object, with the path of each role', async () => {
    const org = (await t.admin.api.get('/api/v1/organizations?name=Org B')).body.results[0];
    const team = (await t.admin.api.post('/api/v1/teams', { name: 'auditors', organization: org.id })).body;
    await t.admin.api.post(`/api/v1/teams/${team.id}/members`, { user: bob.id });
    await t.admin.api.post(`/api/v1/teams/${team.id}/roles`, { resource_type: 'organization', resource_id: org.id, role: 'auditor' });
    await t.admin.api.post(`/api/v1/users/${alice.id}/roles`, { resource_type: 'team', resource_id: team.id, role: 'admin' });
    const list = await t.admin.api.get(`/api/v1/teams/${team.id}/access_list`);
    expect(list.status).toBe(200);
    const byName = Object.fromEntries(list.body.results.map((e: { username: string }) => [e.username, e]));
    expect(byName.alice.roles).toEqual(['admin', 'member', 'read']);
    expect(byName.alice.access[0]).toMatchObject({ via: 'direct', granted_role: 'admin' });
    expect(byName.bob.access).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'read', via: 'organization', team: { id: team.id, name: 'auditors' }, granted_role: 'auditor' }),
      expect.objectContaining({ role: 'member', via: 'direct' }),
    ]));
    expect(byName.admin.access[0].via).toBe('superuser');
    // bob may read the team (member), and sees the same list; a stranger gets 404
    expect((await bob.api.get(`/api/v1/teams/${team.id}/access_list`)).status).toBe(200);
    const carl = await t.createUser('carl');
    expect((await carl.api.get(`/api/v1/teams/${team.id}/access_list`)).status).toBe(404);
  });
});
