/** Git projects: the worker syncs what a job needs, runs exactly the job's revision, records the sync
 * on the project, and serializes its git work with the API's through the project sync lock. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRunJob } from '@drover/queue';
import { PROJECT_SYNC_LOCK_CLASS, syncProjectCache } from '@drover/scm';
import { credentialSecretPurpose, SecretBox } from '@drover/secrets';
import pg from 'pg';
import { GitCheckout } from '../run/git-checkout.js';
import { databaseJobSources } from '../sources.js';
import type { ProjectLock } from '../store/ports.js';
import { PgProjectLock } from '../store/pg/pg-project-lock.js';
import { PrismaProjectSyncStore } from '../store/prisma/prisma-project-sync-store.js';
import { PrismaSourceStore } from '../store/prisma/prisma-source-store.js';
import { FLEET_KEY, TEST_SECRET_KEY, createEnv, fleetInventory, startTestWorker, waitFor, type Env, type TestWorker } from './harness.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

let env: Env;
let worker: TestWorker;
let root: string;
let projectsDir: string;
let orgId: number;
let inventoryId: number;

/** A new repository whose site.yml prints `label`; returns its path. */
function newRepo(label: string): string {
  const repo = mkdtempSync(join(root, 'repo-'));
  git(repo, 'init', '-q');
  return commit(repo, label) && repo;
}

/** Commits a site.yml printing `label` (and a playbook named after it); returns the commit id. */
function commit(repo: string, label: string): string {
  writeFileSync(join(repo, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "running ${label}"\n`);
  writeFileSync(join(repo, `${label}.yml`), '- hosts: all\n  gather_facts: false\n  tasks: []\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', label);
  return git(repo, 'rev-parse', 'HEAD');
}

async function gitProject(name: string, url: string, data: { scmCredentialId?: number } = {}): Promise<number> {
  return (await env.prisma.project.create({ data: { organizationId: orgId, name, scmType: 'git', scmUrl: url, ...data } })).id;
}

async function runJobOf(projectId: number, scmRevision = ''): Promise<number> {
  const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, playbook: 'site.yml', scmRevision } });
  await enqueueRunJob(worker.queue, job.id);
  return job.id;
}

async function finished(jobId: number) {
  return waitFor(
    `job ${jobId}`,
    async () => {
      const j = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      return ['successful', 'failed', 'error', 'canceled'].includes(j.status) ? j : undefined;
    },
    60_000,
  );
}

async function output(jobId: number): Promise<string> {
  return (await env.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { counter: 'asc' } })).map((e) => e.stdout).join('');
}

beforeAll(async () => {
  fleetInventory(1);
  env = await createEnv();
  root = mkdtempSync(join(tmpdir(), 'drover-git-projects-'));
  projectsDir = join(root, 'projects');
  orgId = (await env.prisma.organization.create({ data: { name: 'org' } })).id;
  const inv = await env.prisma.inventory.create({
    data: {
      organizationId: orgId,
      name: 'fleet',
      variables: { ansible_user: 'drover', ansible_ssh_private_key_file: FLEET_KEY, ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null' },
    },
  });
  await env.prisma.host.create({ data: { inventoryId: inv.id, name: 'host1', variables: { ansible_host: '127.0.0.101' } } });
  inventoryId = inv.id;
  worker = await startTestWorker(env, { sources: databaseJobSources(env.prisma, { databaseUrl: env.db.url, projectsDir, secretKey: TEST_SECRET_KEY }) });
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await env?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('git projects', () => {
  it('syncs a never-synced project, runs it, and records the sync on the project and the job', async () => {
    const repo = newRepo('first');
    const head = git(repo, 'rev-parse', 'HEAD');
    const projectId = await gitProject('never-synced', `file://${repo}`);
    const jobId = await runJobOf(projectId);
    const done = await finished(jobId);
    expect(done.jobExplanation).toBe('');
    expect(done.status).toBe('successful');
    expect(done.scmRevision).toBe(head);
    expect(await output(jobId)).toContain('running first');
    const p = await env.prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(p).toMatchObject({ scmRevision: head, lastSyncStatus: 'successful', lastSyncError: '', localPath: join(projectsDir, `_${projectId}`), playbooks: ['first.yml', 'site.yml'] });
    expect(p.lastSyncAt).not.toBeNull();
  });

  it('runs the revision the job was launched at, even after the repository and the cache moved on', async () => {
    const repo = newRepo('A');
    const revA = git(repo, 'rev-parse', 'HEAD');
    const projectId = await gitProject('moving', `file://${repo}`);
    const cache = join(projectsDir, `_${projectId}`);
    // the API synced at A; the job is launched (records A) but not run yet
    expect(await syncProjectCache({ url: `file://${repo}`, branch: '', dir: cache })).toMatchObject({ ok: true, revision: revA });
    await env.prisma.project.update({ where: { id: projectId }, data: { scmRevision: revA, localPath: cache, lastSyncStatus: 'successful' } });
    // then the repository moves to B and so does the cache (another sync)
    const revB = commit(repo, 'B');
    expect(await syncProjectCache({ url: `file://${repo}`, branch: '', dir: cache })).toMatchObject({ ok: true, revision: revB });
    await env.prisma.project.update({ where: { id: projectId }, data: { scmRevision: revB } });
    const syncedAt = new Date();

    const jobA = await runJobOf(projectId, revA);
    const doneA = await finished(jobA);
    expect(doneA.status).toBe('successful');
    expect(doneA.scmRevision).toBe(revA);
    const outA = await output(jobA);
    expect(outA).toContain('running A');
    expect(outA).not.toContain('running B');
    // no sync was needed: the project row is as the "API" left it, the cache's checkout still at B
    const p = await env.prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(p.scmRevision).toBe(revB);
    expect(p.lastSyncAt === null || p.lastSyncAt < syncedAt).toBe(true);
    expect(git(cache, 'rev-parse', 'HEAD')).toBe(revB);
    expect(git(cache, 'status', '--porcelain')).toBe('');

    // a job launched at a commit the cache has not fetched yet: the worker syncs, then runs it
    const revC = commit(repo, 'C');
    const jobC = await runJobOf(projectId, revC);
    const doneC = await finished(jobC);
    expect(doneC.status).toBe('successful');
    expect(doneC.scmRevision).toBe(revC);
    expect(await output(jobC)).toContain('running C');
    expect((await env.prisma.project.findUniqueOrThrow({ where: { id: projectId } })).scmRevision).toBe(revC);

    // B's playbook is not in A
    const noB = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, playbook: 'B.yml', scmRevision: revA } });
    await enqueueRunJob(worker.queue, noB.id);
    expect((await finished(noB.id)).jobExplanation).toBe(`Job failed to start: the playbook B.yml is not in project "moving" at revision ${revA.slice(0, 12)}`);
  });

  it('fails to start with git\'s message when the project cannot be synced, secrets redacted', async () => {
    const missing = await gitProject('bad-url', `file://${root}/no-such-repo`);
    const done = await finished(await runJobOf(missing));
    expect(done.status).toBe('failed');
    expect(done.jobExplanation).toMatch(/^Job failed to start: project "bad-url" could not be synced from file:\/\/.*\/no-such-repo: git fetch failed: .*does not appear to be a git repository/s);
    expect(await output(done.id)).toContain('could not be synced');
    const p = await env.prisma.project.findUniqueOrThrow({ where: { id: missing } });
    expect(p).toMatchObject({ lastSyncStatus: 'failed', scmRevision: '' });
    expect(p.lastSyncError).toMatch(/git fetch failed/);

    // a credential in the URL and a source control credential (decrypted with the worker's key): neither shows
    const box = new SecretBox(TEST_SECRET_KEY);
    const cred = await env.prisma.credential.create({
      data: { organizationId: orgId, name: 'scm', kind: 'source_control', inputs: { username: 'u', password: box.encrypt('tok-s3cret-9876', credentialSecretPurpose('password')) } },
    });
    const refused = await gitProject('refused', 'https://user:url-s3cret@127.0.0.1:9/r.git', { scmCredentialId: cred.id });
    const done2 = await finished(await runJobOf(refused));
    expect(done2.status).toBe('failed');
    expect(done2.jobExplanation).toMatch(/project "refused" could not be synced from https:\/\/\*\*\*@127\.0\.0\.1:9\/r\.git: git fetch failed/);
    expect(done2.jobExplanation).not.toMatch(/s3cret/);
    expect(await output(done2.id)).not.toMatch(/s3cret/);

    const wrongKind = await env.prisma.credential.create({ data: { organizationId: orgId, name: 'machine', kind: 'machine', inputs: { username: 'u' } } });
    const done3 = await finished(await runJobOf(await gitProject('wrong-kind', `file://${root}/x`, { scmCredentialId: wrongKind.id })));
    expect(done3.jobExplanation).toMatch(/credential "machine" of project "wrong-kind" is a machine credential, not a source control credential/);
  });

  it('waits for a sync held by another process (the API) before syncing in the same cache', async () => {
    const repo = newRepo('locked');
    const projectId = await gitProject('locked', `file://${repo}`);
    // what the API's POST /projects/:id/sync holds while git runs
    const apiLock = new PgProjectLock(env.db.url);
    let released = 0;
    let jobId = 0;
    await apiLock.withLock(projectId, 'exclusive', async () => {
      jobId = await runJobOf(projectId);
      await waitFor('the job to be claimed', async () => (await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status === 'waiting');
      await new Promise((r) => setTimeout(r, 1500));
      // still waiting on the lock: nothing synced yet
      expect((await env.prisma.project.findUniqueOrThrow({ where: { id: projectId } })).lastSyncAt).toBeNull();
      released = Date.now();
    });
    const done = await finished(jobId);
    expect(done.status).toBe('successful');
    const p = await env.prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(p.lastSyncAt!.getTime()).toBeGreaterThanOrEqual(released);
  });

  it('serializes two workers\' syncs of one project (the lock is held while git runs, never twice)', async () => {
    const repo = newRepo('twice');
    const rev = git(repo, 'rev-parse', 'HEAD');
    const projectId = await gitProject('twice', `file://${repo}`);
    const probe = new pg.Client({ connectionString: env.db.url });
    await probe.connect();
    const intervals: Array<{ mode: string; start: number; end: number; heldOutside: boolean }> = [];
    const real = new PgProjectLock(env.db.url);
    // records each exclusive hold, and asks Postgres from another session whether the lock is taken
    const recording: ProjectLock = {
      withLock: (id, mode, fn) =>
        real.withLock(id, mode, async () => {
          const start = Date.now();
          const r = await probe.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS got', [PROJECT_SYNC_LOCK_CLASS, id]);
          if (r.rows[0]!.got) await probe.query('SELECT pg_advisory_unlock($1::int, $2::int)', [PROJECT_SYNC_LOCK_CLASS, id]);
          try {
            return await fn();
          } finally {
            intervals.push({ mode, start, end: Date.now(), heldOutside: !r.rows[0]!.got });
          }
        }),
    };
    const checkout = () =>
      new GitCheckout({ projectsDir, lock: recording, syncs: new PrismaProjectSyncStore(env.prisma), credentials: new PrismaSourceStore(env.prisma), box: undefined });
    const project = (await new PrismaSourceStore(env.prisma).getProject(projectId))!;
    const dests = [join(root, 'w1'), join(root, 'w2')];
    const results = await Promise.all([checkout().checkout(project, rev, dests[0]!), checkout().checkout(project, rev, dests[1]!)]);
    await probe.end();
    expect(results.map((r) => r.revision)).toEqual([rev, rev]);
    // one synced; the other found the commit once it had the lock
    expect(results.filter((r) => r.synced)).toHaveLength(1);
    const exclusive = intervals.filter((i) => i.mode === 'exclusive').sort((a, b) => a.start - b.start);
    expect(exclusive).toHaveLength(2);
    expect(exclusive[1]!.start).toBeGreaterThanOrEqual(exclusive[0]!.end);
    expect(intervals.every((i) => i.heldOutside)).toBe(true);
    for (const d of dests) expect(readFileSync(join(d, 'site.yml'), 'utf8')).toContain('running twice');
  });

  it('runs many jobs that each need a sync of one project on two workers at once: every one succeeds', async () => {
    const repo = newRepo('crowd');
    const head = git(repo, 'rev-parse', 'HEAD');
    const projectId = await gitProject('crowd', `file://${repo}`);
    const second = await startTestWorker(env, { prefix: worker.prefix, sources: databaseJobSources(env.prisma, { databaseUrl: env.db.url, projectsDir, secretKey: TEST_SECRET_KEY }) });
    try {
      // no revision recorded at launch: each job syncs the project before it runs
      const ids = await Promise.all(Array.from({ length: 8 }, () => runJobOf(projectId)));
      const done = await Promise.all(ids.map((id) => finished(id)));
      expect(done.map((j) => j.jobExplanation)).toEqual(ids.map(() => ''));
      expect(done.map((j) => j.status)).toEqual(ids.map(() => 'successful'));
      expect(new Set(done.map((j) => j.workerId)).size).toBe(2);
      expect(done.every((j) => j.scmRevision === head)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
