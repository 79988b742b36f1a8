/**
 * The inventory graph, as ansible-core 2.14 keeps it (ansible/inventory/data.py, group.py, host.py):
 * groups and hosts in creation order, group children/parents, depth and priority, the implicit 'all'
 * and 'ungrouped' groups, and the reconciliation run after all sources are parsed.
 */
import { looksLikeIpAddress } from './address.js';
import { setKey } from './py-literal.js';

export const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** An inventory-level error without a position; the parser adds file and line. */
export class InventoryModelError extends Error {}

export class Group {
  readonly hosts: Host[] = [];
  readonly hostNames = new Set<string>();
  readonly children: Group[] = [];
  readonly parents: Group[] = [];
  readonly vars: Record<string, unknown> = {};
  priority = 1;
  private depthCache: number | undefined;
  private hostsCache: Host[] | undefined;

  constructor(readonly name: string) {}

  /** Distance from 'all' along the longest parent chain (Ansible's Group.depth after reconciliation). */
  get depth(): number {
    if (this.depthCache === undefined) {
      this.depthCache = this.parents.length === 0 ? 0 : Math.max(...this.parents.map((p) => p.depth + 1));
    }
    return this.depthCache;
  }

  ancestors(): Set<Group> {
    return walk(this, 'parents');
  }

  /** get_hosts(): own hosts, then those of descendants in breadth-first order, deduplicated. */
  getHosts(): Host[] {
    if (!this.hostsCache) {
      const seen = new Set<Host>();
      const out: Host[] = [];
      for (const g of descendantsOrdered(this)) {
        for (const h of g.hosts) {
          if (seen.has(h)) continue;
          seen.add(h);
          if (this.name === 'all' && h.implicit) continue;
          out.push(h);
        }
      }
      this.hostsCache = out;
    }
    return this.hostsCache;
  }

  clearCaches(): void {
    this.depthCache = undefined;
    this.hostsCache = undefined;
  }

  setVariable(key: string, value: unknown): void {
    if (key === 'ansible_group_priority') {
      this.priority = pyIntOf(value);
    } else {
      setKey(this.vars, key, value);
    }
  }
}

function pyIntOf(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'string' && /^\s*[+-]?[0-9]+(?:_[0-9]+)*\s*$/.test(value)) return Number.parseInt(value.replace(/_/g, ''), 10);
  throw new InventoryModelError(`invalid literal for int() with base 10: '${String(value)}'`);
}

function walk(start: Group, rel: 'parents' | 'children'): Set<Group> {
  const seen = new Set<Group>();
  let frontier = [...start[rel]];
  while (frontier.length > 0) {
    const next: Group[] = [];
    for (const g of frontier) {
      if (seen.has(g)) continue;
      seen.add(g);
      next.push(...g[rel]);
    }
    frontier = next;
  }
  return seen;
}

/**
 * _walk_relationship('child_groups', include_self=True, preserve_ordering=True). Ansible iterates each
 * level as a Python set (identity-hash order); here each level keeps discovery order.
 */
function descendantsOrdered(start: Group): Group[] {
  const ordered: Group[] = [start, ...start.children];
  const seen = new Set<Group>([start, ...start.children]);
  let frontier = [...start.children];
  while (frontier.length > 0) {
    const next: Group[] = [];
    for (const g of frontier) {
      for (const c of g.children) {
        if (seen.has(c)) continue;
        seen.add(c);
        ordered.push(c);
        next.push(c);
      }
    }
    frontier = next;
  }
  return ordered;
}

export class Host {
  readonly vars: Record<string, unknown> = {};
  /** groups the host was added to directly, in order */
  readonly directGroups: Group[] = [];
  implicit = false;

  constructor(
    readonly name: string,
    port?: number,
  ) {
    if (port) this.vars['ansible_port'] = port;
  }

  setVariable(key: string, value: unknown): void {
    setKey(this.vars, key, value);
  }

  /** All groups of the host: direct ones and their ancestors (includes 'all'). */
  allGroups(): Set<Group> {
    const out = new Set<Group>();
    for (const g of this.directGroups) {
      out.add(g);
      for (const a of g.ancestors()) out.add(a);
    }
    return out;
  }

  /** group_names: sorted, without 'all'. */
  groupNames(): string[] {
    return [...this.allGroups()]
      .map((g) => g.name)
      .filter((n) => n !== 'all')
      .sort(compareStr);
  }

  /** Host.get_magic_vars() */
  magicVars(): Record<string, unknown> {
    return {
      inventory_hostname: this.name,
      inventory_hostname_short: looksLikeIpAddress(this.name) ? this.name : this.name.split('.')[0],
      group_names: this.groupNames(),
    };
  }
}

export function compareStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sort_groups(): by depth, then ansible_group_priority, then name. */
export function sortGroups(groups: Iterable<Group>): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareStr(a.name, b.name));
}

// Python: C.INVALID_VARIABLE_NAMES = re.compile(r'^[\d\W]|[^\w]')
const INVALID_GROUP_CHARS = /^[\p{N}]|[^\p{L}\p{N}_]/u;

export class InventoryData {
  readonly groups = new Map<string, Group>();
  readonly hosts = new Map<string, Host>();
  /** the inventory's own localhost-like host, if any */
  localhost: Host | undefined;
  /** source being parsed: new hosts get inventory_file/inventory_dir from it */
  currentSource: { file: string; dir: string | null } | undefined;
  readonly warnings: string[] = [];

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  warn(msg: string): void {
    if (!this.warnings.includes(msg)) this.warnings.push(msg);
  }

  group(name: string): Group {
    const g = this.groups.get(name);
    if (!g) throw new InventoryModelError(`${name} is not a known group`);
    return g;
  }

  addGroup(name: string): string {
    if (!name) throw new InventoryModelError(`Invalid empty/false group name provided: ${name}`);
    if (!this.groups.has(name)) {
      if (INVALID_GROUP_CHARS.test(name)) {
        this.warn('Invalid characters were found in group names but not replaced, use -vvvv to see details');
      }
      this.groups.set(name, new Group(name));
    }
    return name;
  }

  addHost(name: string, group?: string, port?: number): string {
    if (!name) throw new InventoryModelError(`Invalid empty host name provided: ${name}`);
    let g: Group | undefined;
    if (group) {
      g = this.groups.get(group);
      if (!g) throw new InventoryModelError(`Could not find group ${group} in inventory`);
    }
    let h = this.hosts.get(name);
    if (!h) {
      h = new Host(name, port);
      this.hosts.set(name, h);
      if (this.currentSource !== undefined) {
        h.setVariable('inventory_file', this.currentSource.file);
        h.setVariable('inventory_dir', this.currentSource.dir);
      } else {
        h.setVariable('inventory_file', null);
        h.setVariable('inventory_dir', null);
      }
      if (LOCALHOST_NAMES.includes(name)) {
        if (!this.localhost) this.localhost = h;
        else this.warn(`A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`);
      }
    }
    if (g) this.addHostToGroup(g, h);
    return name;
  }

  addHostToGroup(g: Group, h: Host): boolean {
    if (g.hostNames.has(h.name)) return false;
    g.hosts.push(h);
    g.hostNames.add(h.name);
    if (!h.directGroups.includes(g)) h.directGroups.push(g);
    this.clearCaches();
    return true;
  }

  removeHostFromGroup(g: Group, h: Host): void {
    const i = g.hosts.indexOf(h);
    if (i >= 0) g.hosts.splice(i, 1);
    g.hostNames.delete(h.name);
    const j = h.directGroups.indexOf(g);
    if (j >= 0) h.directGroups.splice(j, 1);
    this.clearCaches();
  }

  setVariable(entity: string, key: string, value: unknown): void {
    const g = this.groups.get(entity);
    if (g) return g.setVariable(key, value);
    const h = this.hosts.get(entity);
    if (h) return h.setVariable(key, value);
    throw new InventoryModelError(`Could not identify group or host named ${entity}`);
  }

  /** add_child(): a group or host (by name) into a group. */
  addChild(groupName: string, child: string): boolean {
    const g = this.groups.get(groupName);
    if (!g) throw new InventoryModelError(`${groupName} is not a known group`);
    const cg = this.groups.get(child);
    if (cg) return this.addChildGroup(g, cg);
    const h = this.hosts.get(child);
    if (h) return this.addHostToGroup(g, h);
    throw new InventoryModelError(`${child} is not a known host nor group`);
  }

  addChildGroup(parent: Group, child: Group): boolean {
    if (parent === child) throw new InventoryModelError("can't add group to itself");
    if (parent.children.includes(child)) return false;
    if (parent.ancestors().has(child)) {
      throw new InventoryModelError(
        `Adding group '${child.name}' as child to '${parent.name}' creates a recursive dependency loop.`,
      );
    }
    parent.children.push(child);
    if (!child.parents.some((p) => p.name === parent.name)) child.parents.push(parent);
    this.clearCaches();
    return true;
  }

  clearCaches(): void {
    for (const g of this.groups.values()) g.clearCaches();
  }

  /** reconcile_inventory(): top-level groups under 'all', hosts in no group into 'ungrouped'. */
  reconcile(): void {
    this.currentSource = undefined;
    const all = this.group('all');
    const ungrouped = this.group('ungrouped');
    for (const g of this.groups.values()) {
      if (g !== all && g.ancestors().size === 0) this.addChildGroup(all, g);
    }
    for (const h of this.hosts.values()) {
      const mine = h.allGroups();
      if (mine.has(ungrouped)) {
        if ([...mine].some((g) => g !== all && g !== ungrouped)) this.removeHostFromGroup(ungrouped, h);
      } else if (!h.implicit) {
        if (mine.size === 0 || (mine.size === 1 && mine.has(all))) this.addHostToGroup(ungrouped, h);
      }
    }
    for (const name of this.hosts.keys()) {
      if (this.groups.has(name)) this.warn(`Found both group and host with same name: ${name}`);
    }
  }

  /** get_groups_dict(): the 'groups' magic variable. */
  groupsDict(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, g] of this.groups) setKey(out, name, g.getHosts().map((h) => h.name));
    return out;
  }
}
