import type { Play, Role, TaskNode, BlockNode } from '../playbook/types.js';
import { formatPos } from '../errors.js';

/** A notify name resolved against the play's handlers. */
export interface NotifyTarget {
  readonly handler: TaskNode;
  /** true when reached through a `listen` topic rather than its name. */
  readonly viaListen: boolean;
}

/** How a handler is shown: `role : name` for role handlers, else its name. */
export function handlerDisplayName(h: TaskNode, renderedName?: string): string {
  const n = renderedName ?? h.name ?? h.actionAsWritten;
  return h.role ? `${h.role.name} : ${n}` : n;
}

/** The handler blocks of a play in run order (Ansible's compile_roles_handlers + play handlers):
 * each role's dependencies' handlers, then its own, for roles in `roles:` order; then the play's. */
export function playHandlerBlocks(play: Play): BlockNode[] {
  const out: BlockNode[] = [];
  const seen = new Set<Role>();
  const addRole = (r: Role) => {
    for (const d of r.dependencies) addRole(d);
    if (seen.has(r)) return;
    seen.add(r);
    if (r.handlers) out.push(r.handlers);
  };
  play.roles.forEach(addRole);
  out.push(...play.handlers);
  return out;
}

/**
 * All handler state of one play: the handlers in run order, name and topic resolution, and which
 * hosts each handler is notified for. Nothing else in the engine holds handler state.
 */
export class HandlerTable {
  /** Handlers in the order they run (definition order), across role and play blocks. */
  readonly list: TaskNode[];
  readonly warnings: string[] = [];
  private readonly blocks: BlockNode[];
  private readonly names = new Map<TaskNode, string | undefined>();
  private readonly notified = new Map<TaskNode, Set<string>>();
  /** Tasks loaded by an include_tasks handler: notified for the hosts that ran the include. */
  private readonly included: TaskNode[] = [];

  /** renderName templates a handler name with play-scope variables (undefined if it cannot). */
  constructor(play: Play, private readonly renderName: (raw: string) => string | undefined) {
    this.blocks = playHandlerBlocks(play);
    this.list = this.blocks.flatMap((b) => b.block.filter((t): t is TaskNode => t.kind === 'task'));
    for (const b of this.blocks) {
      const byName = new Map<string, TaskNode>();
      for (const h of b.block) {
        if (h.kind !== 'task' || !h.name) continue;
        const n = this.nameOf(h);
        if (n === undefined) continue;
        const prev = byName.get(n);
        if (prev) {
          this.warnings.push(
            `handler '${n}' is defined more than once (${formatPos(prev.pos)} and ${formatPos(h.pos)}); the last definition is used`,
          );
        }
        byName.set(n, h);
      }
    }
  }

  /** Handler blocks that arrive at run time (include_role): they run after all others. */
  addBlocks(blocks: readonly BlockNode[]): void {
    for (const b of blocks) {
      if (this.blocks.includes(b)) continue;
      this.blocks.push(b);
      for (const t of b.block) if (t.kind === 'task') this.list.push(t);
    }
  }

  /** The handler's name, templated with play vars once and cached. */
  nameOf(h: TaskNode): string | undefined {
    if (!h.name) return undefined;
    if (!this.names.has(h)) {
      const rendered = h.name.includes('{{') ? this.renderName(h.name) : h.name;
      if (rendered === undefined && h.handler?.listen.length === 0) {
        this.warnings.push(
          `Handler '${h.name}' is unusable because it has no listen topics and the name could not be templated (host-specific variables are not supported in handler names).`,
        );
      }
      this.names.set(h, rendered);
    }
    return this.names.get(h);
  }

  displayName(h: TaskNode): string {
    return handlerDisplayName(h, this.nameOf(h));
  }

  /** Every handler a notify name reaches: at most one by name (later blocks, then later
   * definitions win), plus every handler listening on it as a topic, in run order. */
  resolve(name: string): NotifyTarget[] {
    let byName: TaskNode | undefined;
    for (let bi = this.blocks.length - 1; bi >= 0 && !byName; bi--) {
      const hs = this.blocks[bi]!.block;
      for (let i = hs.length - 1; i >= 0; i--) {
        const h = hs[i]!;
        if (h.kind !== 'task') continue;
        const n = this.nameOf(h);
        if (n === undefined) continue;
        if (n === name || (h.role && `${h.role.name} : ${n}` === name)) {
          byName = h;
          break;
        }
      }
    }
    // the handler matched by name first, then topic listeners in run order (as Ansible notifies)
    const out: NotifyTarget[] = byName ? [{ handler: byName, viaListen: false }] : [];
    for (const h of this.list) {
      if (h !== byName && h.handler?.listen.includes(name)) out.push({ handler: h, viaListen: true });
    }
    return out;
  }

  /** Record a notification; true if the host was newly notified for this handler. */
  notify(h: TaskNode, host: string): boolean {
    let s = this.notified.get(h);
    if (!s) this.notified.set(h, (s = new Set()));
    if (s.has(host)) return false;
    s.add(host);
    return true;
  }

  isNotified(h: TaskNode, host: string): boolean {
    return this.notified.get(h)?.has(host) ?? false;
  }

  /** A handler's result for a host was processed: the notification is consumed. */
  consume(h: TaskNode, host: string): void {
    this.notified.get(h)?.delete(host);
  }

  /** The tasks an include_tasks handler loaded, notified for the hosts that ran the include. */
  notifyIncluded(tasks: readonly TaskNode[], hosts: readonly string[]): void {
    for (const t of tasks) {
      if (!this.included.includes(t)) this.included.push(t);
      for (const h of hosts) this.notify(t, h);
    }
  }

  /** Handlers pending for a host, in run order (included handler tasks last). */
  pending(host: string): TaskNode[] {
    return [...this.list, ...this.included].filter((h) => this.isNotified(h, host));
  }

  /** Forget a host's pending notifications (returns what was dropped). */
  drop(host: string): TaskNode[] {
    const p = this.pending(host);
    for (const h of p) this.consume(h, host);
    return p;
  }
}
