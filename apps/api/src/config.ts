/**
 * The API's configuration, read from the environment by `main.ts` (tests build it directly).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApiConfig {
  /** postgresql:// URL of drover's database. */
  databaseUrl: string;
  /** redis:// URL (queue, event channels). */
  redisUrl: string;
  /** DROVER_SECRET_KEY: credentials and launch-time secrets are encrypted with keys derived from it. */
  secretKey: string;
  /** Where git projects are cloned and local projects must live (DROVER_PROJECTS_DIR). */
  projectsDir: string;
  /** BullMQ key prefix (DROVER_QUEUE_PREFIX, default `drover`). */
  queuePrefix: string;
  /** Redis pub/sub channel namespace (DROVER_CHANNEL_NAMESPACE, default `drover`). */
  channelNamespace: string;
  /** Session lifetime in seconds (default 14 days). */
  sessionTtlSeconds: number;
  /** Mark the session cookie `Secure`: DROVER_COOKIE_SECURE=1 always, 0 never; default 'auto': when the
   * login request came over https (directly or X-Forwarded-Proto from a proxy), so plain http works too. */
  cookieSecure: boolean | 'auto';
  /** Largest accepted request body in bytes (default 8 MiB: inventory imports can be big). */
  bodyLimit: number;
  /** The web UI's static build served at / (DROVER_WEB_DIR; default apps/web/dist beside this app; `none`: no UI). */
  webDir?: string;
}

/** apps/web/dist, seen from apps/api/dist/config.js. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Development-only key, used when NODE_ENV=development and DROVER_SECRET_KEY is unset. */
export const DEVELOPMENT_SECRET_KEY = 'drover-development-secret-key-do-not-use-in-production';

export function configFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ApiConfig {
  const dev = env['NODE_ENV'] === 'development';
  let secretKey = env['DROVER_SECRET_KEY'] ?? '';
  if (!secretKey) {
    if (!dev) throw new ConfigError('DROVER_SECRET_KEY is not set: refusing to start (set NODE_ENV=development to use a development key)');
    secretKey = DEVELOPMENT_SECRET_KEY;
  } else if (secretKey.length < 16) {
    throw new ConfigError('DROVER_SECRET_KEY is too short: use at least 16 characters (32 random bytes recommended)');
  }
  const databaseUrl = env['DATABASE_URL'] ?? (dev ? 'postgresql://postgres@127.0.0.1:5432/drover' : '');
  if (!databaseUrl) throw new ConfigError('DATABASE_URL is not set');
  return {
    databaseUrl,
    redisUrl: env['REDIS_URL'] || 'redis://127.0.0.1:6379',
    secretKey,
    projectsDir: resolve(env['DROVER_PROJECTS_DIR'] || (dev ? './data/projects' : '/var/lib/drover/projects')),
    queuePrefix: env['DROVER_QUEUE_PREFIX'] || 'drover',
    channelNamespace: env['DROVER_CHANNEL_NAMESPACE'] || 'drover',
    sessionTtlSeconds: positiveInt(env['DROVER_SESSION_TTL'], 14 * 24 * 3600, 'DROVER_SESSION_TTL'),
    cookieSecure: env['DROVER_COOKIE_SECURE'] === '1' ? true : env['DROVER_COOKIE_SECURE'] === '0' ? false : 'auto',
    bodyLimit: positiveInt(env['DROVER_BODY_LIMIT'], 8 * 1024 * 1024, 'DROVER_BODY_LIMIT'),
    webDir: env['DROVER_WEB_DIR'] === 'none' ? undefined : resolve(env['DROVER_WEB_DIR'] || DEFAULT_WEB_DIR),
  };
}

function positiveInt(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer`);
  return n;
}
