import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@drover/db';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import type { EventsCompleteMessage, JobStatusMessage } from '@drover/queue';
import type { EventPublisher } from '../events/publisher.js';
import { PrismaJobStore } from '../store/prisma/prisma-job-store.js';
import { reapStaleJobs } from './reaper.js';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('reapStaleJobs', () => {
  it('errors running and waiting jobs whose heartbeat is stale, says why, and closes their streams', async () => {
    const now = new Date();
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    const mk = (data: Record<string, unknown>) => prisma.job.create({ data: { name: 'j', playbook: 'p.yml', ...data } });
    const dead = await mk({ status: 'running', workerId: 'w-dead', heartbeatAt: ago(120), startedAt: ago(200) });
    const deadWaiting = await mk({ status: 'waiting', workerId: 'w-dead', heartbeatAt: ago(120) });
    const alive = await mk({ status: 'running', workerId: 'w-alive', heartbeatAt: ago(5) });
    const done = await mk({ status: 'successful', workerId: 'w-dead', heartbeatAt: ago(500) });
    await prisma.jobEvent.createMany({ data: [1, 2, 3].map((counter) => ({ jobId: dead.id, counter, uuid: `u${counter}`, event: 'verbose', eventData: {}, created: now })) });
    const published: Array<JobStatusMessage | EventsCompleteMessage> = [];
    const publisher: EventPublisher = {
      publishEvents: async () => {},
      publishStatus: async (m) => void published.push(m),
      publishComplete: async (m) => void published.push(m),
    };

    const reaped = await reapStaleJobs(new PrismaJobStore(prisma), { staleAfterMs: 30_000, now, publisher });
    expect(reaped.map((r) => r.jobId).sort()).toEqual([dead.id, deadWaiting.id].sort());
    const j = await prisma.job.findUniqueOrThrow({ where: { id: dead.id } });
    expect(j.status).toBe('error');
    expect(j.jobExplanation).toMatch(/^Job abandoned: worker w-dead stopped renewing its lease while the job was running \(last heartbeat .*, 120s ago\)/);
    expect(j.finishedAt).toEqual(now);
    expect(j.elapsed).toBe(200);
    const change = await prisma.jobStatusChange.findFirstOrThrow({ where: { jobId: dead.id } });
    expect(change).toMatchObject({ from: 'running', to: 'error', reason: j.jobExplanation });
    expect((await prisma.job.findUniqueOrThrow({ where: { id: deadWaiting.id } })).status).toBe('error');
    expect((await prisma.job.findUniqueOrThrow({ where: { id: alive.id } })).status).toBe('running');
    expect((await prisma.job.findUniqueOrThrow({ where: { id: done.id } })).status).toBe('successful');
    expect(published).toContainEqual({ type: 'status', version: 1, jobId: dead.id, status: 'error', at: now.toISOString() });
    expect(published).toContainEqual({ type: 'events_complete', version: 1, jobId: dead.id, lastCounter: 3 });
    // nothing left to reap
    expect(await reapStaleJobs(new PrismaJobStore(prisma), { staleAfterMs: 30_000, now })).toEqual([]);
  });

  it('leaves a job alone whose heartbeat arrives between the scan and the change', async () => {
    const now = new Date();
    const job = await prisma.job.create({ data: { name: 'j', playbook: 'p.yml', status: 'running', workerId: 'w', heartbeatAt: new Date(now.getTime() - 60_000) } });
    const store = new PrismaJobStore(prisma);
    const racing = Object.create(store) as PrismaJobStore;
    racing.staleJobs = async (before) => {
      const s = await store.staleJobs(before);
      await store.heartbeat(job.id, 'w', now); // the worker was only slow
      return s;
    };
    expect(await reapStaleJobs(racing, { staleAfterMs: 30_000, now })).toEqual([]);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('running');
  });
});
