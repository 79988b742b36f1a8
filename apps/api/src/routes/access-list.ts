/**
 * `GET /<resources>/:id/access_list`: every user who holds a role on the object, each role with the path
 * that grants it: `direct`, through a `team` (named), through the `organization`, or as `superuser`.
 * Computed from the same grants `can()` evaluates, so the list and the checks cannot disagree.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_IMPLIES, orgRoleReaches, type ResourceType, type RoleName } from '../plugins/app/rbac.service.js';
import { errors, IdParams, pageOf } from '../schemas/common.js';
import { parsePositiveInt, pageUrl, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../lib/list-query.js';

const Via = z.object({
  role: z.string(),
  via: z.enum(['direct', 'team', 'organization', 'superuser']),
  team: z.object({ id: z.number(), name: z.string() }).optional(),
  granted_role: z.string().describe('the role the grant names (it implies `role`)'),
});
export const AccessEntry = z.object({ id: z.number(), username: z.string(), roles: z.array(z.string()), access: z.array(Via) }).meta({ id: 'AccessEntry' });

export function registerAccessList(app: FastifyInstance, type: ResourceType, path: string, tag: string): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    `${path}/:id/access_list`,
    { schema: { tags: [tag], summary: 'Who can do what on this object, and why', params: IdParams, querystring: z.object({ page: z.string().optional(), page_size: z.string().optional() }), response: { 200: pageOf(AccessEntry), ...errors } } },
    async (request) => {
      const ref = await request.authorize(type, request.params.id, 'read');
      const grants = await app.db.roleGrant.findMany({
        where: { OR: [{ resourceType: type, resourceId: ref.id }, ...(type !== 'organization' ? [{ resourceType: 'organization' as const, resourceId: ref.organizationId }] : [])] },
        include: { user: { select: { id: true, username: true } }, team: { select: { id: true, name: true, memberships: { select: { user: { select: { id: true, username: true } } } } } } },
      });
      const byUser = new Map<number, { id: number; username: string; access: Array<z.infer<typeof Via>> }>();
      const add = (u: { id: number; username: string }, roles: RoleName[], entry: Omit<z.infer<typeof Via>, 'role'>) => {
        let e = byUser.get(u.id);
        if (!e) byUser.set(u.id, (e = { id: u.id, username: u.username, access: [] }));
        for (const role of roles) e.access.push({ role, ...entry });
      };
      for (const g of grants) {
        const onOrg = g.resourceType === 'organization' && type !== 'organization';
        const roles = onOrg ? orgRoleReaches(g.role, type) : [...(ROLE_IMPLIES[type][g.role] ?? [])];
        if (roles.length === 0) continue;
        if (g.user) add(g.user, roles, { via: onOrg ? 'organization' : 'direct', granted_role: g.role });
        if (g.team) for (const m of g.team.memberships) add(m.user, roles, { via: onOrg ? 'organization' : 'team', team: { id: g.team.id, name: g.team.name }, granted_role: g.role });
      }
      if (type === 'team') {
        const members = await app.db.teamMembership.findMany({ where: { teamId: ref.id }, select: { user: { select: { id: true, username: true } } } });
        for (const m of members) add(m.user, ['member', 'read'], { via: 'direct', granted_role: 'member' });
      }
      const supers = await app.db.user.findMany({ where: { isSuperuser: true }, select: { id: true, username: true } });
      for (const u of supers) add(u, Object.keys(ROLE_IMPLIES[type]) as RoleName[], { via: 'superuser', granted_role: 'superuser' });
      const all = [...byUser.values()].sort((a, b) => a.username.localeCompare(b.username)).map((e) => ({ ...e, roles: [...new Set(e.access.map((a) => a.role))].sort() }));
      const q = request.query;
      const page = q.page ? parsePositiveInt(q.page, 'page') : 1;
      const size = q.page_size ? Math.min(parsePositiveInt(q.page_size, 'page_size'), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
      const last = Math.max(1, Math.ceil(all.length / size));
      return {
        count: all.length,
        next: page < last ? pageUrl(request.url, page + 1) : null,
        previous: page > 1 ? pageUrl(request.url, page - 1) : null,
        results: all.slice((page - 1) * size, page * size),
      };
    },
  );
}
