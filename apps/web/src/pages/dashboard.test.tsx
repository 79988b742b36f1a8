// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, page, renderAt } from '../components/test-api';
import type { Job, JobStatus } from '../components/resource-types';
import type { DashboardData } from './dashboard';

type StatusListener = (m: { job: number; status: string; at: string }) => void;
const live = vi.hoisted(() => ({ listeners: [] as Array<(m: { job: number; status: string; at: string }) => void> }));
vi.mock('../api/live', () => ({
  watchJobStatuses: (fn: StatusListener) => {
    live.listeners.push(fn);
    return () => {
      live.listeners = live.listeners.filter((l) => l !== fn);
    };
  },
}));

const { DashboardPage } = await import('./dashboard');

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const job = (id: number, status: JobStatus, name = `job ${id}`): Job => ({ id, name, status, started: null, finished: null, job_template: 1, failed: false, launch_type: 'manual', playbook: 'site.yml', limit: '', job_type: 'run', created: '', elapsed: 0 });

const DATA: DashboardData = {
  jobs: { total: 9, successful: 5, failed: 2, error: 1, canceled: 1, running: 1, pending: 0, waiting: 0 },
  job_graph: [
    { date: '2026-11-23', successful: 3, failed: 1, error: 0, canceled: 0 },
    { date: '2026-11-24', successful: 2, failed: 1, error: 1, canceled: 1 },
  ],
  recent_jobs: [job(12, 'running', 'deploy'), job(11, 'failed', 'backup')],
  failed_hosts: [{ host: 'web1', job: 11, job_name: 'backup', finished: '2026-11-24T10:00:00Z', failures: 2, dark: 0 }],
  counts: { projects: 2, inventories: 3, hosts: 14, job_templates: 4, credentials: 1 },
};

describe('DashboardPage', () => {
  it('shows counts, an accessible chart with its numbers, recent jobs, failed hosts, and updates running jobs live', async () => {
    let running = [job(12, 'running', 'deploy')];
    const calls = fakeApi((c) => {
      if (c.path === '/dashboard') return [200, DATA];
      if (c.path === '/jobs') return [200, page(running)];
      return undefined;
    });
    renderAt(<DashboardPage />, '/');
    const chart = await screen.findByRole('img', { name: /Job outcomes per day, last 2 days/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const table = screen.getByRole('table', { name: 'Jobs per day' });
    const rows = within(table).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['DateSuccessfulFailedCanceled', '2026-11-23310', '2026-11-24221']);
    expect(calls.find((c) => c.path === '/dashboard')?.query.get('days')).toBe('14');
    expect(calls.find((c) => c.path === '/jobs')?.query.get('status__in')).toBe('new,pending,waiting,running');

    const recent = screen.getByRole('table', { name: 'Recent jobs' });
    expect(within(recent).getByRole('link', { name: '12 — deploy' }).getAttribute('href')).toBe('/jobs/12');
    const hosts = screen.getByRole('table', { name: 'Hosts with failures' });
    expect(within(hosts).getByRole('cell', { name: 'web1' })).toBeTruthy();
    expect(within(hosts).getByRole('link', { name: '11 — backup' }).getAttribute('href')).toBe('/jobs/11');
    expect(within(screen.getByRole('region', { name: 'Counts' })).getByText('14').nextElementSibling?.textContent).toBe('Hosts');
    expect(screen.queryByRole('link', { name: /Hosts/ })).toBeNull();

    const runningTable = screen.getByRole('table', { name: 'Running jobs' });
    expect(within(runningTable).getByText('running')).toBeTruthy();
    running = [];
    act(() => live.listeners.forEach((l) => l({ job: 12, status: 'successful', at: '' })));
    expect(within(runningTable).getByText('successful')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Recent jobs' })).getAllByText('successful')).toHaveLength(1);
    await waitFor(() => expect(calls.filter((c) => c.path === '/dashboard')).toHaveLength(2), { timeout: 3000 });
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Running jobs' })).toBeNull());
  });
});
