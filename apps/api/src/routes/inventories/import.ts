/** Applies parsed inventory text to an inventory, in one transaction. */
import type { Prisma } from '@drover/db';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../errors.js';
import { InventoryParseError, parseInventoryText } from '../../plugins/app/inventory-import.js';

export interface ImportSummary {
  hosts_created: number;
  hosts_updated: number;
  hosts_deleted: number;
  groups_created: number;
  groups_updated: number;
  groups_deleted: number;
  warnings: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function importInventory(app: FastifyInstance, inventoryId: number, text: string, format: 'auto' | 'ini' | 'yaml', overwrite: boolean): Promise<ImportSummary> {
  let parsed;
  try {
    parsed = await parseInventoryText(text, format);
  } catch (e) {
    if (e instanceof InventoryParseError) throw invalid({ text: e.message });
    throw e;
  }
  const summary: ImportSummary = { hosts_created: 0, hosts_updated: 0, hosts_deleted: 0, groups_created: 0, groups_updated: 0, groups_deleted: 0, warnings: parsed.warnings };
  await app.db.$transaction(
    async (tx) => {
      const inv = await tx.inventory.findUniqueOrThrow({ where: { id: inventoryId } });
      const variables = overwrite ? parsed.variables : { ...(inv.variables as Record<string, unknown>), ...parsed.variables };
      if (!same(variables, inv.variables)) await tx.inventory.update({ where: { id: inventoryId }, data: { variables: variables as Prisma.InputJsonValue } });

      const hostIds = new Map<string, number>();
      const existingHosts = new Map((await tx.host.findMany({ where: { inventoryId } })).map((h) => [h.name, h]));
      for (const h of parsed.hosts) {
        const cur = existingHosts.get(h.name);
        if (!cur) {
          const row = await tx.host.create({ data: { inventoryId, name: h.name, variables: h.variables as Prisma.InputJsonValue } });
          hostIds.set(h.name, row.id);
          summary.hosts_created++;
        } else {
          hostIds.set(h.name, cur.id);
          const vars = overwrite ? h.variables : { ...(cur.variables as Record<string, unknown>), ...h.variables };
          if (!same(vars, cur.variables)) {
            await tx.host.update({ where: { id: cur.id }, data: { variables: vars as Prisma.InputJsonValue } });
            summary.hosts_updated++;
          }
        }
      }
      const groupIds = new Map<string, number>();
      const existingGroups = new Map((await tx.group.findMany({ where: { inventoryId } })).map((g) => [g.name, g]));
      for (const g of parsed.groups) {
        const cur = existingGroups.get(g.name);
        if (!cur) {
          const row = await tx.group.create({ data: { inventoryId, name: g.name, variables: g.variables as Prisma.InputJsonValue } });
          groupIds.set(g.name, row.id);
          summary.groups_created++;
        } else {
          groupIds.set(g.name, cur.id);
          const vars = overwrite ? g.variables : { ...(cur.variables as Record<string, unknown>), ...g.variables };
          if (!same(vars, cur.variables)) {
            await tx.group.update({ where: { id: cur.id }, data: { variables: vars as Prisma.InputJsonValue } });
            summary.groups_updated++;
          }
        }
      }
      const memberships = parsed.groups.flatMap((g) => g.hosts.filter((h) => hostIds.has(h)).map((h) => ({ groupId: groupIds.get(g.name)!, hostId: hostIds.get(h)! })));
      const children = parsed.groups.flatMap((g) => g.children.filter((c) => groupIds.has(c)).map((c) => ({ parentId: groupIds.get(g.name)!, childId: groupIds.get(c)! })));
      if (overwrite) {
        const goneHosts = [...existingHosts.values()].filter((h) => !hostIds.has(h.name)).map((h) => h.id);
        const goneGroups = [...existingGroups.values()].filter((g) => !groupIds.has(g.name)).map((g) => g.id);
        summary.hosts_deleted = (await tx.host.deleteMany({ where: { id: { in: goneHosts } } })).count;
        summary.groups_deleted = (await tx.group.deleteMany({ where: { id: { in: goneGroups } } })).count;
        const groupList = [...groupIds.values()];
        await tx.groupHost.deleteMany({ where: { groupId: { in: groupList } } });
        await tx.groupChild.deleteMany({ where: { parentId: { in: groupList } } });
      }
      if (memberships.length) await tx.groupHost.createMany({ data: memberships, skipDuplicates: true });
      if (children.length) await tx.groupChild.createMany({ data: children, skipDuplicates: true });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return summary;
}
