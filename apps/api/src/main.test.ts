import { execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { createPrisma } from '@drover/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from './bootstrap.js';
import { ConfigError, configFromEnv } from './config.js';
import { buildApp } from './app.js';
import { LOG_REDACT_PATHS } from './logger.js';
import { testConfig } from './tests/helper.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('configuration and startup', () => {
  it('refuses to start without DROVER_SECRET_KEY unless NODE_ENV=development', () => {
    expect(() => configFromEnv({ DATABASE_URL: 'postgresql://x/y' })).toThrow(ConfigError);
    expect(() => configFromEnv({ DATABASE_URL: 'postgresql://x/y', DROVER_SECRET_KEY: 'short' })).toThrow(/too short/);
    expect(configFromEnv({ NODE_ENV: 'development' }).secretKey).toBeTruthy();
    const c = configFromEnv({ DATABASE_URL: 'postgresql://x/y', DROVER_SECRET_KEY: 'a'.repeat(32), REDIS_URL: 'redis://r:1', DROVER_PROJECTS_DIR: '/p' });
    expect(c).toMatchObject({ databaseUrl: 'postgresql://x/y', redisUrl: 'redis://r:1', projectsDir: '/p', cookieSecure: 'auto' });
    expect(configFromEnv({ NODE_ENV: 'development', DROVER_COOKIE_SECURE: '1' }).cookieSecure).toBe(true);
  });

  it('exits with a message when started without the key (dist/main.js)', async () => {
    const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN], { env: { PATH: process.env['PATH'], DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/none' } }, (err, _out, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('DROVER_SECRET_KEY');
  });

  describe('against a database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
    });
    afterAll(async () => db?.drop());

    it('migrates, creates the first admin with a generated password printed once, and serves', async () => {
      const env = { PATH: process.env['PATH'], DATABASE_URL: db.url, DROVER_SECRET_KEY: 'k'.repeat(32), PORT: '0', HOST: '127.0.0.1', DROVER_PROJECTS_DIR: tmpdir(), DROVER_QUEUE_PREFIX: `t-${process.pid}`, DROVER_CHANNEL_NAMESPACE: `t-${process.pid}` };
      const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        const end = Date.now() + 30_000;
        while (!/Server listening at (http:\/\/127\.0\.0\.1:\d+)/.test(out)) {
          if (Date.now() > end || child.exitCode !== null) throw new Error(`no start: ${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        const password = /generated password:\s+(\S+)/.exec(out)?.[1];
        expect(password).toBeTruthy();
        const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
        expect(login.status).toBe(200);
        expect(((await login.json()) as { is_superuser: boolean }).is_superuser).toBe(true);
        // the password appears once: in the banner, never in a log line
        expect(out.split(password!).length - 1).toBe(1);
        expect(out.split('\n').filter((l) => l.startsWith('{') && l.includes(password!))).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    });
  });

  it('takes the first admin from DROVER_ADMIN_USER/DROVER_ADMIN_PASSWORD, once', async () => {
    const db = await createTestDatabase();
    const prisma = createPrisma(db.url);
    try {
      const first = await ensureAdmin(prisma, { DROVER_ADMIN_USER: 'root', DROVER_ADMIN_PASSWORD: 'a-long-password' });
      expect(first).toMatchObject({ username: 'root' });
      expect(first?.generatedPassword).toBeUndefined();
      expect(await ensureAdmin(prisma, { DROVER_ADMIN_USER: 'other' })).toBeNull();
      const u = await prisma.user.findUniqueOrThrow({ where: { username: 'root' } });
      expect(u.isSuperuser).toBe(true);
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    } finally {
      await prisma.$disconnect();
      await db.drop();
    }
  });
});

describe('logs', () => {
  it('never contain passwords, tokens, cookies or credential secrets', async () => {
    const { config, db, projectsDir } = await testConfig();
    let logs = '';
    const stream = new Writable({ write(chunk, _enc, cb) { logs += chunk.toString(); cb(); } });
    const app = await buildApp({ config, logger: { level: 'trace', stream, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } } });
    try {
      await ensureAdmin(app.db, { DROVER_ADMIN_USER: 'admin', DROVER_ADMIN_PASSWORD: 'admin-password-xyz' });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-password-xyz' } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const token = JSON.parse((await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 't' } })).body).token as string;
      const auth = { authorization: `Bearer ${token}` };
      const org = JSON.parse((await app.inject({ method: 'POST', url: '/api/v1/organizations', headers: auth, payload: { name: 'o' } })).body).id;
      await app.inject({ method: 'POST', url: '/api/v1/credentials', headers: auth, payload: { name: 'c', organization: org, kind: 'machine', inputs: { password: 'cred-secret-abc', ssh_key_data: 'bad key cred-secret-def' } } });
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong-password-ghi' } });
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer drv_not-a-real-token-jkl' } });
      expect(logs.length).toBeGreaterThan(0);
      for (const secret of ['admin-password-xyz', token, cookie.split('=')[1]!, 'cred-secret-abc', 'cred-secret-def', 'wrong-password-ghi', 'drv_not-a-real-token-jkl']) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      await app.close();
      await db.drop();
      await rm(projectsDir, { recursive: true, force: true });
    }
  });
});
