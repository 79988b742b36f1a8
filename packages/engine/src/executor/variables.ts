import { dirname } from 'node:path';
import { markUnsafe, type Templar, type Vars } from '../template/index.js';
import type { Inventory } from '../inventory/index.js';
import type { BlockNode, Play, Role, TaskNode } from '../playbook/types.js';

type Dict = Record<string, unknown>;

/** One precedence layer: its values, and whether they may hold templates (data from the
 * target, registered results and facts never do). */
interface Layer {
  readonly values: Readonly<Dict>;
  readonly templated: boolean;
}

/** Run-wide per-host variable state (facts, set_fact, register) and the precedence rules that
 * build the variables a task sees. */
export class VariableManager {
  /** Gathered facts (and cacheable set_fact), per host. */
  private readonly facts = new Map<string, Dict>();
  /** set_fact and register results, per host (Ansible's non-persistent facts). */
  private readonly hostFacts = new Map<string, Dict>();
  private readonly playVarsFiles = new Map<Play, Dict>();

  constructor(
    readonly inventory: Inventory,
    readonly extraVars: Readonly<Dict>,
    readonly templar: Templar,
    readonly playbookDir: string,
    readonly checkMode = false,
  ) {}

  /** Gathered facts: data from the target, never templated. */
  setFacts(host: string, facts: Dict): void {
    const cur = this.facts.get(host) ?? {};
    this.facts.set(host, markUnsafe({ ...cur, ...facts }));
  }

  /** A registered result: the module's output, never templated. */
  register(host: string, name: string, result: Dict): void {
    this.setHostFacts(host, { [name]: markUnsafe(result) });
  }

  setHostFacts(host: string, values: Dict): void {
    const cur = this.hostFacts.get(host) ?? {};
    this.hostFacts.set(host, { ...cur, ...values });
  }

  setPlayVarsFiles(play: Play, vars: Dict): void {
    this.playVarsFiles.set(play, vars);
  }

  private factLayer(host: string): Dict {
    const f = this.facts.get(host);
    if (!f) return {};
    // facts are visible both as ansible_facts.x and as top-level ansible_x
    const top: Dict = { ansible_facts: f };
    for (const [k, v] of Object.entries(f)) top[k.startsWith('ansible_') ? k : `ansible_${k}`] = v;
    return top;
  }

  /** The variables a task sees on a host, lowest precedence first; lazily templated. */
  vars(opts: {
    /** Without a host (handler names), inventory, fact and magic host layers are left out. */
    host?: string;
    /** Without a play (hostvars), play, role and task layers are left out, as in Ansible. */
    play?: Play;
    task?: TaskNode;
    /** Play hosts (for ansible_play_hosts etc). */
    playHosts?: readonly string[];
    batch?: readonly string[];
    /** Hosts failed, unreachable or ended in this play (left out of ansible_play_hosts/batch). */
    removed?: ReadonlySet<string>;
    /** Loop variables and other per-call values (highest precedence). */
    extra?: Dict;
  }): Vars {
    const { host, play, task } = opts;
    const layers: Layer[] = [];
    const add = (values: Readonly<Dict> | undefined, templated = true) => {
      if (values && Object.keys(values).length > 0) layers.push({ values, templated });
    };
    const roles = play?.roles ?? [];
    // Ansible's get_default_vars / get_vars: dependencies first, then the role itself
    for (const r of roles) roleDefaults(r).forEach((v) => add(v));
    const role = task?.role;
    if (role) roleDefaults(role).forEach((v) => add(v));
    if (host !== undefined) {
      add(this.inventory.hostVars(host));
      add(this.factLayer(host), false);
    }
    if (play) {
      add(play.vars);
      add(this.playVarsFiles.get(play));
    }
    for (const r of roles) roleVars(r).forEach((v) => add(v));
    if (role) roleVars(role).forEach((v) => add(v));
    if (task) {
      for (const b of blockChain(task.parent)) add(b.vars);
      add(task.vars);
    }
    if (host !== undefined) add(this.hostFacts.get(host), false);
    if (role) add(role.params);
    add(this.extraVars);
    if (host === undefined) return this.scope(layers);
    const hostsAll = opts.playHosts ?? [];
    const live = (hs: readonly string[]) => (opts.removed?.size ? hs.filter((h) => !opts.removed!.has(h)) : hs);
    const magic: Dict = {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: this.inventory.groupNames(host),
      groups: this.inventory.groupsMagic(),
      hostvars: this.hostvarsProxy(hostsAll, opts.batch),
      playbook_dir: this.playbookDir,
      play_hosts: live(opts.batch ?? hostsAll),
      ansible_play_hosts: live(hostsAll),
      ansible_play_batch: live(opts.batch ?? hostsAll),
      ansible_play_hosts_all: hostsAll,
      ansible_play_name: play?.name,
      ansible_check_mode: this.checkMode,
      ansible_version: { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' },
      omit: OMIT,
    };
    if (role) {
      magic['role_name'] = role.name;
      magic['role_path'] = role.path;
      magic['ansible_role_name'] = role.name;
    }
    if (task && task.pos.file) magic['ansible_parent_role_names'] = role ? [role.name] : undefined;
    add(magic, false);
    if (opts.extra) add(opts.extra, false);
    const scope = this.scope(layers);
    // `vars`: every variable of this scope, as Ansible's magic variable
    if (!('vars' in scope)) layers.splice(0, 0, { values: { vars: scope }, templated: false });
    return scope;
  }

  /** hostvars: every inventory host's variables (play scope), computed on access. */
  private hostvarsProxy(playHosts: readonly string[], batch?: readonly string[]): Vars {
    const cache = new Map<string, Vars>();
    const names = () => this.inventory.hostNames();
    return new Proxy({} as Dict, {
      get: (_t, key) => {
        if (typeof key !== 'string') return undefined;
        if (!this.inventory.getHost(key)) return undefined;
        let v = cache.get(key);
        if (!v) {
          v = this.materialize(this.vars({ host: key, playHosts, batch }));
          cache.set(key, v);
        }
        return v;
      },
      has: (_t, key) => typeof key === 'string' && this.inventory.getHost(key) !== undefined,
      ownKeys: () => [...names()],
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && this.inventory.getHost(key)
          ? { enumerable: true, configurable: true, value: (undefined as unknown) }
          : undefined,
    });
  }

  /** A plain object of every variable of a scope, templated (hostvars[x] needs real data). */
  private materialize(scope: Vars): Vars {
    const out: Dict = {};
    for (const k of Object.keys(scope)) {
      if (k === 'hostvars' || k === 'groups') continue;
      out[k] = scope[k];
    }
    return out;
  }

  /** A view over the layers: a name resolves to its highest layer, raw. The Templar templates
   * values lazily when a template reads them, as Ansible does; values from the target (facts,
   * registered results) are marked unsafe when stored, so they are never templated. */
  scope(layers: readonly Layer[]): Vars {
    const find = (key: string): Layer | undefined => {
      for (let i = layers.length - 1; i >= 0; i--) {
        if (Object.prototype.hasOwnProperty.call(layers[i]!.values, key)) return layers[i];
      }
      return undefined;
    };
    return new Proxy({} as Dict, {
      get: (_t, key) => (typeof key === 'string' ? find(key)?.values[key] : undefined),
      has: (_t, key) => typeof key === 'string' && find(key) !== undefined,
      ownKeys: () => {
        const keys = new Set<string>();
        for (const l of layers) for (const k of Object.keys(l.values)) keys.add(k);
        return [...keys];
      },
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && find(key) ? { enumerable: true, configurable: true, writable: false, value: undefined } : undefined,
    });
  }
}

/** Ansible's omit placeholder: an argument whose value is this is removed. */
export const OMIT = '__omit_place_holder__drover__';

/** A role's defaults with its dependencies' before them (Role.get_default_vars). */
function roleDefaults(r: Role): RawVarsList {
  return [...r.dependencies.flatMap(roleDefaults), r.defaults];
}

/** A role's exported vars: dependencies', then `vars:` from where it is listed, then vars/main.yml
 * (Role.get_vars without params). */
function roleVars(r: Role): RawVarsList {
  return [...r.dependencies.flatMap(roleVars), r.entryVars, r.vars];
}

type RawVarsList = ReadonlyArray<Readonly<Dict>>;

function blockChain(b: BlockNode | undefined): BlockNode[] {
  const out: BlockNode[] = [];
  for (let cur = b; cur; cur = cur.parent) out.unshift(cur);
  return out;
}

export function playbookDirOf(file: string): string {
  return dirname(file);
}
