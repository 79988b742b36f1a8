import { Queue, type JobsOptions, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { QueueError } from './errors.js';

/** BullMQ queue names (no `:` allowed). */
export const QUEUE_NAMES = {
  /** Playbook runs: one BullMQ job per drover Job row. */
  jobs: 'drover-jobs',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The Redis key prefix of drover's BullMQ queues: `DROVER_QUEUE_PREFIX`, or `drover`. */
export function queuePrefix(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['DROVER_QUEUE_PREFIX'] || 'drover';
}

/** `job.run`: run the playbook of Job row `jobId`. Payloads are ids only: the worker reloads the job
 * (and, later, decrypts its credentials) from the database; nothing secret ever goes on the queue. */
export const RunJobPayloadSchema = z.object({ jobId: z.number().int().positive() }).strict();
export type RunJobPayload = z.infer<typeof RunJobPayloadSchema>;

/**
 * The job catalog: each BullMQ job name with its queue, payload schema, job options and job id.
 * The worker's handler map has the same keys (`JobHandlers`), so a missing handler is a type error.
 */
export const JOB_CATALOG = {
  'job.run': {
    queue: QUEUE_NAMES.jobs,
    schema: RunJobPayloadSchema,
    /** One attempt: a run is never retried by BullMQ (the worker refuses a job that already ran). */
    options: {
      attempts: 1,
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    } satisfies JobsOptions,
    /** BullMQ job id for a drover job (BullMQ rejects integer ids): adding the same job twice is a no-op. */
    bullJobId: (p: RunJobPayload): string => `job-${p.jobId}`,
  },
} as const;

export type JobName = keyof typeof JOB_CATALOG;
export type PayloadOf<N extends JobName> = z.infer<(typeof JOB_CATALOG)[N]['schema']>;

/** Validate a BullMQ job's data against its catalog schema (throws DRV_QUEUE_INVALID_PAYLOAD). */
export function parsePayload<N extends JobName>(name: N, data: unknown): PayloadOf<N> {
  const entry = JOB_CATALOG[name];
  if (!entry) throw new QueueError('DRV_QUEUE_INVALID_PAYLOAD', `unknown job name ${JSON.stringify(name)}`);
  const r = entry.schema.safeParse(data);
  if (!r.success) throw new QueueError('DRV_QUEUE_INVALID_PAYLOAD', `bad ${name} payload: ${r.error.message}`, { cause: r.error });
  return r.data as PayloadOf<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_CATALOG, name);
}

export interface QueueConnection {
  /** ioredis options (see redisConnectionOptions) or a client. */
  readonly connection: ConnectionOptions;
  /** Redis key prefix; default queuePrefix(). Tests use a fresh one each. */
  readonly prefix?: string;
}

/** The BullMQ queue that carries drover job runs (close it when done). */
export function createJobsQueue(opts: QueueConnection): Queue {
  return new Queue(QUEUE_NAMES.jobs, { connection: opts.connection, prefix: opts.prefix ?? queuePrefix() });
}

/**
 * Enqueue the run of Job row `jobId` (which the API has moved to `pending`). Idempotent: the BullMQ
 * job id is derived from the drover job id, so a second call while the first is kept adds nothing.
 */
export async function enqueueRunJob(queue: Queue, jobId: number): Promise<void> {
  const entry = JOB_CATALOG['job.run'];
  const payload = parsePayload('job.run', { jobId });
  await queue.add('job.run', payload, { ...entry.options, jobId: entry.bullJobId(payload) });
}
