import { Redis, type RedisOptions } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The Redis URL drover's processes use: `REDIS_URL`, or redis://127.0.0.1:6379. */
export function redisUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['REDIS_URL'] || DEFAULT_REDIS_URL;
}

/**
 * ioredis options for a `redis://[user:password@]host:port[/db]` or `rediss://` URL, as BullMQ needs
 * them: `maxRetriesPerRequest: null` (a Worker's blocking commands must not give up while Redis
 * restarts). Pass the result as BullMQ's `connection` and to `createRedis`.
 */
export function redisConnectionOptions(url: string = redisUrl()): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`not a redis:// URL: ${u.protocol}//${u.host}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** A new ioredis client (publisher or subscriber) for the URL. */
export function createRedis(url: string = redisUrl(), extra: RedisOptions = {}): Redis {
  return new Redis({ ...redisConnectionOptions(url), ...extra });
}
