/** `GET /api/v1/ping`: public liveness and readiness (database and Redis reachable). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const Ping = z.object({ ok: z.boolean(), version: z.string(), database: z.boolean(), redis: z.boolean() });

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/ping', { schema: { tags: ['health'], summary: 'Liveness and readiness', security: [], response: { 200: Ping, 503: Ping } } }, async (_request, reply) => {
    const database = await app.db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    const redis = await app.redis.ping().then(
      (r) => r === 'PONG',
      () => false,
    );
    const ok = database && redis;
    return reply.code(ok ? 200 : 503).send({ ok, version: '0.1.0', database, redis });
  });
};

export default healthRoutes;
