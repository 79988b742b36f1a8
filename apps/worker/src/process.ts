import { createPrisma, type PrismaClient } from '@drover/db';
import { channelNames, createRedis, redisConnectionOptions } from '@drover/queue';
import type { WorkerConfig } from './config.js';
import { RedisPublisher } from './events/publisher.js';
import { jsonLogger, type Logger } from './logger.js';
import { ActiveRuns } from './run/active-runs.js';
import type { JobSources } from './run/job-sources.js';
import { jobSecretsSource } from './run/job-secrets.js';
import { PrismaSourceStore } from './store/prisma/prisma-source-store.js';
import { PrismaEventStore } from './store/prisma/prisma-event-store.js';
import { PrismaJobStore } from './store/prisma/prisma-job-store.js';
import { startDroverWorker, type DroverWorker } from './worker.js';

export interface WorkerProcess {
  readonly worker: DroverWorker;
  stop(): Promise<void>;
}

/** Wire a worker from its config: Prisma client, stores, Redis publisher and subscriber, BullMQ worker. */
export async function startWorkerProcess(
  config: WorkerConfig,
  sources: JobSources | ((prisma: PrismaClient, config: WorkerConfig) => JobSources),
  logger: Logger = jsonLogger(),
): Promise<WorkerProcess> {
  const log = logger.child({ workerId: config.workerId });
  const prisma = createPrisma(config.databaseUrl, { poolSize: Math.max(4, config.concurrency * 2 + 2) });
  const publisherRedis = createRedis(config.redisUrl);
  const subscriber = createRedis(config.redisUrl);
  for (const [name, client] of [['publisher', publisherRedis], ['subscriber', subscriber]] as const) {
    client.on('error', (e: Error) => log.warn('redis connection error', { client: name, err: e.message }));
  }
  const channels = channelNames(config.channelNamespace);
  const worker = await startDroverWorker(
    {
      jobs: new PrismaJobStore(prisma),
      events: new PrismaEventStore(prisma),
      publisher: new RedisPublisher(publisherRedis, channels),
      sources: typeof sources === 'function' ? sources(prisma, config) : sources,
      secrets: jobSecretsSource({ secretKey: config.secretKey, credentials: new PrismaSourceStore(prisma), redis: publisherRedis, queuePrefix: config.queuePrefix }),
      logger: log,
      active: new ActiveRuns(),
      workerId: config.workerId,
      heartbeatMs: config.heartbeatMs,
      cancelGraceMs: config.cancelGraceMs,
    },
    {
      connection: redisConnectionOptions(config.redisUrl),
      prefix: config.queuePrefix,
      channels,
      subscriber,
      concurrency: config.concurrency,
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      staleAfterMs: config.staleAfterMs,
      reaperIntervalMs: config.reaperIntervalMs,
      drainMs: config.drainMs,
    },
  );
  if (!config.secretKey) log.warn('DROVER_SECRET_KEY is not set: jobs with a credential or launch-time secrets will fail to start');
  log.info('worker started', { queuePrefix: config.queuePrefix, concurrency: config.concurrency });
  return {
    worker,
    async stop() {
      await worker.close();
      subscriber.disconnect();
      await publisherRedis.quit().catch(() => publisherRedis.disconnect());
      await prisma.$disconnect();
      log.info('worker stopped');
    },
  };
}

/** SIGTERM / SIGINT: stop taking jobs, let running ones finish (DROVER_DRAIN_MS), then exit. */
export function stopOnSignals(proc: WorkerProcess, logger: Logger): void {
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('signal received; draining', { signal: sig });
    proc.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('stopping failed', { err: e instanceof Error ? e.message : String(e) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
