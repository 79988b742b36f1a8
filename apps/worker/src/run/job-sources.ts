import { WorkerError } from '../errors.js';
import type { JobRecord } from '../store/ports.js';

/** What a run needs on the worker's disk, inside the job's private directory. */
export interface PreparedSources {
  readonly playbookPath: string;
  /** Inventory files or directories, as `-i` takes them. */
  readonly inventoryPaths: readonly string[];
  /** The extra variables handed to the engine (the job's, less anything the sources consumed). */
  readonly extraVars: Readonly<Record<string, unknown>>;
  /** The project commit that runs (git projects). */
  readonly scmRevision?: string;
  /** Shown as warning events before the run. */
  readonly warnings?: readonly string[];
}

/**
 * Materializes a job's project and inventory into `dir` (a private temporary directory the runner
 * removes afterwards). Throw WorkerError DRV_WORKER_SOURCES for anything the user can fix (missing
 * project, bad playbook path): the job then fails to start with that message.
 */
export interface JobSources {
  prepare(job: JobRecord, dir: string): Promise<PreparedSources>;
}

/** Sources for a worker with no database access to projects and inventories: every job fails to
 * start, saying why. */
export const unavailableSources: JobSources = {
  async prepare(job) {
    throw new WorkerError(
      'DRV_WORKER_SOURCES',
      `this worker cannot materialize project ${job.projectId ?? '(none)'} and inventory ${job.inventoryId ?? '(none)'} yet`,
    );
  },
};
