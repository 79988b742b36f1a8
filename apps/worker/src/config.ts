import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { queuePrefix, redisUrl } from '@drover/queue';

/** The worker's settings, from the environment (README lists them). */
export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly channelNamespace: string;
  readonly workerId: string;
  readonly concurrency: number;
  readonly heartbeatMs: number;
  readonly staleAfterMs: number;
  readonly reaperIntervalMs: number;
  readonly cancelGraceMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly drainMs: number;
  /** DROVER_SECRET_KEY (the API's): decrypts credentials and launch-time secrets. Without it, a job that
   * needs a secret fails to start. */
  readonly secretKey: string | undefined;
  /** DROVER_PROJECTS_DIR (the API's, on a shared disk): git projects are synced into `_<id>` in it. */
  readonly projectsDir: string;
}

function int(env: Readonly<Record<string, string | undefined>>, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): WorkerConfig {
  const heartbeatMs = int(env, 'DROVER_HEARTBEAT_MS', 3000);
  const staleAfterMs = int(env, 'DROVER_STALE_AFTER_MS', 30_000);
  if (staleAfterMs < 3 * heartbeatMs) throw new Error('DROVER_STALE_AFTER_MS must be at least 3 x DROVER_HEARTBEAT_MS');
  return {
    databaseUrl: env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/drover',
    redisUrl: redisUrl(env),
    queuePrefix: queuePrefix(env),
    channelNamespace: env['DROVER_CHANNEL_NAMESPACE'] || 'drover',
    workerId: env['DROVER_WORKER_ID'] || `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    concurrency: int(env, 'DROVER_WORKER_CONCURRENCY', 4),
    heartbeatMs,
    staleAfterMs,
    reaperIntervalMs: int(env, 'DROVER_REAPER_INTERVAL_MS', 10_000),
    cancelGraceMs: int(env, 'DROVER_CANCEL_GRACE_MS', 5000),
    lockDurationMs: int(env, 'DROVER_BULL_LOCK_MS', 30_000),
    stalledIntervalMs: int(env, 'DROVER_BULL_STALLED_INTERVAL_MS', 30_000),
    drainMs: int(env, 'DROVER_DRAIN_MS', 30_000),
    secretKey: env['DROVER_SECRET_KEY'] || undefined,
    // the API's default, so that both find the same caches on one box
    projectsDir: resolve(env['DROVER_PROJECTS_DIR'] || (env['NODE_ENV'] === 'development' ? './data/projects' : '/var/lib/drover/projects')),
  };
}
