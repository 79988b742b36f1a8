/** The Prisma stores against a real, freshly migrated database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@drover/db';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { toEventRow } from '../../events/event-rows.js';
import { StdoutRenderer } from '../../events/stdout.js';
import { syntheticRun } from '../../events/synthetic-events.js';
import type { EventRow } from '../ports.js';
import { PrismaEventStore } from './prisma-event-store.js';
import { PrismaJobStore } from './prisma-job-store.js';

let db: TestDatabase;
let prisma: PrismaClient;
let jobs: PrismaJobStore;
let events: PrismaEventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  jobs = new PrismaJobStore(prisma);
  events = new PrismaEventStore(prisma);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const newJob = async (data: Record<string, unknown> = {}) => (await prisma.job.create({ data: { name: 'j', playbook: 'site.yml', status: 'pending', ...data } })).id;

function rows(n: number): EventRow[] {
  const r = new StdoutRenderer(0);
  let i = 0;
  return [...syntheticRun(n)].map((e) => toEventRow({ ...e, counter: ++i }, r.render(e)));
}

describe('PrismaJobStore', () => {
  it('changes status by compare-and-set, appending a JobStatusChange per change', async () => {
    const id = await newJob();
    const claim = await jobs.transition(id, { from: ['pending', 'waiting'], owner: null, to: 'waiting', reason: 'claimed', patch: { workerId: 'w1', heartbeatAt: new Date() } });
    expect(claim).toMatchObject({ ok: true, from: 'pending', to: 'waiting', job: { status: 'waiting', workerId: 'w1' } });
    // a second claim finds it owned
    expect(await jobs.transition(id, { from: ['pending', 'waiting'], owner: null, to: 'waiting', reason: 'claimed', patch: { workerId: 'w2' } })).toMatchObject({ ok: false, job: { workerId: 'w1' } });
    expect(await jobs.transition(id, { from: ['waiting'], owner: 'w2', to: 'running', reason: 'x' })).toMatchObject({ ok: false });
    const started = new Date();
    expect(await jobs.transition(id, { from: ['waiting'], owner: 'w1', to: 'running', reason: 'started', patch: { startedAt: started } })).toMatchObject({ ok: true, job: { startedAt: started } });
    await expect(jobs.transition(id, { from: ['running'], to: 'pending', reason: 'nope' })).rejects.toMatchObject({ code: 'DRV_INVALID_TRANSITION' });
    expect(await jobs.transition(id, { from: ['running'], to: 'successful', reason: 'done', patch: { jobExplanation: 'fine', elapsed: 1.5 } })).toMatchObject({ ok: true });
    const changes = await prisma.jobStatusChange.findMany({ where: { jobId: id }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.from, c.to, c.reason])).toEqual([['pending', 'waiting', 'claimed'], ['waiting', 'running', 'started'], ['running', 'successful', 'done']]);
    expect(await jobs.getJob(id)).toMatchObject({ status: 'successful', jobExplanation: 'fine' });
    expect(await jobs.transition(9999, { from: ['pending'], to: 'waiting', reason: 'x' })).toEqual({ ok: false, job: null });
  });

  it('renews only an owned, active lease, and reports the cancel flag', async () => {
    const id = await newJob({ status: 'running', workerId: 'w1', heartbeatAt: new Date(0) });
    const at = new Date();
    expect(await jobs.heartbeat(id, 'w1', at)).toEqual({ owned: true, cancelRequested: false });
    expect((await jobs.getJob(id))!.heartbeatAt).toEqual(at);
    expect(await jobs.heartbeat(id, 'w2', at)).toEqual({ owned: false, cancelRequested: false });
    await prisma.job.update({ where: { id }, data: { cancelRequested: true } });
    expect(await jobs.heartbeat(id, 'w1', at)).toEqual({ owned: true, cancelRequested: true });
    await prisma.job.update({ where: { id }, data: { status: 'error' } });
    expect(await jobs.heartbeat(id, 'w1', at)).toEqual({ owned: false, cancelRequested: false });
  });

  it('lists stale waiting/running jobs only', async () => {
    const old = new Date(Date.now() - 60_000);
    const a = await newJob({ status: 'running', workerId: 'w', heartbeatAt: old });
    await newJob({ status: 'running', workerId: 'w', heartbeatAt: new Date() });
    await newJob({ status: 'failed', workerId: 'w', heartbeatAt: old });
    const stale = await jobs.staleJobs(new Date(Date.now() - 30_000));
    expect(stale.map((s) => s.id)).toContain(a);
    expect(stale.every((s) => s.status === 'running' || s.status === 'waiting')).toBe(true);
    expect(stale.every((s) => s.heartbeatAt.getTime() < Date.now() - 30_000)).toBe(true);
  });
});

describe('PrismaEventStore', () => {
  it('stores a batch with every column', async () => {
    const id = await newJob({ status: 'running' });
    const batch = rows(12);
    await events.writeEvents(id, batch, [], 12);
    const stored = await prisma.jobEvent.findMany({ where: { jobId: id }, orderBy: { counter: 'asc' } });
    expect(stored).toHaveLength(12);
    const ok = stored.find((e) => e.event === 'runner_on_ok')!;
    const src = batch.find((e) => e.counter === ok.counter)!;
    expect(ok).toMatchObject({ uuid: src.uuid, parentUuid: src.parentUuid, host: src.host, play: 'a play', task: src.task, stdout: src.stdout, startLine: src.startLine, endLine: src.endLine, changed: src.changed, failed: false });
    expect(ok.eventData).toEqual(src.eventData);
    expect(ok.created.toISOString()).toBe(src.created);
    expect((await prisma.job.findUniqueOrThrow({ where: { id } })).eventsEmitted).toBe(12);
    expect(await jobs.lastEventCounter(id)).toBe(12);
  });

  it('does not duplicate a retried batch, and keeps host summaries absolute', async () => {
    const id = await newJob({ status: 'running' });
    const batch = rows(50);
    const s1 = { hostName: 'h1', ok: 2, changed: 1, dark: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0, failed: false };
    await events.writeEvents(id, batch.slice(0, 30), [s1], 30);
    // the same batch again (its acknowledgement was lost), then one that overlaps it
    await events.writeEvents(id, batch.slice(0, 30), [s1], 30);
    await events.writeEvents(id, batch.slice(20), [{ ...s1, ok: 3, failures: 1, failed: true }], 50);
    const counters = (await prisma.jobEvent.findMany({ where: { jobId: id }, select: { counter: true }, orderBy: { counter: 'asc' } })).map((e) => e.counter);
    expect(counters).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await prisma.jobHostSummary.findMany({ where: { jobId: id }, select: { hostName: true, ok: true, failures: true, failed: true } })).toEqual([
      { hostName: 'h1', ok: 3, failures: 1, failed: true },
    ]);
  });

  it('stores text with NUL characters', async () => {
    const id = await newJob({ status: 'running' });
    const [row] = rows(1);
    await events.writeEvents(id, [{ ...row!, stdout: 'a\0b', eventData: { res: { stdout: 'x\0y' } } }], [], 1);
    const e = await prisma.jobEvent.findFirstOrThrow({ where: { jobId: id } });
    expect(e.stdout).toBe('a\uFFFDb');
    expect(e.eventData).toEqual({ res: { stdout: 'x\uFFFDy' } });
  });
});
