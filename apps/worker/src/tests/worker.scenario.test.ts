/** The worker end to end: real Postgres (a fresh database for this file), real Redis and BullMQ (a
 * fresh queue per test), real sshd hosts. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRunJob, type JobStatus } from '@drover/queue';
import { ChannelCollector, createEnv, fleetInventory, insertJob, startTestWorker, waitFor, type Env, type TestWorker } from './harness.js';

const TERMINAL: JobStatus[] = ['successful', 'failed', 'error', 'canceled'];

let env: Env;
let inventory: string;
let worker: TestWorker | undefined;
let collector: ChannelCollector | undefined;

beforeAll(async () => {
  inventory = fleetInventory(3);
  env = await createEnv();
});
afterAll(async () => {
  await env?.close();
});
afterEach(async () => {
  collector?.close();
  collector = undefined;
  await worker?.close();
  worker = undefined;
});

async function finished(jobId: number, timeoutMs = 60_000) {
  return waitFor(`job ${jobId} to finish`, async () => {
    const j = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    return TERMINAL.includes(j.status) ? j : undefined;
  }, timeoutMs);
}

describe('worker', () => {
  it('runs a playbook with handlers through BullMQ, storing and publishing every event in order', async () => {
    worker = await startTestWorker(env);
    const jobId = await insertJob(env.prisma, 'handlers.yml', inventory);
    collector = await ChannelCollector.start([worker.channels.jobEvents(jobId), worker.channels.jobStatus]);
    await enqueueRunJob(worker.queue, jobId);

    const job = await finished(jobId);
    expect(job.status).toBe('successful');
    expect(job.workerId).toBe(worker.resources.workerId);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());

    const events = await env.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { counter: 'asc' } });
    const names = events.map((e) => e.event);
    expect(names).toContain('playbook_on_notify');
    expect(names).toContain('playbook_on_handler_task_start');
    expect(names[0]).toBe('playbook_on_start');
    expect(names.at(-1)).toBe('playbook_on_stats');
    expect(events.filter((e) => e.event === 'playbook_on_notify')).toHaveLength(3);
    // counters 1..n, no gap, no duplicate
    expect(events.map((e) => e.counter)).toEqual(events.map((_, i) => i + 1));
    expect(job.eventsEmitted).toBe(events.length);
    // stdout lines are contiguous and rebuild the output
    for (let i = 1; i < events.length; i++) expect(events[i]!.startLine).toBe(events[i - 1]!.endLine);
    const text = events.map((e) => e.stdout).join('').replace(/\x1b\[[0-9;]*m/g, '');
    expect(text).toContain('RUNNING HANDLER [say hello]');
    expect(text).toMatch(/PLAY RECAP \*+\nhost1\s+: ok=3\s+changed=1/);
    const ok = events.find((e) => e.event === 'runner_on_ok' && e.task === 'change something');
    expect(ok).toMatchObject({ changed: true, failed: false, host: expect.stringMatching(/^host\d$/), play: 'handlers end to end' });

    const summaries = await env.prisma.jobHostSummary.findMany({ where: { jobId }, orderBy: { hostName: 'asc' } });
    expect(summaries.map((s) => [s.hostName, s.ok, s.changed, s.failed])).toEqual([
      ['host1', 3, 1, false],
      ['host2', 3, 1, false],
      ['host3', 3, 1, false],
    ]);

    const changes = await env.prisma.jobStatusChange.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      ['pending', 'waiting'],
      ['waiting', 'running'],
      ['running', 'successful'],
    ]);

    // the subscriber saw every stored event, in counter order, then events_complete
    const live = await waitFor('events_complete', () => {
      const m = collector!.on(worker!.channels.jobEvents(jobId));
      return m.at(-1)?.type === 'events_complete' ? m : undefined;
    });
    const evMsgs = live.slice(0, -1);
    expect(evMsgs.map((m) => m.event.counter)).toEqual(events.map((e) => e.counter));
    expect(evMsgs.map((m) => m.event.event)).toEqual(names);
    expect(evMsgs.map((m) => m.stdout)).toEqual(events.map((e) => e.stdout));
    expect(live.at(-1)).toEqual({ type: 'events_complete', version: 1, jobId, lastCounter: events.length });
    const statuses = await waitFor('the successful status message', () => {
      const s = collector!.on(worker!.channels.jobStatus).filter((m) => m.jobId === jobId).map((m) => m.status);
      return s.includes('successful') ? s : undefined;
    });
    expect(statuses).toEqual(['waiting', 'running', 'successful']);
  });

  it('never runs a job twice: a job that is no longer pending is refused', async () => {
    worker = await startTestWorker(env);
    const jobId = await insertJob(env.prisma, 'handlers.yml', inventory);
    await enqueueRunJob(worker.queue, jobId);
    await finished(jobId);
    const before = await env.prisma.jobEvent.count({ where: { jobId } });
    // the same job again, under a fresh BullMQ id (as if BullMQ redelivered it)
    await worker.queue.add('job.run', { jobId }, { jobId: `again-${jobId}`, attempts: 1 });
    const failed = await waitFor('the refusal', async () => (await worker!.queue.getJob(`again-${jobId}`))?.failedReason || undefined);
    expect(failed).toMatch(/DRV_WORKER_JOB_NOT_RUNNABLE/);
    expect(await env.prisma.jobEvent.count({ where: { jobId } })).toBe(before);
    expect(await env.prisma.jobStatusChange.count({ where: { jobId, to: 'running' } })).toBe(1);
  });

  it('cancels a running job within seconds when cancelRequested is set', async () => {
    worker = await startTestWorker(env);
    const jobId = await insertJob(env.prisma, 'sleep.yml', inventory);
    collector = await ChannelCollector.start([worker.channels.jobEvents(jobId)]);
    await enqueueRunJob(worker.queue, jobId);
    await waitFor('the sleep task to start', () => env.prisma.jobEvent.findFirst({ where: { jobId, event: 'playbook_on_task_start', task: 'sleep' } }).then((e) => e ?? undefined));
    const asked = Date.now();
    await env.prisma.job.update({ where: { id: jobId }, data: { cancelRequested: true } });
    const job = await finished(jobId, 20_000);
    const took = Date.now() - asked;
    expect(job.status).toBe('canceled');
    expect(took).toBeLessThan(8000);
    const changes = await env.prisma.jobStatusChange.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
    expect(changes.at(-1)).toMatchObject({ from: 'running', to: 'canceled' });
    await waitFor('events_complete', () => collector!.on(worker!.channels.jobEvents(jobId)).at(-1)?.type === 'events_complete');
    const counters = (await env.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { counter: 'asc' }, select: { counter: true } })).map((e) => e.counter);
    expect(counters).toEqual(counters.map((_, i) => i + 1));
  });

  it('cancels a running job at once over the control channel', async () => {
    worker = await startTestWorker(env, { heartbeatMs: 5000 });
    const jobId = await insertJob(env.prisma, 'sleep.yml', inventory);
    await enqueueRunJob(worker.queue, jobId);
    await waitFor('the sleep task to start', () => env.prisma.jobEvent.findFirst({ where: { jobId, event: 'playbook_on_task_start', task: 'sleep' } }).then((e) => e ?? undefined));
    const asked = Date.now();
    await env.redis.publish(worker.channels.jobControl, JSON.stringify({ type: 'cancel', version: 1, jobId }));
    const job = await finished(jobId, 20_000);
    expect(job.status).toBe('canceled');
    expect(Date.now() - asked).toBeLessThan(4000);
  });

  it('fails a job that cannot start, saying why, on the job and in its output', async () => {
    worker = await startTestWorker(env);
    const jobId = await insertJob(env.prisma, '/nonexistent/dir/site.yml', inventory);
    collector = await ChannelCollector.start([worker.channels.jobEvents(jobId)]);
    await enqueueRunJob(worker.queue, jobId);
    const job = await finished(jobId);
    expect(job.status).toBe('failed');
    expect(job.jobExplanation).toMatch(/^Job failed to start: /);
    const events = await env.prisma.jobEvent.findMany({ where: { jobId } });
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(events[0]!.stdout).toContain('ERROR! ');
    const changes = await env.prisma.jobStatusChange.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.from, c.to])).toEqual([['pending', 'waiting'], ['waiting', 'failed']]);
    expect(changes[1]!.reason).toMatch(/^Job failed to start: /);
    await waitFor('events_complete', () => collector!.on(worker!.channels.jobEvents(jobId)).at(-1)?.type === 'events_complete');
  });

  it('keeps the lease of a job that runs longer than the stale period', async () => {
    worker = await startTestWorker(env, { heartbeatMs: 200, staleAfterMs: 1000 });
    const jobId = await insertJob(env.prisma, 'short-sleep.yml', inventory);
    await enqueueRunJob(worker.queue, jobId);
    const job = await finished(jobId, 30_000);
    expect(job.status).toBe('successful');
    expect(job.elapsed).toBeGreaterThan(2.5);
  });

  it('ends a job that runs past its timeout as failed', async () => {
    worker = await startTestWorker(env);
    const jobId = await insertJob(env.prisma, 'sleep.yml', inventory, { timeout: 2 });
    await enqueueRunJob(worker.queue, jobId);
    const job = await finished(jobId, 20_000);
    expect(job.status).toBe('failed');
    expect(job.jobExplanation).toBe('Job terminated due to timeout.');
  });
});
