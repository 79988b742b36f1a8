/** Teams (org admins create them) and their members (team admins manage them). */
import type { Team } from '@drover/db';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, invalid, notFound } from '../../errors.js';
import { paginate, parseListQuery } from '../../lib/list-query.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { errors, Id, IdParams, ListQuery, pageOf } from '../../schemas/common.js';
import { CreateTeam, MemberChange, TeamSchema, UpdateTeam } from '../../schemas/organizations.js';
import { UserSchema } from '../../schemas/users.js';
import { ORG_RESOURCE_FIELDS, registerCrud } from '../crud.js';
import { USER_LIST } from '../users/index.js';
import { presentUser } from '../users/users.presenter.js';
import { registerRoleRoutes } from '../roles.js';

export const presentTeam = (t: Team) => ({
  id: t.id,
  type: 'team' as const,
  url: `/api/v1/teams/${t.id}`,
  name: t.name,
  description: t.description,
  organization: t.organizationId,
  created: t.createdAt.toISOString(),
  modified: t.updatedAt.toISOString(),
});

const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  registerCrud(app, {
    type: 'team',
    related: [{ key: 'organization', column: 'organizationId', kind: 'organization' }],
    path: '/teams',
    tag: 'teams',
    label: 'team',
    out: TeamSchema,
    create: CreateTeam,
    patch: UpdateTeam,
    list: {
      fields: {
        ...ORG_RESOURCE_FIELDS,
      },
      defaultOrder: 'name',
      search: ['name', 'description'],
    },
    delegate: (db) => db.team as never,
    present: presentTeam,
    toCreateData: async (body, request) => {
      await requireOrgAdmin(request, body.organization);
      return { name: body.name, description: body.description ?? '', organizationId: body.organization };
    },
    toUpdateData: async (body) => ({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.description !== undefined ? { description: body.description } : {}) }),
  });

  app.get(
    '/teams/:id/members',
    { schema: { tags: ['teams'], summary: "A team's members", params: IdParams, querystring: ListQuery, response: { 200: pageOf(UserSchema), ...errors } } },
    async (request) => {
      await request.authorize('team', request.params.id, 'read');
      const q = parseListQuery(request.query, USER_LIST);
      return paginate(request.url, q, { teamMemberships: { some: { teamId: request.params.id } } }, { count: (a) => app.db.user.count(a), find: (a) => app.db.user.findMany(a) }, presentUser);
    },
  );

  app.post(
    '/teams/:id/members',
    { schema: { tags: ['teams'], summary: 'Add a user to the team (or remove with disassociate)', params: IdParams, body: MemberChange, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const actor = requireUser(request);
      await request.authorize('team', request.params.id, 'admin');
      const user = await app.db.user.findUnique({ where: { id: request.body.user } });
      if (!user) throw invalid({ user: 'no such user' });
      if (request.body.disassociate) {
        await app.db.teamMembership.deleteMany({ where: { teamId: request.params.id, userId: user.id } });
      } else {
        await app.db.teamMembership.createMany({ data: [{ teamId: request.params.id, userId: user.id }], skipDuplicates: true });
      }
      await app.activity.record(actor, request.body.disassociate ? 'disassociate' : 'associate', 'team', request.params.id, {
        object1: 'team', object1_pk: request.params.id, object2: 'user', object2_pk: user.id, relationship: 'member',
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/teams/:id/members/:userId',
    { schema: { tags: ['teams'], summary: 'Remove a user from the team', params: z.object({ id: Id, userId: Id }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const actor = requireUser(request);
      await request.authorize('team', request.params.id, 'admin');
      const res = await app.db.teamMembership.deleteMany({ where: { teamId: request.params.id, userId: request.params.userId } });
      if (res.count === 0) throw notFound('member');
      await app.activity.record(actor, 'disassociate', 'team', request.params.id, {
        object1: 'team', object1_pk: request.params.id, object2: 'user', object2_pk: request.params.userId, relationship: 'member',
      });
      return reply.code(204).send(null);
    },
  );

  registerRoleRoutes(app, 'team');
};

/** The caller must be admin of the organization (a field error when it is unreadable). */
export async function requireOrgAdmin(request: FastifyRequest, organizationId: number, field = 'organization'): Promise<void> {
  const access = await request.access();
  const ref = { type: 'organization' as const, id: organizationId, organizationId };
  const exists = await request.server.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
  if (!exists || !access.can('read', ref)) throw invalid({ [field]: 'no such organization' });
  if (!access.can('admin', ref)) throw forbidden('you need the admin role on the organization');
}

export default teamRoutes;
