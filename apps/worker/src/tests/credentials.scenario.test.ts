/** Machine credentials and launch-time secrets: applied to the connection, read once, never shown. */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRunJob } from '@drover/queue';
import { ENCRYPTED_PLACEHOLDER, SecretBox, credentialSecretPurpose, launchSecretsKey, launchSecretsPurpose } from '@drover/secrets';
import { MASK } from '../mask.js';
import { DbJobSources } from '../run/db-sources.js';
import { PrismaSourceStore } from '../store/prisma/prisma-source-store.js';
import { FIXTURES, FLEET_KEY, FLEET_PASSWORD, TEST_SECRET_KEY, createEnv, fleetInventory, startTestWorker, waitFor, type Env, type TestWorker } from './harness.js';

let env: Env;
let worker: TestWorker;
let projectDir: string;
let orgId: number;
let projectId: number;
let inventoryId: number;
const box = new SecretBox(TEST_SECRET_KEY);
const SURVEY_SECRET = 'survey-s3cret-value';

beforeAll(async () => {
  fleetInventory(3, { password: true });
  env = await createEnv();
  projectDir = mkdtempSync(join(tmpdir(), 'drover-project-'));
  cpSync(FIXTURES, projectDir, { recursive: true });
  orgId = (await env.prisma.organization.create({ data: { name: 'org' } })).id;
  projectId = (await env.prisma.project.create({ data: { organizationId: orgId, name: 'p', scmType: 'local', localPath: projectDir } })).id;
  // no user, no key, no password: only addresses
  const inv = await env.prisma.inventory.create({ data: { organizationId: orgId, name: 'bare' } });
  for (const i of [1, 2]) await env.prisma.host.create({ data: { inventoryId: inv.id, name: `host${i}`, variables: { ansible_host: `127.0.0.10${i}` } } });
  inventoryId = inv.id;
  worker = await startTestWorker(env, { sources: new DbJobSources(new PrismaSourceStore(env.prisma)) });
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await env?.close();
  if (projectDir) rmSync(projectDir, { recursive: true, force: true });
});

async function credential(name: string, inputs: Record<string, string>): Promise<number> {
  const stored: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) stored[k] = ['password', 'ssh_key_data', 'ssh_key_unlock', 'become_password'].includes(k) && v !== 'ASK' ? box.encrypt(v, credentialSecretPurpose(k)) : v;
  return (await env.prisma.credential.create({ data: { organizationId: orgId, name, kind: 'machine', inputs: stored } })).id;
}

async function finished(jobId: number) {
  return waitFor(`job ${jobId}`, async () => {
    const j = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    return ['successful', 'failed', 'error', 'canceled'].includes(j.status) ? j : undefined;
  }, 60_000);
}

/** Everything stored about the job, as one text. */
async function storedText(jobId: number): Promise<string> {
  const job = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId }, include: { events: true, statusChanges: true } });
  return JSON.stringify(job, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

describe('machine credentials', () => {
  it('a key credential with user drover runs on an inventory with no user and no key', async () => {
    const credentialId = await credential('key', { username: 'drover', ssh_key_data: readFileSync(FLEET_KEY, 'utf8') });
    const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, credentialId, playbook: 'secrets.yml' } });
    await enqueueRunJob(worker.queue, job.id);
    const done = await finished(job.id);
    expect(done.jobExplanation).toBe('');
    expect(done.status).toBe('successful');
    const text = await storedText(job.id);
    expect(text).toContain('no password');
    // the key's lines never appear (e.g. if a task printed the file)
    const keyLine = readFileSync(FLEET_KEY, 'utf8').split('\n')[1]!;
    expect(text).not.toContain(keyLine);
  });

  it('a password credential asked at launch runs; the launch secrets are read once and masked everywhere', async () => {
    const credentialId = await credential('password', { username: 'drover', password: 'ASK' });
    const job = await env.prisma.job.create({
      data: { name: 'j', status: 'pending', projectId, inventoryId, credentialId, playbook: 'secrets.yml', extraVars: { survey_secret: ENCRYPTED_PLACEHOLDER, plain: 'x' } },
    });
    const key = launchSecretsKey(worker.prefix, job.id);
    const blob = box.encrypt(JSON.stringify({ credential_passwords: { ssh_password: FLEET_PASSWORD }, extra_vars: { survey_secret: SURVEY_SECRET } }), launchSecretsPurpose(job.id));
    await env.redis.set(key, blob, 'EX', 3600);
    const published: string[] = [];
    const sub = env.redis.duplicate();
    sub.on('message', (_c: string, m: string) => published.push(m));
    await sub.subscribe(worker.channels.jobEvents(job.id));
    await enqueueRunJob(worker.queue, job.id);
    await waitFor('the job to start', async () => (await env.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status !== 'pending' || undefined);
    await waitFor('the launch secrets to be taken', async () => (await env.redis.exists(key)) === 0 || undefined, 10_000);
    const done = await finished(job.id);
    sub.disconnect();
    expect(done.jobExplanation).toBe('');
    expect(done.status).toBe('successful');
    const text = await storedText(job.id);
    expect(text).not.toContain(FLEET_PASSWORD);
    expect(text).not.toContain(SURVEY_SECRET);
    const stdout = (await env.prisma.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { counter: 'asc' } })).map((e) => e.stdout).join('');
    expect(stdout).toContain(MASK);
    const debug = await env.prisma.jobEvent.findFirstOrThrow({ where: { jobId: job.id, event: 'runner_on_ok', task: 'show the password' } });
    expect(JSON.stringify(debug.eventData)).toContain(MASK);
    const echo = await env.prisma.jobEvent.findFirstOrThrow({ where: { jobId: job.id, event: 'runner_on_ok', task: 'echo the survey secret' } });
    expect(JSON.stringify(echo.eventData)).toContain(MASK);
    expect(published.length).toBeGreaterThan(0);
    expect(published.join('\n')).not.toContain(FLEET_PASSWORD);
    expect(published.join('\n')).not.toContain(SURVEY_SECRET);
    expect(await env.redis.exists(key)).toBe(0);
  });

  it('a stored password credential runs', async () => {
    const credentialId = await credential('stored password', { username: 'drover', password: FLEET_PASSWORD });
    const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, credentialId, playbook: 'secrets.yml' } });
    await enqueueRunJob(worker.queue, job.id);
    const done = await finished(job.id);
    expect(done.status).toBe('successful');
    expect(await storedText(job.id)).not.toContain(FLEET_PASSWORD);
  });

  it('a passphrase-protected key runs with its passphrase, and fails with a wrong one, the passphrase never shown', async () => {
    const locked = encryptedFleetKey('the-passphrase');
    const right = await credential('locked', { username: 'drover', ssh_key_data: locked, ssh_key_unlock: 'the-passphrase' });
    const wrong = await credential('wrong', { username: 'drover', ssh_key_data: locked, ssh_key_unlock: 'not-the-passphrase' });
    for (const [credentialId, status] of [[right, 'successful'], [wrong, 'failed']] as const) {
      const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, credentialId, playbook: 'secrets.yml' } });
      await enqueueRunJob(worker.queue, job.id);
      const done = await finished(job.id);
      expect(done.status).toBe(status);
      const text = await storedText(job.id);
      expect(text).not.toContain('the-passphrase');
      expect(text).not.toContain('not-the-passphrase');
      if (status === 'failed') expect(text).toContain('incorrect passphrase supplied to decrypt private key');
    }
  });

  it('fails to start, saying why: a missing launch secret, a survey secret gone', async () => {
    const asks = await credential('asks', { username: 'drover', password: 'ASK' });
    const cases: Array<[number, Record<string, unknown>, RegExp]> = [
      [asks, {}, /credential "asks" asks for ssh_password at launch/],
      [await credential('fine', { username: 'drover', password: FLEET_PASSWORD }), { survey_secret: ENCRYPTED_PLACEHOLDER }, /launch-time value of "survey_secret" is gone/],
    ];
    for (const [credentialId, extraVars, why] of cases) {
      const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, credentialId, playbook: 'secrets.yml', extraVars: extraVars as object } });
      await enqueueRunJob(worker.queue, job.id);
      const done = await finished(job.id);
      expect(done.status).toBe('failed');
      expect(done.jobExplanation).toMatch(why);
    }
  });
});

/** The fleet's key, encrypted with a passphrase (same public key, so the hosts accept it). */
function encryptedFleetKey(passphrase: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'drover-key-'));
  try {
    const path = join(dir, 'key');
    cpSync(FLEET_KEY, path);
    chmodSync(path, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-f', path, '-P', '', '-N', passphrase]);
    return readFileSync(path, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
