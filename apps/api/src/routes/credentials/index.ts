/**
 * Credentials: inputs are validated against the kind's fields; secrets are encrypted at rest
 * (AES-256-GCM) and shown as "$encrypted$". PATCH merges `inputs` key by key: a value sets it,
 * "$encrypted$" keeps the stored secret, null deletes the key.
 */
import type { Credential, CredentialType, Prisma } from '@drover/db';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError, invalid, type FieldErrors } from '../../errors.js';
import { ASK, checkInputValue, CREDENTIAL_KINDS, isEncryptedKey } from '../../plugins/app/credential-types.js';
import { ENCRYPTED_PLACEHOLDER, isEncrypted, type SecretBox } from '../../plugins/app/secret-box.js';
import { CreateCredential, CREDENTIAL_KIND_VALUES, CredentialSchema, UpdateCredential } from '../../schemas/credentials.js';
import { ORG_RESOURCE_FIELDS, registerCrud } from '../crud.js';
import { requireOrgAdmin } from '../teams/index.js';

export const secretPurpose = (field: string): string => `credential:${field}`;

export function presentCredential(c: Credential) {
  const inputs: Record<string, string> = {};
  const fields = CREDENTIAL_KINDS[c.kind];
  for (const [k, v] of Object.entries((c.inputs ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    inputs[k] = fields[k]?.secret && v !== ASK && v !== '' ? ENCRYPTED_PLACEHOLDER : v;
  }
  return {
    id: c.id,
    type: 'credential' as const,
    url: `/api/v1/credentials/${c.id}`,
    name: c.name,
    description: c.description,
    organization: c.organizationId,
    kind: c.kind,
    inputs,
    created: c.createdAt.toISOString(),
    modified: c.updatedAt.toISOString(),
  };
}

/** The stored inputs after applying `changes` (create: stored = {}). Validates every key. */
export function mergeInputs(
  box: SecretBox,
  kind: CredentialType,
  stored: Record<string, unknown>,
  changes: Record<string, string | null>,
  creating: boolean,
): Record<string, string> {
  const fields = CREDENTIAL_KINDS[kind];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) if (typeof v === 'string' && fields[k]) out[k] = v;
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(changes)) {
    const field = fields[key];
    const path = `inputs.${key}`;
    if (!field) {
      errors[path] = `unknown input for a ${kind} credential (known: ${Object.keys(fields).join(', ')})`;
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    if (value === ENCRYPTED_PLACEHOLDER) {
      if (creating || !field.secret) errors[path] = '"$encrypted$" is reserved: it keeps a stored secret';
      else if (!(key in out)) errors[path] = 'has no stored value to keep';
      continue;
    }
    const problem = checkInputValue(field, value);
    if (problem) {
      errors[path] = problem;
      continue;
    }
    out[key] = field.secret && value !== ASK && value !== '' ? box.encrypt(value, secretPurpose(key)) : value;
  }
  if (out['ssh_key_unlock'] !== undefined && !out['ssh_key_data']) errors['inputs.ssh_key_unlock'] = 'is only used with ssh_key_data';
  else if (out['ssh_key_data'] && !errors['inputs.ssh_key_data']) {
    // AWX: the passphrase is required for an encrypted key and rejected for a plain one
    const key = isEncrypted(out['ssh_key_data']) ? box.decrypt(out['ssh_key_data'], secretPurpose('ssh_key_data')) : out['ssh_key_data'];
    const encryptedKey = isEncryptedKey(key);
    if (encryptedKey && !out['ssh_key_unlock']) errors['inputs.ssh_key_unlock'] = 'is required: the private key is encrypted';
    if (!encryptedKey && out['ssh_key_unlock'] !== undefined && out['ssh_key_unlock'] !== '') errors['inputs.ssh_key_unlock'] = 'must be empty: the private key is not encrypted';
  }
  if (Object.keys(errors).length) throw invalid(errors);
  return out;
}

/** Decrypts a credential's inputs (for the API's own use: git sync). */
export function decryptInputs(box: SecretBox, c: Pick<Credential, 'inputs'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((c.inputs ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    out[k] = isEncrypted(v) ? box.decrypt(v, secretPurpose(k)) : v;
  }
  return out;
}

/** The caller must hold `use` on a credential of the given kind (field error otherwise). */
export async function requireCredentialUse(
  app: FastifyInstance,
  request: import('fastify').FastifyRequest,
  id: number,
  kind: CredentialType,
  field: string,
  organizationId?: number,
): Promise<Credential> {
  const cred = await app.db.credential.findUnique({ where: { id } });
  const access = await request.access();
  const ref = cred && { type: 'credential' as const, id, organizationId: cred.organizationId };
  if (!cred || !ref || !access.can('read', ref)) throw invalid({ [field]: 'no such credential' });
  if (cred.kind !== kind) throw invalid({ [field]: `must be a ${kind} credential` });
  if (!access.can('use', ref)) throw new ApiError('DRV_API_FORBIDDEN', 'you need the use role on the credential', { fields: { [field]: 'you need the use role on it' } });
  if (organizationId !== undefined && cred.organizationId !== organizationId) throw invalid({ [field]: 'must belong to the same organization' });
  return cred;
}

const credentialRoutes: FastifyPluginAsyncZod = async (app) => {
  registerCrud(app, {
    type: 'credential',
    related: [{ key: 'organization', column: 'organizationId', kind: 'organization' }],
    path: '/credentials',
    tag: 'credentials',
    label: 'credential',
    out: CredentialSchema,
    create: CreateCredential,
    patch: UpdateCredential,
    list: {
      fields: {
        ...ORG_RESOURCE_FIELDS,
        kind: { type: 'enum', values: CREDENTIAL_KIND_VALUES },
        inputs: { type: 'string', filter: false },
      },
      defaultOrder: 'name',
      search: ['name', 'description'],
    },
    delegate: (db) => db.credential as never,
    present: presentCredential,
    audit: (row) => ({ ...presentCredential(row), inputs: row.inputs }),
    toCreateData: async (body, request) => {
      await requireOrgAdmin(request, body.organization);
      const inputs = mergeInputs(app.secrets, body.kind, {}, body.inputs ?? {}, true);
      return { name: body.name, description: body.description ?? '', organizationId: body.organization, kind: body.kind, inputs: inputs as Prisma.InputJsonValue };
    },
    toUpdateData: async (body, row) => {
      if (body.kind !== undefined && body.kind !== row.kind) throw invalid({ kind: 'cannot change the kind of a credential' });
      return {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.inputs !== undefined ? { inputs: mergeInputs(app.secrets, row.kind, row.inputs as Record<string, unknown>, body.inputs, false) as Prisma.InputJsonValue } : {}),
      };
    },
  });
};

export default credentialRoutes;
