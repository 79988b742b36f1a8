import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { WorkerError } from '../errors.js';
import type { InventorySource, SourceStore } from '../store/ports.js';
import type { JobSources } from './job-sources.js';

/**
 * The production sources: the job's project directory (Project.localPath, the checkout of the last
 * sync for git projects) is copied into the job's private directory (so a sync during the run cannot
 * change what runs), and its inventory is written there as an Ansible YAML/JSON inventory built from
 * the Host, Group, GroupHost and GroupChild rows (disabled hosts left out).
 *
 * The job's machine credential is applied by the runner (job-secrets.ts), not here.
 */
export class DbJobSources implements JobSources {
  constructor(private readonly store: SourceStore) {}

  async prepare(job: Parameters<JobSources['prepare']>[0], dir: string) {
    if (job.projectId === null) throw new WorkerError('DRV_WORKER_SOURCES', 'the job has no project (it was deleted, or never set)');
    if (job.inventoryId === null) throw new WorkerError('DRV_WORKER_SOURCES', 'the job has no inventory (it was deleted, or never set)');
    const project = await this.store.getProject(job.projectId);
    if (!project) throw new WorkerError('DRV_WORKER_SOURCES', `project ${job.projectId} does not exist`);
    if (project.scmType === 'git' && project.lastSyncStatus !== 'successful') {
      throw new WorkerError('DRV_WORKER_SOURCES', `project "${project.name}" has no successful sync to run from`);
    }
    if (!project.localPath || !(await stat(project.localPath).catch(() => undefined))?.isDirectory()) {
      throw new WorkerError('DRV_WORKER_SOURCES', `the directory of project "${project.name}" (${project.localPath || 'unset'}) is missing`);
    }
    const rel = normalize(job.playbook);
    if (!rel || isAbsolute(rel) || rel.startsWith('..')) throw new WorkerError('DRV_WORKER_SOURCES', `bad playbook path ${JSON.stringify(job.playbook)}`);
    const inventory = await this.store.getInventory(job.inventoryId);
    if (!inventory) throw new WorkerError('DRV_WORKER_SOURCES', `inventory ${job.inventoryId} does not exist`);

    const projectDir = join(dir, 'project');
    await cp(project.localPath, projectDir, { recursive: true, filter: (src) => relative(project.localPath, src).split('/')[0] !== '.git' });
    const playbookPath = join(projectDir, rel);
    if (!(await stat(playbookPath).catch(() => undefined))?.isFile()) {
      throw new WorkerError('DRV_WORKER_SOURCES', `the playbook ${job.playbook} is not in project "${project.name}"`);
    }
    await mkdir(join(dir, 'inventory'));
    const inventoryPath = join(dir, 'inventory', 'hosts.json');
    await writeFile(inventoryPath, JSON.stringify(inventoryDocument(inventory), null, 1), { mode: 0o600 });
    return { playbookPath, inventoryPaths: [inventoryPath], extraVars: job.extraVars, scmRevision: project.scmRevision };
  }
}

/** An Ansible YAML inventory (as JSON): every host with its variables under `all.hosts`, every
 * group under `all.children` with its variables, hosts and child groups. */
export function inventoryDocument(inv: InventorySource): Record<string, unknown> {
  const hosts = Object.fromEntries(inv.hosts.map((h) => [h.name, h.variables]));
  const enabled = new Set(inv.hosts.map((h) => h.name));
  const children = Object.fromEntries(
    inv.groups.map((g) => [
      g.name,
      {
        vars: g.variables,
        hosts: Object.fromEntries(g.hosts.filter((h) => enabled.has(h)).map((h) => [h, null])),
        children: Object.fromEntries(g.children.map((c) => [c, null])),
      },
    ]),
  );
  return { all: { vars: inv.variables, hosts, children } };
}
