/**
 * GET /dashboard: what the UI's home screen shows, in one request and scoped to what the caller may
 * read (AWX spreads this over /dashboard and /dashboard/graphs/jobs): job counts by status, finished
 * jobs per day (UTC) for the last `days`, the newest jobs, hosts whose latest run failed, and how many
 * objects of each kind the caller can see.
 */
import type { Prisma } from '@drover/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../schemas/common.js';
import { JobSchema } from '../../schemas/jobs.js';
import { presentJob } from '../jobs/jobs.presenter.js';

const STATUSES = ['pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled'] as const;
const GRAPHED = ['successful', 'failed', 'error', 'canceled'] as const;
const DAY_MS = 24 * 3600 * 1000;

const DashboardQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14).describe('how many days the graph and the failed hosts cover') });

const DashboardSchema = z
  .object({
    jobs: z.object({ total: z.number(), ...Object.fromEntries(STATUSES.map((s) => [s, z.number()])) } as Record<'total' | (typeof STATUSES)[number], z.ZodNumber>),
    job_graph: z.array(z.object({ date: z.string().describe('YYYY-MM-DD (UTC)'), successful: z.number(), failed: z.number(), error: z.number(), canceled: z.number() })),
    recent_jobs: z.array(JobSchema),
    failed_hosts: z.array(
      z.object({ host: z.string(), job: z.number(), job_name: z.string(), finished: z.string().nullable(), failures: z.number(), dark: z.number() }),
    ),
    counts: z.object({ projects: z.number(), inventories: z.number(), hosts: z.number(), job_templates: z.number(), credentials: z.number() }),
  })
  .meta({ id: 'Dashboard' });

const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/dashboard',
    { schema: { tags: ['dashboard'], summary: 'Job counts, a jobs-per-day graph, recent jobs and failing hosts you can see', querystring: DashboardQuery, response: { 200: DashboardSchema, ...errors } } },
    async (request) => {
      const access = await request.access();
      const readable = access.jobWhere();
      const since = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - (request.query.days - 1) * DAY_MS);
      const jobsWhere = (extra: Prisma.JobWhereInput): Prisma.JobWhereInput => (readable ? { AND: [readable, extra] } : extra);
      const countOf = (where: Record<string, unknown> | undefined) => where ?? {};

      const [byStatus, finished, recent, summaries, projects, inventories, hosts, templates, credentials] = await Promise.all([
        app.db.job.groupBy({ by: ['status'], where: jobsWhere({}), _count: { _all: true } }),
        app.db.job.findMany({ where: jobsWhere({ finishedAt: { gte: since } }), select: { status: true, finishedAt: true } }),
        app.db.job.findMany({ where: jobsWhere({}), orderBy: { id: 'desc' }, take: 10 }),
        app.db.jobHostSummary.findMany({
          where: { job: jobsWhere({ finishedAt: { gte: since } }) },
          orderBy: [{ hostName: 'asc' }, { job: { finishedAt: 'desc' } }, { jobId: 'desc' }],
          distinct: ['hostName'],
          take: 5000,
          include: { job: { select: { name: true, finishedAt: true } } },
        }),
        app.db.project.count({ where: countOf(access.where('project')) }),
        app.db.inventory.count({ where: countOf(access.where('inventory')) }),
        app.db.host.count({ where: { inventory: countOf(access.where('inventory')) } }),
        app.db.jobTemplate.count({ where: countOf(access.where('job_template')) }),
        app.db.credential.count({ where: countOf(access.where('credential')) }),
      ]);

      const jobs = Object.fromEntries([['total', 0], ...STATUSES.map((s) => [s, 0])]) as Record<'total' | (typeof STATUSES)[number], number>;
      for (const g of byStatus) {
        const n = g._count._all;
        jobs.total += n;
        if (g.status in jobs) jobs[g.status as (typeof STATUSES)[number]] += n;
      }

      const graph = new Map<string, Record<(typeof GRAPHED)[number], number>>();
      for (let t = since.getTime(); t <= Date.now(); t += DAY_MS) graph.set(new Date(t).toISOString().slice(0, 10), { successful: 0, failed: 0, error: 0, canceled: 0 });
      for (const j of finished) {
        const day = graph.get(j.finishedAt!.toISOString().slice(0, 10));
        if (day && (GRAPHED as readonly string[]).includes(j.status)) day[j.status as (typeof GRAPHED)[number]] += 1;
      }

      return {
        jobs,
        job_graph: [...graph].map(([date, c]) => ({ date, ...c })),
        recent_jobs: recent.map(presentJob),
        failed_hosts: summaries
          .filter((s) => s.failed)
          .sort((a, b) => b.jobId - a.jobId || a.hostName.localeCompare(b.hostName))
          .slice(0, 50)
          .map((s) => ({ host: s.hostName, job: s.jobId, job_name: s.job.name, finished: s.job.finishedAt?.toISOString() ?? null, failures: s.failures, dark: s.dark })),
        counts: { projects, inventories, hosts, job_templates: templates, credentials },
      };
    },
  );
};

export default dashboardRoutes;
