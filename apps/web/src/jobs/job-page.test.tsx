// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { LiveJobEvent } from '@drover/events';
import type { JobWatch } from '../api/live';
import { JobPage } from './job-page';
import type { Job } from './job-types';
import { SampleJob } from './sample-events';
import { EventBatcher } from './use-job-stream';

const live = vi.hoisted(() => ({ watches: [] as Array<{ job: number; from: number; w: JobWatch; stopped: boolean }> }));
vi.mock('../api/live', () => ({
  watchJob: (job: number, from: number, w: JobWatch) => {
    const entry = { job, from, w, stopped: false };
    live.watches.push(entry);
    return () => {
      entry.stopped = true;
    };
  },
  watchJobStatuses: () => () => undefined,
}));

const saved = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() => Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 600 }));
afterAll(() => {
  if (saved) Object.defineProperty(Element.prototype, 'clientHeight', saved);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  live.watches.length = 0;
});

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function job(over: Partial<Job> = {}): Job {
  return {
    id: 7, name: 'Deploy app', job_template: 3, project: 1, inventory: 2, credential: null, created_by: 1, status: 'running', failed: false,
    launch_type: 'manual', playbook: 'site.yml', limit: '', job_type: 'run', force_handlers: false, verbosity: 0,
    created: '2026-01-01T00:00:00Z', started: '2026-01-01T00:00:01Z', finished: null, elapsed: 0, job_explanation: '', result_traceback: '',
    cancel_requested: false, events_emitted: 0, relaunch_of: null, summary_fields: { user_capabilities: { cancel: true, relaunch: true } },
    ...over,
  };
}

function Where() {
  const l = useLocation();
  return <output aria-label="location">{l.pathname}</output>;
}

/** A job whose first events are stored (2 REST pages) and the rest arrive live. */
function scenario() {
  const s = new SampleJob(7);
  s.start();
  s.playStart('web');
  const t = s.taskStart('restart web');
  s.notify(t, 'host1', 'restart nginx', 'web restarted');
  s.result(t, 'host1', 'changed');
  s.notify(t, 'host2', 'restart nginx', 'web restarted');
  s.result(t, 'host2', 'changed');
  const stored = [...s.events];
  return { s, t, stored };
}

describe('JobPage', () => {
  it('loads stored events page by page, then streams live ones; header, tabs, cancel and relaunch work', async () => {
    const { s, stored } = scenario();
    const calls: Array<{ url: string; method: string; body?: unknown }> = [];
    let current = job();
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ url, method, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const u = new URL(url, 'http://x');
      if (u.pathname === '/api/v1/jobs/7' && method === 'GET') return reply(200, current);
      if (u.pathname === '/api/v1/jobs/7/job_events') {
        const after = Number(u.searchParams.get('counter__gt'));
        const page = stored.filter((e) => e.counter > after).slice(0, 4);
        const more = stored.some((e) => e.counter > (page.at(-1)?.counter ?? Infinity));
        return reply(200, { count: null, previous: null, next: more ? `/api/v1/jobs/7/job_events?counter__gt=${page.at(-1)!.counter}&limit=1000` : null, results: page });
      }
      if (u.pathname === '/api/v1/job_templates/3') return reply(200, { id: 3, name: 'Deploy template' });
      if (u.pathname === '/api/v1/inventories/2') return reply(200, { id: 2, name: 'Prod' });
      if (u.pathname === '/api/v1/projects/1') return reply(403, { error: { code: 'DRV_API_FORBIDDEN', message: 'no' } });
      if (u.pathname === '/api/v1/jobs/7/cancel') {
        current = job({ cancel_requested: true });
        return reply(202, current);
      }
      if (u.pathname === '/api/v1/jobs/7/job_host_summaries') return reply(200, { count: 0, next: null, previous: null, results: [] });
      if (u.pathname === '/api/v1/jobs/7/relaunch') return reply(201, job({ id: 8, status: 'pending', relaunch_of: 7 }));
      if (u.pathname === '/api/v1/jobs/8') return reply(200, job({ id: 8, status: 'pending', relaunch_of: 7 }));
      if (u.pathname === '/api/v1/jobs/8/job_events') return reply(200, { count: null, next: null, previous: null, results: [] });
      return reply(404, { error: { code: 'DRV_API_NOT_FOUND', message: `no ${u.pathname}` } });
    });

    render(
      <MemoryRouter initialEntries={['/jobs/7']}>
        <Routes>
          <Route path="/jobs/:id/*" element={<JobPage />} />
        </Routes>
        <Where />
      </MemoryRouter>,
    );
    expect(await screen.findByRole('heading', { name: /Deploy app/ })).toBeTruthy();
    expect(screen.getByText('running', { selector: '.status-badge' })).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'Deploy template' })).getAttribute('href')).toBe('/templates/3');
    expect((await screen.findByRole('link', { name: 'Prod' })).getAttribute('href')).toBe('/inventories/2');
    expect(screen.getByRole('link', { name: 'Project 1' }).getAttribute('href')).toBe('/projects/1');
    expect(screen.queryByRole('button', { name: 'Relaunch' })).toBeNull();

    // stored events: two keyset pages, then the socket from the last stored counter
    await waitFor(() => expect(live.watches).toHaveLength(1));
    expect(live.watches[0]).toMatchObject({ job: 7, from: stored.length });
    expect(calls.filter((c) => c.url.includes('/job_events')).map((c) => new URL(c.url, 'http://x').searchParams.get('counter__gt'))).toEqual(['0', '4']);
    const log = screen.getByRole('log', { name: 'Job output' });
    await waitFor(() => expect(log.textContent).toContain('changed: [host2]'));
    expect(screen.getByRole('tab', { name: 'Output' }).getAttribute('aria-selected')).toBe('true');

    // live events: one batch per frame
    const w = live.watches[0]!.w;
    const h = s.taskStart('restart nginx', true);
    s.result(h, 'host1', 'ok', { msg: 'restarted' });
    act(() => {
      for (const e of s.events.slice(stored.length)) w.onEvent(e);
    });
    await waitFor(() => expect(log.textContent).toContain('RUNNING HANDLER [restart nginx]'));

    // cancel
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/jobs/7/cancel' && c.method === 'POST')).toBe(true));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Cancel' })).toHaveProperty('disabled', true));

    // the Handlers tab: the timeline from the same stream, live
    await userEvent.click(screen.getByRole('tab', { name: 'Handlers' }));
    expect(screen.getByRole('tab', { name: 'Handlers' }).getAttribute('aria-selected')).toBe('true');
    const region = screen.getByRole('region', { name: 'Handler timeline' });
    expect(within(region).getAllByText("TASK [restart web] notified handler 'restart nginx' via 'web restarted'")).toHaveLength(2);
    expect(within(region).getByText('RUNNING HANDLER [restart nginx]: ok')).toBeTruthy();
    act(() => w.onEvent(s.drop('host2', 'restart nginx', 'host_unreachable')));
    expect(await within(region).findByText("Handler 'restart nginx' dropped: the host was unreachable")).toBeTruthy();
    // a timeline entry opens its event
    await userEvent.click(within(region).getByRole('button', { name: 'RUNNING HANDLER [restart nginx]: ok' }));
    const details = screen.getByRole('complementary', { name: 'Event details' });
    expect(details.textContent).toContain('"msg": "restarted"');

    // the Hosts tab: a live tally, then the recap
    await userEvent.click(screen.getByRole('tab', { name: 'Hosts' }));
    const table = screen.getByRole('table');
    const row = (host: string) => within(table).getByRole('rowheader', { name: host }).closest('tr')!;
    expect([...row('host1').querySelectorAll('td')].map((td) => td.textContent)).toEqual(['2', '1', '0', '0', '0', '0', '0']);
    act(() => {
      w.onEvent({ ...s.text(['']), event: 'playbook_on_stats', counter: s.events.length + 1, stdout: '', event_data: { ok: { host1: 5, host2: 1 }, changed: { host1: 2 }, dark: { host2: 1 }, failures: {}, skipped: { host1: 1 }, rescued: { host1: 1 }, ignored: {}, processed: { host1: 1, host2: 1 } } } as LiveJobEvent);
    });
    await waitFor(() => expect([...row('host2').querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '0', '1', '0', '0', '0', '0']));
    expect([...row('host1').querySelectorAll('td')].map((td) => td.textContent)).toEqual(['5', '2', '0', '0', '1', '1', '0']);

    // the job ends failed: the live status flips the badge and the actions
    current = job({ status: 'failed', failed: true, finished: '2026-01-01T00:01:01Z', elapsed: 60 });
    act(() => {
      w.onStatus?.('failed');
      w.onComplete?.(s.events.length);
    });
    expect(await screen.findByText('failed', { selector: '.status-badge' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(await screen.findByText('1m 00s')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Relaunch on failed hosts' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' }).textContent).toBe('/jobs/8'));
    expect(calls.find((c) => c.url === '/api/v1/jobs/7/relaunch')?.body).toEqual({ hosts: 'failed' });
    // leaving job 7 stops its live watch (in the effect cleanup React runs after the navigation renders)
    await waitFor(() => expect(live.watches[0]!.stopped).toBe(true));
    expect(await screen.findByText('Job 8')).toBeTruthy();
  });

  it('names the template, inventory and project from summary_fields without fetching them', async () => {
    const urls: string[] = [];
    const named = job({ status: 'successful', finished: '2026-01-01T00:01:01Z', summary_fields: { job_template: { id: 3, name: 'Deploy template' }, inventory: { id: 2, name: 'Prod' }, project: null, credential: null } });
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(new URL(url, 'http://x').pathname);
      if (url.startsWith('/api/v1/jobs/7/job_events')) return reply(200, { count: null, next: null, previous: null, results: [] });
      if (url.startsWith('/api/v1/jobs/7/job_host_summaries')) return reply(200, { count: 0, next: null, previous: null, results: [] });
      if (url.startsWith('/api/v1/jobs/7')) return reply(200, named);
      return reply(404, { error: { code: 'DRV_API_NOT_FOUND', message: 'no' } });
    });
    render(
      <MemoryRouter initialEntries={['/jobs/7']}>
        <Routes>
          <Route path="/jobs/:id/*" element={<JobPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect((await screen.findByRole('link', { name: 'Deploy template' })).getAttribute('href')).toBe('/templates/3');
    expect(screen.getByRole('link', { name: 'Prod' }).getAttribute('href')).toBe('/inventories/2');
    expect(screen.getByRole('link', { name: 'Project 1' }).getAttribute('href')).toBe('/projects/1');
    expect(urls.filter((u) => !u.startsWith('/api/v1/jobs/'))).toEqual([]);
  });

  it('shows the API error when the job cannot be read', async () => {
    vi.stubGlobal('fetch', async () => reply(404, { error: { code: 'DRV_API_NOT_FOUND', message: 'job not found' } }));
    render(
      <MemoryRouter initialEntries={['/jobs/99/output']}>
        <Routes>
          <Route path="/jobs/:id/*" element={<JobPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('job not found');
  });
});

describe('EventBatcher', () => {
  it('applies everything pushed during a frame in one batch', () => {
    const frames: Array<() => void> = [];
    const batches: LiveJobEvent[][] = [];
    const b = new EventBatcher((xs) => batches.push(xs), (fn) => {
      frames.push(fn);
      return () => undefined;
    });
    const s = new SampleJob();
    s.start();
    s.playStart('p');
    const t = s.taskStart('t');
    for (let i = 0; i < 1000; i++) s.result(t, `h${i}`, 'ok');
    for (const e of s.events) b.push(e);
    expect(batches).toHaveLength(0);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(s.events.length);
    b.push(s.events.slice(0, 2));
    expect(frames).toHaveLength(2);
  });
});
