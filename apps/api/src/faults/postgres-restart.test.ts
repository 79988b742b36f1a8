/**
 * Fault: Postgres restarts (a private cluster, `pg_ctl restart -m fast`: every connection is closed) under a
 * running `drover server`. Without restarting drover, the API answers again (Prisma's pg pool drops the
 * dead connections and opens new ones) and the worker runs a job launched afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Api, localTemplate, serverEnv, sleep, startDroverServer, startPostgres, startRedis, tempDir, waitFor, type DroverServer, type PrivatePostgres, type PrivateRedis } from './harness.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: hello
      command: "true"
`;

let pg: PrivatePostgres | undefined;
let redis: PrivateRedis | undefined;
let server: DroverServer | undefined;
let projects: ReturnType<typeof tempDir> | undefined;

beforeAll(async () => {
  pg = await startPostgres();
  redis = await startRedis();
  projects = tempDir('drover-fault-projects-');
});
afterAll(async () => {
  const out = server?.output() ?? '';
  await server?.stop().catch(() => undefined);
  await redis?.close().catch(() => undefined);
  pg?.close();
  projects?.remove();
  if (process.env['DROVER_FAULTS_VERBOSE']) process.stderr.write(out);
});

it('answers requests again after Postgres restarts, without restarting drover', async () => {
  server = await startDroverServer(serverEnv(pg!.url, redis!.url, projects!.path));
  const api = await Api.login(server.baseUrl, 'admin', 'fault-tests-password');
  const template = await localTemplate(api, projects!.path, { 'hello.yml': PLAYBOOK }, 'hello.yml');
  const first = (await api.ok('POST', `/api/v1/job_templates/${template}/launch`)).id;
  await waitFor('the first job', async () => (await api.ok('GET', `/api/v1/jobs/${first}`)).status === 'successful' || undefined, 20_000, 100);
  // several pooled connections are open
  await Promise.all(Array.from({ length: 8 }, () => api.ok('GET', '/api/v1/job_templates')));

  const t0 = Date.now();
  pg!.restart();
  const restartMs = Date.now() - t0;

  // the first requests after the restart may still meet a connection that was closed under them (5xx,
  // never a hang); the pool must recover on its own within seconds
  const statuses: number[] = [];
  await waitFor('the API to answer again', async () => {
    const r = await api.request('GET', '/api/v1/me').catch(() => ({ status: 0 }));
    statuses.push(r.status);
    return r.status === 200 || undefined;
  }, 15_000, 100);
  const recoveredMs = Date.now() - t0 - restartMs;
  for (let i = 0; i < 20; i++) expect((await api.request('GET', '/api/v1/job_templates')).status).toBe(200);
  expect((await api.request('GET', '/api/v1/ping')).body).toMatchObject({ ok: true, database: true, redis: true });

  // the worker survived too (drover server would have exited with it) and runs a new job
  await sleep(1000);
  expect(server.running()).toBe(true);
  const after = (await api.ok('POST', `/api/v1/job_templates/${template}/launch`)).id;
  const job = await waitFor('a job launched after the restart', async () => {
    const j = await api.ok('GET', `/api/v1/jobs/${after}`);
    return ['successful', 'failed', 'error'].includes(j.status) ? j : undefined;
  }, 20_000, 100);
  expect(job.status).toBe('successful');
  expect(server.running()).toBe(true);
  process.stderr.write(`[faults] pg_ctl restart took ${restartMs} ms; the API answered ${recoveredMs} ms after it (statuses ${statuses.join(',')})\n`);

  // a longer outage: requests fail fast (an error, not a hang) while Postgres is away, then succeed
  pg!.stop();
  const down = Date.now();
  const during: number[] = [];
  while (Date.now() - down < 4000) {
    const started = Date.now();
    const r = await api.request('GET', '/api/v1/job_templates').catch(() => ({ status: 0 }));
    expect(Date.now() - started).toBeLessThan(5000);
    during.push(r.status);
    await sleep(250);
  }
  // a database outage is a 503 (DRV_API_UNAVAILABLE), never a hang
  expect(during.every((s) => s === 503)).toBe(true);
  expect(server.running()).toBe(true);
  pg!.start();
  const up = Date.now();
  await waitFor('the API after the outage', async () => (await api.request('GET', '/api/v1/me').catch(() => ({ status: 0 }))).status === 200 || undefined, 15_000, 100);
  const outageRecoveredMs = Date.now() - up;
  const last = (await api.ok('POST', `/api/v1/job_templates/${template}/launch`)).id;
  const lastJob = await waitFor('a job launched after the outage', async () => {
    const j = await api.ok('GET', `/api/v1/jobs/${last}`);
    return ['successful', 'failed', 'error'].includes(j.status) ? j : undefined;
  }, 20_000, 100);
  expect(lastJob.status).toBe('successful');
  expect(server.running()).toBe(true);
  process.stderr.write(`[faults] postgres down ${up - down} ms (API answered ${[...new Set(during)].join(',')} meanwhile); the API answered ${outageRecoveredMs} ms after it was back\n`);
}, 90_000);
