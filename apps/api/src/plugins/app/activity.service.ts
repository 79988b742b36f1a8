/**
 * The activity stream: one row per create, update, delete, launch, associate or disassociate, with the
 * changed fields (`update`: {field: [old, new]}) and secrets shown as "hidden".
 */
import type { Prisma, PrismaClient } from '@drover/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthUser } from './auth.service.js';

export type Operation = 'create' | 'update' | 'delete' | 'launch' | 'associate' | 'disassociate';

/** Field names whose values never reach the activity stream. */
const SECRET_KEYS = /(^|_)(password|secret|token|ssh_key_data|ssh_key_unlock|key_data|passphrase|become_password)$/i;

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 10) return '…';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k) && v !== null && v !== '' && v !== undefined) out[k] = 'hidden';
      else if (typeof v === 'string' && v.startsWith('$encrypted$')) out[k] = 'hidden';
      else out[k] = redactSecrets(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.startsWith('$encrypted$')) return 'hidden';
  return value;
}

/** `{field: [old, new]}` for the fields whose values differ (compared as JSON). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (key === 'modified' || key === 'updated_at') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key] ?? null, after[key] ?? null];
  }
  return out;
}

export class ActivityService {
  constructor(private readonly db: PrismaClient) {}

  async record(actor: AuthUser | null, operation: Operation, objectType: string, objectId: number | null, changes: unknown): Promise<void> {
    await this.db.activityStream.create({
      data: {
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? '',
        operation,
        objectType,
        objectId,
        changes: redactSecrets(changes ?? {}) as Prisma.InputJsonValue,
      },
    });
  }

  async update(actor: AuthUser | null, objectType: string, objectId: number, before: Record<string, unknown>, after: Record<string, unknown>): Promise<void> {
    const changes = diffFields(before, after);
    if (Object.keys(changes).length === 0) return;
    await this.record(actor, 'update', objectType, objectId, changes); // record() redacts
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    activity: ActivityService;
  }
}

async function activityPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('activity', new ActivityService(app.db));
}

export default fp(activityPlugin, { name: 'activity', dependencies: ['prisma'] });
