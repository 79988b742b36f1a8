/**
 * The five routes every owned resource has (list, create, detail, update, delete), with RBAC, paging,
 * filtering, activity stream rows and one presenter. Each resource declares what differs in a CrudDef.
 *
 *   GET    /<path>        readable objects only                      200 page
 *   POST   /<path>        createCheck decides (usually org admin)    201 object
 *   GET    /<path>/:id    read (404 when unreadable)                 200 object
 *   PATCH  /<path>/:id    updateRole (default admin; 403 if readable) 200 object
 *   DELETE /<path>/:id    deleteRole (default admin)                 204
 */
import type { PrismaClient, ResourceType, RoleName } from '@drover/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { paginate, parseListQuery, type FieldSpec, type ListSpec } from '../lib/list-query.js';
import { relatedNames, type RelatedField, type RelatedRef } from '../lib/related-names.js';
import { requireUser } from '../plugins/app/auth.service.js';
import { notFound } from '../errors.js';
import { errors, IdParams, ListQuery, pageOf } from '../schemas/common.js';
import { registerAccessList } from './access-list.js';

/** The subset of a Prisma model delegate the CRUD routes use. */
/** The list fields every organization-owned resource has (id, name, description, organization, times). */
export const ORG_RESOURCE_FIELDS = {
  id: { type: 'int' },
  name: { type: 'string' },
  description: { type: 'string' },
  organization: { type: 'int', column: 'organizationId' },
  created: { type: 'date', column: 'createdAt' },
  modified: { type: 'date', column: 'updatedAt' },
} as const satisfies Record<string, FieldSpec>;

export interface Delegate<Row> {
  count(args: { where: Record<string, unknown> }): Promise<number>;
  findMany(args: Record<string, unknown>): Promise<Row[]>;
  findUnique(args: Record<string, unknown>): Promise<Row | null>;
  create(args: { data: Record<string, unknown>; include?: Record<string, unknown> }): Promise<Row>;
  update(args: { where: { id: number }; data: Record<string, unknown>; include?: Record<string, unknown> }): Promise<Row>;
  delete(args: { where: { id: number } }): Promise<Row>;
}

export interface CrudDef<Row extends { id: number }, Out extends Record<string, unknown>, C, P> {
  type: ResourceType;
  path: string;
  tag: string;
  /** Human name ("job template"). */
  label: string;
  out: z.ZodType<Out>;
  create: z.ZodType<C>;
  patch: z.ZodType<P>;
  list: ListSpec;
  delegate: (db: PrismaClient) => Delegate<Row>;
  include?: Record<string, unknown>;
  present: (row: Row, request: FastifyRequest) => Out | Promise<Out>;
  /** Checks the caller may create it (throw 403/404/400) and returns the Prisma data. */
  toCreateData: (body: C, request: FastifyRequest) => Promise<Record<string, unknown>>;
  /** Checks field-level rules and returns the Prisma data of the update. */
  toUpdateData: (body: P, row: Row, request: FastifyRequest) => Promise<Record<string, unknown>>;
  updateRole?: RoleName;
  deleteRole?: RoleName;
  /** The fields the activity stream compares and records (default: the presented object); secrets are redacted on write. */
  audit?: (row: Row) => Record<string, unknown>;
  /** The objects a row points at, named under summary_fields (e.g. a template's project). */
  related?: readonly RelatedField[];
  /** Extra checks before deleting (throw 409 when still in use). */
  beforeDelete?: (row: Row, request: FastifyRequest) => Promise<void>;
}

/** What registerCrud gives back: the resource's full presenter (summary_fields included), for its other routes. */
export interface Crud<Row, Out> {
  present(row: Row, request: FastifyRequest): Promise<Out>;
}

export function registerCrud<Row extends { id: number }, Out extends Record<string, unknown>, C, P>(
  app: FastifyInstance,
  def: CrudDef<Row, Out, C, P>,
): Crud<Row, Out> {
  // Generic over the resource: the schemas still validate (the zod compilers are global), the types are asserted here.
  const r = app;
  const idOf = (request: FastifyRequest): number => (request.params as { id: number }).id;
  const model = () => def.delegate(app.db);
  const include = def.include ? { include: def.include } : {};
  const load = async (id: number): Promise<Row> => {
    const row = await model().findUnique({ where: { id }, ...include });
    if (!row) throw notFound(def.label);
    return row;
  };
  const updateRole = def.updateRole ?? 'admin';
  const deleteRole = def.deleteRole ?? 'admin';
  /** The presented object plus what the caller may do with it and the names it points at (summary_fields). */
  const present = async (row: Row, request: FastifyRequest, names?: (row: object) => Record<string, RelatedRef | null>): Promise<Out> => {
    const out = await def.present(row, request);
    const related = def.related?.length ? (names ?? (await relatedNames(app.db, [row], def.related)))(row) : {};
    const access = await request.access();
    const org = (row as { organizationId?: number }).organizationId;
    const ref = { type: def.type, id: row.id, organizationId: def.type === 'organization' ? row.id : (org ?? 0) };
    const caps: Record<string, boolean> = { edit: access.can(updateRole, ref), delete: access.can(deleteRole, ref) };
    if (def.type === 'job_template') caps['start'] = access.can('execute', ref);
    if (def.type === 'project' || def.type === 'inventory' || def.type === 'credential') caps['use'] = access.can('use', ref);
    if (def.type === 'project' || def.type === 'inventory') caps['update'] = access.can('update', ref);
    return { ...out, summary_fields: { ...((out as { summary_fields?: object }).summary_fields ?? {}), ...related, user_capabilities: caps } };
  };
  const snapshot = async (row: Row, request: FastifyRequest): Promise<Record<string, unknown>> =>
    def.audit ? def.audit(row) : ({ ...(await def.present(row, request)) } as Record<string, unknown>);

  r.get(
    def.path,
    { schema: { tags: [def.tag], summary: `List ${def.label}s you can read`, querystring: ListQuery, response: { 200: pageOf(def.out), ...errors } } },
    async (request) => {
      requireUser(request);
      const access = await request.access();
      const q = parseListQuery(request.query as Record<string, unknown>, def.list);
      let names: ((row: object) => Record<string, RelatedRef | null>) | undefined;
      return paginate(
        request.url,
        q,
        access.where(def.type),
        {
          count: (a) => model().count(a),
          find: async (a) => {
            const rows = await model().findMany({ ...a, ...include });
            if (def.related?.length) names = await relatedNames(app.db, rows, def.related);
            return rows;
          },
        },
        (row) => present(row, request, names),
      );
    },
  );

  r.post(
    def.path,
    { schema: { tags: [def.tag], summary: `Create a ${def.label}`, body: def.create, response: { 201: def.out, ...errors } } },
    async (request, reply) => {
      const user = requireUser(request);
      const data = await def.toCreateData(request.body as C, request);
      const row = await model().create({ data, ...include });
      const out = await present(row, request);
      await app.activity.record(user, 'create', def.type, row.id, await snapshot(row, request));
      return reply.code(201).send(out);
    },
  );

  r.get(
    `${def.path}/:id`,
    { schema: { tags: [def.tag], summary: `A ${def.label}`, params: IdParams, response: { 200: def.out, ...errors } } },
    async (request) => {
      await request.authorize(def.type, idOf(request), 'read');
      return present(await load(idOf(request)), request);
    },
  );

  r.patch(
    `${def.path}/:id`,
    { schema: { tags: [def.tag], summary: `Update a ${def.label} (only the fields sent)`, params: IdParams, body: def.patch, response: { 200: def.out, ...errors } } },
    async (request) => {
      const user = requireUser(request);
      await request.authorize(def.type, idOf(request), updateRole);
      const before = await load(idOf(request));
      const data = await def.toUpdateData(request.body as P, before, request);
      const row = Object.keys(data).length ? await model().update({ where: { id: before.id }, data, ...include }) : before;
      const out = await present(row, request);
      await app.activity.update(user, def.type, row.id, await snapshot(before, request), await snapshot(row, request));
      return out;
    },
  );

  r.delete(
    `${def.path}/:id`,
    { schema: { tags: [def.tag], summary: `Delete a ${def.label}`, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const user = requireUser(request);
      await request.authorize(def.type, idOf(request), deleteRole);
      const row = await load(idOf(request));
      if (def.beforeDelete) await def.beforeDelete(row, request);
      const last = await snapshot(row, request);
      await model().delete({ where: { id: row.id } });
      await app.db.roleGrant.deleteMany({ where: { resourceType: def.type, resourceId: row.id } });
      await app.activity.record(user, 'delete', def.type, row.id, last);
      return reply.code(204).send(null);
    },
  );

  registerAccessList(app, def.type, def.path, def.tag);
  return { present: (row, request) => present(row, request) };
}

/** Grants of objects an organization owned are removed with it (RoleGrant has no foreign key). */
export async function deleteOrgGrants(db: PrismaClient, orgId: number): Promise<void> {
  const [teams, projects, inventories, credentials, templates] = await Promise.all([
    db.team.findMany({ where: { organizationId: orgId }, select: { id: true } }),
    db.project.findMany({ where: { organizationId: orgId }, select: { id: true } }),
    db.inventory.findMany({ where: { organizationId: orgId }, select: { id: true } }),
    db.credential.findMany({ where: { organizationId: orgId }, select: { id: true } }),
    db.jobTemplate.findMany({ where: { organizationId: orgId }, select: { id: true } }),
  ]);
  const ids = (rows: Array<{ id: number }>) => rows.map((x) => x.id);
  await db.roleGrant.deleteMany({
    where: {
      OR: [
        { resourceType: 'team', resourceId: { in: ids(teams) } },
        { resourceType: 'project', resourceId: { in: ids(projects) } },
        { resourceType: 'inventory', resourceId: { in: ids(inventories) } },
        { resourceType: 'credential', resourceId: { in: ids(credentials) } },
        { resourceType: 'job_template', resourceId: { in: ids(templates) } },
      ],
    },
  });
}
