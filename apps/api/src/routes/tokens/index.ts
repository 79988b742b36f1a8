/** Personal API tokens: the token is shown once, at creation; only its hash is stored. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { errors, IdParams, iso, ListQuery, pageOf } from '../../schemas/common.js';
import { paginate, parseListQuery, type ListSpec } from '../../lib/list-query.js';

const TokenSchema = z.object({
  id: z.number(),
  type: z.literal('token'),
  name: z.string(),
  created: z.string(),
  last_used: z.string().nullable(),
  expires: z.string().nullable(),
});
const NewTokenSchema = TokenSchema.extend({ token: z.string().describe('the token itself: shown this once only') });
const CreateToken = z
  .object({
    name: z.string().min(1).max(200),
    expires: z.iso.datetime({ offset: true }).nullable().optional().describe('ISO-8601 expiry; omitted or null: never'),
  })
  .strict();

const LIST: ListSpec = {
  fields: { id: { type: 'int' }, name: { type: 'string' }, created: { type: 'date', column: 'createdAt' } },
  defaultOrder: '-id',
  search: ['name'],
};

const present = (t: { id: number; name: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null }) => ({
  id: t.id,
  type: 'token' as const,
  name: t.name,
  created: t.createdAt.toISOString(),
  last_used: iso(t.lastUsedAt),
  expires: iso(t.expiresAt),
});

const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tokens', { schema: { tags: ['auth'], summary: "The caller's API tokens", querystring: ListQuery, response: { 200: pageOf(TokenSchema), ...errors } } }, async (request) => {
    const user = requireUser(request);
    const q = parseListQuery(request.query, LIST);
    return paginate(request.url, q, { userId: user.id }, { count: (a) => app.db.apiToken.count(a), find: (a) => app.db.apiToken.findMany(a) }, present);
  });

  app.post('/tokens', { schema: { tags: ['auth'], summary: 'Create a personal API token (shown once)', body: CreateToken, response: { 201: NewTokenSchema, ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const expires = request.body.expires ? new Date(request.body.expires) : null;
    const { token, id } = await app.auth.createToken(user.id, request.body.name, expires);
    const row = await app.db.apiToken.findUniqueOrThrow({ where: { id } });
    await app.activity.record(user, 'create', 'token', id, { name: row.name, expires: iso(expires) });
    return reply.code(201).send({ ...present(row), token });
  });

  app.delete('/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke a token', params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const res = await app.db.apiToken.deleteMany({ where: { id: request.params.id, userId: user.id } });
    if (res.count === 0) throw notFound('token');
    await app.activity.record(user, 'delete', 'token', request.params.id, {});
    return reply.code(204).send(null);
  });
};

export default tokenRoutes;
