import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProjectSyncLock, type LockConnection } from '@drover/scm';
import pg from 'pg';
import { buildTestApp, type TestContext } from '../../tests/helper.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

describe('projects', () => {
  let t: TestContext;
  let org: number;
  let repo: string;
  beforeAll(async () => {
    t = await buildTestApp();
    org = (await t.admin.api.post('/api/v1/organizations', { name: 'O' })).body.id;
    repo = await mkdtemp(join(tmpdir(), 'drover-repo-'));
    git(repo, 'init', '-q');
    await writeFile(join(repo, 'site.yml'), '- hosts: all\n  tasks:\n    - ping:\n');
    await mkdir(join(repo, 'plays'));
    await writeFile(join(repo, 'plays', 'deploy.yaml'), '- import_playbook: ../site.yml\n');
    await writeFile(join(repo, 'vars.yml'), 'a: 1\n');
    await mkdir(join(repo, 'roles', 'r', 'tasks'), { recursive: true });
    await writeFile(join(repo, 'roles', 'r', 'tasks', 'main.yml'), '- hosts: not-a-play-here\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
  });
  afterAll(async () => {
    await t?.close();
    await rm(repo, { recursive: true, force: true });
  });

  it('clones with the system git, records the revision, lists the playbooks, follows branches', async () => {
    const p = await t.admin.api.post('/api/v1/projects', { name: 'g', organization: org, scm_type: 'git', scm_url: `file://${repo}` });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ scm_revision: '', last_sync_status: null, playbooks: [] });
    const s = await t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ last_sync_status: 'successful', scm_revision: git(repo, 'rev-parse', 'HEAD'), playbooks: ['plays/deploy.yaml', 'site.yml'], last_sync_error: '' });
    expect(s.body.local_path.startsWith(t.config.projectsDir)).toBe(true);

    git(repo, 'checkout', '-qb', 'feature');
    await writeFile(join(repo, 'extra.yml'), '- hosts: localhost\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'two');
    const feature = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    await t.admin.api.patch(`/api/v1/projects/${p.body.id}`, { scm_branch: 'feature' });
    const s2 = await t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`);
    expect(s2.body).toMatchObject({ scm_revision: feature, playbooks: ['extra.yml', 'plays/deploy.yaml', 'site.yml'] });
    const tpl = await t.admin.api.post('/api/v1/job_templates', { name: 't', project: p.body.id, playbook: 'extra.yml', ask_inventory_on_launch: true });
    expect(tpl.status).toBe(201);
    expect((await t.admin.api.delete(`/api/v1/projects/${p.body.id}`)).status).toBe(409);
  });

  it('records a failed sync, and checks roles', async () => {
    const p = await t.admin.api.post('/api/v1/projects', { name: 'bad', organization: org, scm_type: 'git', scm_url: `file://${repo}-missing` });
    const s = await t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`);
    expect(s.status).toBe(200);
    expect(s.body.last_sync_status).toBe('failed');
    expect(s.body.last_sync_error).toMatch(/git/);
    const u = await t.createUser('reader');
    expect((await u.api.post(`/api/v1/projects/${p.body.id}/sync`)).status).toBe(404);
    await t.admin.api.post(`/api/v1/users/${u.id}/roles`, { resource_type: 'project', resource_id: p.body.id, role: 'read' });
    expect((await u.api.post(`/api/v1/projects/${p.body.id}/sync`)).status).toBe(403);
    const bad = await t.admin.api.post('/api/v1/projects', { name: 'x', organization: org, scm_type: 'git', scm_url: 'not a url', scm_branch: '--upload-pack=evil' });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['scm_branch', 'scm_url']);
    for (const url of ['ext::sh -c touch% /tmp/pwned', '-oProxyCommand=x@h:p', 'ssh://-oProxyCommand=x/p', 'git@-host:x']) {
      expect((await t.admin.api.post('/api/v1/projects', { name: 'x', organization: org, scm_type: 'git', scm_url: url })).body.error.fields).toHaveProperty('scm_url');
    }
    const outside = await t.admin.api.post('/api/v1/projects', { name: 'x', organization: org, scm_type: 'local', local_path: '/etc' });
    expect(outside.body.error.fields).toHaveProperty('local_path');
    const dots = await t.admin.api.post('/api/v1/projects', { name: 'x', organization: org, scm_type: 'local', local_path: '../..' });
    expect(dots.body.error.fields).toHaveProperty('local_path');
  });

  it('waits for the project sync lock held by another process (a worker syncing the same project)', async () => {
    const p = await t.admin.api.post('/api/v1/projects', { name: 'locked', organization: org, scm_type: 'git', scm_url: `file://${repo}` });
    const connect = async (): Promise<LockConnection> => {
      const c = new pg.Client({ connectionString: t.config.databaseUrl });
      await c.connect();
      return c;
    };
    let released = 0;
    let settled = false;
    let sync: Promise<{ status: number; body: any }> | undefined;
    await withProjectSyncLock(connect, p.body.id, 'exclusive', async () => {
      sync = t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`);
      void sync.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 1000));
      expect(settled).toBe(false);
      // git has not touched the project's cache
      expect(existsSync(join(t.config.projectsDir, `_${p.body.id}`))).toBe(false);
      released = Date.now();
    });
    const s = await sync!;
    expect(s.body.last_sync_status).toBe('successful');
    expect(Date.parse(s.body.last_sync)).toBeGreaterThanOrEqual(released);
    // and the API's in-process lock still serializes its own syncs
    const both = await Promise.all([t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`), t.admin.api.post(`/api/v1/projects/${p.body.id}/sync`)]);
    expect(both.map((r) => r.body.last_sync_status)).toEqual(['successful', 'successful']);
  });
});
