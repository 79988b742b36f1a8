import type { PrismaClient, Job } from '@drover/db';
import { assertTransition, type JobStatus } from '@drover/queue';
import type { JobRecord, JobStore, StaleJob, TransitionRequest, TransitionResult } from '../ports.js';

function toJob(j: Job): JobRecord {
  const extra = j.extraVars;
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    projectId: j.projectId,
    inventoryId: j.inventoryId,
    credentialId: j.credentialId,
    playbook: j.playbook,
    extraVars: extra && typeof extra === 'object' && !Array.isArray(extra) ? (extra as Record<string, unknown>) : {},
    limit: j.limit,
    jobTags: j.jobTags,
    skipTags: j.skipTags,
    forks: j.forks,
    verbosity: j.verbosity,
    checkMode: j.checkMode,
    diffMode: j.diffMode,
    forceHandlers: j.forceHandlers,
    timeout: j.timeout,
    scmRevision: j.scmRevision,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    jobExplanation: j.jobExplanation,
    cancelRequested: j.cancelRequested,
    workerId: j.workerId,
    heartbeatAt: j.heartbeatAt,
    eventsEmitted: j.eventsEmitted,
  };
}

/** JobStore over @drover/db's Prisma client. */
export class PrismaJobStore implements JobStore {
  constructor(private readonly prisma: PrismaClient) {}

  async getJob(id: number): Promise<JobRecord | null> {
    const j = await this.prisma.job.findUnique({ where: { id } });
    return j ? toJob(j) : null;
  }

  async transition(id: number, req: TransitionRequest): Promise<TransitionResult> {
    return this.prisma.$transaction(async (tx) => {
      // the row lock serializes every status change of the job (worker, reaper, API)
      await tx.$queryRaw`SELECT id FROM jobs WHERE id = ${id} FOR UPDATE`;
      const cur = await tx.job.findUnique({ where: { id } });
      const job = cur ? toJob(cur) : null;
      const heartbeatOk = req.heartbeatBefore === undefined || (job?.heartbeatAt != null && job.heartbeatAt < req.heartbeatBefore);
      if (!job || !req.from.includes(job.status) || (req.owner !== undefined && job.workerId !== req.owner) || !heartbeatOk) {
        return { ok: false, job } as const;
      }
      const from: JobStatus = job.status;
      if (from !== req.to) assertTransition(from, req.to);
      const at = req.at ?? new Date();
      const data = Object.fromEntries(Object.entries(req.patch ?? {}).filter(([, v]) => v !== undefined));
      const updated = await tx.job.update({ where: { id }, data: { ...data, status: req.to } });
      if (from !== req.to) await tx.jobStatusChange.create({ data: { jobId: id, from, to: req.to, reason: req.reason, at } });
      return { ok: true, from, to: req.to, at, job: toJob(updated) } as const;
    });
  }

  async heartbeat(id: number, workerId: string, at: Date): Promise<{ owned: boolean; cancelRequested: boolean }> {
    const rows = await this.prisma.$queryRaw<Array<{ cancelRequested: boolean }>>`
      UPDATE jobs SET "heartbeatAt" = ${at}
      WHERE id = ${id} AND "workerId" = ${workerId} AND status IN ('waiting', 'running')
      RETURNING "cancelRequested"`;
    const row = rows[0];
    return row ? { owned: true, cancelRequested: row.cancelRequested === true } : { owned: false, cancelRequested: false };
  }

  async staleJobs(before: Date): Promise<StaleJob[]> {
    const jobs = await this.prisma.job.findMany({
      where: { status: { in: ['waiting', 'running'] }, heartbeatAt: { lt: before } },
      select: { id: true, status: true, workerId: true, heartbeatAt: true, startedAt: true },
      orderBy: { id: 'asc' },
    });
    return jobs.map((j) => ({ id: j.id, status: j.status, workerId: j.workerId, heartbeatAt: j.heartbeatAt!, startedAt: j.startedAt }));
  }

  async lastEventCounter(jobId: number): Promise<number> {
    const r = await this.prisma.jobEvent.aggregate({ where: { jobId }, _max: { counter: true } });
    return r._max.counter ?? 0;
  }
}
