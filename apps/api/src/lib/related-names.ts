/**
 * `summary_fields.<relation> = {id, name}` for the objects a row points at (AWX's summary fields), so a
 * client lists templates with their project's name without a request per row. One query per kind of
 * related object for a whole page.
 */
import type { PrismaClient } from '@drover/db';

export type RelatedKind = 'organization' | 'project' | 'inventory' | 'credential' | 'job_template';

export interface RelatedField {
  /** The key under summary_fields (e.g. `project`, `scm_credential`). */
  key: string;
  /** The row's foreign key column (e.g. `projectId`). */
  column: string;
  kind: RelatedKind;
}

export interface RelatedRef {
  id: number;
  name: string;
}

type Finder = (ids: number[]) => Promise<RelatedRef[]>;

function finders(db: PrismaClient): Record<RelatedKind, Finder> {
  const select = { id: true, name: true } as const;
  return {
    organization: (ids) => db.organization.findMany({ where: { id: { in: ids } }, select }),
    project: (ids) => db.project.findMany({ where: { id: { in: ids } }, select }),
    inventory: (ids) => db.inventory.findMany({ where: { id: { in: ids } }, select }),
    credential: (ids) => db.credential.findMany({ where: { id: { in: ids } }, select }),
    job_template: (ids) => db.jobTemplate.findMany({ where: { id: { in: ids } }, select }),
  };
}

/** Loads the names the rows point at; returns, per row, its summary fields (null for an unset or deleted reference). */
export async function relatedNames(
  db: PrismaClient,
  rows: readonly object[],
  fields: readonly RelatedField[],
): Promise<(row: object) => Record<string, RelatedRef | null>> {
  const byKind = new Map<RelatedKind, Set<number>>();
  for (const row of rows) {
    for (const f of fields) {
      const id = (row as Record<string, unknown>)[f.column];
      if (typeof id !== 'number') continue;
      let set = byKind.get(f.kind);
      if (!set) byKind.set(f.kind, (set = new Set()));
      set.add(id);
    }
  }
  const find = finders(db);
  const names = new Map<string, RelatedRef>();
  await Promise.all(
    [...byKind].map(async ([kind, ids]) => {
      for (const r of await find[kind]([...ids])) names.set(`${kind}:${r.id}`, { id: r.id, name: r.name });
    }),
  );
  return (row) => {
    const out: Record<string, RelatedRef | null> = {};
    for (const f of fields) {
      const id = (row as Record<string, unknown>)[f.column];
      out[f.key] = typeof id === 'number' ? (names.get(`${f.kind}:${id}`) ?? null) : null;
    }
    return out;
  };
}
