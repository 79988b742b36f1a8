import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEventMessage } from '@drover/queue';
import { buildTestApp, type TestContext } from '../../tests/helper.js';
import { fakeEvents, twoTeams, type World } from '../../tests/fixtures.js';
import type { ClientToServerEvents, LiveJobEvent, ServerToClientEvents } from '@drover/events';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function message(jobId: number, counter: number): JobEventMessage {
  return {
    type: 'event',
    version: 1,
    jobId,
    event: { counter, uuid: `u-${jobId}-${counter}`, parent_uuid: null, created: new Date().toISOString(), event: 'warning', event_data: { message: `m${counter}` } } as JobEventMessage['event'],
    stdout: `line ${counter}\n`,
    startLine: counter - 1,
    endLine: counter,
  };
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('live job events over socket.io', () => {
  let t: TestContext;
  let w: World;
  let url: string;
  const clients: Client[] = [];
  const open = async (token: string | undefined): Promise<Client> => {
    const c: Client = connect(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
    clients.push(c);
    await new Promise<void>((resolve, reject) => {
      c.on('connect', () => resolve());
      c.on('connect_error', (e) => reject(e));
    });
    return c;
  };
  const record = (c: Client) => {
    const seen: { events: LiveJobEvent[]; complete: Array<{ job: number; last_counter: number }>; status: Array<{ job: number; status: string }> } = { events: [], complete: [], status: [] };
    c.on('job:event', (e) => seen.events.push(e));
    c.on('job:events_complete', (m) => seen.complete.push(m));
    c.on('job:status', (m) => seen.status.push(m));
    return seen;
  };
  const publish = (jobId: number, msg: unknown) => t.app.redis.publish(t.app.channels.jobEvents(jobId), JSON.stringify(msg));

  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await t?.close();
  });

  it('refuses unauthenticated sockets', async () => {
    await expect(open(undefined)).rejects.toThrow(/authentication/);
    await expect(open('drv_bogus')).rejects.toThrow(/authentication/);
  });

  it('accepts the session cookie from its own origin only', async () => {
    const login = await t.anonymous.post('/api/v1/auth/login', { username: w.userA.username, password: w.userA.password });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const host = new URL(url).host;
    const attempt = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const c = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } });
        clients.push(c);
        c.on('connect', () => resolve(true));
        c.on('connect_error', () => resolve(false));
      });
    expect(await attempt(`http://${host}`)).toBe(true);
    expect(await attempt('https://evil.example')).toBe(false);
  });

  it('replays stored events, then relays live ones without gaps or duplicates, then marks the end', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    await fakeEvents(t, job.id, [{ event: 'playbook_on_start' }, { event: 'warning' }, { event: 'warning' }]);
    const c = await open(w.userA.token);
    const seen = record(c);
    const ack = await c.emitWithAck('job:subscribe', { job: job.id });
    expect(ack).toEqual({ ok: true, status: 'pending' });
    await until(() => seen.events.length === 3);
    // live: 4, a duplicate of 3, then 6 after a gap (5 is stored but was not published)
    await fakeEvents(t, job.id, [{ event: 'warning' }, { event: 'warning' }, { event: 'warning' }], 4);
    await publish(job.id, message(job.id, 4));
    await publish(job.id, message(job.id, 3));
    await publish(job.id, message(job.id, 6));
    await until(() => seen.events.length === 6);
    await publish(job.id, message(job.id, 6));
    await publish(job.id, { type: 'events_complete', version: 1, jobId: job.id, lastCounter: 6 });
    await until(() => seen.complete.length === 1);
    expect(seen.events.map((e) => e.counter)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.events[3]).toMatchObject({ job: job.id, event: 'warning', stdout: 'line 4\n', uuid: `u-${job.id}-4` });
    expect(seen.complete).toEqual([{ job: job.id, last_counter: 6 }]);

    // a reconnecting client resumes after its last counter; the finished job's end is marked
    await t.app.db.job.update({ where: { id: job.id }, data: { status: 'successful' } });
    const again = await open(w.userA.token);
    const seen2 = record(again);
    await again.emitWithAck('job:subscribe', { job: job.id, last_counter: 4 });
    await until(() => seen2.complete.length === 1);
    expect(seen2.events.map((e) => e.counter)).toEqual([5, 6]);
    expect(seen2.complete).toEqual([{ job: job.id, last_counter: 6 }]);
  });

  it('keeps other teams out of a job and its events', async () => {
    const jobA = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    const b = await open(w.userB.token);
    const seen = record(b);
    const ack = await b.emitWithAck('job:subscribe', { job: jobA.id });
    expect(ack).toEqual({ error: { code: 'DRV_API_NOT_FOUND', message: 'job not found' } });
    await publish(jobA.id, message(jobA.id, 1));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.events).toEqual([]);
    expect(await b.emitWithAck('job:subscribe', { job: 'x' as unknown as number })).toMatchObject({ error: { code: 'DRV_API_VALIDATION' } });
  });

  it('sends job status changes to the list subscribers who may read the job', async () => {
    const a = await open(w.userA.token);
    const b = await open(w.userB.token);
    const seenA = record(a);
    const seenB = record(b);
    await a.emitWithAck('jobs:subscribe');
    await b.emitWithAck('jobs:subscribe');
    const jobA = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    await until(() => seenA.status.some((s) => s.job === jobA.id && s.status === 'pending'));
    await w.userA.api.post(`/api/v1/jobs/${jobA.id}/cancel`);
    await until(() => seenA.status.some((s) => s.job === jobA.id && s.status === 'canceled'));
    const jobB = (await w.userB.api.post(`/api/v1/job_templates/${w.templateB}/launch`)).body;
    await until(() => seenB.status.some((s) => s.job === jobB.id));
    await new Promise((r) => setTimeout(r, 100));
    expect(seenB.status.some((s) => s.job === jobA.id)).toBe(false);
    expect(seenA.status.some((s) => s.job === jobB.id)).toBe(false);
  });
});
