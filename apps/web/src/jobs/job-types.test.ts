import { describe, expect, it } from 'vitest';
import { laterStatus } from './job-types';

describe('laterStatus', () => {
  it('keeps the later of two status reports, so a late stale answer never moves a job back', () => {
    expect(laterStatus('successful', 'pending')).toBe('successful');
    expect(laterStatus('pending', 'running')).toBe('running');
    expect(laterStatus('running', 'failed')).toBe('failed');
    expect(laterStatus(undefined, 'waiting')).toBe('waiting');
    expect(laterStatus('canceled', undefined)).toBe('canceled');
  });
});
