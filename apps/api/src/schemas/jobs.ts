import { z } from 'zod';
import { JsonObject, RelatedRef } from './common.js';

export const JOB_STATUS_VALUES = ['new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled'] as const;

export const JobSchema = z
  .object({
    id: z.number(),
    type: z.literal('job'),
    url: z.string(),
    name: z.string(),
    job_template: z.number().nullable(),
    project: z.number().nullable(),
    inventory: z.number().nullable(),
    credential: z.number().nullable(),
    created_by: z.number().nullable(),
    status: z.enum(JOB_STATUS_VALUES),
    failed: z.boolean(),
    launch_type: z.string(),
    playbook: z.string(),
    extra_vars: JsonObject,
    limit: z.string(),
    job_tags: z.string(),
    skip_tags: z.string(),
    forks: z.number(),
    verbosity: z.number(),
    job_type: z.enum(['run', 'check']),
    diff_mode: z.boolean(),
    force_handlers: z.boolean(),
    timeout: z.number(),
    scm_revision: z.string(),
    created: z.string(),
    started: z.string().nullable(),
    finished: z.string().nullable(),
    elapsed: z.number(),
    job_explanation: z.string(),
    result_traceback: z.string(),
    cancel_requested: z.boolean(),
    events_emitted: z.number(),
    relaunch_of: z.number().nullable(),
    /** The names of the job's template, project, inventory and credential; on GET /jobs/:id also what the caller may do with it. */
    summary_fields: z
      .object({
        user_capabilities: z.object({ cancel: z.boolean(), relaunch: z.boolean() }).optional(),
        job_template: RelatedRef,
        project: RelatedRef,
        inventory: RelatedRef,
        credential: RelatedRef,
      })
      .optional(),
  })
  .meta({ id: 'Job' });

export const LaunchedJobSchema = JobSchema.extend({
  job: z.number().describe('the new job id (AWX compatibility)'),
  ignored_fields: JsonObject.describe('with ?strict=false: the fields the template does not prompt for, which were ignored'),
});

export const JobEventSchema = z
  .object({
    id: z.number(),
    type: z.literal('job_event'),
    job: z.number(),
    counter: z.number(),
    uuid: z.string(),
    parent_uuid: z.string().nullable(),
    event: z.string(),
    event_data: JsonObject,
    host_name: z.string().nullable(),
    play: z.string(),
    task: z.string(),
    role: z.string(),
    changed: z.boolean(),
    failed: z.boolean(),
    stdout: z.string(),
    start_line: z.number(),
    end_line: z.number(),
    created: z.string(),
  })
  .meta({ id: 'JobEvent' });

export const JobEventPage = z.object({
  count: z.number().nullable().describe('only with ?count=true (counting big event tables is slow)'),
  next: z.string().nullable().describe('keyset link: counter__gt=<last counter>'),
  previous: z.null(),
  results: z.array(JobEventSchema),
});

export const HostSummarySchema = z.object({
  id: z.number(),
  job: z.number(),
  host_name: z.string(),
  ok: z.number(),
  changed: z.number(),
  dark: z.number(),
  failures: z.number(),
  skipped: z.number(),
  rescued: z.number(),
  ignored: z.number(),
  failed: z.boolean(),
});

export const RelaunchBody = z
  .object({
    hosts: z.enum(['all', 'failed']).optional().describe('failed: only the hosts that failed or were unreachable'),
    credential_passwords: z.record(z.string(), z.string().max(100_000)).optional(),
  })
  .strict();
