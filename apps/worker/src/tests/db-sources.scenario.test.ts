/** Jobs that run what the database says: a project directory and an inventory of Host/Group rows. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRunJob } from '@drover/queue';
import { inventoryDocument } from '../run/db-sources.js';
import { databaseJobSources } from '../sources.js';
import { FIXTURES, createEnv, fleetInventory, startTestWorker, waitFor, type Env, type TestWorker } from './harness.js';

let env: Env;
let worker: TestWorker;
let projectDir: string;
let orgId: number;

beforeAll(async () => {
  fleetInventory(3);
  env = await createEnv();
  projectDir = mkdtempSync(join(tmpdir(), 'drover-project-'));
  cpSync(FIXTURES, projectDir, { recursive: true });
  orgId = (await env.prisma.organization.create({ data: { name: 'org' } })).id;
  worker = await startTestWorker(env, { sources: databaseJobSources(env.prisma, { databaseUrl: env.db.url, projectsDir: join(projectDir, '.projects'), secretKey: undefined }) });
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
  rmSync(projectDir, { recursive: true, force: true });
});

async function fleetInventoryRows(): Promise<number> {
  const key = '/tmp/drover-infra-fleet/id_ed25519';
  const inv = await env.prisma.inventory.create({
    data: {
      organizationId: orgId,
      name: `fleet ${Math.random()}`,
      variables: { ansible_user: 'drover', ansible_ssh_private_key_file: key, ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null' },
    },
  });
  const hosts = [];
  for (const i of [1, 2, 3]) hosts.push(await env.prisma.host.create({ data: { inventoryId: inv.id, name: `host${i}`, variables: { ansible_host: `127.0.0.10${i}` } } }));
  await env.prisma.host.create({ data: { inventoryId: inv.id, name: 'host9', enabled: false, variables: { ansible_host: '127.0.0.109' } } });
  const fleet = await env.prisma.group.create({ data: { inventoryId: inv.id, name: 'fleet', variables: { greeting: 'hello' } } });
  const web = await env.prisma.group.create({ data: { inventoryId: inv.id, name: 'web' } });
  await env.prisma.groupHost.createMany({ data: hosts.map((h) => ({ groupId: web.id, hostId: h.id })) });
  await env.prisma.groupChild.create({ data: { parentId: fleet.id, childId: web.id } });
  return inv.id;
}

async function finished(jobId: number) {
  return waitFor(`job ${jobId}`, async () => {
    const j = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    return ['successful', 'failed', 'error', 'canceled'].includes(j.status) ? j : undefined;
  }, 60_000);
}

describe('database sources', () => {
  it('runs a project playbook against an inventory of rows, with the job limit', async () => {
    const project = await env.prisma.project.create({ data: { organizationId: orgId, name: 'p1', scmType: 'local', localPath: projectDir } });
    const inventoryId = await fleetInventoryRows();
    const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId: project.id, inventoryId, playbook: 'handlers.yml', limit: 'host1:host3' } });
    await enqueueRunJob(worker.queue, job.id);
    const done = await finished(job.id);
    expect(done.status).toBe('successful');
    const summaries = await env.prisma.jobHostSummary.findMany({ where: { jobId: job.id }, orderBy: { hostName: 'asc' } });
    expect(summaries.map((s) => s.hostName)).toEqual(['host1', 'host3']);
    expect(await env.prisma.jobEvent.count({ where: { jobId: job.id, event: 'playbook_on_handler_task_start' } })).toBe(1);
  });

  it('fails to start, saying why, when the project directory or the playbook is missing', async () => {
    const inventoryId = await fleetInventoryRows();
    const gone = await env.prisma.project.create({ data: { organizationId: orgId, name: 'gone', scmType: 'local', localPath: '/nonexistent/project' } });
    const here = await env.prisma.project.create({ data: { organizationId: orgId, name: 'here', scmType: 'local', localPath: projectDir } });
    // a git project the worker must sync first (it was never synced), from a URL that does not answer
    const unsynced = await env.prisma.project.create({ data: { organizationId: orgId, name: 'unsynced', scmType: 'git', scmUrl: 'https://127.0.0.1:9/r.git', localPath: projectDir } });
    const cases: Array<[number, string, RegExp]> = [
      [gone.id, 'handlers.yml', /the directory of project "gone" \(\/nonexistent\/project\) is missing/],
      [here.id, 'nope.yml', /the playbook nope.yml is not in project "here"/],
      [here.id, '../etc/passwd', /bad playbook path/],
      [unsynced.id, 'handlers.yml', /project "unsynced" could not be synced from https:\/\/127\.0\.0\.1:9\/r\.git: git fetch failed/],
    ];
    for (const [projectId, playbook, why] of cases) {
      const job = await env.prisma.job.create({ data: { name: 'j', status: 'pending', projectId, inventoryId, playbook } });
      await enqueueRunJob(worker.queue, job.id);
      const done = await finished(job.id);
      expect(done.status).toBe('failed');
      expect(done.jobExplanation).toMatch(why);
    }
  });
});

describe('inventoryDocument', () => {
  it('writes hosts with their variables once, groups with variables, hosts and children', () => {
    expect(
      inventoryDocument({
        id: 1,
        name: 'i',
        variables: { a: 1 },
        hosts: [{ name: 'h1', variables: { ansible_host: '10.0.0.1' } }, { name: 'h2', variables: {} }],
        groups: [
          { name: 'g', variables: { b: 2 }, hosts: ['h1', 'disabled'], children: ['c'] },
          { name: 'c', variables: {}, hosts: ['h2'], children: [] },
        ],
      }),
    ).toEqual({
      all: {
        vars: { a: 1 },
        hosts: { h1: { ansible_host: '10.0.0.1' }, h2: {} },
        children: { g: { vars: { b: 2 }, hosts: { h1: null }, children: { c: null } }, c: { vars: {}, hosts: { h2: null }, children: {} } },
      },
    });
  });
});
