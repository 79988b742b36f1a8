import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDummykeydummykeydummykeydummykeydummykeyAAAA=\n-----END OPENSSH PRIVATE KEY-----\n';

describe('credentials', () => {
  let t: TestContext;
  let org: number;
  beforeAll(async () => {
    t = await buildTestApp();
    org = (await t.admin.api.post('/api/v1/organizations', { name: 'O' })).body.id;
  });
  afterAll(async () => t?.close());

  it('encrypts secrets at rest and shows $encrypted$', async () => {
    const r = await t.admin.api.post('/api/v1/credentials', {
      name: 'ssh', organization: org, kind: 'machine',
      inputs: { username: 'deploy', password: 's3cret-pw', ssh_key_data: KEY, become_password: 'ASK' },
    });
    expect(r.status).toBe(201);
    expect(r.body.inputs).toEqual({ username: 'deploy', password: '$encrypted$', ssh_key_data: '$encrypted$', become_password: 'ASK' });
    const row = await t.app.db.credential.findUniqueOrThrow({ where: { id: r.body.id } });
    const stored = JSON.stringify(row.inputs);
    expect(stored).not.toContain('s3cret-pw');
    expect(stored).not.toContain('dummykey');
    expect(stored).toContain('$encrypted$AESGCM$');
    const activity = JSON.stringify(await t.app.db.activityStream.findMany({ where: { objectType: 'credential' } }));
    expect(activity).not.toContain('s3cret-pw');
    expect(activity).not.toContain('AESGCM');
  });

  it('merges inputs on PATCH: $encrypted$ keeps, null deletes, values replace', async () => {
    const c = (await t.admin.api.post('/api/v1/credentials', { name: 'm2', organization: org, kind: 'machine', inputs: { username: 'a', password: 'one-pw', become_password: 'two-pw' } })).body;
    const before = await t.app.db.credential.findUniqueOrThrow({ where: { id: c.id } });
    const p = await t.admin.api.patch(`/api/v1/credentials/${c.id}`, { inputs: { username: 'b', password: '$encrypted$', become_password: null } });
    expect(p.status).toBe(200);
    expect(p.body.inputs).toEqual({ username: 'b', password: '$encrypted$' });
    const after = await t.app.db.credential.findUniqueOrThrow({ where: { id: c.id } });
    expect((after.inputs as Record<string, string>)['password']).toBe((before.inputs as Record<string, string>)['password']);
    // a key left out is kept
    const p2 = await t.admin.api.patch(`/api/v1/credentials/${c.id}`, { inputs: { username: 'c' } });
    expect(p2.body.inputs).toEqual({ username: 'c', password: '$encrypted$' });
    const updates = await t.app.db.activityStream.findMany({ where: { objectType: 'credential', objectId: c.id, operation: 'update' } });
    expect(updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(updates)).not.toContain('two-pw');
  });

  it('validates inputs, naming each bad field', async () => {
    const r = await t.admin.api.post('/api/v1/credentials', {
      name: 'bad', organization: org, kind: 'machine',
      inputs: { colour: 'red', ssh_key_data: 'not a key', become_method: 'magic', password: '$encrypted$' },
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['inputs.become_method', 'inputs.colour', 'inputs.password', 'inputs.ssh_key_data']);
    const scm = await t.admin.api.post('/api/v1/credentials', { name: 'git', organization: org, kind: 'source_control', inputs: { password: 'ASK' } });
    expect(scm.body.error.fields).toHaveProperty(['inputs.password']);
    const wrongType = await t.admin.api.post('/api/v1/credentials', { name: 'x', organization: org, kind: 'machine', inputs: { username: 5 } });
    expect(wrongType.status).toBe(400);
    const noOrg = await t.admin.api.post('/api/v1/credentials', { name: 'x', organization: 99999, kind: 'machine' });
    expect(noOrg.body.error.fields).toHaveProperty('organization');
    const c = (await t.admin.api.get('/api/v1/credentials?name=ssh')).body.results[0];
    expect((await t.admin.api.patch(`/api/v1/credentials/${c.id}`, { kind: 'source_control' })).status).toBe(400);
    expect((await t.admin.api.get('/api/v1/credentials?inputs__icontains=x')).status).toBe(400);
  });

  it('requires ssh_key_unlock for an encrypted key, and refuses it for a plain one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drover-keys-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'plain')]);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass-phrase', '-f', join(dir, 'enc')]);
      const plain = await readFile(join(dir, 'plain'), 'utf8');
      const enc = await readFile(join(dir, 'enc'), 'utf8');
      const mk = (name: string, inputs: Record<string, string>) => t.admin.api.post('/api/v1/credentials', { name, organization: org, kind: 'machine', inputs });
      expect((await mk('k1', { ssh_key_data: plain })).status).toBe(201);
      expect((await mk('k2', { ssh_key_data: plain, ssh_key_unlock: 'x' })).body.error.fields).toHaveProperty(['inputs.ssh_key_unlock']);
      expect((await mk('k3', { ssh_key_data: enc })).body.error.fields).toEqual({ 'inputs.ssh_key_unlock': 'is required: the private key is encrypted' });
      const ok = await mk('k4', { ssh_key_data: enc, ssh_key_unlock: 'pass-phrase' });
      expect(ok.status).toBe(201);
      // the stored (encrypted) key is checked on PATCH too
      expect((await t.admin.api.patch(`/api/v1/credentials/${ok.body.id}`, { inputs: { ssh_key_unlock: null } })).status).toBe(400);
      expect((await mk('k5', { ssh_key_data: enc, ssh_key_unlock: 'ASK' })).status).toBe(201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
