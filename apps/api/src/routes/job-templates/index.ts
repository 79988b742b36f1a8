/**
 * Job templates: what to run (project + playbook), where (inventory), as whom (machine credential),
 * how (options), what may change at launch (ask_*_on_launch) and the survey. Launch is in launch.ts.
 */
import { Prisma, type JobTemplate } from '@drover/db';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError, invalid, type FieldErrors } from '../../errors.js';
import { parseVariables } from '../../lib/variables.js';
import { validateSurveySpec, type SurveySpec } from '../../plugins/app/survey.js';
import { ASK_FLAGS, CreateJobTemplate, JOB_TYPES, JobTemplateSchema, UpdateJobTemplate, type AskFlag } from '../../schemas/job-templates.js';
import { ORG_RESOURCE_FIELDS, registerCrud } from '../crud.js';
import { requireCredentialUse } from '../credentials/index.js';
import { ASK_COLUMNS, presentJobTemplate } from './job-templates.presenter.js';
import launchRoutes from './launch.js';

type Body = Partial<Omit<import('zod').infer<typeof UpdateJobTemplate>, never>>;

/** The caller must hold `use` on an object referenced by a template (field error otherwise). */
async function requireUse(request: FastifyRequest, type: 'project' | 'inventory', id: number, field: string, organizationId?: number): Promise<{ organizationId: number }> {
  const access = await request.access();
  const ref = await request.server.rbac.resolve(type, id);
  if (!ref || !access.can('read', ref)) throw invalid({ [field]: `no such ${type}` });
  if (!access.can('use', ref)) throw new ApiError('DRV_API_FORBIDDEN', `you need the use role on the ${type}`, { fields: { [field]: 'you need the use role on it' } });
  if (organizationId !== undefined && ref.organizationId !== organizationId) throw invalid({ [field]: 'must belong to the same organization as the project' });
  return ref;
}

/** Validates a create or update and returns the Prisma data (only the fields sent). */
async function templateData(request: FastifyRequest, body: Body, existing: JobTemplate | null): Promise<Record<string, unknown>> {
  const app = request.server;
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  let organizationId = existing?.organizationId;
  let projectId = existing?.projectId;
  if (body.project !== undefined && body.project !== existing?.projectId) {
    organizationId = (await requireUse(request, 'project', body.project, 'project')).organizationId;
    if (existing && organizationId !== existing.organizationId) throw invalid({ project: 'must belong to the template organization' });
    projectId = body.project;
    data['projectId'] = body.project;
    data['organizationId'] = organizationId;
  }
  const playbook = body.playbook ?? existing?.playbook;
  if (body.playbook !== undefined || body.project !== undefined) {
    const project = await app.db.project.findUniqueOrThrow({ where: { id: projectId! } });
    const known = Array.isArray(project.playbooks) ? (project.playbooks as string[]) : [];
    if (!playbook || !known.includes(playbook)) {
      errors['playbook'] = known.length ? `not a playbook of the project (known: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''})` : 'the project has no playbooks yet: sync it first';
    }
    if (body.playbook !== undefined) data['playbook'] = body.playbook;
  }
  if (body.inventory !== undefined && body.inventory !== existing?.inventoryId) {
    if (body.inventory !== null) await requireUse(request, 'inventory', body.inventory, 'inventory', organizationId);
    data['inventoryId'] = body.inventory;
  }
  if (body.credential !== undefined && body.credential !== existing?.credentialId) {
    if (body.credential !== null) await requireCredentialUse(app, request, body.credential, 'machine', 'credential', organizationId);
    data['credentialId'] = body.credential;
  }
  const inventory = body.inventory !== undefined ? body.inventory : (existing?.inventoryId ?? null);
  const askInventory = body.ask_inventory_on_launch ?? existing?.askInventoryOnLaunch ?? false;
  if (inventory === null && !askInventory) errors['inventory'] = 'You must either set a default value or ask to prompt on launch.';

  if (body.extra_vars !== undefined) {
    try {
      const parsed = parseVariables(body.extra_vars, 'extra_vars');
      data['extraVars'] = typeof body.extra_vars === 'string' ? body.extra_vars : JSON.stringify(parsed, null, 2);
    } catch (e) {
      Object.assign(errors, (e as ApiError).fields);
    }
  }
  const simple: Array<[keyof Body, string]> = [
    ['name', 'name'], ['description', 'description'], ['limit', 'limit'], ['job_tags', 'jobTags'], ['skip_tags', 'skipTags'], ['forks', 'forks'],
    ['verbosity', 'verbosity'], ['diff_mode', 'diffMode'], ['force_handlers', 'forceHandlers'], ['timeout', 'timeout'], ['allow_simultaneous', 'allowSimultaneous'],
    ['survey_enabled', 'surveyEnabled'],
  ];
  for (const [k, col] of simple) if (body[k] !== undefined) data[col] = body[k];
  if (body.job_type !== undefined) data['checkMode'] = body.job_type === JOB_TYPES[1];
  for (const flag of Object.keys(ASK_FLAGS) as AskFlag[]) if (body[flag] !== undefined) data[ASK_COLUMNS[flag]] = body[flag];

  if (body.survey_spec !== undefined) {
    const spec = validateSurveySpec(body.survey_spec, app.secrets, (existing?.surveySpec as SurveySpec | null) ?? null, errors);
    data['surveySpec'] = spec === null ? (null as unknown as Prisma.InputJsonValue) : (spec as unknown as Prisma.InputJsonValue);
  }
  const surveyEnabled = body.survey_enabled ?? existing?.surveyEnabled ?? false;
  const hasSpec = body.survey_spec !== undefined ? body.survey_spec !== null : existing?.surveySpec != null;
  if (surveyEnabled && !hasSpec) errors['survey_enabled'] = 'needs a survey_spec';
  if (Object.keys(errors).length) throw invalid(errors);
  if (data['surveySpec'] === null) data['surveySpec'] = { __null: true };
  return data;
}

/** Prisma needs Prisma.DbNull to store SQL NULL in a Json column. */
async function fixNulls(data: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (data['surveySpec'] && (data['surveySpec'] as { __null?: boolean }).__null) data['surveySpec'] = Prisma.DbNull;
  return data;
}

const jobTemplateRoutes: FastifyPluginAsyncZod = async (app) => {
  registerCrud(app, {
    type: 'job_template',
    related: [{ key: 'organization', column: 'organizationId', kind: 'organization' }, { key: 'project', column: 'projectId', kind: 'project' }, { key: 'inventory', column: 'inventoryId', kind: 'inventory' }, { key: 'credential', column: 'credentialId', kind: 'credential' }],
    path: '/job_templates',
    tag: 'job_templates',
    label: 'job template',
    out: JobTemplateSchema,
    create: CreateJobTemplate,
    patch: UpdateJobTemplate,
    list: {
      fields: {
        ...ORG_RESOURCE_FIELDS,
        project: { type: 'int', column: 'projectId' },
        inventory: { type: 'int', column: 'inventoryId' },
        credential: { type: 'int', column: 'credentialId' },
        playbook: { type: 'string' },
        job_type: { type: 'enum', values: JOB_TYPES, column: 'checkMode', map: (v) => { if (!(JOB_TYPES as readonly string[]).includes(v)) throw invalid({ job_type: 'must be run or check' }); return v === 'check'; } },
        survey_enabled: { type: 'bool', column: 'surveyEnabled' },
        extra_vars: { type: 'string', filter: false },
        survey_spec: { type: 'string', filter: false },
      },
      defaultOrder: 'name',
      search: ['name', 'description', 'playbook'],
    },
    delegate: (db) => db.jobTemplate as never,
    present: presentJobTemplate,
    audit: (row) => ({ ...presentJobTemplate(row), survey_spec: row.surveySpec }),
    toCreateData: async (body, request) => {
      const data = await templateData(request, body, null);
      return fixNulls({ ...data, name: body.name });
    },
    toUpdateData: async (body, row, request) => fixNulls(await templateData(request, body, row)),
  });
  await app.register(launchRoutes);
};

export default jobTemplateRoutes;
