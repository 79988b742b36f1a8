/**
 * Launch: `GET /job_templates/:id/launch` tells what a launch needs; `POST` starts a job. Every field
 * the template does not prompt for is a 400 naming it (unless `?strict=false`, which ignores them as
 * AWX does and lists them in `ignored_fields`); every failing survey answer is named too
 * (`extra_vars.<variable>`). A value equal to the template's is accepted whatever the ask flag.
 * Launch-time secrets (credential passwords, survey password answers) never reach Postgres.
 */
import type { Credential, JobTemplate, Prisma } from '@drover/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ApiError, invalid, notFound, type FieldErrors } from '../../errors.js';
import { parseVariables } from '../../lib/variables.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { ASK, CREDENTIAL_KINDS } from '../../plugins/app/credential-types.js';
import { templateForLaunch } from '../../plugins/app/hot-sql.js';
import type { LaunchSecrets, NewJob } from '../../plugins/app/jobs.service.js';
import { ENCRYPTED_PLACEHOLDER } from '../../plugins/app/secret-box.js';
import { checkSurveyAnswers, presentSurveySpec, surveyJsonSchema, type SurveySpec } from '../../plugins/app/survey.js';
import { errors, IdParams } from '../../schemas/common.js';
import { ASK_FLAGS, LaunchBody, LaunchInfo, LaunchQuery, type AskFlag, type PromptField } from '../../schemas/job-templates.js';
import { LaunchedJobSchema } from '../../schemas/jobs.js';
import { presentJob } from '../jobs/jobs.presenter.js';
import { askFlags } from './job-templates.presenter.js';

type Launch = z.infer<typeof LaunchBody>;

const FLAG_OF = Object.fromEntries(Object.entries(ASK_FLAGS).map(([flag, field]) => [field, flag])) as Record<PromptField, AskFlag>;

/** The template's value of each prompt field, in launch terms. */
function templateValues(t: JobTemplate): Record<Exclude<PromptField, 'extra_vars'>, unknown> {
  return {
    limit: t.limit,
    job_tags: t.jobTags,
    skip_tags: t.skipTags,
    inventory: t.inventoryId,
    credential: t.credentialId,
    job_type: t.checkMode ? 'check' : 'run',
    verbosity: t.verbosity,
    diff_mode: t.diffMode,
    forks: t.forks,
    timeout: t.timeout,
    force_handlers: t.forceHandlers,
  };
}

/** Names of the passwords a machine credential asks at launch (inputs set to "ASK"). */
export function passwordsNeeded(cred: Credential | null): string[] {
  if (!cred) return [];
  const fields = CREDENTIAL_KINDS[cred.kind];
  const inputs = (cred.inputs ?? {}) as Record<string, unknown>;
  return Object.entries(fields)
    .filter(([k, f]) => f.launchPassword && inputs[k] === ASK)
    .map(([, f]) => f.launchPassword!);
}

function checkPasswords(needed: string[], given: Record<string, string> | undefined, errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(given ?? {})) if (!needed.includes(k)) errors[`credential_passwords.${k}`] = 'the credential does not ask for this password';
  for (const name of needed) {
    const v = given?.[name];
    if (!v) errors[`credential_passwords.${name}`] = 'is required: the credential asks for it at launch';
    else out[name] = v;
  }
  return out;
}

export interface LaunchPlan {
  data: NewJob;
  secrets: LaunchSecrets;
  ignored: Record<string, unknown>;
}

/** Checks a launch against the template and returns the job to create (or a 400 naming every problem). */
/** What the launch route already loaded with the template (saves the lookups). */
export interface Preloaded {
  project: { scmRevision: string } | undefined;
  credential: Credential | null;
}

export async function planLaunch(app: FastifyInstance, request: FastifyRequest, t: JobTemplate, body: Launch, strict: boolean, preloaded?: Preloaded): Promise<LaunchPlan> {
  const errs: FieldErrors = {};
  const ignored: Record<string, unknown> = {};
  const ask = askFlags(t);
  const current = templateValues(t);
  const accepted: Partial<Record<PromptField, unknown>> = {};

  for (const [field, value] of Object.entries(body) as Array<[keyof Launch, unknown]>) {
    if (field === 'credential_passwords' || field === 'extra_vars' || value === undefined) continue;
    const flag = FLAG_OF[field];
    if (ask[flag]) accepted[field] = value;
    else if (value === current[field]) continue;
    else if (strict) errs[field] = `the template does not prompt for ${field} (${flag} is false)`;
    else ignored[field] = value;
  }

  // extra_vars: survey answers always; other keys only with ask_variables_on_launch.
  let launchVars: Record<string, unknown> = {};
  if (body.extra_vars !== undefined) {
    try {
      launchVars = parseVariables(body.extra_vars, 'extra_vars');
    } catch (e) {
      Object.assign(errs, (e as ApiError).fields);
    }
  }
  const spec = t.surveyEnabled ? (t.surveySpec as unknown as SurveySpec | null) : null;
  const surveyVars = new Set(spec?.spec.map((q) => q.variable) ?? []);
  const otherVars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(launchVars)) {
    if (surveyVars.has(k)) continue;
    if (ask.ask_variables_on_launch) otherVars[k] = v;
    else if (strict) errs[`extra_vars.${k}`] = 'the template does not prompt for variables (ask_variables_on_launch is false) and no survey question sets it';
    else (ignored['extra_vars'] ??= {}, ((ignored['extra_vars'] as Record<string, unknown>)[k] = v));
  }
  const answers = spec ? checkSurveyAnswers(spec, launchVars, app.secrets, errs) : { values: {}, secrets: {} };

  // resources
  const project = preloaded ? preloaded.project : await app.db.project.findUnique({ where: { id: t.projectId } });
  if (!project) errs['project'] = 'the template has no project';
  const inventoryId = (accepted.inventory as number | undefined) ?? t.inventoryId;
  if (inventoryId == null) errs['inventory'] = 'Job Template inventory is missing or undefined: give one at launch';
  else if (accepted.inventory !== undefined && accepted.inventory !== t.inventoryId) {
    const ref = await app.rbac.resolve('inventory', inventoryId);
    const access = await request.access();
    if (!ref || !access.can('read', ref)) errs['inventory'] = 'no such inventory';
    else if (!access.can('use', ref)) errs['inventory'] = 'you need the use role on this inventory';
  }
  let credentialId = accepted.credential !== undefined ? (accepted.credential as number | null) : t.credentialId;
  let credential: Credential | null = null;
  if (credentialId != null) {
    credential = preloaded && credentialId === t.credentialId ? preloaded.credential : await app.db.credential.findUnique({ where: { id: credentialId } });
    if (accepted.credential !== undefined && accepted.credential !== t.credentialId) {
      const access = await request.access();
      const ref = credential && { type: 'credential' as const, id: credentialId, organizationId: credential.organizationId };
      if (!credential || !ref || !access.can('read', ref)) errs['credential'] = 'no such credential';
      else if (credential.kind !== 'machine') errs['credential'] = 'must be a machine credential';
      else if (!access.can('use', ref)) errs['credential'] = 'you need the use role on this credential';
    }
    if (!credential) credentialId = null;
  }
  const passwords = checkPasswords(passwordsNeeded(credential), body.credential_passwords, errs);

  let templateVars: Record<string, unknown> = {};
  try {
    templateVars = parseVariables(t.extraVars, 'extra_vars');
  } catch {
    errs['extra_vars'] = "the template's extra_vars do not parse; fix the template";
  }
  if (Object.keys(errs).length) throw invalid(errs, `the launch was rejected: ${Object.keys(errs).join(', ')}`);

  // Merge: template vars <- survey answers <- launch vars; null unsets a template variable.
  const extraVars: Record<string, unknown> = { ...templateVars, ...answers.values };
  for (const [k, v] of Object.entries(otherVars)) {
    if (v === null) delete extraVars[k];
    else extraVars[k] = v;
  }
  for (const k of Object.keys(answers.secrets)) extraVars[k] = ENCRYPTED_PLACEHOLDER;

  const val = <K extends Exclude<PromptField, 'extra_vars'>>(k: K) => (accepted[k] !== undefined ? accepted[k] : current[k]);
  return {
    data: {
      name: t.name,
      jobTemplateId: t.id,
      projectId: t.projectId,
      inventoryId,
      credentialId,
      launchType: 'manual',
      playbook: t.playbook,
      extraVars: extraVars as Prisma.InputJsonValue,
      limit: val('limit') as string,
      jobTags: val('job_tags') as string,
      skipTags: val('skip_tags') as string,
      forks: val('forks') as number,
      verbosity: val('verbosity') as number,
      checkMode: val('job_type') === 'check',
      diffMode: val('diff_mode') as boolean,
      forceHandlers: val('force_handlers') as boolean,
      timeout: val('timeout') as number,
      scmRevision: project?.scmRevision ?? '',
    },
    secrets: { credential_passwords: passwords, extra_vars: answers.secrets },
    ignored,
  };
}

const launchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/job_templates/:id/launch',
    { schema: { tags: ['job_templates'], summary: 'What a launch of this template needs', params: IdParams, response: { 200: LaunchInfo, ...errors } } },
    async (request) => {
      await request.authorize('job_template', request.params.id, 'execute');
      const t = await app.db.jobTemplate.findUniqueOrThrow({ where: { id: request.params.id }, include: { inventory: true, credential: true } });
      const spec = t.surveyEnabled ? (t.surveySpec as unknown as SurveySpec | null) : null;
      const variablesNeeded = (spec?.spec ?? []).filter((q) => q.required && (q.default === undefined || q.default === '')).map((q) => q.variable);
      const passwords = passwordsNeeded(t.credential);
      const inventoryNeeded = t.inventoryId === null;
      return {
        can_start_without_user_input: !inventoryNeeded && passwords.length === 0 && variablesNeeded.length === 0,
        ...askFlags(t),
        survey_enabled: t.surveyEnabled,
        survey_spec: t.surveyEnabled ? presentSurveySpec(t.surveySpec) : null,
        survey_json_schema: spec ? surveyJsonSchema(spec) : null,
        defaults: {
          extra_vars: t.extraVars,
          limit: t.limit,
          job_tags: t.jobTags,
          skip_tags: t.skipTags,
          inventory: t.inventory ? { id: t.inventory.id, name: t.inventory.name } : null,
          credential: t.credential ? { id: t.credential.id, name: t.credential.name } : null,
          job_type: t.checkMode ? ('check' as const) : ('run' as const),
          verbosity: t.verbosity,
          diff_mode: t.diffMode,
          forks: t.forks,
          timeout: t.timeout,
          force_handlers: t.forceHandlers,
        },
        variables_needed_to_start: variablesNeeded,
        passwords_needed_to_start: passwords,
        inventory_needed_to_start: inventoryNeeded,
      };
    },
  );

  app.post(
    '/job_templates/:id/launch',
    {
      schema: {
        tags: ['job_templates'],
        summary: 'Launch a job (201 with the job; 400 naming every field the template does not prompt for and every failing survey answer)',
        params: IdParams,
        querystring: LaunchQuery,
        body: LaunchBody.nullish(),
        response: { 201: LaunchedJobSchema, ...errors },
      },
    },
    async (request, reply) => {
      // the hot path: one query loads the template with its project and credential (hot-sql.ts)
      const user = requireUser(request);
      const loaded = await templateForLaunch(app.sql, request.params.id);
      if (!loaded) throw notFound('job template');
      const t = loaded.template;
      await request.authorizeRef({ type: 'job_template', id: t.id, organizationId: t.organizationId }, 'execute');
      const strict = request.query.strict !== 'false' && request.query.strict !== '0';
      const plan = await planLaunch(app, request, t, request.body ?? {}, strict, loaded);
      const job = await app.jobs.launch(user, plan.data, plan.secrets, {
        objectType: 'job_template',
        objectId: t.id,
        changes: { ignored_fields: Object.keys(plan.ignored), prompts: Object.keys(request.body ?? {}).filter((k) => k !== 'credential_passwords') },
      });
      reply.header('location', `/api/v1/jobs/${job.id}`);
      return reply.code(201).send({ ...presentJob(job), job: job.id, ignored_fields: plan.ignored });
    },
  );
};

export default launchRoutes;
