import { z } from 'zod';
import { BodyId, JsonObject, SummaryFields } from './common.js';

const Name = z.string().trim().min(1).max(512);
const Variables = z.union([JsonObject, z.string().max(1_000_000)]).describe('a JSON object, or YAML/JSON text holding a mapping');

export const InventorySchema = z
  .object({
    id: z.number(),
    type: z.literal('inventory'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    organization: z.number(),
    variables: JsonObject,
    total_hosts: z.number(),
    total_groups: z.number(),
    created: z.string(),
    modified: z.string(),
    summary_fields: SummaryFields.optional(),
  })
  .meta({ id: 'Inventory' });
export const CreateInventory = z.object({ name: Name, description: z.string().max(10_000).optional(), organization: BodyId, variables: Variables.optional() }).strict();
export const UpdateInventory = z.object({ name: Name.optional(), description: z.string().max(10_000).optional(), variables: Variables.optional() }).strict();

export const HostSchema = z
  .object({
    id: z.number(),
    type: z.literal('host'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    inventory: z.number(),
    variables: JsonObject,
    enabled: z.boolean(),
    groups: z.array(z.string()),
    created: z.string(),
    modified: z.string(),
  })
  .meta({ id: 'Host' });
const HostName = z.string().trim().min(1).max(512).regex(/^[^\s,]+$/, 'no spaces or commas');
export const CreateHost = z.object({ name: HostName, description: z.string().max(10_000).optional(), variables: Variables.optional(), enabled: z.boolean().optional() }).strict();
export const UpdateHost = z.object({ name: HostName.optional(), description: z.string().max(10_000).optional(), variables: Variables.optional(), enabled: z.boolean().optional() }).strict();

export const GroupSchema = z
  .object({
    id: z.number(),
    type: z.literal('group'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    inventory: z.number(),
    variables: JsonObject,
    hosts: z.array(z.string()),
    children: z.array(z.string()),
    created: z.string(),
    modified: z.string(),
  })
  .meta({ id: 'Group' });
const GroupName = z.string().trim().min(1).max(512).regex(/^[A-Za-z_][\w-]*$/, 'letters, digits, - and _, not starting with a digit').refine((n) => n !== 'all' && n !== 'ungrouped', 'all and ungrouped are implicit');
export const CreateGroup = z.object({ name: GroupName, description: z.string().max(10_000).optional(), variables: Variables.optional() }).strict();
export const UpdateGroup = z.object({ name: GroupName.optional(), description: z.string().max(10_000).optional(), variables: Variables.optional() }).strict();

export const Associate = z.object({ id: BodyId, disassociate: z.boolean().optional() }).strict();

export const ImportInventory = z
  .object({
    text: z.string().min(1).max(8_000_000).describe('the inventory file: INI or YAML, as ansible reads it'),
    format: z.enum(['auto', 'ini', 'yaml']).optional().describe('default auto (YAML if it parses as a mapping, else INI)'),
    overwrite: z.boolean().optional().describe('true: hosts and groups missing from the text are deleted, and variables replaced'),
  })
  .strict();
export const ImportResult = z.object({
  hosts_created: z.number(),
  hosts_updated: z.number(),
  hosts_deleted: z.number(),
  groups_created: z.number(),
  groups_updated: z.number(),
  groups_deleted: z.number(),
  warnings: z.array(z.string()),
});
