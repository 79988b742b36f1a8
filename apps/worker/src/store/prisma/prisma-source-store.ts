import type { PrismaClient } from '@drover/db';
import type { CredentialSource, InventorySource, ProjectSource, SourceStore } from '../ports.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** SourceStore over @drover/db's Prisma client. */
export class PrismaSourceStore implements SourceStore {
  constructor(private readonly prisma: PrismaClient) {}

  async getProject(id: number): Promise<ProjectSource | null> {
    const p = await this.prisma.project.findUnique({ where: { id } });
    return (
      p && {
        id: p.id,
        name: p.name,
        scmType: p.scmType,
        localPath: p.localPath,
        scmUrl: p.scmUrl,
        scmBranch: p.scmBranch,
        scmCredentialId: p.scmCredentialId,
        scmRevision: p.scmRevision,
        lastSyncStatus: p.lastSyncStatus,
      }
    );
  }

  async getCredential(id: number): Promise<CredentialSource | null> {
    const c = await this.prisma.credential.findUnique({ where: { id } });
    return c && { id: c.id, name: c.name, kind: c.kind, inputs: obj(c.inputs) };
  }

  async getInventory(id: number): Promise<InventorySource | null> {
    const inv = await this.prisma.inventory.findUnique({
      where: { id },
      include: {
        hosts: { where: { enabled: true }, orderBy: { id: 'asc' } },
        groups: { orderBy: { id: 'asc' }, include: { hosts: { include: { host: true } }, children: { include: { child: true } } } },
      },
    });
    if (!inv) return null;
    return {
      id: inv.id,
      name: inv.name,
      variables: obj(inv.variables),
      hosts: inv.hosts.map((h) => ({ name: h.name, variables: obj(h.variables) })),
      groups: inv.groups.map((g) => ({
        name: g.name,
        variables: obj(g.variables),
        hosts: g.hosts.filter((gh) => gh.host.enabled).map((gh) => gh.host.name),
        children: g.children.map((c) => c.child.name),
      })),
    };
  }
}
