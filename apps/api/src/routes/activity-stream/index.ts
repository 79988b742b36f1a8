/** The activity stream: superusers and system auditors see every row; others see their own actions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginate, parseListQuery, type ListSpec } from '../../lib/list-query.js';
import { errors, JsonObject, ListQuery, pageOf } from '../../schemas/common.js';

const ActivitySchema = z
  .object({
    id: z.number(),
    type: z.literal('activity_stream'),
    timestamp: z.string(),
    operation: z.string(),
    object_type: z.string(),
    object_id: z.number().nullable(),
    actor: z.number().nullable(),
    actor_name: z.string(),
    changes: JsonObject.or(z.array(z.unknown())),
  })
  .meta({ id: 'ActivityStream' });

const LIST: ListSpec = {
  fields: {
    id: { type: 'int' },
    timestamp: { type: 'date' },
    operation: { type: 'string' },
    object_type: { type: 'string', column: 'objectType' },
    object_id: { type: 'int', column: 'objectId' },
    actor: { type: 'int', column: 'actorId' },
    actor_name: { type: 'string', column: 'actorName' },
    changes: { type: 'string', filter: false },
  },
  defaultOrder: '-id',
};

const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/activity_stream', { schema: { tags: ['activity_stream'], summary: 'Who changed what', querystring: ListQuery, response: { 200: pageOf(ActivitySchema), ...errors } } }, async (request) => {
    const access = await request.access();
    const q = parseListQuery(request.query, LIST);
    return paginate(request.url, q, access.readsAll ? undefined : { actorId: access.user.id }, { count: (a) => app.db.activityStream.count(a), find: (a) => app.db.activityStream.findMany(a) }, (r) => ({
      id: r.id,
      type: 'activity_stream' as const,
      timestamp: r.timestamp.toISOString(),
      operation: r.operation,
      object_type: r.objectType,
      object_id: r.objectId,
      actor: r.actorId,
      actor_name: r.actorName,
      changes: (r.changes ?? {}) as Record<string, unknown>,
    }));
  });
};

export default activityRoutes;
