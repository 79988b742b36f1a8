import { z } from 'zod';
import { BodyId, SummaryFields } from './common.js';

export const CREDENTIAL_KIND_VALUES = ['machine', 'source_control'] as const;
const InputValue = z.string().max(100_000);

export const CredentialSchema = z
  .object({
    id: z.number(),
    type: z.literal('credential'),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    organization: z.number(),
    kind: z.enum(CREDENTIAL_KIND_VALUES),
    inputs: z.record(z.string(), z.string()).describe('secret inputs that are set read "$encrypted$"'),
    created: z.string(),
    modified: z.string(),
    summary_fields: SummaryFields.optional(),
  })
  .meta({ id: 'Credential' });

export const CreateCredential = z
  .object({
    name: z.string().trim().min(1).max(512),
    description: z.string().max(10_000).optional(),
    organization: BodyId,
    kind: z.enum(CREDENTIAL_KIND_VALUES),
    inputs: z.record(z.string(), InputValue).optional(),
  })
  .strict();

export const UpdateCredential = z
  .object({
    name: z.string().trim().min(1).max(512).optional(),
    description: z.string().max(10_000).optional(),
    kind: z.enum(CREDENTIAL_KIND_VALUES).optional(),
    inputs: z
      .record(z.string(), InputValue.nullable())
      .optional()
      .describe('merged key by key: a value sets, "$encrypted$" keeps the stored secret, null deletes'),
  })
  .strict();
