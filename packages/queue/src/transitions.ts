import { QueueError } from './errors.js';
import type { JobStatus } from './job-status.js';

/**
 * The job status machine (AWX's unified job statuses, awx-api.md section 2). Every change of
 * `Job.status` goes through `assertTransition` and appends a `JobStatusChange` row.
 *
 *   new -> pending -> waiting -> running -> successful | failed | error | canceled
 *
 * A job that has not started can also end at once: from new, pending or waiting it may go to failed
 * (a pre-start check failed), error (drover could not start it) or canceled. `waiting -> pending`
 * gives a claimed job back to the queue.
 */
export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  new: ['pending', 'failed', 'error', 'canceled'],
  pending: ['waiting', 'running', 'failed', 'error', 'canceled'],
  waiting: ['pending', 'running', 'failed', 'error', 'canceled'],
  running: ['successful', 'failed', 'error', 'canceled'],
  successful: [],
  failed: [],
  error: [],
  canceled: [],
};

/** Statuses a job never leaves. */
export function isTerminal(status: JobStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** AWX's ACTIVE_STATES (= CAN_CANCEL): new, pending, waiting, running. */
export function isActive(status: JobStatus): boolean {
  return !isTerminal(status);
}

/** A worker may pick up a job only in these statuses (a job is never run twice). */
export function isRunnable(status: JobStatus): boolean {
  return status === 'pending' || status === 'waiting';
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws DRV_INVALID_TRANSITION unless `from -> to` is in the table. */
export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) {
    throw new QueueError('DRV_INVALID_TRANSITION', `job status cannot change from ${from} to ${to}`);
  }
}
