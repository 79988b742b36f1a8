import { z } from 'zod';
import { BodyId, SummaryFields } from './common.js';

const Name = z.string().trim().min(1).max(512);
const Description = z.string().max(10_000);

export const OrganizationSchema = z
  .object({ id: z.number(), type: z.literal('organization'), url: z.string(), name: z.string(), description: z.string(), created: z.string(), modified: z.string(), summary_fields: SummaryFields.optional() })
  .meta({ id: 'Organization' });
export const CreateOrganization = z.object({ name: Name, description: Description.optional() }).strict();
export const UpdateOrganization = z.object({ name: Name.optional(), description: Description.optional() }).strict();

export const TeamSchema = z
  .object({
    id: z.number(),
    type: z.literal('team'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    organization: z.number(),
    created: z.string(),
    modified: z.string(),
    summary_fields: SummaryFields.optional(),
  })
  .meta({ id: 'Team' });
export const CreateTeam = z.object({ name: Name, description: Description.optional(), organization: BodyId }).strict();
export const UpdateTeam = z.object({ name: Name.optional(), description: Description.optional() }).strict();

export const RESOURCE_TYPE_VALUES = ['organization', 'team', 'project', 'inventory', 'credential', 'job_template'] as const;
export const ROLE_VALUES = ['admin', 'use', 'execute', 'read', 'update', 'member', 'auditor'] as const;

export const RoleGrantSchema = z
  .object({
    id: z.number(),
    role: z.enum(ROLE_VALUES),
    resource_type: z.enum(RESOURCE_TYPE_VALUES),
    resource_id: z.number(),
    resource_name: z.string(),
    user: z.number().nullable(),
    team: z.number().nullable(),
  })
  .meta({ id: 'RoleGrant' });
export const RoleChange = z
  .object({
    resource_type: z.enum(RESOURCE_TYPE_VALUES),
    resource_id: BodyId,
    role: z.enum(ROLE_VALUES),
    disassociate: z.boolean().optional().describe('true: revoke the role instead of granting it'),
  })
  .strict();
export const MemberChange = z.object({ user: BodyId, disassociate: z.boolean().optional() }).strict();
