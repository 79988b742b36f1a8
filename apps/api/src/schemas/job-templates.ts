import { z } from 'zod';
import { BodyId, JsonObject, SummaryFields } from './common.js';

export const MAX_FORKS = 200;
export const MAX_TIMEOUT = 7 * 24 * 3600;

/** ask_*_on_launch flag -> the launch field it unlocks (AWX's names). */
export const ASK_FLAGS = {
  ask_variables_on_launch: 'extra_vars',
  ask_limit_on_launch: 'limit',
  ask_tags_on_launch: 'job_tags',
  ask_skip_tags_on_launch: 'skip_tags',
  ask_inventory_on_launch: 'inventory',
  ask_credential_on_launch: 'credential',
  ask_job_type_on_launch: 'job_type',
  ask_verbosity_on_launch: 'verbosity',
  ask_diff_mode_on_launch: 'diff_mode',
  ask_forks_on_launch: 'forks',
  ask_timeout_on_launch: 'timeout',
  ask_force_handlers_on_launch: 'force_handlers',
} as const;
export type AskFlag = keyof typeof ASK_FLAGS;
export type PromptField = (typeof ASK_FLAGS)[AskFlag];

const askShape = Object.fromEntries(Object.keys(ASK_FLAGS).map((k) => [k, z.boolean()])) as Record<AskFlag, z.ZodBoolean>;
const askOptional = Object.fromEntries(Object.keys(ASK_FLAGS).map((k) => [k, z.boolean().optional()])) as Record<AskFlag, z.ZodOptional<z.ZodBoolean>>;

const Text = (max: number) => z.string().max(max);
const ExtraVars = z.union([JsonObject, z.string().max(1_000_000)]).describe('a JSON object, or YAML/JSON text of a mapping');

export const JOB_TYPES = ['run', 'check'] as const;

const QuestionOut = z.object({
  question_name: z.string(),
  question_description: z.string().optional(),
  variable: z.string(),
  required: z.boolean(),
  type: z.string(),
  default: z.unknown().optional(),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  choices: z.array(z.string()).optional(),
});
export const SurveySpecOut = z.object({ name: z.string(), description: z.string(), spec: z.array(QuestionOut) }).meta({ id: 'SurveySpec' });

export const JobTemplateSchema = z
  .object({
    id: z.number(),
    type: z.literal('job_template'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    organization: z.number(),
    project: z.number(),
    playbook: z.string(),
    inventory: z.number().nullable(),
    credential: z.number().nullable(),
    extra_vars: z.string(),
    limit: z.string(),
    job_tags: z.string(),
    skip_tags: z.string(),
    forks: z.number(),
    verbosity: z.number(),
    job_type: z.enum(JOB_TYPES),
    diff_mode: z.boolean(),
    force_handlers: z.boolean(),
    timeout: z.number(),
    allow_simultaneous: z.boolean(),
    ...askShape,
    survey_enabled: z.boolean(),
    survey_spec: SurveySpecOut.nullable(),
    created: z.string(),
    modified: z.string(),
    summary_fields: SummaryFields.optional(),
  })
  .meta({ id: 'JobTemplate' });

const fieldsShape = {
  description: Text(10_000).optional(),
  playbook: Text(1024).min(1),
  inventory: BodyId.nullable().optional(),
  credential: BodyId.nullable().optional(),
  extra_vars: ExtraVars.optional(),
  limit: Text(100_000).optional(),
  job_tags: Text(10_000).optional(),
  skip_tags: Text(10_000).optional(),
  forks: z.number().int().min(0).max(MAX_FORKS).optional(),
  verbosity: z.number().int().min(0).max(5).optional(),
  job_type: z.enum(JOB_TYPES).optional(),
  diff_mode: z.boolean().optional(),
  force_handlers: z.boolean().optional(),
  timeout: z.number().int().min(0).max(MAX_TIMEOUT).optional(),
  allow_simultaneous: z.boolean().optional(),
  ...askOptional,
  survey_enabled: z.boolean().optional(),
  survey_spec: z.unknown().optional().describe('AWX survey spec {name, description, spec: [questions]}; null removes it'),
};

export const CreateJobTemplate = z.object({ name: z.string().trim().min(1).max(512), project: BodyId, ...fieldsShape }).strict();
export const UpdateJobTemplate = z
  .object({ name: z.string().trim().min(1).max(512).optional(), project: BodyId.optional(), ...fieldsShape, playbook: Text(1024).min(1).optional() })
  .strict();

export const LaunchBody = z
  .object({
    extra_vars: ExtraVars.optional(),
    limit: Text(100_000).optional(),
    job_tags: Text(10_000).optional(),
    skip_tags: Text(10_000).optional(),
    inventory: BodyId.optional(),
    credential: BodyId.nullable().optional(),
    job_type: z.enum(JOB_TYPES).optional(),
    verbosity: z.number().int().min(0).max(5).optional(),
    diff_mode: z.boolean().optional(),
    forks: z.number().int().min(0).max(MAX_FORKS).optional(),
    timeout: z.number().int().min(0).max(MAX_TIMEOUT).optional(),
    force_handlers: z.boolean().optional(),
    credential_passwords: z.record(z.string(), z.string().max(100_000)).optional().describe('ssh_password, become_password, ssh_key_unlock when the credential asks'),
  })
  .strict();
export const LaunchQuery = z.object({ strict: z.enum(['true', 'false', '1', '0']).optional().describe('false: ignore fields the template does not prompt for (AWX behaviour) instead of 400') });

export const LaunchInfo = z.object({
  can_start_without_user_input: z.boolean(),
  ...askShape,
  survey_enabled: z.boolean(),
  survey_spec: SurveySpecOut.nullable(),
  survey_json_schema: JsonObject.nullable().describe('JSON Schema of the survey answers (extra_vars)'),
  defaults: z.object({
    extra_vars: z.string(),
    limit: z.string(),
    job_tags: z.string(),
    skip_tags: z.string(),
    inventory: z.object({ id: z.number(), name: z.string() }).nullable(),
    credential: z.object({ id: z.number(), name: z.string() }).nullable(),
    job_type: z.enum(JOB_TYPES),
    verbosity: z.number(),
    diff_mode: z.boolean(),
    forks: z.number(),
    timeout: z.number(),
    force_handlers: z.boolean(),
  }),
  variables_needed_to_start: z.array(z.string()),
  passwords_needed_to_start: z.array(z.string()),
  inventory_needed_to_start: z.boolean(),
});
