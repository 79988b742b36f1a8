/**
 * The inventory as the executor sees it: hosts, groups, their merged inventory variables, host
 * patterns and --limit, with ansible-core 2.14's semantics.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DroverError } from '../errors.js';
import { HostSelector, type HostOrder, type SelectOptions } from './host-selector.js';
import { Host, LOCALHOST_NAMES, sortGroups, type Group, type InventoryData } from './model.js';
import { pyStrip, splitHostPattern } from './patterns.js';
import { parseSources, sourceVarsDir } from './sources.js';
import { deepFreeze, VarsFiles, type VarsKind } from './vars-files.js';

export interface InventoryHost {
  readonly name: string;
  /** direct group memberships (not 'all') */
  readonly groups: readonly string[];
}

export interface InventoryGroup {
  readonly name: string;
  /** hosts added to this group directly, in order */
  readonly hosts: readonly string[];
  readonly children: readonly string[];
  readonly parents: readonly string[];
  /** distance from 'all' along the longest chain of parents */
  readonly depth: number;
  /** ansible_group_priority (default 1) */
  readonly priority: number;
  /** variables set on the group in inventory files (not group_vars/ files) */
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface LoadOptions {
  /** directory that relative sources and @limit files are resolved against (default process.cwd()) */
  cwd?: string;
}

export type { HostOrder, SelectOptions };

export class Inventory {
  private readonly selector: HostSelector;
  private readonly varsFiles: VarsFiles;
  private playbookDirs: string[] = [];
  private implicitLocalhost: Host | undefined;
  private readonly hostVarsCache = new Map<string, Readonly<Record<string, unknown>>>();
  private groupsCache: Record<string, string[]> | undefined;

  private constructor(
    private readonly data: InventoryData,
    /** directories whose group_vars/ and host_vars/ belong to the inventory sources, in source order */
    private readonly sourceDirs: readonly string[],
    private readonly cwd: string,
  ) {
    this.varsFiles = new VarsFiles((w) => this.data.warn(w));
    this.selector = new HostSelector(data, (name) => this.lookup(name));
  }

  /** Parse inventory sources (files, directories, 'h1,h2,' host lists), like repeated -i options. */
  static async load(sources: readonly string[], opts: LoadOptions = {}): Promise<Inventory> {
    const cwd = resolve(opts.cwd ?? process.cwd());
    const data = await parseSources(sources, cwd);
    const dirs: string[] = [];
    for (const s of sources) {
      if (!s) continue;
      const d = await sourceVarsDir(s, cwd);
      if (d !== undefined) dirs.push(d);
    }
    const inv = new Inventory(data, dirs, cwd);
    for (const d of dirs) await inv.preloadVars(d);
    return inv;
  }

  /** Warnings Ansible would print while loading (skipped YAML keys, odd group names, ...). */
  get warnings(): readonly string[] {
    return this.data.warnings;
  }

  /** Add group_vars/ and host_vars/ found beside the playbook (higher precedence than the inventory's own dirs). */
  async addPlaybookDir(dir: string): Promise<void> {
    const abs = resolve(this.cwd, dir);
    if (this.playbookDirs.includes(abs)) return;
    await this.preloadVars(abs);
    this.playbookDirs = [...this.playbookDirs, abs];
    this.invalidate();
  }

  /** Replace the playbook directories (e.g. when the next playbook of a run lives elsewhere). */
  async setPlaybookDirs(dirs: readonly string[]): Promise<void> {
    const abs = dirs.map((d) => resolve(this.cwd, d));
    for (const d of abs) await this.preloadVars(d);
    this.playbookDirs = abs;
    this.invalidate();
  }

  private async preloadVars(dir: string): Promise<void> {
    const groups = [...this.data.groups.keys()];
    const hosts = [...this.data.hosts.keys(), ...LOCALHOST_NAMES];
    await this.varsFiles.preload(dir, 'group_vars', groups);
    await this.varsFiles.preload(dir, 'host_vars', hosts);
  }

  /** Load host_vars/<name> for a host that is not in the inventory (e.g. a delegate_to target). */
  async prepareHost(name: string): Promise<void> {
    for (const d of [...this.sourceDirs, ...this.playbookDirs]) await this.varsFiles.preload(d, 'host_vars', [name]);
    this.hostVarsCache.delete(name);
  }

  private invalidate(): void {
    this.hostVarsCache.clear();
    this.groupsCache = undefined;
    this.selector.clearCaches();
    this.data.clearCaches();
  }

  /** get_host(): an inventory host, or the implicit localhost for 'localhost', '127.0.0.1', '::1'. */
  private lookup(name: string): Host | undefined {
    const h = this.data.hosts.get(name);
    if (h || !LOCALHOST_NAMES.includes(name)) return h;
    if (this.data.localhost) return this.data.localhost;
    if (!this.implicitLocalhost) {
      const lh = new Host(name);
      lh.implicit = true;
      lh.setVariable('ansible_connection', 'local');
      this.implicitLocalhost = lh;
    }
    return this.implicitLocalhost;
  }

  /** Host names in inventory order (the implicit localhost is not one of them). */
  hostNames(): readonly string[] {
    return [...this.data.hosts.keys()];
  }

  /** A host of the inventory, or the implicit localhost ('localhost', '127.0.0.1', '::1'). */
  getHost(name: string): InventoryHost | undefined {
    const h = this.lookup(name);
    if (!h) return undefined;
    return { name: h.name, groups: h.directGroups.filter((g) => g.name !== 'all').map((g) => g.name) };
  }

  /** Group names in inventory order, including 'all' and 'ungrouped'. */
  groupList(): readonly string[] {
    return [...this.data.groups.keys()];
  }

  getGroup(name: string): InventoryGroup | undefined {
    const g = this.data.groups.get(name);
    if (!g) return undefined;
    return {
      name: g.name,
      hosts: g.hosts.map((h) => h.name),
      children: g.children.map((c) => c.name),
      parents: g.parents.map((p) => p.name),
      depth: g.depth,
      priority: g.priority,
      vars: { ...g.vars },
    };
  }

  /**
   * All inventory-level variables of a host, with Ansible's precedence (lowest first): inventory-file vars of
   * 'all', of the host's other groups (sorted by depth, ansible_group_priority, name), group_vars/all beside
   * the inventory then the playbook, group_vars/<group> beside the inventory then the playbook, the host's own
   * inventory-file vars with inventory_file, inventory_dir, inventory_hostname, inventory_hostname_short and
   * group_names, host_vars/<host> beside the inventory then the playbook.
   * A name not in the inventory gets what Ansible gives a delegate_to target that is not in the inventory.
   * Returns a fresh top-level object; nested values are shared and frozen.
   */
  hostVars(name: string): Record<string, unknown> {
    let cached = this.hostVarsCache.get(name);
    if (!cached) {
      cached = deepFreeze(this.computeHostVars(this.lookup(name) ?? new Host(name)));
      this.hostVarsCache.set(name, cached);
    }
    return { ...cached };
  }

  private computeHostVars(host: Host): Record<string, unknown> {
    const all = this.data.groups.get('all')!;
    const groups: Group[] = sortGroups([...host.allGroups()].filter((g) => g !== all));
    const inv = this.sourceDirs;
    const pb = this.playbookDirs;
    const files = (dirs: readonly string[], kind: VarsKind, names: readonly string[]): Record<string, unknown>[] =>
      dirs.flatMap((d) => names.map((n) => this.varsFiles.get(d, kind, n)));
    const groupNames = groups.map((g) => g.name);
    const layers: Readonly<Record<string, unknown>>[] = [
      all.vars,
      ...groups.map((g) => g.vars),
      ...files(inv, 'group_vars', ['all']),
      ...files(pb, 'group_vars', ['all']),
      ...files(inv, 'group_vars', groupNames),
      ...files(pb, 'group_vars', groupNames),
      host.vars,
      host.magicVars(),
      ...files(inv, 'host_vars', [host.name]),
      ...files(pb, 'host_vars', [host.name]),
    ];
    return Object.assign({}, ...layers) as Record<string, unknown>;
  }

  /**
   * add_host (InventoryManager.add_dynamic_host): add the host if new (directly under 'all'), merge `vars`
   * into its inventory host vars, put it in `groups` (created when missing). Returns Ansible's `changed`.
   * A port must already be split off the name into vars.ansible_port (the add_host action does that).
   */
  async addDynamicHost(name: string, opts: { groups?: readonly string[]; vars?: Readonly<Record<string, unknown>> } = {}): Promise<boolean> {
    let changed = false;
    if (!this.data.hosts.has(name)) {
      this.data.addHost(name, 'all');
      changed = true;
    }
    const host = this.data.hosts.get(name)!;
    const current: Record<string, unknown> = { ...host.vars, ...host.magicVars() };
    for (const [k, v] of Object.entries(opts.vars ?? {})) {
      if (!(k in current) || !isDeepStrictEqual(current[k], v)) {
        host.setVariable(k, v);
        changed = true;
      }
    }
    for (const g of opts.groups ?? []) {
      if (!this.data.groups.has(g)) {
        this.data.addGroup(g);
        changed = true;
      }
      if (this.data.addHostToGroup(this.data.groups.get(g)!, host)) changed = true;
    }
    if (changed) await this.afterDynamicChange([name], opts.groups ?? []);
    return changed;
  }

  /**
   * group_by (InventoryManager.add_dynamic_group): put a host (or the implicit localhost) in `group`, creating
   * it and its `parents` as needed. Returns Ansible's `changed`.
   */
  async addDynamicGroup(hostName: string, group: string, parents: readonly string[] = []): Promise<boolean> {
    const host = this.data.hosts.get(hostName) ?? (LOCALHOST_NAMES.includes(hostName) ? this.lookup(hostName) : undefined);
    if (!host) throw new DroverError('DRV_ENGINE_INVENTORY', `${hostName} cannot be matched in inventory`);
    let changed = false;
    if (!this.data.groups.has(group)) this.data.addGroup(group);
    for (const p of parents) {
      if (!this.data.groups.has(p)) {
        this.data.addGroup(p);
        changed = true;
      }
    }
    const g = this.data.groups.get(group)!;
    for (const p of parents) {
      if (this.data.addChildGroup(this.data.groups.get(p)!, g)) changed = true;
    }
    if (!g.getHosts().includes(host)) changed = this.data.addHostToGroup(g, host);
    if (changed) await this.afterDynamicChange([host.name], [group, ...parents]);
    return changed;
  }

  private async afterDynamicChange(hosts: readonly string[], groups: readonly string[]): Promise<void> {
    this.data.reconcile();
    for (const d of [...this.sourceDirs, ...this.playbookDirs]) {
      await this.varsFiles.preload(d, 'group_vars', groups);
      await this.varsFiles.preload(d, 'host_vars', hosts);
    }
    this.invalidate();
  }

  /** The `groups` magic variable: every group (with 'all' and 'ungrouped') to its hosts. Frozen. */
  groupsMagic(): Record<string, string[]> {
    if (!this.groupsCache) this.groupsCache = deepFreeze(this.data.groupsDict());
    return this.groupsCache;
  }

  /** group_names of a host: every group it is in (ancestors too), sorted, without 'all'. */
  groupNames(host: string): string[] {
    return this.lookup(host)?.groupNames() ?? [];
  }

  /** Evaluate a host pattern (string or list of strings as in a play's `hosts:`), honouring the limit if set. */
  listHosts(pattern: string | readonly string[], opts?: SelectOptions): { hosts: string[]; warnings: string[] } {
    const { hosts, warnings } = this.selector.select(pattern, opts);
    return { hosts: hosts.map((h) => h.name), warnings };
  }

  /** -l/--limit: the same pattern syntax, plus @file (one pattern per line); undefined removes it. */
  async setLimit(limit: string | undefined): Promise<void> {
    if (limit === undefined) {
      this.selector.subset = undefined;
      this.selector.clearCaches();
      return;
    }
    const results: string[] = [];
    for (const x of splitHostPattern(limit)) {
      if (x[0] !== '@') {
        results.push(x);
        continue;
      }
      const file = resolve(this.cwd, x.slice(1));
      const st = await stat(file).catch(() => null);
      if (!st) throw new DroverError('DRV_ENGINE_OPTION', `Unable to find limit file ${x.slice(1)}`, { file });
      if (!st.isFile()) {
        throw new DroverError('DRV_ENGINE_OPTION', `Limit starting with "@" must be a file, not a directory: ${x.slice(1)}`, { file });
      }
      results.push(...(await readFile(file, 'utf8')).split('\n').map(pyStrip));
    }
    this.selector.subset = results;
    this.selector.clearCaches();
  }
}
