import { errorMessage } from '../errors.js';
import type { EventPublisher } from '../events/publisher.js';
import type { Logger } from '../logger.js';
import type { JobStore } from '../store/ports.js';

export interface ReapOptions {
  /** A waiting/running job whose heartbeat is older than this is taken for dead. */
  readonly staleAfterMs: number;
  readonly now?: Date;
  /** Announces the status change and closes the job's event stream (`events_complete`). */
  readonly publisher?: EventPublisher;
  readonly logger?: Logger;
}

export interface ReapedJob {
  readonly jobId: number;
  readonly workerId: string | null;
  readonly lastHeartbeat: Date;
}

/**
 * Mark waiting/running jobs whose worker stopped renewing its lease as `error`, with the reason in
 * Job.jobExplanation and on the JobStatusChange row: a job is never left `running` by a dead worker.
 * Safe to run from every worker at once (each change is a compare-and-set that also re-checks the
 * heartbeat under the row lock), and a reaped job is never run again (the worker only takes
 * pending/waiting jobs, and a worker that was only slow finds its lease gone and stops).
 */
export async function reapStaleJobs(jobs: JobStore, opts: ReapOptions): Promise<ReapedJob[]> {
  const now = opts.now ?? new Date();
  const before = new Date(now.getTime() - opts.staleAfterMs);
  const reaped: ReapedJob[] = [];
  for (const s of await jobs.staleJobs(before)) {
    const ago = Math.round((now.getTime() - s.heartbeatAt.getTime()) / 1000);
    const reason =
      `Job abandoned: worker ${s.workerId ?? '(none)'} stopped renewing its lease while the job was ${s.status} ` +
      `(last heartbeat ${s.heartbeatAt.toISOString()}, ${ago}s ago). The worker died or lost its database; ` +
      `what ran on the hosts after the last stored event is unknown.`;
    try {
      const r = await jobs.transition(s.id, {
        from: [s.status],
        to: 'error',
        reason,
        owner: s.workerId,
        heartbeatBefore: before,
        at: now,
        patch: {
          finishedAt: now,
          elapsed: s.startedAt ? (now.getTime() - s.startedAt.getTime()) / 1000 : 0,
          jobExplanation: reason,
        },
      });
      if (!r.ok) continue;
      reaped.push({ jobId: s.id, workerId: s.workerId, lastHeartbeat: s.heartbeatAt });
      opts.logger?.warn('reaped a job whose worker is gone', { jobId: s.id, workerId: s.workerId });
      if (opts.publisher) {
        const lastCounter = await jobs.lastEventCounter(s.id);
        await opts.publisher.publishStatus({ type: 'status', version: 1, jobId: s.id, status: 'error', at: now.toISOString() });
        await opts.publisher.publishComplete({ type: 'events_complete', version: 1, jobId: s.id, lastCounter });
      }
    } catch (e) {
      opts.logger?.error('reaping a job failed', { jobId: s.id, err: errorMessage(e) });
    }
  }
  return reaped;
}
