/** A worker process killed in the middle of a run: the reaper errors the job within a minute, and the
 * job is not run again. The worker runs as a child process (the compiled testing/worker-child.js). */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueRunJob, redisUrl } from '@drover/queue';
import { WORKER_CHILD_SCRIPT } from '@drover/worker/testing';
import { ChannelCollector, createEnv, fleetInventory, insertJob, startTestWorker, waitFor, type Env, type TestWorker } from './harness.js';

let env: Env;
let inventory: string;
let child: ChildProcess | undefined;
let survivor: TestWorker | undefined;
let collector: ChannelCollector | undefined;

beforeAll(async () => {
  inventory = fleetInventory(3);
  env = await createEnv();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  collector?.close();
  await survivor?.close();
  await env?.close();
});

function startChild(prefix: string, namespace: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, [WORKER_CHILD_SCRIPT], {
    env: {
      ...process.env,
      DATABASE_URL: env.db.url,
      REDIS_URL: redisUrl(),
      DROVER_QUEUE_PREFIX: prefix,
      DROVER_CHANNEL_NAMESPACE: namespace,
      DROVER_WORKER_ID: 'doomed-worker',
      DROVER_HEARTBEAT_MS: '500',
      DROVER_STALE_AFTER_MS: '3000',
      DROVER_REAPER_INTERVAL_MS: '60000',
      DROVER_BULL_LOCK_MS: '2000',
      DROVER_BULL_STALLED_INTERVAL_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    p.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('worker-ready')) resolve(p);
    });
    p.once('exit', (code) => reject(new Error(`worker child exited (${code}) before it was ready: ${err}`)));
  });
}

it('errors the job of a killed worker within a minute and never runs it again', async () => {
  const prefix = `test-${randomUUID()}`;
  const namespace = `t-${randomUUID()}`;
  child = await startChild(prefix, namespace);
  const jobId = await insertJob(env.prisma, 'sleep.yml', inventory);
  collector = await ChannelCollector.start([`${namespace}:job:${jobId}:events`]);
  survivor = await startTestWorker(env, { prefix, namespace, staleAfterMs: 3000, lockDurationMs: 2000, stalledIntervalMs: 1000 });
  // the child takes the job (the survivor may too, and then the test proves nothing: retry until the
  // child has it)
  await survivor.worker.bull.pause(true);
  await enqueueRunJob(survivor.queue, jobId);
  await waitFor('the sleep task to start', () => env.prisma.jobEvent.findFirst({ where: { jobId, event: 'playbook_on_task_start', task: 'sleep' } }).then((e) => e ?? undefined));
  expect((await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).workerId).toBe('doomed-worker');

  child.kill('SIGKILL');
  const killedAt = Date.now();
  survivor.worker.bull.resume();

  const job = await waitFor('the reaper', async () => {
    const j = await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    return j.status !== 'running' ? j : undefined;
  }, 60_000, 200);
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  expect(job.status).toBe('error');
  expect(job.jobExplanation).toMatch(/worker doomed-worker stopped renewing its lease/);
  expect(job.finishedAt).not.toBeNull();
  const changes = await env.prisma.jobStatusChange.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
  expect(changes.map((c) => [c.from, c.to])).toEqual([['pending', 'waiting'], ['waiting', 'running'], ['running', 'error']]);
  expect(changes[2]!.reason).toBe(job.jobExplanation);
  // live clients are told the stream is over
  const stored = await env.prisma.jobEvent.count({ where: { jobId } });
  await waitFor('events_complete', () => collector!.on(`${namespace}:job:${jobId}:events`).find((m) => m.type === 'events_complete'));
  expect(collector.on(`${namespace}:job:${jobId}:events`).at(-1)).toEqual({ type: 'events_complete', version: 1, jobId, lastCounter: stored });

  // BullMQ sees the job stalled and fails it (no redelivery); the job never ran a second time
  const bull = await waitFor('BullMQ to fail the stalled job', async () => {
    const j = await survivor!.queue.getJob(`job-${jobId}`);
    return (await j?.getState()) === 'failed' ? j : undefined;
  }, 30_000, 200);
  expect(bull.failedReason).toMatch(/stalled/);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await env.prisma.jobStatusChange.count({ where: { jobId, to: 'running' } })).toBe(1);
  expect(await env.prisma.jobEvent.count({ where: { jobId, event: 'playbook_on_start' } })).toBe(1);
  expect((await env.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('error');
});
