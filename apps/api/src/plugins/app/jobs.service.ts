/**
 * Jobs from the API's side: create a Job row from a launch (new -> pending, one JobStatusChange per
 * transition), park launch-time secrets in Redis (never in Postgres), put `{jobId}` on the queue,
 * publish status changes, and cancel.
 *
 * Launch-time secrets (credential passwords asked at launch, survey password answers) are stored as one
 * Redis string at `<queuePrefix>:launch-secrets:<jobId>`, AES-256-GCM encrypted with the SecretBox
 * (purpose `launch-secrets:<jobId>`), JSON `{credential_passwords: {...}, extra_vars: {...}}`, with a TTL.
 * The worker reads and deletes it when it starts the job (GETDEL).
 */
import type { Job, JobStatus, Prisma, PrismaClient } from '@drover/db';
import { assertTransition, enqueueRunJob, isActive, type JobStatusMessage } from '@drover/queue';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';
import type { AuthUser } from './auth.service.js';
import { redactSecrets } from './activity.service.js';
import { insertLaunchedJob, type LaunchActivity, type LaunchJobData } from './hot-sql.js';
import type { SecretBox } from './secret-box.js';

export const LAUNCH_SECRETS_TTL_SECONDS = 24 * 3600;
export const launchSecretsKey = (queuePrefix: string, jobId: number): string => `${queuePrefix}:launch-secrets:${jobId}`;
export const launchSecretsPurpose = (jobId: number): string => `launch-secrets:${jobId}`;

export interface LaunchSecrets {
  credential_passwords: Record<string, string>;
  extra_vars: Record<string, string>;
}

export type NewJob = LaunchJobData;

export class JobsService {
  constructor(private readonly app: FastifyInstance) {}

  private get db(): PrismaClient {
    return this.app.db;
  }

  private get box(): SecretBox {
    return this.app.secrets;
  }

  /**
   * Creates the job, parks its secrets, moves it to pending and enqueues it. `activity`: the
   * activity-stream row of the launch, written in the same statement as the job.
   */
  async launch(actor: AuthUser, data: NewJob, secrets: LaunchSecrets, activity?: LaunchActivity): Promise<Job> {
    // new → pending in one statement (the job, both status-change rows, the activity row): the launch
    // hot path makes as few round trips as it can; no worker sees the job before it is enqueued below.
    assertTransition('new', 'pending');
    const at = new Date();
    const job = await insertLaunchedJob(
      this.app.sql,
      actor,
      data,
      at,
      { created: `Launched by ${actor.username}.`, pending: 'Submitted to the queue.' },
      activity && { ...activity, changes: redactSecrets(activity.changes) as Record<string, unknown> },
    );
    const hasSecrets = Object.keys(secrets.credential_passwords).length > 0 || Object.keys(secrets.extra_vars).length > 0;
    try {
      if (hasSecrets) {
        const blob = this.box.encrypt(JSON.stringify(secrets), launchSecretsPurpose(job.id));
        await this.app.redis.set(launchSecretsKey(this.app.config.queuePrefix, job.id), blob, 'EX', LAUNCH_SECRETS_TTL_SECONDS);
      }
      await this.publishStatus({ type: 'status', version: 1, jobId: job.id, status: 'pending', at: at.toISOString() });
      await enqueueRunJob(this.app.jobsQueue, job.id);
      return job;
    } catch (err) {
      this.app.log.error({ err, jobId: job.id }, 'could not queue the job');
      await this.transition(job.id, ['new', 'pending'], 'error', 'The job could not be queued.', { jobExplanation: 'The job could not be queued (Redis unavailable?).' }).catch(() => undefined);
      throw new ApiError('DRV_API_UNAVAILABLE', 'the job could not be queued; try again later', { cause: err });
    }
  }

  /**
   * Moves a job from one of `from` to `to` (checked against the status machine), appends the
   * JobStatusChange row and publishes the change. Returns the job, or null when it was not in `from`.
   */
  async transition(jobId: number, from: readonly JobStatus[], to: JobStatus, reason: string, patch: Prisma.JobUncheckedUpdateManyInput = {}): Promise<Job | null> {
    for (const f of from) assertTransition(f, to);
    const at = new Date();
    const job = await this.db.$transaction(async (tx) => {
      const current = await tx.job.findUnique({ where: { id: jobId }, select: { status: true } });
      if (!current || !from.includes(current.status)) return null;
      const res = await tx.job.updateMany({ where: { id: jobId, status: current.status }, data: { ...patch, status: to } });
      if (res.count === 0) return null;
      await tx.jobStatusChange.create({ data: { jobId, from: current.status, to, reason, at } });
      return tx.job.findUniqueOrThrow({ where: { id: jobId } });
    });
    if (job) await this.publishStatus({ type: 'status', version: 1, jobId, status: to, at: at.toISOString() });
    return job;
  }

  async publishStatus(msg: JobStatusMessage): Promise<void> {
    try {
      await this.app.redis.publish(this.app.channels.jobStatus, JSON.stringify(msg));
    } catch (err) {
      this.app.log.warn({ err: { message: (err as Error).message }, jobId: msg.jobId }, 'publishing a status change failed');
    }
  }

  /**
   * Cancels an active job: a job no worker has claimed yet is canceled at once (and its queued run
   * removed); a running one gets `cancelRequested` and a control message to its worker.
   */
  async cancel(job: Job, actor: AuthUser): Promise<Job> {
    if (!isActive(job.status)) throw new ApiError('DRV_API_NOT_ALLOWED', `the job is ${job.status}: only active jobs can be canceled`);
    await this.db.job.update({ where: { id: job.id }, data: { cancelRequested: true } });
    if (job.status === 'new' || (job.status === 'pending' && !job.workerId)) {
      const canceled = await this.transition(job.id, ['new', 'pending'], 'canceled', `Canceled by ${actor.username} before it started.`, {
        finishedAt: new Date(),
        jobExplanation: 'Job canceled before it started.',
      });
      if (canceled) {
        await this.app.jobsQueue.remove(`job-${job.id}`).catch(() => 0);
        await this.app.redis.del(launchSecretsKey(this.app.config.queuePrefix, job.id)).catch(() => 0);
        return canceled;
      }
    }
    try {
      await this.app.redis.publish(this.app.channels.jobControl, JSON.stringify({ type: 'cancel', version: 1, jobId: job.id }));
    } catch (err) {
      this.app.log.warn({ err: { message: (err as Error).message }, jobId: job.id }, 'publishing a cancel request failed (the worker polls cancelRequested)');
    }
    return this.db.job.findUniqueOrThrow({ where: { id: job.id } });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobsService;
  }
}

async function jobsPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('jobs', new JobsService(app));
}

export default fp(jobsPlugin, { name: 'jobs', dependencies: ['prisma', 'redis', 'crypto'] });
