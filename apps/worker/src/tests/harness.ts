/** Scenario test harness: a fresh database per test file, a fresh queue prefix and channel namespace
 * per worker, the loopback fleet, and channel collectors. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPrisma, type PrismaClient, type Prisma } from '@drover/db';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { channelNames, createJobsQueue, createRedis, redisConnectionOptions, type ChannelNames } from '@drover/queue';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RedisPublisher } from '../events/publisher.js';
import { silentLogger, type Logger } from '../logger.js';
import { ActiveRuns } from '../run/active-runs.js';
import type { RunnerResources } from '../run/job-runner.js';
import type { JobSources } from '../run/job-sources.js';
import { jobSecretsSource, type JobSecretsSource } from '../run/job-secrets.js';
import { PrismaSourceStore } from '../store/prisma/prisma-source-store.js';
import { PrismaEventStore } from '../store/prisma/prisma-event-store.js';
import { PrismaJobStore } from '../store/prisma/prisma-job-store.js';
import { TEST_INVENTORY_VAR, TEST_PLAYBOOK_VAR, testHookSources } from '../testing/test-sources.js';
import { startDroverWorker, type DroverWorker } from '../worker.js';

/** The DROVER_SECRET_KEY of test workers (encrypt test credentials and launch secrets with it). */
export const TEST_SECRET_KEY = 'drover-test-secret-key-0123456789';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FLEET = fileURLToPath(new URL('../../../../infra/fleet.sh', import.meta.url));

/** Start (idempotently) the loopback sshd hosts; the path of their inventory (group fleet, host1..n). */
export function fleetInventory(n = 3, opts: { password?: boolean } = {}): string {
  const out = execFileSync('bash', [FLEET, 'up', String(n), ...(opts.password ? ['--password'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = out.trim().split('\n').pop() ?? '';
  if (!path.endsWith('.ini')) throw new Error(`fleet.sh up printed no inventory path: ${out}`);
  return path;
}

/** The fleet's private key (for user `drover`) and, in password mode, its password. */
export const FLEET_DIR = process.env['DROVER_FLEET_DIR'] || '/tmp/drover-infra-fleet';
export const FLEET_KEY = `${FLEET_DIR}/id_ed25519`;
export const FLEET_PASSWORD = process.env['DROVER_FLEET_PASSWORD'] || 'drover-test';

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Env {
  readonly db: TestDatabase;
  readonly prisma: PrismaClient;
  readonly redis: Redis;
  close(): Promise<void>;
}

export async function createEnv(): Promise<Env> {
  const db = await createTestDatabase();
  const prisma = createPrisma(db.url);
  const redis = createRedis();
  return {
    db,
    prisma,
    redis,
    async close() {
      redis.disconnect();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** A pending job running `playbook` (a fixture name or absolute path) on `inventory`. */
export async function insertJob(prisma: PrismaClient, playbook: string, inventory: string, data: Partial<Prisma.JobUncheckedCreateInput> = {}): Promise<number> {
  const path = playbook.startsWith('/') ? playbook : FIXTURES + playbook;
  const extra = (data.extraVars ?? {}) as Record<string, unknown>;
  const job = await prisma.job.create({
    data: {
      name: `test ${playbook}`,
      playbook: path.split('/').pop()!,
      status: 'pending',
      ...data,
      extraVars: { ...extra, [TEST_PLAYBOOK_VAR]: path, [TEST_INVENTORY_VAR]: inventory },
    },
  });
  return job.id;
}

/** Collects every message of some channels, parsed as JSON, in arrival order. */
export class ChannelCollector {
  readonly messages: Array<{ channel: string; message: any }> = [];
  private constructor(private readonly sub: Redis) {}

  static async start(channels: string[]): Promise<ChannelCollector> {
    const sub = createRedis();
    const c = new ChannelCollector(sub);
    sub.on('message', (channel: string, text: string) => c.messages.push({ channel, message: JSON.parse(text) }));
    await sub.subscribe(...channels);
    return c;
  }

  on(channel: string): any[] {
    return this.messages.filter((m) => m.channel === channel).map((m) => m.message);
  }

  close(): void {
    this.sub.disconnect();
  }
}

export interface TestWorker {
  readonly worker: DroverWorker;
  readonly queue: Queue;
  readonly channels: ChannelNames;
  readonly prefix: string;
  readonly resources: RunnerResources;
  close(): Promise<void>;
}

/** An in-process worker with the test job sources, on a fresh queue prefix and channel namespace. */
export async function startTestWorker(
  env: Env,
  opts: { prefix?: string; namespace?: string; heartbeatMs?: number; staleAfterMs?: number; logger?: Logger; cancelGraceMs?: number; lockDurationMs?: number; stalledIntervalMs?: number; sources?: JobSources; secrets?: JobSecretsSource } = {},
): Promise<TestWorker> {
  const prefix = opts.prefix ?? `test-${randomUUID()}`;
  const channels = channelNames(opts.namespace ?? `t-${randomUUID()}`);
  const publisherRedis = createRedis();
  const subscriber = createRedis();
  const resources: RunnerResources = {
    jobs: new PrismaJobStore(env.prisma),
    events: new PrismaEventStore(env.prisma),
    publisher: new RedisPublisher(publisherRedis, channels),
    sources: opts.sources ?? testHookSources,
    secrets: opts.secrets ?? jobSecretsSource({ secretKey: TEST_SECRET_KEY, credentials: new PrismaSourceStore(env.prisma), redis: publisherRedis, queuePrefix: prefix }),
    logger: opts.logger ?? silentLogger,
    active: new ActiveRuns(),
    workerId: `test-worker-${randomUUID().slice(0, 8)}`,
    heartbeatMs: opts.heartbeatMs ?? 500,
    cancelGraceMs: opts.cancelGraceMs ?? 3000,
  };
  const worker = await startDroverWorker(resources, {
    connection: redisConnectionOptions(),
    prefix,
    channels,
    subscriber,
    concurrency: 2,
    lockDurationMs: opts.lockDurationMs ?? 30_000,
    stalledIntervalMs: opts.stalledIntervalMs ?? 30_000,
    staleAfterMs: opts.staleAfterMs ?? 10_000,
    reaperIntervalMs: 1000,
    drainMs: 5000,
  });
  const queue = createJobsQueue({ connection: redisConnectionOptions(), prefix });
  return {
    worker,
    queue,
    channels,
    prefix,
    resources,
    async close() {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      subscriber.disconnect();
      publisherRedis.disconnect();
    },
  };
}
