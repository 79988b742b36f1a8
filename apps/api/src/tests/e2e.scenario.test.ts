/**
 * End to end: the API launches a template, the real worker (@drover/worker, in-process) runs the
 * playbook on the local connection, and a socket.io client watches the events arrive live, resumes
 * after a reconnect, and sees the end of the stream.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, LiveJobEvent, ServerToClientEvents } from '@drover/events';
import { localProject } from './fixtures.js';
import type { TestContext } from './helper.js';
import { startLiveStack, type LiveStack } from './live-stack.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: say hello
      debug:
        msg: "hello {{ greeting }}"
    - name: change something
      command: "true"
`;

describe('launch -> worker -> live events', () => {
  let stack: LiveStack;
  let t: TestContext;
  let url: string;
  beforeAll(async () => {
    stack = await startLiveStack({ DROVER_WORKER_CONCURRENCY: '2' });
    ({ t, url } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('runs a launched job and streams its events to a subscriber', async () => {
    const api = t.admin.api;
    const org = (await api.post('/api/v1/organizations', { name: 'e2e' })).body.id;
    const project = await localProject(t, org, 'e2e', { 'hello.yml': PLAYBOOK });
    const inv = (await api.post('/api/v1/inventories', { name: 'local', organization: org })).body.id;
    await api.post(`/api/v1/inventories/${inv}/hosts`, { name: 'localhost', variables: { ansible_connection: 'local' } });
    const tpl = (await api.post('/api/v1/job_templates', { name: 'hello', project, playbook: 'hello.yml', inventory: inv, extra_vars: 'greeting: world' })).body;
    expect(tpl.id).toBeGreaterThan(0);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token: t.admin.token }, transports: ['websocket'], forceNew: true });
    const events: LiveJobEvent[] = [];
    const statuses: string[] = [];
    let complete: { job: number; last_counter: number } | undefined;
    socket.on('job:event', (e) => events.push(e));
    socket.on('job:events_complete', (m) => (complete = m));
    socket.on('job:status', (m) => statuses.push(m.status));
    await new Promise<void>((r) => socket.on('connect', () => r()));

    const job = (await api.post(`/api/v1/job_templates/${tpl.id}/launch`)).body;
    expect((await socket.emitWithAck('job:subscribe', { job: job.id, last_counter: 0 })).ok).toBe(true);
    const until = Date.now() + 60_000;
    while (!complete && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    socket.disconnect();
    expect(complete?.job).toBe(job.id);
    const counters = events.map((e) => e.counter);
    expect(counters).toEqual(Array.from({ length: counters.length }, (_, i) => i + 1));
    expect(complete?.last_counter).toBe(counters.length);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['playbook_on_start', 'runner_on_ok', 'playbook_on_stats']));

    const done = (await api.get(`/api/v1/jobs/${job.id}`)).body;
    expect(done.status).toBe('successful');
    expect(statuses).toContain('running');
    const stdout = (await api.get(`/api/v1/jobs/${job.id}/stdout?format=txt`)).text;
    expect(stdout).toContain('hello world');
    expect(stdout).toContain('PLAY RECAP');
    const stored = (await api.get(`/api/v1/jobs/${job.id}/job_events?limit=1000`)).body.results;
    expect(stored.map((e: { counter: number }) => e.counter)).toEqual(counters);

    // a client that reconnects mid-way resumes where it stopped
    const again: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token: t.admin.token }, transports: ['websocket'], forceNew: true });
    const rest: number[] = [];
    let end: number | undefined;
    again.on('job:event', (e) => rest.push(e.counter));
    again.on('job:events_complete', (m) => (end = m.last_counter));
    await new Promise<void>((r) => again.on('connect', () => r()));
    await again.emitWithAck('job:subscribe', { job: job.id, last_counter: 3 });
    while (end === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    again.disconnect();
    expect(rest).toEqual(counters.slice(3));
    expect(end).toBe(counters.length);

    const summaries = (await api.get(`/api/v1/jobs/${job.id}/job_host_summaries`)).body.results;
    expect(summaries).toEqual([expect.objectContaining({ host_name: 'localhost', failed: false, changed: 1 })]);
  });
});
