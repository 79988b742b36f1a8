/**
 * Controller benchmark: `npm run bench:controller` (needs the local Postgres and Redis; see README.md).
 *
 * Creates a private database (dropped at the end) and a private queue prefix / channel namespace, forks
 * a real API server (server.ts, listening on a free loopback port) and measures from this process:
 *
 *  1. events end to end: the worker's real persist + publish path (EventPipeline -> PrismaEventStore ->
 *     RedisPublisher) for one job, and a socket.io client subscribed to that job through the API,
 *     counting events (each counter 1..n exactly once, in order) until `job:events_complete`;
 *  2. launch latency with the queue backing up: POST /job_templates/:id/launch at a fixed arrival rate
 *     (open loop; latency measured from each request's scheduled send time), no worker consuming;
 *  3. reads with 1,000,000 stored events: the job list, keyset pages of a hot job's events at random
 *     offsets, and a filtered event query (host + failed); EXPLAIN ANALYZE of a query that misses.
 *
 *   BENCH_EVENTS=50000 BENCH_EVENT_RUNS=3     section 1
 *   BENCH_RATE=200 BENCH_SECONDS=10           section 2
 *   BENCH_TOTAL_EVENTS=1000000 BENCH_JOBS=100 BENCH_HOT_JOBS=3 BENCH_HOT_EVENTS=200000 BENCH_HOSTS=20
 *   BENCH_READS=400                           section 3 requests per endpoint
 *   BENCH_SECTIONS=1,2,3  BENCH_EXPLAIN=1 (always print the plans)
 *   BENCH_SERVER_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof"  node flags of the API server process
 *   DROVER_TEST_DATABASE_URL, REDIS_URL as usual
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { createPrisma } from '@drover/db';
import { createTestDatabase } from '@drover/db/testing';
import type { JobEvent } from '@drover/events';
import { channelNames, createJobsQueue, createRedis } from '@drover/queue';
import { EventPipeline, Masker, PrismaEventStore, RedisPublisher, silentLogger } from '@drover/worker';
import { io as connect } from 'socket.io-client';

const num = (k: string, d: number): number => Number(process.env[k] ?? d);
const EVENTS = num('BENCH_EVENTS', 50_000);
const EVENT_RUNS = num('BENCH_EVENT_RUNS', 3);
const CHUNK = num('BENCH_CHUNK', 500);
const RATE = num('BENCH_RATE', 200);
const SECONDS = num('BENCH_SECONDS', 10);
const TOTAL_EVENTS = num('BENCH_TOTAL_EVENTS', 1_000_000);
const JOBS = num('BENCH_JOBS', 100);
const HOT_JOBS = num('BENCH_HOT_JOBS', 3);
const HOT_EVENTS = num('BENCH_HOT_EVENTS', 200_000);
const HOSTS = num('BENCH_HOSTS', 20);
const READS = num('BENCH_READS', 400);
const SECTIONS = new Set((process.env['BENCH_SECTIONS'] ?? '1,2,3').split(',').map((s) => s.trim()));
const ALWAYS_EXPLAIN = process.env['BENCH_EXPLAIN'] === '1';
const TARGET_EVENTS_PER_S = 5000;
const TARGET_P99_MS = 50;

interface Row {
  what: string;
  result: string;
  target: string;
  ok: boolean;
}
const table: Row[] = [];
const log = (s: string) => console.log(s);

// ---------------------------------------------------------------------------------------------------
// HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 512 });
let base = { port: 0, token: '' };

interface HttpResult {
  status: number;
  text: string;
}

function http(method: string, path: string, body?: unknown): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port: base.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${base.token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await http(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as T;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const ms = (x: number) => `${x.toFixed(1)}`;

// ---------------------------------------------------------------------------------------------------
// Setup

const db = await createTestDatabase({ prefix: 'drover_bench' });
const prisma = createPrisma(db.url);
const ns = `bench-${randomUUID().slice(0, 8)}`;
const projectsDir = await mkdtemp(join(tmpdir(), 'drover-bench-projects-'));
let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  const script = fileURLToPath(new URL('./server.js', import.meta.url));
  server = fork(script, [], {
    env: { ...process.env, BENCH_DATABASE_URL: db.url, BENCH_NAMESPACE: ns, BENCH_PROJECTS_DIR: projectsDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: (process.env['BENCH_SERVER_EXEC_ARGV'] ?? '').split(' ').filter(Boolean),
  });
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    server!.once('message', (m) => resolve(m as { port: number; token: string }));
    server!.once('exit', (code) => reject(new Error(`the API server exited (${code})`)));
  });
  base = { port: ready.port, token: ready.token };
}

interface ServerStats {
  cpuMs: number;
  ops: Record<string, number>;
}

/** The API server's CPU time so far and its Prisma operations by model.operation. */
function serverStats(): Promise<ServerStats> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if ((m as { type?: string }).type !== 'stats') return;
      server!.off('message', on);
      resolve(m as ServerStats);
    };
    server!.on('message', on);
    server!.send('stats');
  });
}

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.send('stop');
  await Promise.race([exited, sleep(10_000)]);
  if (server.exitCode === null) server.kill('SIGKILL');
}

async function cleanupRedis(): Promise<void> {
  const redis = createRedis();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface World {
  template: number;
  project: number;
  inventory: number;
}

async function world(): Promise<World> {
  await mkdir(join(projectsDir, 'bench'), { recursive: true });
  await writeFile(join(projectsDir, 'bench', 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  const org = (await api('POST', '/api/v1/organizations', { name: 'bench' })).id as number;
  const project = (await api('POST', '/api/v1/projects', { name: 'bench', organization: org, scm_type: 'local', local_path: 'bench' })).id as number;
  const inventory = (await api('POST', '/api/v1/inventories', { name: 'bench', organization: org })).id as number;
  for (let h = 0; h < HOSTS; h++) await api('POST', `/api/v1/inventories/${inventory}/hosts`, { name: `host${h}` });
  const template = (await api('POST', '/api/v1/job_templates', { name: 'bench', project, playbook: 'site.yml', inventory })).id as number;
  return { template, project, inventory };
}

// ---------------------------------------------------------------------------------------------------
// 1. Events persisted and streamed to a socket.io client

function* syntheticRun(total: number, hosts: number): Generator<JobEvent> {
  const PB = { playbook: '/p/site.yml', playbook_uuid: 'pb' };
  const PLAY = { ...PB, play: 'a play', play_uuid: 'play', play_pattern: 'all' };
  let counter = 0;
  const stamp = () => ({ counter: ++counter, uuid: randomUUID(), created: new Date().toISOString() });
  yield { ...stamp(), parent_uuid: null, event: 'playbook_on_start', event_data: { ...PB } } as JobEvent;
  for (let t = 0; counter < total; t++) {
    const uuid = randomUUID();
    const task = { ...PLAY, task: `task ${t}`, task_uuid: uuid, task_action: 'shell', task_path: '/p/site.yml:3', is_conditional: false };
    yield { ...stamp(), uuid, parent_uuid: 'play', event: 'playbook_on_task_start', event_data: task } as JobEvent;
    for (let h = 0; h < hosts && counter < total; h++) {
      const host = `host${h}`;
      const res = { changed: h % 3 === 0, rc: 0, stdout: `output of task ${t} on ${host}`, stderr: '', cmd: 'echo hi' };
      yield { ...stamp(), parent_uuid: uuid, event: 'runner_on_ok', event_data: { ...task, host, res } } as JobEvent;
    }
  }
}

async function eventsEndToEnd(w: World): Promise<void> {
  log(`\n[1] events persisted (worker EventPipeline -> Postgres -> Redis) and streamed through the API to a socket.io client: ${EVENTS} events x ${EVENT_RUNS} runs`);
  const publisherRedis = createRedis();
  const store = new PrismaEventStore(prisma);
  const publisher = new RedisPublisher(publisherRedis, channelNames(ns));
  const socket = connect(`http://127.0.0.1:${base.port}`, { auth: { token: base.token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const rates: number[] = [];
  const storedRates: number[] = [];
  let allClean = true;
  try {
    for (let run = 1; run <= EVENT_RUNS; run++) {
      const job = await prisma.job.create({
        data: { name: 'bench events', playbook: 'site.yml', status: 'running', jobTemplateId: w.template, projectId: w.project, inventoryId: w.inventory, startedAt: new Date() },
      });
      let received = 0;
      let expected = 1;
      let gaps = 0;
      let dups = 0;
      let complete: { last_counter: number; at: number } | undefined;
      const onEvent = (e: { job: number; counter: number }) => {
        if (e.job !== job.id) return;
        received++;
        if (e.counter === expected) expected++;
        else if (e.counter < expected) dups++;
        else {
          gaps += e.counter - expected;
          expected = e.counter + 1;
        }
      };
      const onComplete = (m: { job: number; last_counter: number }) => {
        if (m.job === job.id) complete = { last_counter: m.last_counter, at: performance.now() };
      };
      socket.on('job:event', onEvent);
      socket.on('job:events_complete', onComplete);
      const ack = (await socket.timeout(10_000).emitWithAck('job:subscribe', { job: job.id, last_counter: 0 })) as { ok?: boolean; error?: unknown };
      if (!ack.ok) throw new Error(`job:subscribe: ${JSON.stringify(ack)}`);

      const events = [...syntheticRun(EVENTS, 10)];
      const pipeline = new EventPipeline({ jobId: job.id, store, publisher, masker: new Masker(), logger: silentLogger, verbosity: 0 });
      const t0 = performance.now();
      for (let i = 0; i < events.length; i += CHUNK) {
        for (const e of events.slice(i, i + CHUNK)) pipeline.sink(e);
        await yieldToLoop();
      }
      await pipeline.close();
      await pipeline.complete();
      const tStored = performance.now();
      const deadline = Date.now() + 120_000;
      while (!complete && Date.now() < deadline) await sleep(5);
      socket.off('job:event', onEvent);
      socket.off('job:events_complete', onComplete);
      await socket.timeout(5000).emitWithAck('job:unsubscribe', { job: job.id }).catch(() => undefined);
      await prisma.job.update({ where: { id: job.id }, data: { status: 'successful', finishedAt: new Date() } });
      if (!complete) throw new Error(`run ${run}: no job:events_complete within 120 s (received ${received} of ${EVENTS})`);
      const stored = await prisma.jobEvent.count({ where: { jobId: job.id } });
      const clean = received === EVENTS && stored === EVENTS && gaps === 0 && dups === 0 && expected === EVENTS + 1 && complete.last_counter === EVENTS;
      allClean &&= clean;
      const rate = (EVENTS / (complete.at - t0)) * 1000;
      const storedRate = (EVENTS / (tStored - t0)) * 1000;
      rates.push(rate);
      storedRates.push(storedRate);
      log(
        `  run ${run}: ${Math.round(storedRate)} events/s stored, ${Math.round(rate)} events/s received by the socket.io client; ` +
          `stored ${stored}, received ${received}, gaps ${gaps}, duplicates ${dups}, last_counter ${complete.last_counter} -> ${clean ? 'counters 1..n exactly once' : 'NOT CLEAN'}`,
      );
    }
  } finally {
    socket.disconnect();
    publisherRedis.disconnect();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const r = median(rates);
  table.push({ what: `events persisted + streamed to socket.io (median of ${EVENT_RUNS} x ${EVENTS})`, result: `${Math.round(r)} events/s (stored ${Math.round(median(storedRates))}/s)`, target: `>= ${TARGET_EVENTS_PER_S}/s`, ok: r >= TARGET_EVENTS_PER_S });
  table.push({ what: 'events: no gaps / duplicates (counters 1..n)', result: allClean ? 'yes, every run' : 'NO', target: 'yes', ok: allClean });
}

// ---------------------------------------------------------------------------------------------------
// 2. Launch latency with the queue backing up (open loop, fixed arrival rate)

async function launchLatency(w: World): Promise<void> {
  const n = Math.round(RATE * SECONDS);
  log(`\n[2] POST /api/v1/job_templates/${w.template}/launch at ${RATE}/s for ${SECONDS} s (${n} launches, open loop, no worker consuming)`);
  const path = `/api/v1/job_templates/${w.template}/launch`;
  for (let i = 0; i < 20; i++) await api('POST', path); // warm up (connections, JIT, prepared plans)
  const queue = createJobsQueue({ connection: createRedis(), prefix: ns });
  const waitingBefore = await queue.getWaitingCount();
  const before = await serverStats();

  const interval = 1000 / RATE;
  const lat: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let lastDone = 0;
  let maxInflight = 0;
  let inflight = 0;
  let lateSends = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now() + 20;
  for (let i = 0; i < n; i++) {
    const scheduled = t0 + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait - 0.5);
    while (performance.now() < scheduled) {
      /* spin for the last half millisecond */
    }
    if (performance.now() - scheduled > 5) lateSends++;
    inflight++;
    maxInflight = Math.max(maxInflight, inflight);
    pending.push(
      http('POST', path).then(
        (r) => {
          const done = performance.now();
          inflight--;
          lastDone = Math.max(lastDone, done);
          lat.push(done - scheduled);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        },
        () => {
          inflight--;
          errors++;
          lat.push(performance.now() - scheduled);
        },
      ),
    );
  }
  const lastSend = performance.now();
  await Promise.all(pending);
  const after = await serverStats();
  const waitingAfter = await queue.getWaitingCount();
  await queue.close();
  (queue.opts.connection as { disconnect?: () => void }).disconnect?.();

  lat.sort((a, b) => a - b);
  const sendRate = n / ((lastSend - t0) / 1000);
  const achieved = n / ((lastDone - t0) / 1000);
  const ok = statuses.get(201) ?? 0;
  const p50 = percentile(lat, 0.5);
  const p95 = percentile(lat, 0.95);
  const p99 = percentile(lat, 0.99);
  log(
    `  statuses ${JSON.stringify(Object.fromEntries(statuses))}, transport errors ${errors}; sent at ${sendRate.toFixed(1)}/s, completed at ${achieved.toFixed(1)}/s; ` +
      `max in flight ${maxInflight}; sends > 5 ms late ${lateSends}; queue waiting ${waitingBefore} -> ${waitingAfter}`,
  );
  const cpuPerLaunch = (after.cpuMs - before.cpuMs) / n;
  const opsPerLaunch = Object.entries(after.ops)
    .map(([k, v]) => [k, (v - (before.ops[k] ?? 0)) / n] as const)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
  const totalOps = opsPerLaunch.reduce((a, [, v]) => a + v, 0);
  log(`  API server CPU per launch ${cpuPerLaunch.toFixed(2)} ms (one core saturates at ~${Math.round(1000 / cpuPerLaunch)} launches/s); Prisma operations per launch ${totalOps.toFixed(1)}:`);
  log(`    ${opsPerLaunch.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  log(`  latency from scheduled send: p50 ${ms(p50)} ms, p95 ${ms(p95)} ms, p99 ${ms(p99)} ms, max ${ms(lat[lat.length - 1]!)} ms`);
  table.push({
    what: `launch at ${RATE}/s x ${SECONDS} s, queue ${waitingBefore} -> ${waitingAfter}`,
    result: `p50 ${ms(p50)} / p95 ${ms(p95)} / p99 ${ms(p99)} ms; ${achieved.toFixed(0)}/s achieved, ${ok}/${n} 201`,
    target: `p99 < ${TARGET_P99_MS} ms, ${RATE}/s`,
    ok: p99 < TARGET_P99_MS && ok === n && achieved >= RATE * 0.97,
  });
}

// ---------------------------------------------------------------------------------------------------
// 3. Reads with 1,000,000 stored events

interface Loaded {
  hot: number[];
  all: number[];
}

async function bulkLoad(w: World): Promise<Loaded> {
  const cold = JOBS - HOT_JOBS;
  const coldTotal = TOTAL_EVENTS - HOT_JOBS * HOT_EVENTS;
  if (cold <= 0 || coldTotal < cold) throw new Error('BENCH_TOTAL_EVENTS / BENCH_JOBS / BENCH_HOT_* do not add up');
  log(`\n[3] bulk-loading ${TOTAL_EVENTS} job events over ${JOBS} jobs (${HOT_JOBS} hot jobs of ${HOT_EVENTS}, ${cold} of ~${Math.round(coldTotal / cold)}; ${HOSTS} hosts per job)`);
  const t0 = performance.now();
  const admin = await prisma.user.findFirstOrThrow({ where: { username: 'bench-admin' } });
  const jobs = await prisma.$queryRawUnsafe<Array<{ id: number }>>(
    `INSERT INTO jobs (name, "jobTemplateId", "projectId", "inventoryId", "createdById", status, "launchType", playbook, "createdAt", "startedAt", "finishedAt", elapsed)
     SELECT 'bench ' || g, $1, $2, $3, $4, (CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'successful' END)::"JobStatus", 'manual', 'site.yml',
            now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '30 seconds', 30
     FROM generate_series(1, $5::int) g ORDER BY g DESC RETURNING id`,
    w.template,
    w.project,
    w.inventory,
    admin.id,
    JOBS,
  );
  const ids = jobs.map((j) => j.id).sort((a, b) => a - b);
  const hot = ids.slice(0, HOT_JOBS);
  const sizes = new Map<number, number>();
  ids.forEach((id, i) => sizes.set(id, i < HOT_JOBS ? HOT_EVENTS : Math.floor(coldTotal / cold) + (i - HOT_JOBS < coldTotal % cold ? 1 : 0)));
  const H = HOSTS;
  const insert = (jobId: number, from: number, to: number) =>
    prisma.$executeRawUnsafe(
      `INSERT INTO job_events ("jobId", counter, uuid, "parentUuid", event, "eventData", host, play, task, role, changed, failed, stdout, "startLine", "endLine", created)
       SELECT $1::int, c, md5($1::text || ':' || c), CASE WHEN c = 1 THEN NULL WHEN k = 0 THEN 'play' ELSE md5($1::text || ':t' || t) END,
              ev, jsonb_strip_nulls(jsonb_build_object('playbook', '/p/site.yml', 'play', 'a play', 'task', 'task ' || t, 'task_action', 'shell', 'host', h,
                'res', CASE WHEN h IS NULL THEN NULL ELSE jsonb_build_object('changed', k % 3 = 0, 'rc', CASE WHEN ev = 'runner_on_failed' THEN 1 ELSE 0 END,
                  'stdout', 'output of task ' || t || ' on ' || h, 'stderr', '', 'cmd', 'echo hi') END)),
              h, 'a play', CASE WHEN c = 1 THEN '' ELSE 'task ' || t END, '', h IS NOT NULL AND k % 3 = 0, ev = 'runner_on_failed',
              CASE WHEN c = 1 THEN E'\\nPLAY [a play] ****************************************************************\\n'
                   WHEN k = 0 THEN E'\\nTASK [task ' || t || E'] *************************************************************\\n'
                   WHEN ev = 'runner_on_failed' THEN E'\\u001b[0;31mfatal: [' || h || E']: FAILED! => {"changed": false, "rc": 1, "msg": "non-zero return code"}\\u001b[0m\\n'
                   ELSE E'\\u001b[0;32mok: [' || h || E']\\u001b[0m\\n' END,
              c * 2, c * 2 + 2, now() - interval '1 day' + c * interval '1 millisecond'
       FROM (SELECT c, (c - 2) / ${H + 1} AS t, (c - 2) % ${H + 1} AS k,
                    CASE WHEN c = 1 THEN 'playbook_on_start' WHEN (c - 2) % ${H + 1} = 0 THEN 'playbook_on_task_start'
                         WHEN c % 100 = 0 THEN 'runner_on_failed' ELSE 'runner_on_ok' END AS ev,
                    CASE WHEN c > 1 AND (c - 2) % ${H + 1} > 0 THEN 'host' || ((c - 2) % ${H + 1} - 1) END AS h
             FROM generate_series($2::int, $3::int) c) s`,
      jobId,
      from,
      to,
    );
  let done = 0;
  for (const id of ids) {
    const size = sizes.get(id)!;
    for (let from = 1; from <= size; from += 100_000) {
      const to = Math.min(size, from + 99_999);
      done += await insert(id, from, to);
    }
    await prisma.job.update({ where: { id }, data: { eventsEmitted: size } });
  }
  const loaded = (performance.now() - t0) / 1000;
  await prisma.$executeRawUnsafe('VACUUM ANALYZE job_events');
  await prisma.$executeRawUnsafe('VACUUM ANALYZE jobs');
  const size = await prisma.$queryRawUnsafe<Array<{ s: string }>>(`SELECT pg_size_pretty(pg_total_relation_size('job_events')) AS s`);
  log(`  ${done} rows in ${loaded.toFixed(1)} s (${Math.round(done / loaded)} rows/s), then VACUUM ANALYZE; job_events is ${size[0]!.s} with indexes; hot jobs ${hot.join(', ')}`);
  if (done !== TOTAL_EVENTS) throw new Error(`loaded ${done} events, expected ${TOTAL_EVENTS}`);
  return { hot, all: ids };
}

interface Measured {
  label: string;
  p50: number;
  p99: number;
  max: number;
}

async function measure(label: string, next: () => string, check: (body: any) => void): Promise<Measured> {
  for (let i = 0; i < 30; i++) {
    const r = await http('GET', next());
    if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.text.slice(0, 300)}`);
    check(JSON.parse(r.text));
  }
  const lat: number[] = [];
  for (let i = 0; i < READS; i++) {
    const path = next();
    const t = performance.now();
    const r = await http('GET', path);
    lat.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 300)}`);
  }
  lat.sort((a, b) => a - b);
  const m = { label, p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), max: lat[lat.length - 1]! };
  log(`  ${label}: p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, max ${ms(m.max)} ms (${READS} sequential requests)`);
  return m;
}

async function explain(title: string, sql: string, params: unknown[]): Promise<void> {
  const rows = await prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, ...params);
  log(`  EXPLAIN ANALYZE (${title}):`);
  for (const r of rows) log(`    ${r['QUERY PLAN']}`);
}

async function reads(w: World): Promise<void> {
  const loaded = await bulkLoad(w);
  const totalJobs = await prisma.job.count();
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const hotJob = () => loaded.hot[rnd(loaded.hot.length)]!;

  const list = await measure(`GET /api/v1/jobs?page_size=25&order_by=-id (${totalJobs} jobs)`, () => '/api/v1/jobs?page_size=25&order_by=-id', (b) => {
    if (b.results.length !== 25 || b.count !== totalJobs) throw new Error(`job list: ${b.results.length} results, count ${b.count}`);
  });
  const page = await measure(
    `GET /api/v1/jobs/:hot/job_events?counter__gt=<random>&limit=100 (${HOT_EVENTS} events)`,
    () => `/api/v1/jobs/${hotJob()}/job_events?counter__gt=${rnd(HOT_EVENTS - 100)}&limit=100`,
    (b) => {
      if (b.results.length !== 100) throw new Error(`event page: ${b.results.length} results`);
    },
  );
  const filtered = await measure(
    `GET /api/v1/jobs/:hot/job_events?host=<random>&failed=true (limit 100)`,
    () => `/api/v1/jobs/${hotJob()}/job_events?host=host${rnd(HOSTS)}&failed=true&limit=100`,
    (b) => {
      if (b.results.length === 0 || b.results.some((e: { failed: boolean }) => !e.failed)) throw new Error('filtered events: no failed events');
    },
  );

  const rows: Array<[Measured, string, string, unknown[]]> = [
    [list, 'job list', `SELECT * FROM jobs ORDER BY id DESC LIMIT 26 OFFSET 0`, []],
    [page, 'event page', `SELECT * FROM job_events WHERE "jobId" = $1 AND counter > $2 ORDER BY counter ASC LIMIT 101`, [loaded.hot[0], Math.floor(HOT_EVENTS / 2)]],
    [filtered, 'filtered events', `SELECT * FROM job_events WHERE "jobId" = $1 AND host = $2 AND failed = true ORDER BY counter ASC LIMIT 101`, [loaded.hot[0], 'host7']],
  ];
  for (const [m, title, sql, params] of rows) {
    const ok = m.p99 < TARGET_P99_MS;
    table.push({ what: m.label, result: `p50 ${ms(m.p50)} / p99 ${ms(m.p99)} ms`, target: `p99 < ${TARGET_P99_MS} ms`, ok });
    if (!ok || ALWAYS_EXPLAIN) await explain(title, sql, params);
  }
  if (!(list.p99 < TARGET_P99_MS) || ALWAYS_EXPLAIN) await explain('job list count', `SELECT count(*) FROM jobs`, []);
}

// ---------------------------------------------------------------------------------------------------

function printTable(): void {
  const w0 = Math.max(4, ...table.map((r) => r.what.length));
  const w1 = Math.max(6, ...table.map((r) => r.result.length));
  const w2 = Math.max(6, ...table.map((r) => r.target.length));
  const line = (a: string, b: string, c: string, d: string) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c.padEnd(w2)} | ${d.padEnd(4)} |`;
  log('\n' + line('what', 'result', 'target', 'ok'));
  log(line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2), '----'));
  for (const r of table) log(line(r.what, r.result, r.target, r.ok ? 'yes' : 'NO'));
}

let failed = false;
try {
  log(`drover controller benchmark: database ${db.name}, namespace ${ns}`);
  await startServer();
  const w = await world();
  if (SECTIONS.has('1')) await eventsEndToEnd(w);
  if (SECTIONS.has('2')) await launchLatency(w);
  if (SECTIONS.has('3')) await reads(w);
  printTable();
} catch (err) {
  failed = true;
  console.error(err);
  if (table.length) printTable();
} finally {
  agent.destroy();
  await stopServer();
  await prisma.$disconnect();
  await db.drop();
  await cleanupRedis();
  await rm(projectsDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
