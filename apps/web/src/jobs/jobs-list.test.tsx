// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { JobsListPage } from './jobs-list';
import type { Job } from './job-types';

const live = vi.hoisted(() => ({ listeners: [] as Array<(m: { job: number; status: string; at: string }) => void> }));
vi.mock('../api/live', () => ({
  watchJob: () => () => undefined,
  watchJobStatuses: (fn: (m: { job: number; status: string; at: string }) => void) => {
    live.listeners.push(fn);
    return () => {
      live.listeners.splice(live.listeners.indexOf(fn), 1);
    };
  },
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  live.listeners.length = 0;
});

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const job = (id: number, status: string): Partial<Job> => ({ id, name: `job ${id}`, status, started: null, finished: null, elapsed: 0 });

describe('JobsListPage', () => {
  it('lists jobs with links, pages, filters by status, searches, and updates statuses live', async () => {
    const queries: URLSearchParams[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const u = new URL(url, 'http://x');
      queries.push(u.searchParams);
      const page = Number(u.searchParams.get('page'));
      const status = u.searchParams.get('status');
      if (status === 'failed') return reply(200, { count: 1, next: null, previous: null, results: [job(3, 'failed')] });
      if (page === 2) return reply(200, { count: 27, next: null, previous: '/api/v1/jobs?page=1', results: [job(2, 'successful'), job(1, 'successful')] });
      return reply(200, { count: 27, next: '/api/v1/jobs?page=2', previous: null, results: [job(27, 'running'), job(26, 'pending')] });
    });
    render(
      <MemoryRouter initialEntries={['/jobs']}>
        <JobsListPage />
      </MemoryRouter>,
    );
    const link = await screen.findByRole('link', { name: 'job 27' });
    expect(link.getAttribute('href')).toBe('/jobs/27');
    expect(queries[0]?.get('order_by')).toBe('-id');
    expect(queries[0]?.get('page_size')).toBe('25');
    expect(screen.getByText('Page 1 of 2 (27 jobs)')).toBeTruthy();

    // live status
    const row = () => screen.getByRole('link', { name: 'job 27' }).closest('tr')!;
    expect(within(row()).getByText('running')).toBeTruthy();
    act(() => live.listeners.forEach((fn) => fn({ job: 27, status: 'successful', at: '' })));
    expect(within(row()).getByText('successful')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'job 1' })).toBeTruthy();
    expect(queries.at(-1)?.get('page')).toBe('2');

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'failed');
    expect(await screen.findByRole('link', { name: 'job 3' })).toBeTruthy();
    expect(queries.at(-1)?.get('status')).toBe('failed');
    expect(queries.at(-1)?.get('page')).toBe('1');

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search jobs' }), 'deploy{Enter}');
    await waitFor(() => expect(queries.at(-1)?.get('search')).toBe('deploy'));
  });
});
