/**
 * `drover server` as a supervisor: SIGTERM stops the API and the worker cleanly (exit 0); a child that dies
 * stops the other and drover exits non-zero.
 */
import { execFileSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serverEnv, startDroverServer, startRedis, tempDir, waitFor, type DroverServer, type PrivateRedis } from './harness.js';

let db: TestDatabase | undefined;
let redis: PrivateRedis | undefined;
let projects: ReturnType<typeof tempDir> | undefined;
const servers: DroverServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  redis = await startRedis();
  projects = tempDir('drover-fault-projects-');
});
afterAll(async () => {
  for (const s of servers) await s.stop(2000).catch(() => undefined);
  await redis?.close().catch(() => undefined);
  await db?.drop().catch(() => undefined);
  projects?.remove();
});

/** The pids of a process's children whose command line contains `match`. */
function childPids(pid: number, match: string): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid), '-f', match], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.split('\n').filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('migrates, prefixes the output, and stops both children cleanly on SIGTERM', async () => {
  const server = await startDroverServer(serverEnv(db!.url, redis!.url, projects!.path));
  servers.push(server);
  const pid = server.process.pid!;
  const [api] = childPids(pid, 'api/dist/main.js');
  const [worker] = childPids(pid, 'worker/dist/src/main.js');
  expect(api && worker).toBeTruthy();
  expect(server.output()).toMatch(/applied 1 of 1 migrations|up to date/);
  expect(server.output()).toMatch(/^api {4}\| .*Server listening/m);
  expect(server.output()).toMatch(/^worker \| .*worker started/m);
  const t0 = Date.now();
  server.process.kill('SIGTERM'); // drover only: it passes the signal on
  const exit = await waitFor('drover to exit', () => (server.running() ? undefined : { code: server.process.exitCode, signal: server.process.signalCode }), 20_000, 50);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(alive(api!) || alive(worker!)).toBe(false);
  expect(server.output()).toMatch(/^worker \| .*worker stopped/m);
}, 60_000);

it('stops cleanly when the whole process group is signalled (Ctrl-C, systemd)', async () => {
  const server = await startDroverServer(serverEnv(db!.url, redis!.url, projects!.path));
  servers.push(server);
  process.kill(-server.process.pid!, 'SIGINT');
  const exit = await waitFor('drover to exit', () => (server.running() ? undefined : { code: server.process.exitCode, signal: server.process.signalCode }), 20_000, 50);
  expect(exit).toEqual({ code: 0, signal: null });
}, 60_000);

it('stops the API and exits non-zero when the worker dies', async () => {
  const server = await startDroverServer(serverEnv(db!.url, redis!.url, projects!.path));
  servers.push(server);
  const pid = server.process.pid!;
  const [api] = childPids(pid, 'api/dist/main.js');
  const [worker] = childPids(pid, 'worker/dist/src/main.js');
  process.kill(worker!, 'SIGKILL');
  const exit = await waitFor('drover to exit', () => (server.running() ? undefined : { code: server.process.exitCode, signal: server.process.signalCode }), 15_000, 50);
  expect(exit.signal).toBeNull();
  expect(exit.code).not.toBe(0);
  expect(alive(api!)).toBe(false);
  expect(server.output()).toContain('the worker exited (SIGKILL); stopping the others');
}, 60_000);
