/**
 * Event throughput benchmark: `npm run bench:events -w apps/worker` (needs the local Postgres and Redis).
 *
 * Pushes a synthetic engine event stream (a task start, then one runner_on_ok per host, 10 hosts)
 * through the worker's real persist + publish path (EventPipeline -> PrismaEventStore -> Redis
 * publish), into a fresh test database, with a Redis subscriber on the job's channel, and prints
 * the events/second stored and received. Events are fed in chunks with a yield to the event loop
 * between them, as the engine does between results.
 *
 *   BENCH_EVENTS=50000   events per run          BENCH_RUNS=3     runs (a fresh job each)
 *   BENCH_CHUNK=500      events per chunk        DROVER_TEST_DATABASE_URL, REDIS_URL as usual
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createPrisma } from '@drover/db';
import { createTestDatabase } from '@drover/db/testing';
import { channelNames, createRedis, type JobChannelMessage } from '@drover/queue';
import { EventPipeline } from '../src/events/event-pipeline.js';
import { RedisPublisher } from '../src/events/publisher.js';
import { syntheticRun } from '../src/events/synthetic-events.js';
import { silentLogger } from '../src/logger.js';
import { Masker } from '../src/mask.js';
import { PrismaEventStore } from '../src/store/prisma/prisma-event-store.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CHUNK = Number(process.env['BENCH_CHUNK'] ?? 500);

const db = await createTestDatabase({ prefix: 'drover_bench' });
const prisma = createPrisma(db.url);
const publisherRedis = createRedis();
const subscriber = createRedis();
const channels = channelNames(`bench-${randomUUID()}`);
const store = new PrismaEventStore(prisma);
const publisher = new RedisPublisher(publisherRedis, channels);

async function runOnce(): Promise<{ stored: number; received: number }> {
  const job = await prisma.job.create({ data: { name: 'bench', playbook: 'bench.yml', status: 'running' } });
  const channel = channels.jobEvents(job.id);
  let received = 0;
  let lastSeen = 0;
  let outOfOrder = 0;
  const done = new Promise<number>((resolve) => {
    subscriber.on('message', (ch: string, text: string) => {
      if (ch !== channel) return;
      const m = JSON.parse(text) as JobChannelMessage;
      if (m.type === 'events_complete') return resolve(performance.now());
      if (m.event.counter !== lastSeen + 1) outOfOrder++;
      lastSeen = m.event.counter;
      received++;
    });
  });
  await subscriber.subscribe(channel);
  const events = [...syntheticRun(N)];
  const pipeline = new EventPipeline({ jobId: job.id, store, publisher, masker: new Masker(), logger: silentLogger, verbosity: 0 });

  const t0 = performance.now();
  for (let i = 0; i < events.length; i += CHUNK) {
    for (const e of events.slice(i, i + CHUNK)) pipeline.sink(e);
    await yieldToLoop();
  }
  await pipeline.close();
  await pipeline.complete();
  const tStored = performance.now();
  const tReceived = await done;
  await subscriber.unsubscribe(channel);
  subscriber.removeAllListeners('message');

  const count = await prisma.jobEvent.count({ where: { jobId: job.id } });
  if (count !== N || received !== N || outOfOrder !== 0) {
    throw new Error(`bench run lost events: stored ${count}, received ${received}, out of order ${outOfOrder} (of ${N})`);
  }
  return { stored: (N / (tStored - t0)) * 1000, received: (N / (tReceived - t0)) * 1000 };
}

try {
  console.log(`drover worker event throughput: ${N} events per run, ${RUNS} runs, chunks of ${CHUNK}`);
  const results = [];
  for (let r = 1; r <= RUNS; r++) {
    const res = await runOnce();
    results.push(res);
    console.log(`run ${r}: ${Math.round(res.stored)} events/s stored, ${Math.round(res.received)} events/s received by a Redis subscriber`);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`median: ${Math.round(median(results.map((r) => r.stored)))} events/s stored, ${Math.round(median(results.map((r) => r.received)))} events/s received`);
} finally {
  subscriber.disconnect();
  publisherRedis.disconnect();
  await prisma.$disconnect();
  await db.drop();
}
