import type { EventData, FlushReason, JobEvent } from '@drover/events';
import { ConnectionPool, type Connection, type ConnectionSpec } from '../connection/index.js';
import type { Inventory } from '../inventory/index.js';
import type { HandlerTable } from '../handlers/handler-table.js';
import type { Play, TaskNode } from '../playbook/types.js';
import type { Templar, Vars } from '../template/index.js';
import { pyStr } from '../template/index.js';
import type { PlayIterator } from './play-iterator.js';
import type { Reporter } from './reporter.js';
import type { Res } from './result.js';
import type { Stats } from './stats.js';
import type { ItemStatus, TaskRun } from './task-executor.js';
import type { VariableManager } from './variables.js';

/** Run-wide state shared by every play of one playbook run. */
export interface RunShared {
  readonly reporter: Reporter;
  readonly vm: VariableManager;
  readonly templar: Templar;
  readonly inventory: Inventory;
  readonly pool: ConnectionPool;
  readonly stats: Stats;
  readonly forks: number;
  readonly check: boolean;
  readonly verbosity: number;
  readonly playbookPath: string;
  readonly playbookUuid: string;
  readonly playbookStartUuid: string;
  /** Hosts unreachable so far (they stay out of every later play). */
  readonly unreachable: Set<string>;
  /** Failed hosts (Ansible's TQM._failed_hosts). */
  readonly failed: Set<string>;
  readonly signal?: AbortSignal;
}

function inheritedRunOnce(task: TaskNode): unknown {
  if (task.runOnce !== undefined) return task.runOnce;
  for (let b = task.parent; b; b = b.parent) if (b.runOnce !== undefined) return b.runOnce;
  return undefined;
}

const TRUE_STRINGS = new Set(['yes', 'on', '1', 'true', 'y', 't']);

/** One batch of one play being run: iterator, handler table, and the event emitters. */
export class PlayRun {
  readonly endedHosts = new Set<string>();
  /** Hosts stopped by any_errors_fatal or max_fail_percentage without failing themselves. */
  readonly stopped = new Set<string>();
  private playStartUuid = '';
  private readonly taskStarts = new Map<TaskNode, string>();

  constructor(
    readonly shared: RunShared,
    readonly play: Play,
    readonly iterator: PlayIterator,
    readonly handlers: HandlerTable,
    readonly batch: readonly string[],
    readonly playHosts: readonly string[],
    /** Hosts failed, unreachable or ended in this play, across its batches (Ansible's play._removed_hosts). */
    readonly removed: Set<string> = new Set(),
  ) {}

  get reporter(): Reporter { return this.shared.reporter; }
  get vm(): VariableManager { return this.shared.vm; }
  get templar(): Templar { return this.shared.templar; }
  get stats(): Stats { return this.shared.stats; }
  get forks(): number { return this.shared.forks; }
  get unreachable(): Set<string> { return this.shared.unreachable; }
  get failed(): Set<string> { return this.shared.failed; }
  get signal(): AbortSignal | undefined { return this.shared.signal; }

  /** Ansible's mark_host_failed: the iterator fails the host, and the play counts it out. */
  markFailed(host: string): void {
    this.iterator.markFailed(host);
    this.removed.add(host);
  }

  /** Hosts a task's results apply to: all live hosts for run_once, else the host itself. */
  taskHosts(host: string, task: TaskNode): string[] {
    return this.bool(inheritedRunOnce(task), host) ? this.hostsLeft() : [host];
  }

  hostsLeft(): string[] {
    return this.batch.filter((h) => !this.unreachable.has(h));
  }

  varsFor(host: string, task?: TaskNode, extra?: Record<string, unknown>): Vars {
    return this.vm.vars({ host, play: this.play, task, playHosts: this.playHosts, batch: this.batch, removed: this.removed, extra });
  }

  /** A keyword value as a boolean, templated with the host's variables. */
  bool(value: unknown, host: string): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    const v = typeof value === 'string' && value.includes('{{') ? this.templar.template(value, this.varsFor(host)) : value;
    return typeof v === 'boolean' ? v : TRUE_STRINGS.has(String(v).toLowerCase());
  }

  templateValue(value: unknown): unknown {
    return typeof value === 'string' && value.includes('{{')
      ? this.templar.template(value, this.vm.vars({ host: this.batch[0] ?? 'localhost', play: this.play }))
      : value;
  }

  taskRun(host: string, task: TaskNode): TaskRun {
    return {
      host,
      task,
      templar: this.templar,
      check: this.shared.check,
      verbosity: this.shared.verbosity,
      signal: this.shared.signal,
      vars: (extra) => this.varsFor(host, task, extra),
      connection: () => this.connection(host),
      onItem: (res, status) => this.emitItem(host, task, res, status),
    };
  }

  connection(host: string): Promise<Connection> {
    return this.shared.pool.get(host, this.connectionSpec(host));
  }

  async resetConnection(host: string): Promise<void> {
    void host; // one connection per host per run; nothing to reset yet
  }

  private connectionSpec(host: string): ConnectionSpec {
    const v = this.varsFor(host);
    const str = (k: string): string | undefined => {
      const x = k in v ? this.templar.template(v[k], v) : undefined;
      return x === undefined || x === null || x === '' ? undefined : String(x);
    };
    const kind = str('ansible_connection');
    return {
      host: str('ansible_host') ?? str('ansible_ssh_host') ?? host,
      port: str('ansible_port') ? Number(str('ansible_port')) : str('ansible_ssh_port') ? Number(str('ansible_ssh_port')) : undefined,
      user: str('ansible_user') ?? str('ansible_ssh_user') ?? str('remote_user'),
      privateKeyFile: str('ansible_ssh_private_key_file') ?? str('ansible_private_key_file'),
      privateKeyPassphrase: str('drover_ssh_private_key_passphrase'),
      password: str('ansible_password') ?? str('ansible_ssh_pass') ?? str('ansible_ssh_password'),
      connectTimeoutMs: str('ansible_timeout') ? Number(str('ansible_timeout')) * 1000 : undefined,
      kind: kind === 'local' ? 'local' : 'ssh',
    };
  }

  // ------------------------------------------------------------------ events

  private playCtx() {
    return {
      playbook: this.shared.playbookPath,
      playbook_uuid: this.shared.playbookUuid,
      play: this.play.name,
      play_uuid: this.play.uuid,
      play_pattern: this.play.hosts,
    };
  }

  /** The name shown for a task: templated (undefined parts left as is), `role : name`, or the action. */
  taskName(task: TaskNode, host?: string): string {
    let name = task.name;
    if (task.handler) {
      const n = this.handlers.nameOf(task);
      if (n !== undefined) name = n;
    } else if (name && name.includes('{{') && host) {
      try {
        name = pyStr(this.templar.template(name, this.varsFor(host, task)));
      } catch {
        // keep the raw name, as Ansible does with fail_on_undefined=False
      }
    }
    const base = (name ?? task.actionAsWritten).trim();
    return task.role ? `${task.role.name} : ${base}` : base;
  }

  private taskCtx(task: TaskNode, host?: string) {
    return {
      ...this.playCtx(),
      task: this.taskName(task, host),
      task_uuid: task.uuid,
      task_action: task.action,
      task_path: task.pos.file ? `${task.pos.file}:${task.pos.line ?? 0}` : '',
      ...(task.role ? { role: task.role.name } : {}),
      is_conditional: task.handler !== undefined,
    };
  }

  /** The play's name, templated with play-scope variables (left as written if it cannot be). */
  playName(): string {
    const n = this.play.name;
    if (!n.includes('{{') && !n.includes('{%')) return n;
    try {
      return pyStr(this.templar.template(n, this.vm.vars({ play: this.play })));
    } catch {
      return n;
    }
  }

  /** batch: the serial batch number (1-based) when the play runs in batches. */
  emitPlayStart(batch?: number): void {
    const e = this.reporter.emit({
      event: 'playbook_on_play_start',
      parent_uuid: this.shared.playbookStartUuid,
      event_data: { ...this.playCtx(), name: this.playName(), ...(batch !== undefined ? { batch } : {}) },
    });
    this.playStartUuid = e.uuid;
  }

  emitError(task: TaskNode, message: string): void {
    this.reporter.emit({ event: 'error', parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid, event_data: { message } });
  }

  emitNoHostsMatched(): void {
    this.reporter.emit({ event: 'playbook_on_no_hosts_matched', parent_uuid: this.playStartUuid, event_data: this.playCtx() });
  }

  emitNoHostsRemaining(): void {
    this.reporter.emit({ event: 'playbook_on_no_hosts_remaining', parent_uuid: this.playStartUuid, event_data: this.playCtx() });
  }

  emitTaskStart(task: TaskNode, host: string): void {
    const data = this.taskCtx(task, host);
    const e = task.handler
      ? this.reporter.emit({
          event: 'playbook_on_handler_task_start',
          parent_uuid: this.playStartUuid,
          event_data: { ...data, listen: [...task.handler.listen] },
        })
      : this.reporter.emit({ event: 'playbook_on_task_start', parent_uuid: this.playStartUuid, event_data: data });
    this.taskStarts.set(task, e.uuid);
  }

  private hostData(host: string, task: TaskNode) {
    const addr = this.vm.inventory.hostVars(host)['ansible_host'];
    return { ...this.taskCtx(task, host), host, ...(addr !== undefined ? { remote_addr: String(addr) } : {}) };
  }

  emitRunnerStart(host: string, task: TaskNode): void {
    this.reporter.emit({
      event: 'runner_on_start',
      parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid,
      event_data: this.hostData(host, task),
    });
  }

  emitResult(
    event: 'runner_on_ok' | 'runner_on_failed' | 'runner_on_skipped' | 'runner_on_unreachable',
    host: string,
    task: TaskNode,
    res: Res,
    ignoreErrors?: boolean,
  ): void {
    const data: EventData<'runner_on_ok'> = { ...this.hostData(host, task), res };
    if (ignoreErrors !== undefined) data.ignore_errors = ignoreErrors;
    this.reporter.emit({ event, parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid, event_data: data } as Parameters<Reporter['emit']>[0]);
  }

  emitItem(host: string, task: TaskNode, res: Res, status: ItemStatus): void {
    const label = res['_ansible_item_label'] ?? res[String(res['ansible_loop_var'] ?? 'item')];
    const event = status === 'ok' ? 'runner_item_on_ok' : status === 'failed' ? 'runner_item_on_failed' : 'runner_item_on_skipped';
    this.reporter.emit({
      event,
      parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid,
      event_data: { ...this.hostData(host, task), res, item_label: pyStr(label) },
    });
  }

  emitNotify(host: string, task: TaskNode, handler: TaskNode, notifiedAs: string, viaListen: boolean): void {
    this.reporter.emit({
      event: 'playbook_on_notify',
      parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid,
      event_data: {
        ...this.hostData(host, task),
        handler: this.handlers.displayName(handler),
        handler_uuid: handler.uuid,
        notified_as: notifiedAs,
        via_listen: viaListen,
      },
    });
  }

  emitInclude(task: TaskNode, file: string, hosts: string[], label: unknown): void {
    this.reporter.emit({
      event: 'playbook_on_include',
      parent_uuid: this.taskStarts.get(task) ?? this.playStartUuid,
      event_data: { ...this.taskCtx(task), included_file: file, hosts, ...(label !== undefined ? { item_label: pyStr(label) } : {}) },
    } as Parameters<Reporter['emit']>[0]);
  }

  /** Handler ledger: these hosts started flushing their notified handlers. */
  emitFlush(hosts: string[]): void {
    const byReason = new Map<FlushReason, string[]>();
    for (const h of hosts) {
      const state = this.iterator.getState(h);
      const cur = this.iterator.activeState(state);
      void cur;
      const reason = this.flushReasonFor(h);
      byReason.set(reason, [...(byReason.get(reason) ?? []), h]);
    }
    for (const [reason, hs] of byReason) {
      const pending: Record<string, string[]> = {};
      for (const h of hs) pending[h] = this.handlers.pending(h).map((t) => this.handlers.displayName(t));
      this.reporter.emit({
        event: 'playbook_on_handlers_flush',
        parent_uuid: this.playStartUuid,
        event_data: { ...this.playCtx(), reason, hosts: hs, pending },
      });
    }
  }

  private currentFlushReason: FlushReason = 'meta';
  setFlushReason(reason: FlushReason): void {
    this.currentFlushReason = reason;
  }
  private flushReasonFor(host: string): FlushReason {
    return this.iterator.isFailed(host) ? 'forced' : this.currentFlushReason;
  }

  /** Handler ledger: notifications that will never run on these hosts. */
  emitDropped(): void {
    for (const h of this.batch) {
      const dropped = this.handlers.drop(h);
      if (dropped.length === 0) continue;
      const reason = this.unreachable.has(h)
        ? 'host_unreachable'
        : this.endedHosts.has(h)
          ? 'host_ended'
          : this.stopped.has(h)
            ? 'play_stopped'
            : this.iterator.isFailed(h) || this.failed.has(h)
              ? 'host_failed'
              : 'play_ended';
      for (const t of dropped) {
        this.reporter.emit({
          event: 'playbook_on_handler_dropped',
          parent_uuid: this.playStartUuid,
          event_data: { ...this.playCtx(), host: h, handler: this.handlers.displayName(t), handler_uuid: t.uuid, reason },
        });
      }
    }
  }
}

export type { JobEvent };
