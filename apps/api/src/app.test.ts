import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from './tests/helper.js';

describe('app: docs, errors, auth', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.anonymous.get('/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login', '/api/v1/me', '/api/v1/tokens', '/api/v1/organizations', '/api/v1/teams/{id}/members', '/api/v1/users/{id}/roles',
        '/api/v1/projects/{id}/sync', '/api/v1/inventories/{id}/import', '/api/v1/credentials/{id}', '/api/v1/job_templates/{id}/launch',
        '/api/v1/jobs/{id}/cancel', '/api/v1/jobs/{id}/relaunch', '/api/v1/jobs/{id}/stdout', '/api/v1/jobs/{id}/job_events', '/api/v1/activity_stream',
      ]),
    );
    const launch = doc.body.paths['/api/v1/job_templates/{id}/launch'].post;
    expect(Object.keys(launch.requestBody.content['application/json'].schema.properties)).toContain('credential_passwords');
    expect(Object.keys(launch.responses)).toEqual(expect.arrayContaining(['201', '400', '404']));
    expect(doc.body.components.schemas).toHaveProperty('Error');
    const ui = await t.anonymous.get('/api/docs');
    expect([200, 302]).toContain(ui.status);
  });

  it('answers /api/v1/ping without credentials', async () => {
    const r = await t.anonymous.get('/api/v1/ping');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, version: '0.1.0', database: true, redis: true });
  });

  it('answers unknown routes with the error envelope', async () => {
    const r = await t.anonymous.get('/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'DRV_API_NOT_FOUND', message: expect.any(String) } });
  });

  it('requires authentication', async () => {
    const r = await t.anonymous.get('/api/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('DRV_API_UNAUTHENTICATED');
    const bad = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer drv_nope' } });
    expect(bad.status).toBe(401);
  });

  it('never answers 500 to a malformed body', async () => {
    const garbage = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username": "a", pass', headers: { 'content-type': 'application/json' } });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('DRV_API_BAD_JSON');
    const wrongTypes = await t.anonymous.post('/api/v1/auth/login', { username: 12, password: ['x'] });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.error.fields).toMatchObject({ username: expect.any(String), password: expect.any(String) });
    const extra = await t.anonymous.post('/api/v1/auth/login', { username: 'a', password: 'b', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toEqual({ admin: 'unknown field' });
    const array = await t.anonymous.post('/api/v1/auth/login', [1, 2]);
    expect(array.status).toBe(400);
    const empty = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/login', payload: '', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    const huge = await t.admin.api.raw({ method: 'POST', url: '/api/v1/tokens', payload: '{"name": "x", "expires": 1e400}', headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(400);
    const hugeBody = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' }), headers: { 'content-type': 'application/json' } });
    expect(hugeBody.status).toBe(413);
    const text = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/login', payload: 'username=a', headers: { 'content-type': 'text/plain' } });
    expect([400, 415]).toContain(text.status);
    const badId = await t.admin.api.delete('/api/v1/tokens/99999999999999999999');
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields).toHaveProperty('id');
    const unknownId = await t.admin.api.delete('/api/v1/tokens/424242');
    expect(unknownId.status).toBe(404);
  });

  it('logs in with a session cookie, answers /me, logs out', async () => {
    const bob = await t.createUser('bob');
    const wrong = await t.anonymous.post('/api/v1/auth/login', { username: 'bob', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    const nobody = await t.anonymous.post('/api/v1/auth/login', { username: 'nobody', password: 'wrong-password' });
    expect(nobody.status).toBe(401);
    const ok = await t.anonymous.post('/api/v1/auth/login', { username: 'bob', password: bob.password });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: bob.id, username: 'bob', is_superuser: false });
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/drover_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('bob');
    const stored = await t.app.db.session.findMany({ where: { userId: bob.id } });
    expect(stored).toHaveLength(1);
    expect(cookie).not.toContain(stored[0]!.id);
    const out = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.status).toBe(204);
    const after = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('creates personal API tokens shown once and stored hashed', async () => {
    const carol = await t.createUser('carol');
    const created = await carol.api.post('/api/v1/tokens', { name: 'ci' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^drv_/);
    const row = await t.app.db.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.tokenHash).not.toContain(token);
    const list = await carol.api.get('/api/v1/tokens');
    expect(list.body.results.map((x: { name: string }) => x.name)).toContain('ci');
    expect(JSON.stringify(list.body)).not.toContain(token);
    const me = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.body.username).toBe('carol');
    // another user cannot revoke it (404: not theirs)
    expect((await t.admin.api.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(404);
    expect((await carol.api.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    const expired = await carol.api.post('/api/v1/tokens', { name: 'old', expires: '2001-01-01T00:00:00Z' });
    const old = await t.anonymous.raw({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${expired.body.token}` } });
    expect(old.status).toBe(401);
  });
});
