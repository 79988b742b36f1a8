/**
 * TEST ONLY. Job sources for tests, before projects and inventories are materialized from the
 * database: a job whose extraVars hold `__drover_playbook_path` and `__drover_inventory_path` (absolute
 * paths on the worker's disk) runs that playbook against that inventory. The playbook's directory and
 * the inventory file are copied into the job's private directory, and the two variables are removed
 * from the extra variables the engine sees.
 *
 * Production never wires this (main.ts uses the real sources); only tests and the test worker
 * process (worker-child.ts) do.
 */
import { cp, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { WorkerError } from '../errors.js';
import type { JobSources } from '../run/job-sources.js';

export const TEST_PLAYBOOK_VAR = '__drover_playbook_path';
export const TEST_INVENTORY_VAR = '__drover_inventory_path';

export const testHookSources: JobSources = {
  async prepare(job, dir) {
    const { [TEST_PLAYBOOK_VAR]: playbook, [TEST_INVENTORY_VAR]: inventory, ...extraVars } = job.extraVars;
    if (typeof playbook !== 'string' || !isAbsolute(playbook) || typeof inventory !== 'string' || !isAbsolute(inventory)) {
      throw new WorkerError('DRV_WORKER_SOURCES', `test job ${job.id} needs absolute ${TEST_PLAYBOOK_VAR} and ${TEST_INVENTORY_VAR} in its extra variables`);
    }
    for (const [what, path] of [['playbook', playbook], ['inventory', inventory]]) {
      if (!(await stat(path).catch(() => undefined))?.isFile()) throw new WorkerError('DRV_WORKER_SOURCES', `the ${what} ${path} could not be found`);
    }
    const project = join(dir, 'project');
    await cp(dirname(playbook), project, { recursive: true });
    await mkdir(join(dir, 'inventory'));
    const inv = join(dir, 'inventory', basename(inventory));
    await cp(inventory, inv);
    return { playbookPath: join(project, basename(playbook)), inventoryPaths: [inv], extraVars };
  },
};
