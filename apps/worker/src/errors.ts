/** Stable error codes of the worker. */
export type WorkerErrorCode =
  | 'DRV_WORKER_JOB_NOT_FOUND' // the payload names a Job row that does not exist
  | 'DRV_WORKER_JOB_NOT_RUNNABLE' // the job is not pending/waiting (already ran, canceled, or claimed elsewhere)
  | 'DRV_WORKER_SOURCES' // the job's project, playbook or inventory cannot be materialized
  | 'DRV_WORKER_EVENTS_LOST'; // job events could not be stored (the database stayed unreachable)

export class WorkerError extends Error {
  readonly code: WorkerErrorCode;
  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerError';
    this.code = code;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
