import { z } from 'zod';
import { BodyId, SummaryFields } from './common.js';

export const SCM_TYPE_VALUES = ['git', 'local'] as const;
export const SYNC_STATUS_VALUES = ['successful', 'failed', 'running'] as const;

export const ProjectSchema = z
  .object({
    id: z.number(),
    type: z.literal('project'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    organization: z.number(),
    scm_type: z.enum(SCM_TYPE_VALUES),
    scm_url: z.string(),
    scm_branch: z.string(),
    local_path: z.string(),
    credential: z.number().nullable(),
    scm_revision: z.string(),
    last_sync: z.string().nullable(),
    last_sync_status: z.string().nullable(),
    last_sync_error: z.string(),
    playbooks: z.array(z.string()),
    created: z.string(),
    modified: z.string(),
    summary_fields: SummaryFields.optional(),
  })
  .meta({ id: 'Project' });

const ScmUrl = z
  .string()
  .max(1024)
  .refine((u) => /^(https?|ssh|git|file):\/\/[^-\s]\S*$/.test(u) || /^\w[\w.-]*@\w[\w.-]*:[^-\s]\S*$/.test(u), 'must be an http(s)://, ssh://, git://, file:// or user@host:path URL');
const Branch = z
  .string()
  .max(255)
  .refine((b) => b === '' || (/^[\w./@{}+-]+$/.test(b) && !b.startsWith('-') && !b.includes('..')), 'is not a valid branch, tag or commit');

export const CreateProject = z
  .object({
    name: z.string().trim().min(1).max(512),
    description: z.string().max(10_000).optional(),
    organization: BodyId,
    scm_type: z.enum(SCM_TYPE_VALUES),
    scm_url: ScmUrl.optional(),
    scm_branch: Branch.optional(),
    local_path: z.string().max(1024).optional().describe('local projects: a directory inside the projects directory (relative to it, or absolute)'),
    credential: BodyId.nullable().optional().describe('a source_control credential'),
  })
  .strict();

export const UpdateProject = z
  .object({
    name: z.string().trim().min(1).max(512).optional(),
    description: z.string().max(10_000).optional(),
    scm_url: ScmUrl.optional(),
    scm_branch: Branch.optional(),
    local_path: z.string().max(1024).optional(),
    credential: BodyId.nullable().optional(),
  })
  .strict();
