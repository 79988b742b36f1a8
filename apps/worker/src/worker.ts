import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, isJobName, parseJobControlMessage, parsePayload, type ChannelNames, type JobName, type PayloadOf } from '@drover/queue';
import { WorkerError, errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import { reapStaleJobs } from './run/reaper.js';
import { runJob, type RunnerResources, type RunSummary } from './run/job-runner.js';

export interface HandlerContext {
  readonly job: Job;
  readonly signal?: AbortSignal;
}

/** One handler per catalog entry: leaving one out is a type error. */
export type JobHandlers = { readonly [N in JobName]: (payload: PayloadOf<N>, ctx: HandlerContext) => Promise<unknown> };

export function jobHandlers(res: RunnerResources): JobHandlers {
  return {
    'job.run': (p, ctx): Promise<RunSummary> => runJob(res, p.jobId, ctx.signal),
  };
}

export interface WorkerOptions {
  /** BullMQ connection (redisConnectionOptions()). */
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly channels: ChannelNames;
  /** A subscriber connection for the control channel (owned by the caller). */
  readonly subscriber: Redis;
  readonly concurrency: number;
  /** BullMQ lock duration: a killed worker's job is seen stalled after this... */
  readonly lockDurationMs: number;
  /** ...by a stalled-jobs check that runs this often (BullMQ's default is 30 s). */
  readonly stalledIntervalMs?: number;
  readonly staleAfterMs: number;
  readonly reaperIntervalMs: number;
  /** On close, how long running jobs may go on before they are stopped. */
  readonly drainMs: number;
}

export interface DroverWorker {
  readonly bull: Worker;
  /** Run the reaper once now (it also runs every reaperIntervalMs). */
  reap(): Promise<number>;
  close(): Promise<void>;
}

/**
 * drover's worker: a BullMQ Worker on the jobs queue whose processor validates the payload against
 * the catalog and calls the handler map; a subscriber on the control channel (cancel); and the
 * reaper on a timer. A job is given one delivery: a refused job (not pending) fails at once
 * (UnrecoverableError), and a stalled one (its worker died) is failed by BullMQ, not redelivered
 * (maxStalledCount 0): the reaper then errors the drover job.
 */
export async function startDroverWorker(res: RunnerResources, opts: WorkerOptions): Promise<DroverWorker> {
  const log: Logger = res.logger;
  const handlers = jobHandlers(res);

  await opts.subscriber.subscribe(opts.channels.jobControl);
  const onControl = (channel: string, text: string) => {
    if (channel !== opts.channels.jobControl) return;
    try {
      const m = parseJobControlMessage(text);
      if (m.type === 'cancel' && res.active.stop(m.jobId, 'cancel')) log.info('cancel requested over the control channel', { jobId: m.jobId });
    } catch (e) {
      log.warn('bad control message', { err: errorMessage(e) });
    }
  };
  opts.subscriber.on('message', onControl);

  const bull = new Worker(
    QUEUE_NAMES.jobs,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job name ${job.name}`);
      let payload;
      try {
        payload = parsePayload(job.name, job.data);
      } catch (e) {
        throw new UnrecoverableError(errorMessage(e));
      }
      try {
        return await handlers[job.name](payload, { job, signal });
      } catch (e) {
        if (e instanceof WorkerError) {
          log.warn('job refused', { bullJobId: job.id, code: e.code, err: e.message });
          throw new UnrecoverableError(`${e.code}: ${e.message}`);
        }
        throw e;
      }
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      lockDuration: opts.lockDurationMs,
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      maxStalledCount: 0,
      autorun: true,
    },
  );
  bull.on('error', (e) => log.error('BullMQ worker error', { err: errorMessage(e) }));
  bull.on('failed', (job, e) => log.warn('BullMQ job failed', { bullJobId: job?.id, err: errorMessage(e) }));

  const reap = async () => (await reapStaleJobs(res.jobs, { staleAfterMs: opts.staleAfterMs, publisher: res.publisher, logger: log })).length;
  let reaping = false;
  const reaper = setInterval(() => {
    if (reaping) return;
    reaping = true;
    reap()
      .catch((e) => log.error('reaper failed', { err: errorMessage(e) }))
      .finally(() => (reaping = false));
  }, opts.reaperIntervalMs);
  reaper.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(reaper);
      const drained = bull.close();
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), opts.drainMs).unref());
      if ((await Promise.race([drained.then(() => 'closed' as const), timeout])) === 'timeout') {
        log.warn('stopping running jobs: the drain period is over', { running: res.active.size });
        res.active.stopAll('shutdown');
        await drained;
      }
      await res.active.settleAbandoned(2000);
      opts.subscriber.off('message', onControl);
      await opts.subscriber.unsubscribe(opts.channels.jobControl).catch(() => {});
    })());

  return { bull, reap, close };
}
