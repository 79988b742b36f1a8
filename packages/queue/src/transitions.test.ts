import { describe, expect, it } from 'vitest';
import { JOB_STATUSES } from './job-status.js';
import { QueueError } from './errors.js';
import { TRANSITIONS, assertTransition, isActive, isRunnable, isTerminal } from './transitions.js';

describe('job status machine', () => {
  it('follows the normal path new -> pending -> waiting -> running -> each end state', () => {
    for (const [from, to] of [['new', 'pending'], ['pending', 'waiting'], ['waiting', 'running']] as const) {
      expect(() => assertTransition(from, to)).not.toThrow();
    }
    for (const end of ['successful', 'failed', 'error', 'canceled'] as const) expect(() => assertTransition('running', end)).not.toThrow();
  });

  it('lets a job that has not started end as failed, error or canceled', () => {
    for (const from of ['new', 'pending', 'waiting'] as const) {
      for (const to of ['failed', 'error', 'canceled'] as const) expect(() => assertTransition(from, to)).not.toThrow();
    }
  });

  it('rejects illegal changes with DRV_INVALID_TRANSITION', () => {
    for (const [from, to] of [['running', 'pending'], ['new', 'running'], ['successful', 'running'], ['canceled', 'error'], ['running', 'running']] as const) {
      let err: unknown;
      try {
        assertTransition(from, to);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(QueueError);
      expect((err as QueueError).code).toBe('DRV_INVALID_TRANSITION');
    }
  });

  it('knows terminal, active and runnable statuses', () => {
    expect(JOB_STATUSES.filter(isTerminal)).toEqual(['successful', 'failed', 'error', 'canceled']);
    expect(JOB_STATUSES.filter(isActive)).toEqual(['new', 'pending', 'waiting', 'running']);
    expect(JOB_STATUSES.filter(isRunnable)).toEqual(['pending', 'waiting']);
    // every status has a row, and no transition leads to an unknown status
    for (const s of JOB_STATUSES) for (const t of TRANSITIONS[s]) expect(JOB_STATUSES).toContain(t);
  });
});
