import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobStore } from '../store/ports.js';

export interface LeaseOptions {
  readonly jobs: JobStore;
  readonly jobId: number;
  readonly workerId: string;
  /** How often the heartbeat is written (and Job.cancelRequested read). */
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Job.cancelRequested was found set. */
  readonly onCancel: () => void;
  /** The job is no longer ours (a reaper errored it, or it was finished elsewhere). */
  readonly onLost: () => void;
}

export interface Lease {
  stop(): void;
}

/**
 * The worker's lease on a job it runs: `Job.heartbeatAt` renewed every `intervalMs` while the job is
 * waiting or running and owned by this worker. A reaper (reapStaleJobs) errors jobs whose heartbeat
 * is older than its staleAfterMs, so that must be several intervals.
 */
export function startLease(o: LeaseOptions): Lease {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const r = await o.jobs.heartbeat(o.jobId, o.workerId, new Date());
      if (stopped) return;
      if (!r.owned) {
        o.logger.warn('lease lost: the job is no longer owned by this worker');
        o.onLost();
      } else if (r.cancelRequested) o.onCancel();
    } catch (e) {
      o.logger.warn('heartbeat failed', { err: errorMessage(e) });
    } finally {
      if (!stopped) timer = setTimeout(tick, o.intervalMs);
    }
  };
  timer = setTimeout(tick, o.intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
