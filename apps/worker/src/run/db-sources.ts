import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { WorkerError } from '../errors.js';
import type { InventorySource, SourceStore } from '../store/ports.js';
import type { GitCheckout } from './git-checkout.js';
import type { JobSources } from './job-sources.js';

/**
 * The production sources: the job's project goes into the job's private directory (so a sync during
 * the run cannot change what runs) and its inventory is written there as an Ansible YAML/JSON inventory
 * built from the Host, Group, GroupHost and GroupChild rows (disabled hosts left out).
 *
 * A git project: exactly the job's revision (Job.scmRevision, recorded at launch) is exported from the
 * project's cache, which is synced first when it lacks that revision (see git-checkout.ts); the job then
 * records the revision it ran. A local project: its directory (Project.localPath) is copied.
 *
 * The job's machine credential is applied by the runner (job-secrets.ts), not here.
 */
export class DbJobSources implements JobSources {
  /** `git`: how git projects are checked out; without it a git project's job fails to start. */
  constructor(
    private readonly store: SourceStore,
    private readonly git?: GitCheckout,
  ) {}

  async prepare(job: Parameters<JobSources['prepare']>[0], dir: string) {
    if (job.projectId === null) throw new WorkerError('DRV_WORKER_SOURCES', 'the job has no project (it was deleted, or never set)');
    if (job.inventoryId === null) throw new WorkerError('DRV_WORKER_SOURCES', 'the job has no inventory (it was deleted, or never set)');
    const project = await this.store.getProject(job.projectId);
    if (!project) throw new WorkerError('DRV_WORKER_SOURCES', `project ${job.projectId} does not exist`);
    if (project.scmType === 'local' && (!project.localPath || !(await stat(project.localPath).catch(() => undefined))?.isDirectory())) {
      throw new WorkerError('DRV_WORKER_SOURCES', `the directory of project "${project.name}" (${project.localPath || 'unset'}) is missing`);
    }
    if (project.scmType === 'git' && !this.git) {
      throw new WorkerError('DRV_WORKER_SOURCES', `project "${project.name}" is a git project, and this worker was started without git support (no projects directory)`);
    }
    const rel = normalize(job.playbook);
    if (!rel || isAbsolute(rel) || rel.startsWith('..')) throw new WorkerError('DRV_WORKER_SOURCES', `bad playbook path ${JSON.stringify(job.playbook)}`);
    const inventory = await this.store.getInventory(job.inventoryId);
    if (!inventory) throw new WorkerError('DRV_WORKER_SOURCES', `inventory ${job.inventoryId} does not exist`);

    const projectDir = join(dir, 'project');
    let scmRevision = project.scmRevision;
    if (project.scmType === 'git' && this.git) {
      scmRevision = (await this.git.checkout(project, job.scmRevision, projectDir)).revision;
    } else {
      await cp(project.localPath, projectDir, { recursive: true, filter: (src) => relative(project.localPath, src).split('/')[0] !== '.git' });
    }
    const playbookPath = join(projectDir, rel);
    if (!(await stat(playbookPath).catch(() => undefined))?.isFile()) {
      throw new WorkerError('DRV_WORKER_SOURCES', `the playbook ${job.playbook} is not in project "${project.name}"${project.scmType === 'git' ? ` at revision ${scmRevision.slice(0, 12)}` : ''}`);
    }
    await mkdir(join(dir, 'inventory'));
    const inventoryPath = join(dir, 'inventory', 'hosts.json');
    await writeFile(inventoryPath, JSON.stringify(inventoryDocument(inventory), null, 1), { mode: 0o600 });
    return { playbookPath, inventoryPaths: [inventoryPath], extraVars: job.extraVars, scmRevision };
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
