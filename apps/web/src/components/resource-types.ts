/**
 * The API's objects as the screens use them (field names from the OpenAPI document). Every object may
 * carry `summary_fields.user_capabilities` saying what the caller may do with it.
 */
export interface UserCapabilities {
  edit?: boolean;
  delete?: boolean;
  /** job templates: may launch */
  start?: boolean;
  use?: boolean;
  /** projects, inventories: may sync / update */
  update?: boolean;
  cancel?: boolean;
  relaunch?: boolean;
}

/** An object another one points at, by id and name. */
export interface RelatedRef {
  id: number;
  name: string;
}

/** The relations `summary_fields` names (null: the object points at none, or it is gone). */
export type RelatedKey = 'organization' | 'project' | 'inventory' | 'credential' | 'scm_credential' | 'job_template';

/**
 * `summary_fields`: what the caller may do, and the names of the objects of relations `R`. Answers
 * other than GET and list (e.g. a project's Sync) may leave it out.
 */
export interface WithCapabilities<R extends RelatedKey = never> {
  summary_fields?: { user_capabilities?: UserCapabilities } & { [K in R]?: RelatedRef | null };
}

export interface Named<R extends RelatedKey = never> extends WithCapabilities<R> {
  id: number;
  name: string;
  description: string;
}

export type Organization = Named;

export interface Team extends Named<'organization'> {
  organization: number;
}

export interface User extends WithCapabilities {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_superuser: boolean;
  is_system_auditor: boolean;
  created: string;
  last_login: string | null;
}

export type CredentialKind = 'machine' | 'source_control';

export interface Credential extends Named<'organization'> {
  organization: number;
  kind: CredentialKind;
  inputs: Record<string, string>;
}

export type ScmType = 'git' | 'local';

export interface Project extends Named<'organization' | 'scm_credential'> {
  organization: number;
  scm_type: ScmType;
  scm_url: string;
  scm_branch: string;
  local_path: string;
  credential: number | null;
  scm_revision: string;
  last_sync: string | null;
  last_sync_status: string | null;
  last_sync_error: string;
  playbooks: string[];
}

export interface Inventory extends Named<'organization'> {
  organization: number;
  variables: Record<string, unknown>;
  total_hosts: number;
  total_groups: number;
}

export interface Host extends Named {
  inventory: number;
  variables: Record<string, unknown>;
  enabled: boolean;
  groups: string[];
}

export interface Group extends Named {
  inventory: number;
  variables: Record<string, unknown>;
  hosts: string[];
  children: string[];
}

export const QUESTION_TYPES = ['text', 'textarea', 'password', 'integer', 'float', 'multiplechoice', 'multiselect'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface SurveyQuestion {
  question_name: string;
  question_description?: string;
  variable: string;
  required: boolean;
  type: QuestionType;
  default?: unknown;
  min?: number | null;
  max?: number | null;
  choices?: string[];
}

export interface SurveySpec {
  name: string;
  description: string;
  spec: SurveyQuestion[];
}

export type JobType = 'run' | 'check';

export const ASK_FLAGS = [
  'ask_variables_on_launch',
  'ask_limit_on_launch',
  'ask_tags_on_launch',
  'ask_skip_tags_on_launch',
  'ask_inventory_on_launch',
  'ask_credential_on_launch',
  'ask_job_type_on_launch',
  'ask_verbosity_on_launch',
  'ask_diff_mode_on_launch',
  'ask_forks_on_launch',
  'ask_timeout_on_launch',
  'ask_force_handlers_on_launch',
] as const;
export type AskFlag = (typeof ASK_FLAGS)[number];

/** What each flag prompts for ("Prompt for … on launch"). */
export const ASK_LABELS: Readonly<Record<AskFlag, string>> = {
  ask_variables_on_launch: 'extra variables',
  ask_limit_on_launch: 'limit',
  ask_tags_on_launch: 'job tags',
  ask_skip_tags_on_launch: 'skip tags',
  ask_inventory_on_launch: 'inventory',
  ask_credential_on_launch: 'credential',
  ask_job_type_on_launch: 'job type',
  ask_verbosity_on_launch: 'verbosity',
  ask_diff_mode_on_launch: 'diff mode',
  ask_forks_on_launch: 'forks',
  ask_timeout_on_launch: 'timeout',
  ask_force_handlers_on_launch: 'force handlers',
};

export interface JobTemplate extends Named<'organization' | 'project' | 'inventory' | 'credential'>, Record<AskFlag, boolean> {
  organization: number;
  project: number;
  playbook: string;
  inventory: number | null;
  credential: number | null;
  extra_vars: string;
  limit: string;
  job_tags: string;
  skip_tags: string;
  forks: number;
  verbosity: number;
  job_type: JobType;
  diff_mode: boolean;
  force_handlers: boolean;
  timeout: number;
  allow_simultaneous: boolean;
  survey_enabled: boolean;
  survey_spec: SurveySpec | null;
}

export type JobStatus = 'new' | 'pending' | 'waiting' | 'running' | 'successful' | 'failed' | 'error' | 'canceled';

export interface Job extends WithCapabilities<'job_template' | 'project' | 'inventory' | 'credential'> {
  id: number;
  name: string;
  job_template: number | null;
  status: JobStatus;
  failed: boolean;
  launch_type: string;
  playbook: string;
  limit: string;
  job_type: JobType;
  created: string;
  started: string | null;
  finished: string | null;
  elapsed: number;
}

export type ResourceType = 'organization' | 'team' | 'project' | 'inventory' | 'credential' | 'job_template';
export type RoleName = 'admin' | 'use' | 'execute' | 'read' | 'update' | 'member' | 'auditor';

/** Roles the API lets one grant on each resource type (apps/api rbac ROLE_IMPLIES). */
export const GRANTABLE_ROLES: Readonly<Record<ResourceType, readonly RoleName[]>> = {
  organization: ['admin', 'execute', 'member', 'auditor', 'read'],
  team: ['admin', 'member', 'read'],
  project: ['admin', 'use', 'update', 'read'],
  inventory: ['admin', 'use', 'update', 'read'],
  credential: ['admin', 'use', 'read'],
  job_template: ['admin', 'execute', 'read'],
};

/** The collection path of each resource type. */
export const RESOURCE_PATH: Readonly<Record<ResourceType, string>> = {
  organization: '/organizations',
  team: '/teams',
  project: '/projects',
  inventory: '/inventories',
  credential: '/credentials',
  job_template: '/job_templates',
};

export const RESOURCE_LABEL: Readonly<Record<ResourceType, string>> = {
  organization: 'Organization',
  team: 'Team',
  project: 'Project',
  inventory: 'Inventory',
  credential: 'Credential',
  job_template: 'Job template',
};

export interface RoleGrant {
  id: number;
  role: RoleName;
  resource_type: ResourceType;
  resource_id: number;
  resource_name: string;
  user: number | null;
  team: number | null;
}

export interface AccessEntry {
  id: number;
  username: string;
  roles: string[];
  access: Array<{ role: string; via: 'direct' | 'team' | 'organization' | 'superuser'; team?: { id: number; name: string }; granted_role: string }>;
}
