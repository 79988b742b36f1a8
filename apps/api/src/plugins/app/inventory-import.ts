/**
 * Reads INI or YAML inventory text with @drover/engine's Inventory (ansible-core 2.14's parsers), by
 * writing it to a temporary file, and returns the hosts, groups and variables it defines.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inventory } from '@drover/engine';

export interface ParsedInventory {
  /** Variables of the `all` group. */
  variables: Record<string, unknown>;
  hosts: Array<{ name: string; variables: Record<string, unknown> }>;
  groups: Array<{ name: string; variables: Record<string, unknown>; hosts: string[]; children: string[] }>;
  warnings: string[];
}

export class InventoryParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryParseError';
  }
}

/** Keys the parser adds to every host; they describe the temporary file, not the inventory. */
const PARSER_KEYS = new Set(['inventory_file', 'inventory_dir']);

/**
 * A host's own inventory-file variables. The engine's public API only gives merged variables
 * (`hostVars`), so this reads its host model; the fallback recomputes them from the merged set.
 */
function ownHostVars(inv: Inventory, name: string): Record<string, unknown> {
  const data = (inv as unknown as { data?: { hosts?: Map<string, { vars?: Record<string, unknown> }> } }).data;
  const vars = data?.hosts?.get(name)?.vars;
  const out: Record<string, unknown> = {};
  if (vars) {
    for (const [k, v] of Object.entries(vars)) if (!PARSER_KEYS.has(k)) out[k] = v;
    return out;
  }
  const merged = inv.hostVars(name);
  for (const [k, v] of Object.entries(merged)) {
    if (PARSER_KEYS.has(k) || k.startsWith('inventory_hostname') || k === 'group_names') continue;
    out[k] = v;
  }
  return out;
}

export async function parseInventoryText(text: string, format: 'auto' | 'ini' | 'yaml' = 'auto'): Promise<ParsedInventory> {
  const dir = await mkdtemp(join(tmpdir(), 'drover-import-'));
  try {
    const file = join(dir, format === 'ini' ? 'inventory.ini' : format === 'yaml' ? 'inventory.yml' : 'inventory');
    await writeFile(file, text, { mode: 0o600 });
    let inv: Inventory;
    try {
      inv = await Inventory.load([file], { cwd: dir });
    } catch (e) {
      throw new InventoryParseError((e as Error).message.replaceAll(dir + '/', ''));
    }
    const hosts = inv.hostNames().map((name) => ({ name, variables: ownHostVars(inv, name) }));
    const groups = inv
      .groupList()
      .filter((g) => g !== 'all' && g !== 'ungrouped')
      .map((name) => {
        const g = inv.getGroup(name)!;
        return { name, variables: { ...g.vars }, hosts: [...g.hosts], children: [...g.children] };
      });
    const all = inv.getGroup('all');
    return { variables: { ...(all?.vars ?? {}) }, hosts, groups, warnings: inv.warnings.map((w) => w.replaceAll(dir + '/', '')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
