/**
 * Role grants: `GET /users/:id/roles`, `GET /teams/:id/roles` list a grantee's roles (on objects the
 * caller can read); `POST` grants one (`{resource_type, resource_id, role}`) or revokes it
 * (`disassociate: true`). Granting or revoking needs the admin role on the object.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, invalid, notFound } from '../errors.js';
import { paginate, parseListQuery, type ListSpec } from '../lib/list-query.js';
import { requireUser } from '../plugins/app/auth.service.js';
import { grantableRoles, resourceLabel, type ResourceType } from '../plugins/app/rbac.service.js';
import { errors, IdParams, ListQuery, pageOf } from '../schemas/common.js';
import { RESOURCE_TYPE_VALUES, RoleChange, RoleGrantSchema, ROLE_VALUES } from '../schemas/organizations.js';

const GRANT_LIST: ListSpec = {
  fields: {
    id: { type: 'int' },
    role: { type: 'enum', values: ROLE_VALUES },
    resource_type: { type: 'enum', values: RESOURCE_TYPE_VALUES, column: 'resourceType' },
    resource_id: { type: 'int', column: 'resourceId' },
  },
  defaultOrder: 'id',
};

async function resourceNames(app: FastifyInstance, grants: Array<{ resourceType: ResourceType; resourceId: number }>): Promise<Map<string, string>> {
  const byType = new Map<ResourceType, number[]>();
  for (const g of grants) byType.set(g.resourceType, [...(byType.get(g.resourceType) ?? []), g.resourceId]);
  const names = new Map<string, string>();
  for (const [type, ids] of byType) {
    const args = { where: { id: { in: ids } }, select: { id: true, name: true } };
    const rows: Array<{ id: number; name: string }> =
      type === 'organization' ? await app.db.organization.findMany(args)
      : type === 'team' ? await app.db.team.findMany(args)
      : type === 'project' ? await app.db.project.findMany(args)
      : type === 'inventory' ? await app.db.inventory.findMany(args)
      : type === 'credential' ? await app.db.credential.findMany(args)
      : await app.db.jobTemplate.findMany(args);
    for (const r of rows) names.set(`${type}:${r.id}`, r.name);
  }
  return names;
}

export function registerRoleRoutes(app: FastifyInstance, grantee: 'user' | 'team'): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = grantee === 'user' ? '/users/:id/roles' : '/teams/:id/roles';
  const tag = grantee === 'user' ? 'users' : 'teams';

  const checkGrantee = async (request: import('fastify').FastifyRequest, id: number): Promise<void> => {
    if (grantee === 'team') {
      await request.authorize('team', id, 'read');
      return;
    }
    const user = requireUser(request);
    if (user.id === id || user.isSuperuser || user.isSystemAuditor) {
      if (!(await app.db.user.findUnique({ where: { id }, select: { id: true } }))) throw notFound('user');
      return;
    }
    const access = await request.access();
    const visible = await app.db.user.count({ where: { id, ...(userReadableWhere(access) ?? {}) } });
    if (!visible) throw notFound('user');
  };

  r.get(base, { schema: { tags: [tag], summary: `The ${grantee}'s roles on objects you can read`, params: IdParams, querystring: ListQuery, response: { 200: pageOf(RoleGrantSchema), ...errors } } }, async (request) => {
    await checkGrantee(request, request.params.id);
    const access = await request.access();
    const q = parseListQuery(request.query, GRANT_LIST);
    const where = { [grantee === 'user' ? 'userId' : 'teamId']: request.params.id };
    // Only grants on objects the caller can read: filter in memory (grants per grantee are few).
    const all = await app.db.roleGrant.findMany({ where: { AND: [where, q.where] }, orderBy: q.orderBy });
    const refs = await Promise.all(all.map((g) => app.rbac.resolve(g.resourceType, g.resourceId)));
    const visible = all.filter((_, i) => refs[i] && access.can('read', refs[i]!));
    const names = await resourceNames(app, visible);
    const ids = visible.map((g) => g.id);
    return paginate(request.url, q, { id: { in: ids } }, { count: async () => ids.length, find: async (a) => visible.slice(a.skip, a.skip + a.take) }, (g) => ({
      id: g.id,
      role: g.role,
      resource_type: g.resourceType,
      resource_id: g.resourceId,
      resource_name: names.get(`${g.resourceType}:${g.resourceId}`) ?? '',
      user: g.userId,
      team: g.teamId,
    }));
  });

  r.post(base, { schema: { tags: [tag], summary: `Grant a role to the ${grantee} (or revoke it with disassociate)`, params: IdParams, body: RoleChange, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const actor = requireUser(request);
    await checkGrantee(request, request.params.id);
    const { resource_type: type, resource_id: resourceId, role } = request.body;
    if (!grantableRoles(type).includes(role)) throw invalid({ role: `a ${resourceLabel(type)} has the roles ${grantableRoles(type).join(', ')}` });
    if (type === 'team' && role === 'member') throw invalid({ role: 'add team members with POST /teams/:id/members' });
    const ref = await app.rbac.resolve(type, resourceId);
    const access = await request.access();
    if (!ref || !access.can('read', ref)) throw invalid({ resource_id: `no such ${resourceLabel(type)}` });
    if (!access.can('admin', ref)) throw forbidden(`you need the admin role on the ${resourceLabel(type)} to change its roles`);
    const key = grantee === 'user' ? { userId: request.params.id, teamId: null } : { teamId: request.params.id, userId: null };
    if (request.body.disassociate) {
      await app.db.roleGrant.deleteMany({ where: { role, resourceType: type, resourceId, ...key } });
    } else {
      await app.db.roleGrant.createMany({ data: [{ role, resourceType: type, resourceId, ...key }], skipDuplicates: true });
    }
    await app.activity.record(actor, request.body.disassociate ? 'disassociate' : 'associate', type, resourceId, {
      object1: grantee, object1_pk: request.params.id, object2: type, object2_pk: resourceId, relationship: 'role', role,
    });
    return reply.code(204).send(null);
  });
}

/** Users a non-superuser may see: themselves, their teams' members, and the users of orgs they administer. */
export function userReadableWhere(access: import('../plugins/app/rbac.service.js').Access): Record<string, unknown> | undefined {
  if (access.readsAll) return undefined;
  const teamWhere = access.where('team');
  const adminOrgs = access.orgIdsGranting('team', 'admin');
  return {
    OR: [
      { id: access.user.id },
      { teamMemberships: { some: { team: teamWhere } } },
      { roleGrants: { some: { resourceType: 'organization', resourceId: { in: adminOrgs } } } },
      { teamMemberships: { some: { team: { organizationId: { in: adminOrgs } } } } },
    ],
  };
}
