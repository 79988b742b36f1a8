/**
 * Test helper: a fresh, migrated database per test file, a fresh queue prefix and channel namespace,
 * the app built on them, and shortcuts to create users and call the API as them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app.js';
import type { ApiConfig } from '../config.js';
import { hashPassword } from '../plugins/app/auth.service.js';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export interface Client {
  get<T = any>(url: string): Promise<Res<T>>;
  post<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  patch<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  delete<T = any>(url: string): Promise<Res<T>>;
  raw(opts: InjectOptions): Promise<Res>;
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
  token: string;
  api: Client;
}

export interface TestContext {
  app: FastifyInstance;
  db: TestDatabase;
  config: ApiConfig;
  admin: TestUser;
  anonymous: Client;
  createUser(username: string, opts?: { superuser?: boolean; auditor?: boolean }): Promise<TestUser>;
  close(): Promise<void>;
}

export function client(app: FastifyInstance, headers: Record<string, string> = {}): Client {
  const call = async (opts: InjectOptions): Promise<Res> => {
    const res = await app.inject({ ...opts, headers: { ...headers, ...(opts.headers as Record<string, string> | undefined) } });
    let body: unknown = undefined;
    if (res.body && String(res.headers['content-type'] ?? '').includes('json')) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers as Res['headers'], text: res.body };
  };
  const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown) =>
    call({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    get: (url) => call({ method: 'GET', url }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url) => call({ method: 'DELETE', url }),
    raw: call,
  };
}

export async function testConfig(overrides: Partial<ApiConfig> = {}): Promise<{ config: ApiConfig; db: TestDatabase; projectsDir: string }> {
  const db = await createTestDatabase();
  const ns = `test-${randomUUID().slice(0, 8)}`;
  const projectsDir = await mkdtemp(join(tmpdir(), 'drover-api-projects-'));
  const config: ApiConfig = {
    databaseUrl: db.url,
    redisUrl: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
    secretKey: 'test-secret-key-0123456789abcdef',
    projectsDir,
    queuePrefix: ns,
    channelNamespace: ns,
    sessionTtlSeconds: 3600,
    cookieSecure: false,
    bodyLimit: 1024 * 1024,
    ...overrides,
  };
  return { config, db, projectsDir };
}

export async function buildTestApp(opts: Partial<BuildAppOptions> & { configOverrides?: Partial<ApiConfig> } = {}): Promise<TestContext> {
  const { config, db, projectsDir } = await testConfig(opts.configOverrides);
  const app = await buildApp({ logger: false, ...opts, config });
  const createUser = async (username: string, o: { superuser?: boolean; auditor?: boolean } = {}): Promise<TestUser> => {
    const password = `pw-${username}-${randomUUID().slice(0, 8)}`;
    const user = await app.db.user.create({
      data: { username, passwordHash: await hashPassword(password), isSuperuser: o.superuser ?? false, isSystemAuditor: o.auditor ?? false },
    });
    const { token } = await app.auth.createToken(user.id, 'test', null);
    return { id: user.id, username, password, token, api: client(app, { authorization: `Bearer ${token}` }) };
  };
  const admin = await createUser('admin', { superuser: true });
  return {
    app,
    db,
    config,
    admin,
    anonymous: client(app),
    createUser,
    close: async () => {
      await app.close();
      await db.drop();
      await queueCleanup(config);
      await rm(projectsDir, { recursive: true, force: true });
    },
  };
}

/** Removes the test's BullMQ keys. */
async function queueCleanup(config: ApiConfig): Promise<void> {
  const { createRedis } = await import('@drover/queue');
  const redis = createRedis(config.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
