/**
 * Prometheus metrics at GET /metrics (text format): jobs by status, BullMQ queue depth by state, job
 * events stored (a counter, so `rate(drover_job_events_stored_total[1m])` is the insert rate, plus the
 * rate since the previous scrape as a gauge), HTTP requests, and the process's default metrics.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

const STATUSES = ['new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled'] as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

async function metricsPlugin(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'drover_api_' });

  new Gauge({
    name: 'drover_jobs',
    help: 'Jobs by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await app.db.job.groupBy({ by: ['status'], _count: { _all: true } });
      const counts = new Map(rows.map((r) => [r.status, r._count._all]));
      for (const s of STATUSES) this.set({ status: s }, counts.get(s) ?? 0);
    },
  });

  new Gauge({
    name: 'drover_queue_jobs',
    help: 'BullMQ jobs of the run queue by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await app.jobsQueue.getJobCounts(...QUEUE_STATES);
      for (const s of QUEUE_STATES) this.set({ state: s }, counts[s] ?? 0);
    },
  });

  let lastStored: number | undefined;
  let lastAt = 0;
  let rate = 0;
  const storedNow = async (): Promise<number> => {
    // job_events.id is a bigint sequence: its maximum counts inserted rows without COUNT(*) on a huge table
    const agg = await app.db.jobEvent.aggregate({ _max: { id: true } });
    return Number(agg._max.id ?? 0n);
  };
  const sample = async (): Promise<void> => {
    const now = Date.now();
    if (now - lastAt < 500 && lastStored !== undefined) return;
    const cur = await storedNow();
    if (lastStored !== undefined && now > lastAt) rate = Math.max(0, cur - lastStored) / ((now - lastAt) / 1000);
    storedCounter.inc(Math.max(0, cur - (lastStored ?? 0)));
    lastStored = cur;
    lastAt = now;
  };
  const storedCounter = new Counter({
    name: 'drover_job_events_stored_total',
    help: 'Job events inserted (from the job_events id sequence)',
    registers: [registry],
    async collect() {
      await sample();
    },
  });
  new Gauge({
    name: 'drover_job_events_insert_rate',
    help: 'Job events inserted per second since the previous scrape',
    registers: [registry],
    async collect() {
      await sample();
      this.set(rate);
    },
  });

  const requests = new Counter({
    name: 'drover_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.inc({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).serializer((x: unknown) => String(x)).send(text);
  });
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['prisma', 'redis'] });
