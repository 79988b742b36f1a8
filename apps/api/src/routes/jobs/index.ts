/**
 * Jobs: list and detail (readable jobs only), cancel, relaunch (all or failed hosts), stdout (txt, ansi,
 * json; streamed, no size cap), job events (filterable, keyset-paged by counter) and host summaries.
 */
import { Readable } from 'node:stream';
import type { Job, Prisma } from '@drover/db';
import { isActive } from '@drover/queue';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, invalid, notFound, type FieldErrors } from '../../errors.js';
import { paginate, parseListQuery, parsePositiveInt, type ListSpec } from '../../lib/list-query.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { ENCRYPTED_PLACEHOLDER } from '../../plugins/app/secret-box.js';
import type { SurveySpec } from '../../plugins/app/survey.js';
import { errors, IdParams, ListQuery, pageOf } from '../../schemas/common.js';
import { HostSummarySchema, JobEventPage, JobSchema, JOB_STATUS_VALUES, LaunchedJobSchema, RelaunchBody } from '../../schemas/jobs.js';
import { passwordsNeeded } from '../job-templates/launch.js';
import { presentJob, presentJobEvent } from './jobs.presenter.js';
import { relatedNames, type RelatedField, type RelatedRef } from '../../lib/related-names.js';
import { eventsWhere, streamStdout } from './events.js';

const JOB_LIST: ListSpec = {
  fields: {
    id: { type: 'int' },
    name: { type: 'string' },
    status: { type: 'enum', values: JOB_STATUS_VALUES },
    job_template: { type: 'int', column: 'jobTemplateId' },
    project: { type: 'int', column: 'projectId' },
    inventory: { type: 'int', column: 'inventoryId' },
    created_by: { type: 'int', column: 'createdById' },
    launch_type: { type: 'string', column: 'launchType' },
    playbook: { type: 'string' },
    limit: { type: 'string' },
    created: { type: 'date', column: 'createdAt' },
    started: { type: 'date', column: 'startedAt' },
    finished: { type: 'date', column: 'finishedAt' },
    elapsed: { type: 'float' },
    extra_vars: { type: 'string', filter: false },
  },
  defaultOrder: '-id',
  search: ['name', 'playbook', 'limit'],
};

/** The objects a job points at, named under summary_fields. */
const JOB_RELATED: readonly RelatedField[] = [
  { key: 'job_template', column: 'jobTemplateId', kind: 'job_template' },
  { key: 'project', column: 'projectId', kind: 'project' },
  { key: 'inventory', column: 'inventoryId', kind: 'inventory' },
  { key: 'credential', column: 'credentialId', kind: 'credential' },
];
type JobSummary = Record<'job_template' | 'project' | 'inventory' | 'credential', RelatedRef | null>;

/** A job the caller may read, or 404. */
export async function loadReadableJob(app: FastifyInstance, request: FastifyRequest, id: number): Promise<Job> {
  const access = await request.access();
  const where = access.jobWhere();
  const job = await app.db.job.findFirst({ where: where ? { AND: [{ id }, where] } : { id } });
  if (!job) throw notFound('job');
  return job;
}

/** Who may cancel or relaunch: superusers, the job's launcher (cancel only), template admins (cancel) and executors (relaunch). */
async function jobCapabilities(app: FastifyInstance, request: FastifyRequest, job: Job): Promise<{ cancel: boolean; relaunch: boolean }> {
  const user = requireUser(request);
  if (user.isSuperuser) return { cancel: true, relaunch: true };
  let admin = false;
  let execute = false;
  if (job.jobTemplateId !== null) {
    const access = await request.access();
    const ref = await app.rbac.resolve('job_template', job.jobTemplateId);
    admin = Boolean(ref && access.can('admin', ref));
    execute = Boolean(ref && access.can('execute', ref));
  }
  return { cancel: admin || job.createdById === user.id, relaunch: execute };
}

/** A job with its summary fields: related names and what the caller may do. */
async function presentJobFull(app: FastifyInstance, request: FastifyRequest, job: Job) {
  const names = await relatedNames(app.db, [job], JOB_RELATED);
  return { ...presentJob(job), summary_fields: { ...(names(job) as JobSummary), user_capabilities: await jobCapabilities(app, request, job) } };
}

async function requireJobRole(app: FastifyInstance, request: FastifyRequest, job: Job, action: 'cancel' | 'relaunch'): Promise<void> {
  if ((await jobCapabilities(app, request, job))[action]) return;
  throw new ApiError('DRV_API_FORBIDDEN', action === 'cancel' ? 'only the launcher, a template admin or a superuser may cancel this job' : 'you need the execute role on the job template');
}

const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/jobs', { schema: { tags: ['jobs'], summary: 'Jobs you can read', querystring: ListQuery, response: { 200: pageOf(JobSchema), ...errors } } }, async (request) => {
    const access = await request.access();
    const q = parseListQuery(request.query, JOB_LIST);
    let names: ((row: object) => Record<string, RelatedRef | null>) | undefined;
    return paginate(
      request.url,
      q,
      access.jobWhere() as Record<string, unknown> | undefined,
      {
        count: (a) => app.db.job.count(a),
        find: async (a) => {
          const rows = await app.db.job.findMany(a);
          names = await relatedNames(app.db, rows, JOB_RELATED);
          return rows;
        },
      },
      (job) => ({ ...presentJob(job), summary_fields: names!(job) as JobSummary }),
    );
  });

  app.get('/jobs/:id', { schema: { tags: ['jobs'], summary: 'A job', params: IdParams, response: { 200: JobSchema, ...errors } } }, async (request) => {
    return presentJobFull(app, request, await loadReadableJob(app, request, request.params.id));
  });

  app.get('/jobs/:id/cancel', { schema: { tags: ['jobs'], summary: 'Whether the job can be canceled', params: IdParams, response: { 200: z.object({ can_cancel: z.boolean() }), ...errors } } }, async (request) => {
    const job = await loadReadableJob(app, request, request.params.id);
    return { can_cancel: isActive(job.status) };
  });

  app.post('/jobs/:id/cancel', { schema: { tags: ['jobs'], summary: 'Cancel an active job (202); 405 when it has finished', params: IdParams, response: { 202: JobSchema, 405: errors[400], ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const job = await loadReadableJob(app, request, request.params.id);
    await requireJobRole(app, request, job, 'cancel');
    const after = await app.jobs.cancel(job, user);
    await app.activity.record(user, 'update', 'job', job.id, { cancel_requested: [false, true], status: [job.status, after.status] });
    return reply.code(202).send(await presentJobFull(app, request, after));
  });

  app.get(
    '/jobs/:id/relaunch',
    { schema: { tags: ['jobs'], summary: 'What a relaunch needs', params: IdParams, response: { 200: z.object({ passwords_needed_to_start: z.array(z.string()), retry_counts: z.object({ all: z.number(), failed: z.number() }).nullable() }), ...errors } } },
    async (request) => {
      const job = await loadReadableJob(app, request, request.params.id);
      const cred = job.credentialId ? await app.db.credential.findUnique({ where: { id: job.credentialId } }) : null;
      const summaries = await app.db.jobHostSummary.findMany({ where: { jobId: job.id }, select: { failed: true } });
      return {
        passwords_needed_to_start: passwordsNeeded(cred),
        retry_counts: isActive(job.status) ? null : { all: summaries.length, failed: summaries.filter((s) => s.failed).length },
      };
    },
  );

  app.post(
    '/jobs/:id/relaunch',
    { schema: { tags: ['jobs'], summary: "Run the job again with the same values, on all or only the failed hosts", params: IdParams, body: RelaunchBody.nullish(), response: { 201: LaunchedJobSchema, ...errors } } },
    async (request, reply) => {
      const user = requireUser(request);
      const old = await loadReadableJob(app, request, request.params.id);
      await requireJobRole(app, request, old, 'relaunch');
      const body = request.body ?? {};
      const errs: FieldErrors = {};
      if (isActive(old.status)) throw invalid({ id: `the job is still ${old.status}` }, 'an active job cannot be relaunched');
      if (old.jobTemplateId === null) throw invalid({ job_template: 'the job template was deleted' });
      const template = await app.db.jobTemplate.findUnique({ where: { id: old.jobTemplateId } });
      if (!template) throw invalid({ job_template: 'the job template was deleted' });
      let limit = old.limit;
      if (body.hosts === 'failed') {
        const failed = await app.db.jobHostSummary.findMany({ where: { jobId: old.id, failed: true }, select: { hostName: true }, orderBy: { hostName: 'asc' } });
        if (failed.length === 0) {
          const any = await app.db.jobHostSummary.count({ where: { jobId: old.id } });
          errs['hosts'] = any ? 'no host failed in this job' : 'the job recorded no host outcomes to retry';
        }
        limit = failed.map((f) => f.hostName).join(',');
      }
      const cred = old.credentialId ? await app.db.credential.findUnique({ where: { id: old.credentialId } }) : null;
      const needed = passwordsNeeded(cred);
      const passwords: Record<string, string> = {};
      for (const k of Object.keys(body.credential_passwords ?? {})) if (!needed.includes(k)) errs[`credential_passwords.${k}`] = 'the credential does not ask for this password';
      for (const n of needed) {
        const v = body.credential_passwords?.[n];
        if (!v) errs[`credential_passwords.${n}`] = 'is required: the credential asks for it at launch';
        else passwords[n] = v;
      }
      // Survey password answers were never stored: use the question's default, or ask for a new launch.
      const secretVars: Record<string, string> = {};
      const extraVars = (old.extraVars ?? {}) as Record<string, unknown>;
      const spec = template.surveySpec as unknown as SurveySpec | null;
      for (const [k, v] of Object.entries(extraVars)) {
        if (v !== ENCRYPTED_PLACEHOLDER) continue;
        const q = spec?.spec.find((x) => x.variable === k && x.type === 'password');
        if (q && typeof q.default === 'string' && q.default !== '') {
          secretVars[k] = q.default.startsWith('$encrypted$') ? app.secrets.decrypt(q.default, `survey:${k}`) : q.default;
        } else errs[`extra_vars.${k}`] = 'password answers are not stored: launch the template again to answer it';
      }
      if (Object.keys(errs).length) throw invalid(errs, `the relaunch was rejected: ${Object.keys(errs).join(', ')}`);
      const project = old.projectId ? await app.db.project.findUnique({ where: { id: old.projectId } }) : null;
      const job = await app.jobs.launch(
        user,
        {
          name: old.name,
          jobTemplateId: old.jobTemplateId,
          projectId: old.projectId,
          inventoryId: old.inventoryId,
          credentialId: old.credentialId,
          launchType: 'relaunch',
          playbook: old.playbook,
          extraVars: extraVars as Prisma.InputJsonValue,
          limit,
          jobTags: old.jobTags,
          skipTags: old.skipTags,
          forks: old.forks,
          verbosity: old.verbosity,
          checkMode: old.checkMode,
          diffMode: old.diffMode,
          forceHandlers: old.forceHandlers,
          timeout: old.timeout,
          scmRevision: project?.scmRevision ?? old.scmRevision,
          relaunchOfId: old.id,
        },
        { credential_passwords: passwords, extra_vars: secretVars },
      );
      await app.activity.record(user, 'launch', 'job_template', old.jobTemplateId, { job: job.id, relaunch_of: old.id, hosts: body.hosts ?? 'all' });
      reply.header('location', `/api/v1/jobs/${job.id}`);
      return reply.code(201).send({ ...presentJob(job), job: job.id, ignored_fields: {} });
    },
  );

  app.get(
    '/jobs/:id/stdout',
    {
      schema: {
        tags: ['jobs'],
        summary: "The job's output: txt (no colours), ansi, or json {range, content}",
        params: IdParams,
        querystring: z.object({ format: z.enum(['txt', 'ansi', 'json', 'txt_download', 'ansi_download']).optional() }),
      },
    },
    async (request, reply) => {
      const job = await loadReadableJob(app, request, request.params.id);
      const format = request.query.format ?? 'txt';
      const ansi = format.startsWith('ansi');
      if (format === 'json') {
        let content = '';
        for await (const chunk of streamStdout(app.db, job.id, ansi)) content += chunk;
        const lines = content === '' ? 0 : content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
        return reply.type('application/json').serializer(JSON.stringify).send({ range: { start: 0, end: lines, absolute_end: lines }, content });
      }
      reply.type('text/plain; charset=utf-8');
      if (format.endsWith('_download')) reply.header('content-disposition', `attachment; filename="job_${job.id}.txt"`);
      return reply.send(Readable.from(streamStdout(app.db, job.id, ansi)));
    },
  );

  app.get(
    '/jobs/:id/job_events',
    {
      schema: {
        tags: ['jobs'],
        summary: "The job's events in counter order, keyset-paged: ?counter__gt=<last>&limit=N; filters: host, event, changed, failed, task, play",
        params: IdParams,
        querystring: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        response: { 200: JobEventPage, ...errors },
      },
    },
    async (request) => {
      const job = await loadReadableJob(app, request, request.params.id);
      const query = request.query as Record<string, unknown>;
      const limit = query['limit'] !== undefined ? parsePositiveInt(query['limit'], 'limit', 1000) : 100;
      const where = { ...eventsWhere(query), jobId: job.id } as Prisma.JobEventWhereInput;
      const rows = await app.db.jobEvent.findMany({ where, orderBy: { counter: 'asc' }, take: limit + 1 });
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      let next: string | null = null;
      if (more) {
        const u = new URL(request.url, 'http://x');
        u.searchParams.delete('counter__gt');
        u.searchParams.set('counter__gt', String(page[page.length - 1]!.counter));
        u.searchParams.set('limit', String(limit));
        next = `${u.pathname}?${u.searchParams.toString()}`;
      }
      const wantCount = query['count'] === 'true' || query['count'] === '1';
      return {
        count: wantCount ? await app.db.jobEvent.count({ where: { ...eventsWhere(query, { keyset: false }), jobId: job.id } as Prisma.JobEventWhereInput }) : null,
        next,
        previous: null,
        results: page.map(presentJobEvent),
      };
    },
  );

  app.get(
    '/jobs/:id/job_host_summaries',
    { schema: { tags: ['jobs'], summary: 'Per-host totals of the job', params: IdParams, querystring: ListQuery, response: { 200: pageOf(HostSummarySchema), ...errors } } },
    async (request) => {
      const job = await loadReadableJob(app, request, request.params.id);
      const spec: ListSpec = {
        fields: { id: { type: 'int' }, host_name: { type: 'string', column: 'hostName' }, failed: { type: 'bool' }, changed: { type: 'int' }, failures: { type: 'int' }, dark: { type: 'int' }, ok: { type: 'int' } },
        defaultOrder: 'host_name',
      };
      const q = parseListQuery(request.query, spec);
      return paginate(request.url, q, { jobId: job.id }, { count: (a) => app.db.jobHostSummary.count(a), find: (a) => app.db.jobHostSummary.findMany(a) }, (s) => ({
        id: s.id, job: s.jobId, host_name: s.hostName, ok: s.ok, changed: s.changed, dark: s.dark, failures: s.failures, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored, failed: s.failed,
      }));
    },
  );
};

export default jobRoutes;
