/** Inventories, their hosts and groups (nesting, membership), and import from INI/YAML text. */
import type { Group, Host, Inventory, Prisma } from '@drover/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, notFound } from '../../errors.js';
import { paginate, parseListQuery, type ListSpec } from '../../lib/list-query.js';
import { parseVariables } from '../../lib/variables.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { errors, IdParams, ListQuery, pageOf } from '../../schemas/common.js';
import {
  Associate,
  CreateGroup,
  CreateHost,
  CreateInventory,
  GroupSchema,
  HostSchema,
  ImportInventory,
  ImportResult,
  InventorySchema,
  UpdateGroup,
  UpdateHost,
  UpdateInventory,
} from '../../schemas/inventories.js';
import { ORG_RESOURCE_FIELDS, registerCrud } from '../crud.js';
import { requireOrgAdmin } from '../teams/index.js';
import { importInventory } from './import.js';

type InventoryRow = Inventory & { _count: { hosts: number; groups: number } };
type HostRow = Host & { groups: Array<{ group: { name: string } }> };
type GroupRow = Group & { hosts: Array<{ host: { name: string } }>; children: Array<{ child: { name: string } }> };

const json = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const presentInventory = (i: InventoryRow) => ({
  id: i.id,
  type: 'inventory' as const,
  url: `/api/v1/inventories/${i.id}`,
  name: i.name,
  description: i.description,
  organization: i.organizationId,
  variables: json(i.variables),
  total_hosts: i._count.hosts,
  total_groups: i._count.groups,
  created: i.createdAt.toISOString(),
  modified: i.updatedAt.toISOString(),
});

const presentHost = (h: HostRow) => ({
  id: h.id,
  type: 'host' as const,
  url: `/api/v1/hosts/${h.id}`,
  name: h.name,
  description: h.description,
  inventory: h.inventoryId,
  variables: json(h.variables),
  enabled: h.enabled,
  groups: h.groups.map((g) => g.group.name).sort(),
  created: h.createdAt.toISOString(),
  modified: h.updatedAt.toISOString(),
});

const presentGroup = (g: GroupRow) => ({
  id: g.id,
  type: 'group' as const,
  url: `/api/v1/groups/${g.id}`,
  name: g.name,
  description: g.description,
  inventory: g.inventoryId,
  variables: json(g.variables),
  hosts: g.hosts.map((x) => x.host.name).sort(),
  children: g.children.map((x) => x.child.name).sort(),
  created: g.createdAt.toISOString(),
  modified: g.updatedAt.toISOString(),
});

const HOST_INCLUDE = { groups: { select: { group: { select: { name: true } } } } } as const;
const GROUP_INCLUDE = { hosts: { select: { host: { select: { name: true } } } }, children: { select: { child: { select: { name: true } } } } } as const;

const HOST_LIST: ListSpec = {
  fields: {
    id: { type: 'int' },
    name: { type: 'string' },
    description: { type: 'string' },
    inventory: { type: 'int', column: 'inventoryId' },
    enabled: { type: 'bool' },
    created: { type: 'date', column: 'createdAt' },
    modified: { type: 'date', column: 'updatedAt' },
    variables: { type: 'string', filter: false },
  },
  defaultOrder: 'name',
  search: ['name', 'description'],
};
const GROUP_LIST: ListSpec = { ...HOST_LIST, fields: { ...HOST_LIST.fields, enabled: { type: 'bool', filter: false } } };

/** Loads a host or group and checks the role on its inventory (404 when unreadable). */
async function loadChild<T extends { inventoryId: number }>(request: FastifyRequest, row: T | null, what: string, role: 'read' | 'admin'): Promise<T> {
  if (!row) throw notFound(what);
  try {
    await request.authorize('inventory', row.inventoryId, role === 'read' ? 'read' : 'admin');
  } catch (e) {
    if ((e as { code?: string }).code === 'DRV_API_NOT_FOUND') throw notFound(what);
    throw e;
  }
  return row;
}

function sameInventory(app: FastifyInstance, model: 'host' | 'group', id: number, inventoryId: number, field: string) {
  const find = model === 'host' ? app.db.host.findUnique({ where: { id } }) : app.db.group.findUnique({ where: { id } });
  return find.then((row) => {
    if (!row || row.inventoryId !== inventoryId) throw invalid({ [field]: `no such ${model} in this inventory` });
    return row;
  });
}

const inventoryRoutes: FastifyPluginAsyncZod = async (app) => {
  registerCrud(app, {
    type: 'inventory',
    related: [{ key: 'organization', column: 'organizationId', kind: 'organization' }],
    path: '/inventories',
    tag: 'inventories',
    label: 'inventory',
    out: InventorySchema,
    create: CreateInventory,
    patch: UpdateInventory,
    include: { _count: { select: { hosts: true, groups: true } } },
    list: {
      fields: {
        ...ORG_RESOURCE_FIELDS,
        variables: { type: 'string', filter: false },
      },
      defaultOrder: 'name',
      search: ['name', 'description'],
    },
    delegate: (db) => db.inventory as never,
    present: (row: InventoryRow) => presentInventory(row),
    toCreateData: async (body, request) => {
      await requireOrgAdmin(request, body.organization);
      return { name: body.name, description: body.description ?? '', organizationId: body.organization, variables: parseVariables(body.variables, 'variables') as Prisma.InputJsonValue };
    },
    toUpdateData: async (body) => ({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.variables !== undefined ? { variables: parseVariables(body.variables, 'variables') as Prisma.InputJsonValue } : {}),
    }),
  });

  // ---- hosts
  app.get('/hosts', { schema: { tags: ['inventories'], summary: 'Hosts of the inventories you can read', querystring: ListQuery, response: { 200: pageOf(HostSchema), ...errors } } }, async (request) => {
    const access = await request.access();
    const q = parseListQuery(request.query, HOST_LIST);
    const inv = access.where('inventory');
    return paginate(request.url, q, inv ? { inventory: inv } : undefined, { count: (a) => app.db.host.count(a), find: (a) => app.db.host.findMany({ ...a, include: HOST_INCLUDE }) }, presentHost);
  });

  app.get('/inventories/:id/hosts', { schema: { tags: ['inventories'], summary: "An inventory's hosts", params: IdParams, querystring: ListQuery, response: { 200: pageOf(HostSchema), ...errors } } }, async (request) => {
    await request.authorize('inventory', request.params.id, 'read');
    const q = parseListQuery(request.query, HOST_LIST);
    return paginate(request.url, q, { inventoryId: request.params.id }, { count: (a) => app.db.host.count(a), find: (a) => app.db.host.findMany({ ...a, include: HOST_INCLUDE }) }, presentHost);
  });

  app.post('/inventories/:id/hosts', { schema: { tags: ['inventories'], summary: 'Add a host', params: IdParams, body: CreateHost, response: { 201: HostSchema, ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    await request.authorize('inventory', request.params.id, 'admin');
    const b = request.body;
    const host = await app.db.host.create({
      data: { inventoryId: request.params.id, name: b.name, description: b.description ?? '', enabled: b.enabled ?? true, variables: parseVariables(b.variables, 'variables') as Prisma.InputJsonValue },
      include: HOST_INCLUDE,
    });
    const out = presentHost(host);
    await app.activity.record(user, 'create', 'host', host.id, out);
    return reply.code(201).send(out);
  });

  app.get('/hosts/:id', { schema: { tags: ['inventories'], summary: 'A host', params: IdParams, response: { 200: HostSchema, ...errors } } }, async (request) =>
    presentHost(await loadChild(request, await app.db.host.findUnique({ where: { id: request.params.id }, include: HOST_INCLUDE }), 'host', 'read')),
  );

  app.patch('/hosts/:id', { schema: { tags: ['inventories'], summary: 'Update a host', params: IdParams, body: UpdateHost, response: { 200: HostSchema, ...errors } } }, async (request) => {
    const user = requireUser(request);
    const before = await loadChild(request, await app.db.host.findUnique({ where: { id: request.params.id }, include: HOST_INCLUDE }), 'host', 'admin');
    const b = request.body;
    const host = await app.db.host.update({
      where: { id: before.id },
      data: {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
        ...(b.variables !== undefined ? { variables: parseVariables(b.variables, 'variables') as Prisma.InputJsonValue } : {}),
      },
      include: HOST_INCLUDE,
    });
    const out = presentHost(host);
    await app.activity.update(user, 'host', host.id, presentHost(before), out);
    return out;
  });

  app.delete('/hosts/:id', { schema: { tags: ['inventories'], summary: 'Delete a host', params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const host = await loadChild(request, await app.db.host.findUnique({ where: { id: request.params.id }, include: HOST_INCLUDE }), 'host', 'admin');
    await app.db.host.delete({ where: { id: host.id } });
    await app.activity.record(user, 'delete', 'host', host.id, presentHost(host));
    return reply.code(204).send(null);
  });

  // ---- groups
  app.get('/inventories/:id/groups', { schema: { tags: ['inventories'], summary: "An inventory's groups", params: IdParams, querystring: ListQuery, response: { 200: pageOf(GroupSchema), ...errors } } }, async (request) => {
    await request.authorize('inventory', request.params.id, 'read');
    const q = parseListQuery(request.query, GROUP_LIST);
    return paginate(request.url, q, { inventoryId: request.params.id }, { count: (a) => app.db.group.count(a), find: (a) => app.db.group.findMany({ ...a, include: GROUP_INCLUDE }) }, presentGroup);
  });

  app.post('/inventories/:id/groups', { schema: { tags: ['inventories'], summary: 'Add a group', params: IdParams, body: CreateGroup, response: { 201: GroupSchema, ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    await request.authorize('inventory', request.params.id, 'admin');
    const b = request.body;
    const group = await app.db.group.create({
      data: { inventoryId: request.params.id, name: b.name, description: b.description ?? '', variables: parseVariables(b.variables, 'variables') as Prisma.InputJsonValue },
      include: GROUP_INCLUDE,
    });
    const out = presentGroup(group);
    await app.activity.record(user, 'create', 'group', group.id, out);
    return reply.code(201).send(out);
  });

  app.get('/groups/:id', { schema: { tags: ['inventories'], summary: 'A group', params: IdParams, response: { 200: GroupSchema, ...errors } } }, async (request) =>
    presentGroup(await loadChild(request, await app.db.group.findUnique({ where: { id: request.params.id }, include: GROUP_INCLUDE }), 'group', 'read')),
  );

  app.patch('/groups/:id', { schema: { tags: ['inventories'], summary: 'Update a group', params: IdParams, body: UpdateGroup, response: { 200: GroupSchema, ...errors } } }, async (request) => {
    const user = requireUser(request);
    const before = await loadChild(request, await app.db.group.findUnique({ where: { id: request.params.id }, include: GROUP_INCLUDE }), 'group', 'admin');
    const b = request.body;
    const group = await app.db.group.update({
      where: { id: before.id },
      data: {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.variables !== undefined ? { variables: parseVariables(b.variables, 'variables') as Prisma.InputJsonValue } : {}),
      },
      include: GROUP_INCLUDE,
    });
    const out = presentGroup(group);
    await app.activity.update(user, 'group', group.id, presentGroup(before), out);
    return out;
  });

  app.delete('/groups/:id', { schema: { tags: ['inventories'], summary: 'Delete a group (its hosts stay)', params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const group = await loadChild(request, await app.db.group.findUnique({ where: { id: request.params.id }, include: GROUP_INCLUDE }), 'group', 'admin');
    await app.db.group.delete({ where: { id: group.id } });
    await app.activity.record(user, 'delete', 'group', group.id, presentGroup(group));
    return reply.code(204).send(null);
  });

  app.post('/groups/:id/hosts', { schema: { tags: ['inventories'], summary: 'Put a host in the group (or take it out with disassociate)', params: IdParams, body: Associate, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const group = await loadChild(request, await app.db.group.findUnique({ where: { id: request.params.id } }), 'group', 'admin');
    const host = await sameInventory(app, 'host', request.body.id, group.inventoryId, 'id');
    if (request.body.disassociate) await app.db.groupHost.deleteMany({ where: { groupId: group.id, hostId: host.id } });
    else await app.db.groupHost.createMany({ data: [{ groupId: group.id, hostId: host.id }], skipDuplicates: true });
    await app.activity.record(user, request.body.disassociate ? 'disassociate' : 'associate', 'group', group.id, { object1: 'group', object1_pk: group.id, object2: 'host', object2_pk: host.id, relationship: 'hosts' });
    return reply.code(204).send(null);
  });

  app.post('/groups/:id/children', { schema: { tags: ['inventories'], summary: 'Nest a group in this one (or un-nest with disassociate)', params: IdParams, body: Associate, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const group = await loadChild(request, await app.db.group.findUnique({ where: { id: request.params.id } }), 'group', 'admin');
    const child = await sameInventory(app, 'group', request.body.id, group.inventoryId, 'id');
    if (request.body.disassociate) {
      await app.db.groupChild.deleteMany({ where: { parentId: group.id, childId: child.id } });
    } else {
      if (child.id === group.id) throw invalid({ id: 'a group cannot contain itself' });
      // a cycle: the new child already contains the parent
      const edges = await app.db.groupChild.findMany({ where: { parent: { inventoryId: group.inventoryId } } });
      const stack = [child.id];
      const seen = new Set<number>();
      while (stack.length) {
        const cur = stack.pop()!;
        if (cur === group.id) throw invalid({ id: 'would create a cycle of groups' });
        if (seen.has(cur)) continue;
        seen.add(cur);
        for (const e of edges) if (e.parentId === cur) stack.push(e.childId);
      }
      await app.db.groupChild.createMany({ data: [{ parentId: group.id, childId: child.id }], skipDuplicates: true });
    }
    await app.activity.record(user, request.body.disassociate ? 'disassociate' : 'associate', 'group', group.id, { object1: 'group', object1_pk: group.id, object2: 'group', object2_pk: child.id, relationship: 'children' });
    return reply.code(204).send(null);
  });

  app.post('/inventories/:id/import', { schema: { tags: ['inventories'], summary: 'Import hosts, groups and variables from INI or YAML inventory text', params: IdParams, body: ImportInventory, response: { 200: ImportResult, ...errors } } }, async (request) => {
    const user = requireUser(request);
    await request.authorize('inventory', request.params.id, 'update');
    const result = await importInventory(app, request.params.id, request.body.text, request.body.format ?? 'auto', request.body.overwrite ?? false);
    await app.activity.record(user, 'update', 'inventory', request.params.id, { import: { ...result, warnings: undefined } });
    return result;
  });
};

export default inventoryRoutes;
