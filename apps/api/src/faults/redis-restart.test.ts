/**
 * Fault: Redis stops and comes back (its append-only file on) while jobs are queued. `drover server` (API +
 * worker) keeps running; once Redis is back the worker runs every queued job, each exactly once.
 *
 * (A worker killed mid-job is covered by apps/worker/src/tests/worker-kill.scenario.test.ts: the job is
 * errored by the reaper with the reason within a minute, never left running, never run twice.)
 */
import { createPrisma, type PrismaClient } from '@drover/db';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Api, localTemplate, serverEnv, sleep, startDroverServer, startRedis, tempDir, waitFor, type DroverServer, type PrivateRedis } from './harness.js';

const JOBS = 6;
const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: take a while
      command: sleep 1
`;

let db: TestDatabase | undefined;
let prisma: PrismaClient | undefined;
let redis: PrivateRedis | undefined;
let server: DroverServer | undefined;
let projects: ReturnType<typeof tempDir> | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  redis = await startRedis({ persist: true });
  projects = tempDir('drover-fault-projects-');
});
afterAll(async () => {
  const out = server?.output() ?? '';
  await server?.stop().catch(() => undefined);
  await redis?.close().catch(() => undefined);
  await prisma?.$disconnect();
  await db?.drop().catch(() => undefined);
  projects?.remove();
  if (process.env['DROVER_FAULTS_VERBOSE']) process.stderr.write(out);
});

it('runs every queued job once Redis is back, none lost, none run twice', async () => {
  server = await startDroverServer({ ...serverEnv(db!.url, redis!.url, projects!.path), DROVER_WORKER_CONCURRENCY: '1' });
  const api = await Api.login(server.baseUrl, 'admin', 'fault-tests-password');
  const template = await localTemplate(api, projects!.path, { 'slow.yml': PLAYBOOK }, 'slow.yml');

  const ids: number[] = [];
  for (let i = 0; i < JOBS; i++) ids.push((await api.ok('POST', `/api/v1/job_templates/${template}/launch`)).id);
  // one job runs (concurrency 1), the others wait in Redis
  await waitFor('the first job to start', async () => (await prisma!.job.count({ where: { id: { in: ids }, status: 'running' } })) > 0, 20_000, 50);
  const queuedBefore = await prisma!.job.count({ where: { id: { in: ids }, status: 'pending' } });
  expect(queuedBefore).toBeGreaterThanOrEqual(JOBS - 2);

  const t0 = Date.now();
  await redis!.stop();
  await sleep(3000); // the running job ends while Redis is away
  expect(server.running()).toBe(true);
  await redis!.start();
  const restartedAt = Date.now();

  await waitFor('every job to finish', async () => (await prisma!.job.count({ where: { id: { in: ids }, status: { in: ['pending', 'waiting', 'running'] } } })) === 0, 45_000, 200);
  const allDoneMs = Date.now() - restartedAt;
  const jobs = await prisma!.job.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
  expect(jobs.map((j) => [j.id, j.status])).toEqual(ids.map((id) => [id, 'successful']));
  // each ran exactly once
  const running = await prisma!.jobStatusChange.groupBy({ by: ['jobId'], where: { jobId: { in: ids }, to: 'running' }, _count: true });
  expect(running.map((r) => r._count)).toEqual(ids.map(() => 1));
  const starts = await prisma!.jobEvent.groupBy({ by: ['jobId'], where: { jobId: { in: ids }, event: 'playbook_on_start' }, _count: true });
  expect(starts.map((r) => r._count)).toEqual(ids.map(() => 1));
  expect(server.running()).toBe(true);
  // the API launches again
  const again = (await api.ok('POST', `/api/v1/job_templates/${template}/launch`)).id;
  await waitFor('a job launched after the restart', async () => (await prisma!.job.findUniqueOrThrow({ where: { id: again } })).status === 'successful' || undefined, 20_000, 100);
  process.stderr.write(`[faults] redis down ${restartedAt - t0} ms with ${queuedBefore} jobs queued; all ${JOBS} done ${allDoneMs} ms after the restart\n`);
}, 90_000);
