import type { JobTemplate } from '@drover/db';
import { presentSurveySpec } from '../../plugins/app/survey.js';
import { ASK_FLAGS, type AskFlag } from '../../schemas/job-templates.js';

/** API ask flag -> Prisma column. */
export const ASK_COLUMNS: Record<AskFlag, keyof JobTemplate> = {
  ask_variables_on_launch: 'askVariablesOnLaunch',
  ask_limit_on_launch: 'askLimitOnLaunch',
  ask_tags_on_launch: 'askTagsOnLaunch',
  ask_skip_tags_on_launch: 'askSkipTagsOnLaunch',
  ask_inventory_on_launch: 'askInventoryOnLaunch',
  ask_credential_on_launch: 'askCredentialOnLaunch',
  ask_job_type_on_launch: 'askJobTypeOnLaunch',
  ask_verbosity_on_launch: 'askVerbosityOnLaunch',
  ask_diff_mode_on_launch: 'askDiffModeOnLaunch',
  ask_forks_on_launch: 'askForksOnLaunch',
  ask_timeout_on_launch: 'askTimeoutOnLaunch',
  ask_force_handlers_on_launch: 'askForceHandlersOnLaunch',
};

export function askFlags(t: JobTemplate): Record<AskFlag, boolean> {
  return Object.fromEntries((Object.keys(ASK_FLAGS) as AskFlag[]).map((k) => [k, Boolean(t[ASK_COLUMNS[k]])])) as Record<AskFlag, boolean>;
}

export function presentJobTemplate(t: JobTemplate) {
  return {
    id: t.id,
    type: 'job_template' as const,
    url: `/api/v1/job_templates/${t.id}`,
    name: t.name,
    description: t.description,
    organization: t.organizationId,
    project: t.projectId,
    playbook: t.playbook,
    inventory: t.inventoryId,
    credential: t.credentialId,
    extra_vars: t.extraVars,
    limit: t.limit,
    job_tags: t.jobTags,
    skip_tags: t.skipTags,
    forks: t.forks,
    verbosity: t.verbosity,
    job_type: t.checkMode ? ('check' as const) : ('run' as const),
    diff_mode: t.diffMode,
    force_handlers: t.forceHandlers,
    timeout: t.timeout,
    allow_simultaneous: t.allowSimultaneous,
    ...askFlags(t),
    survey_enabled: t.surveyEnabled,
    survey_spec: presentSurveySpec(t.surveySpec),
    created: t.createdAt.toISOString(),
    modified: t.updatedAt.toISOString(),
  };
}
