import type { Job, JobEvent } from '@drover/db';
import { iso } from '../../schemas/common.js';
import { liveFromRow } from '../../plugins/app/live.service.js';

const FAILED = new Set(['failed', 'error', 'canceled']);

export function presentJob(j: Job) {
  return {
    id: j.id,
    type: 'job' as const,
    url: `/api/v1/jobs/${j.id}`,
    name: j.name,
    job_template: j.jobTemplateId,
    project: j.projectId,
    inventory: j.inventoryId,
    credential: j.credentialId,
    created_by: j.createdById,
    status: j.status,
    failed: FAILED.has(j.status),
    launch_type: j.launchType,
    playbook: j.playbook,
    extra_vars: (j.extraVars && typeof j.extraVars === 'object' && !Array.isArray(j.extraVars) ? j.extraVars : {}) as Record<string, unknown>,
    limit: j.limit,
    job_tags: j.jobTags,
    skip_tags: j.skipTags,
    forks: j.forks,
    verbosity: j.verbosity,
    job_type: j.checkMode ? ('check' as const) : ('run' as const),
    diff_mode: j.diffMode,
    force_handlers: j.forceHandlers,
    timeout: j.timeout,
    scm_revision: j.scmRevision,
    created: j.createdAt.toISOString(),
    started: iso(j.startedAt),
    finished: iso(j.finishedAt),
    elapsed: j.elapsed,
    job_explanation: j.jobExplanation,
    result_traceback: j.resultTraceback,
    cancel_requested: j.cancelRequested,
    events_emitted: j.eventsEmitted,
    relaunch_of: j.relaunchOfId,
  };
}

export function presentJobEvent(e: JobEvent) {
  return { id: Number(e.id), type: 'job_event' as const, ...liveFromRow(e) };
}
