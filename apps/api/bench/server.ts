/**
 * The benchmark's API server process (forked by controller.ts, so that the load generator and the
 * socket.io client do not share an event loop with the server they measure): `buildApp` on the bench's
 * database, queue prefix and channel namespace, listening on a free loopback port. It creates a
 * superuser and an API token, then reports `{port, token}` to the parent over IPC, and exits when the
 * parent says `stop` (or goes away).
 *
 *   env: BENCH_DATABASE_URL, BENCH_NAMESPACE, BENCH_PROJECTS_DIR, REDIS_URL
 */
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { buildApp, type ApiConfig } from '@drover/api';
import { createPrisma, type PrismaClient } from '@drover/db';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};

const ns = env('BENCH_NAMESPACE');
const config: ApiConfig = {
  databaseUrl: env('BENCH_DATABASE_URL'),
  redisUrl: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
  secretKey: randomBytes(32).toString('base64'),
  projectsDir: env('BENCH_PROJECTS_DIR'),
  queuePrefix: ns,
  channelNamespace: ns,
  sessionTtlSeconds: 3600,
  cookieSecure: false,
  bodyLimit: 1024 * 1024,
};

// The app's Prisma client, with a counter of Prisma operations (reported with the process CPU time on
// request, so the bench can say what one launch costs the server).
const ops = new Map<string, number>();
const prisma = createPrisma(config.databaseUrl).$extends({
  query: {
    $allOperations({ model, operation, args, query }) {
      const k = `${model ?? '$raw'}.${operation}`;
      ops.set(k, (ops.get(k) ?? 0) + 1);
      return query(args);
    },
  },
}) as unknown as PrismaClient;
const app = await buildApp({ config, prisma, logger: process.env['BENCH_SERVER_LOG'] ? { level: 'warn' } : false });
// app.db and app.auth are decorations declared by the API's plugins (not part of its public types).
const services = app as unknown as { db: PrismaClient; auth: { createToken(userId: number, name: string, expiresAt: Date | null): Promise<{ token: string }> } };
const user = await services.db.user.create({ data: { username: 'bench-admin', passwordHash: 'x', isSuperuser: true } });
const { token } = await services.auth.createToken(user.id, 'bench', null);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close().catch(() => undefined);
  await prisma.$disconnect().catch(() => undefined);
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
  if (m === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, ops: Object.fromEntries(ops) });
  }
});
process.on('disconnect', () => void stop());
process.send?.({ type: 'ready', port, token, userId: user.id });
