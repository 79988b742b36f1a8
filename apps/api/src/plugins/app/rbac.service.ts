/**
 * RBAC: roles per object, granted (RoleGrant rows) to users or to teams (whose members inherit them),
 * with AWX's implications. One question answers everything: `can(user, action, resource)`.
 *
 * - A role implies lesser roles on the same object (ROLE_IMPLIES), e.g. job_template admin -> execute -> read.
 * - Roles on an organization reach the objects it owns (ORG_IMPLIES): admin -> admin of everything,
 *   auditor -> read of everything, execute -> execute of its job templates.
 * - Team membership (TeamMembership rows) is the team's `member` role.
 * - Superusers may do anything; system auditors may read anything.
 * - Objects a user cannot read are reported as missing (404), never 403.
 */
import type { Prisma, PrismaClient, ResourceType, RoleName } from '@drover/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { forbidden, notFound } from '../../errors.js';
import type { AuthUser } from './auth.service.js';
import { grantsOf } from './hot-sql.js';

export type { ResourceType, RoleName };

/** Which roles may be granted on which resource type, and what each implies (itself included). */
export const ROLE_IMPLIES: Readonly<Record<ResourceType, Partial<Record<RoleName, readonly RoleName[]>>>> = {
  organization: {
    admin: ['admin', 'execute', 'member', 'auditor', 'read'],
    execute: ['execute', 'read'],
    auditor: ['auditor', 'read'],
    member: ['member', 'read'],
    read: ['read'],
  },
  team: { admin: ['admin', 'member', 'read'], member: ['member', 'read'], read: ['read'] },
  project: { admin: ['admin', 'use', 'update', 'read'], use: ['use', 'read'], update: ['update', 'read'], read: ['read'] },
  inventory: { admin: ['admin', 'use', 'update', 'read'], use: ['use', 'read'], update: ['update', 'read'], read: ['read'] },
  credential: { admin: ['admin', 'use', 'read'], use: ['use', 'read'], read: ['read'] },
  job_template: { admin: ['admin', 'execute', 'read'], execute: ['execute', 'read'], read: ['read'] },
};

/** What a role on an organization grants on each object the organization owns. */
const ORG_IMPLIES: Readonly<Partial<Record<RoleName, Partial<Record<ResourceType, RoleName>>>>> = {
  admin: { team: 'admin', project: 'admin', inventory: 'admin', credential: 'admin', job_template: 'admin' },
  auditor: { team: 'read', project: 'read', inventory: 'read', credential: 'read', job_template: 'read' },
  execute: { job_template: 'execute' },
};

export const RESOURCE_TYPES: readonly ResourceType[] = ['organization', 'team', 'project', 'inventory', 'credential', 'job_template'];

/** The roles a grant of `role` on an organization gives on an object of `type` it owns. */
export function orgRoleReaches(role: RoleName, type: ResourceType): RoleName[] {
  const r = ORG_IMPLIES[role]?.[type];
  return r ? [...(ROLE_IMPLIES[type][r] ?? [])] : [];
}

export function grantableRoles(type: ResourceType): RoleName[] {
  return Object.keys(ROLE_IMPLIES[type]) as RoleName[];
}

export interface ResourceRef {
  type: ResourceType;
  id: number;
  /** The owning organization (for an organization: its own id). */
  organizationId: number;
}

interface Grant {
  role: RoleName;
  type: ResourceType;
  id: number;
}

/** One user's effective grants, loaded once per request. */
export class Access {
  private readonly direct = new Map<string, Set<RoleName>>();

  constructor(
    readonly user: AuthUser,
    grants: readonly Grant[],
  ) {
    for (const g of grants) {
      const implied = ROLE_IMPLIES[g.type][g.role] ?? [];
      const key = `${g.type}:${g.id}`;
      let set = this.direct.get(key);
      if (!set) this.direct.set(key, (set = new Set()));
      for (const r of implied) set.add(r);
    }
  }

  get isSuperuser(): boolean {
    return this.user.isSuperuser;
  }

  /** Whether the user may read everything (superuser or system auditor). */
  get readsAll(): boolean {
    return this.user.isSuperuser || this.user.isSystemAuditor;
  }

  /** The roles the user holds on an object, directly, through teams, or through its organization. */
  rolesOn(ref: ResourceRef): Set<RoleName> {
    const out = new Set(this.direct.get(`${ref.type}:${ref.id}`) ?? []);
    if (ref.type !== 'organization') {
      for (const orgRole of this.direct.get(`organization:${ref.organizationId}`) ?? []) {
        const r = ORG_IMPLIES[orgRole]?.[ref.type];
        if (r) for (const x of ROLE_IMPLIES[ref.type][r] ?? []) out.add(x);
      }
    }
    return out;
  }

  can(action: RoleName, ref: ResourceRef): boolean {
    if (this.user.isSuperuser) return true;
    if (action === 'read' && this.user.isSystemAuditor) return true;
    return this.rolesOn(ref).has(action);
  }

  /** Ids of objects of a type on which the user holds `role` directly or through a team. */
  directIds(type: ResourceType, role: RoleName = 'read'): number[] {
    const out: number[] = [];
    for (const [key, roles] of this.direct) {
      const [t, id] = key.split(':');
      if (t === type && roles.has(role)) out.push(Number(id));
    }
    return out;
  }

  /** Ids of organizations where the user's org role reaches `role` on objects of `type`. */
  orgIdsGranting(type: ResourceType, role: RoleName): number[] {
    const out: number[] = [];
    for (const orgId of this.directIds('organization', 'read')) {
      const roles = this.direct.get(`organization:${orgId}`) ?? new Set();
      for (const orgRole of roles) {
        const r = ORG_IMPLIES[orgRole]?.[type];
        if (r && (ROLE_IMPLIES[type][r] ?? []).includes(role)) {
          out.push(orgId);
          break;
        }
      }
    }
    return out;
  }

  /**
   * A Prisma `where` selecting the objects of a type on which the user holds `role` (default: read), or
   * undefined when the user holds it on all of them.
   */
  where(type: ResourceType, role: RoleName = 'read'): { OR: Array<Record<string, unknown>> } | undefined {
    if (this.user.isSuperuser || (role === 'read' && this.user.isSystemAuditor)) return undefined;
    const ids = this.directIds(type, role);
    if (type === 'organization') return { OR: [{ id: { in: ids } }] };
    return { OR: [{ id: { in: ids } }, { organizationId: { in: this.orgIdsGranting(type, role) } }] };
  }

  /** A Prisma `where` for jobs the user may read: launched by them, of a readable template, or in an org they audit. */
  jobWhere(): Prisma.JobWhereInput | undefined {
    if (this.readsAll) return undefined;
    const auditOrgs = this.orgIdsGranting('project', 'read');
    return {
      OR: [
        { createdById: this.user.id },
        { jobTemplate: { is: this.where('job_template') as Prisma.JobTemplateWhereInput } },
        { project: { is: { organizationId: { in: auditOrgs } } } },
      ],
    };
  }
}

export class RbacService {
  constructor(
    private readonly db: PrismaClient,
    private readonly sql: pg.Pool,
  ) {}

  async load(user: AuthUser): Promise<Access> {
    if (user.isSuperuser) return new Access(user, []);
    const rows = await grantsOf(this.sql, user.id);
    return new Access(user, rows.map((r) => ({ role: r.role as RoleName, type: r.resourceType as ResourceType, id: r.resourceId })));
  }

  /** The organization owning an object, or undefined when the object does not exist. */
  async resolve(type: ResourceType, id: number): Promise<ResourceRef | undefined> {
    const select = { organizationId: true } as const;
    let row: { organizationId: number } | null;
    switch (type) {
      case 'organization':
        row = await this.db.organization.findUnique({ where: { id }, select: { id: true } }).then((o) => (o ? { organizationId: o.id } : null));
        break;
      case 'team':
        row = await this.db.team.findUnique({ where: { id }, select });
        break;
      case 'project':
        row = await this.db.project.findUnique({ where: { id }, select });
        break;
      case 'inventory':
        row = await this.db.inventory.findUnique({ where: { id }, select });
        break;
      case 'credential':
        row = await this.db.credential.findUnique({ where: { id }, select });
        break;
      case 'job_template':
        row = await this.db.jobTemplate.findUnique({ where: { id }, select });
        break;
    }
    return row ? { type, id, organizationId: row.organizationId } : undefined;
  }
}

const LABELS: Record<ResourceType, string> = {
  organization: 'organization',
  team: 'team',
  project: 'project',
  inventory: 'inventory',
  credential: 'credential',
  job_template: 'job template',
};

declare module 'fastify' {
  interface FastifyInstance {
    rbac: RbacService;
  }
  interface FastifyRequest {
    /** The caller's access (loaded on first use; needs an authenticated user). */
    access(): Promise<Access>;
    /**
     * Checks that the caller may do `action` on an object: 404 when the object does not exist or the
     * caller cannot read it, 403 when it can read it but lacks the role. Returns the object's ref.
     */
    authorize(type: ResourceType, id: number, action: RoleName): Promise<ResourceRef>;
    /** The same check for an object the caller already loaded. */
    authorizeRef(ref: ResourceRef, action: RoleName): Promise<ResourceRef>;
  }
}

export function resourceLabel(type: ResourceType): string {
  return LABELS[type];
}

async function rbacPlugin(app: FastifyInstance): Promise<void> {
  const service = new RbacService(app.db, app.sql);
  app.decorate('rbac', service);
  const cache = new WeakMap<FastifyRequest, Promise<Access>>();
  app.decorateRequest('access', function (this: FastifyRequest): Promise<Access> {
    let p = cache.get(this);
    if (!p) {
      if (!this.user) throw new Error('access() needs an authenticated request');
      p = service.load(this.user);
      cache.set(this, p);
    }
    return p;
  });
  app.decorateRequest('authorize', async function (this: FastifyRequest, type: ResourceType, id: number, action: RoleName) {
    const ref = await service.resolve(type, id);
    if (!ref) throw notFound(LABELS[type]);
    return this.authorizeRef(ref, action);
  });
  app.decorateRequest('authorizeRef', async function (this: FastifyRequest, ref: ResourceRef, action: RoleName) {
    const access = await this.access();
    if (!access.can('read', ref)) throw notFound(LABELS[ref.type]);
    if (!access.can(action, ref)) throw forbidden(`you need the ${action} role on this ${LABELS[ref.type]}`);
    return ref;
  });
}

export default fp(rbacPlugin, { name: 'rbac', dependencies: ['prisma', 'auth'] });
