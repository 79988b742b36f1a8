import { DroverError } from '../errors.js';
import type { Raw, TaskNode } from '../playbook/types.js';
import { markUnsafe } from '../template/index.js';
import { processIncludes, type Done } from './includes.js';
import { executeMeta } from './meta.js';
import type { PlayRun } from './play-run.js';
import type { HostState } from './play-iterator.js';
import { NOOP_TASK } from './play-compile.js';
import { isChanged, isFailed, isSkipped, isUnreachable, stripInternal, type Res } from './result.js';
import { runTask } from './task-executor.js';

/** Ansible's run result bits. */
export const RUN = { OK: 0, ERROR: 1, FAILED_HOSTS: 2, UNREACHABLE_HOSTS: 4, FAILED_BREAK_PLAY: 8 } as const;

const META_NOT_RUN_ONCE = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);

/** The first value of a keyword found on the task, its blocks (inner to outer), or the play. */
export function inherited(task: TaskNode, key: 'ignoreErrors' | 'ignoreUnreachable' | 'anyErrorsFatal' | 'runOnce', playValue: Raw): Raw {
  if (task[key] !== undefined) return task[key];
  for (let b = task.parent; b; b = b.parent) if (b[key] !== undefined) return b[key];
  return playValue;
}

/** The linear strategy: every host runs the same task before any moves on (lockstep),
 * hosts elsewhere in the play get a no-op, and handler flushes run one handler at a time. */
export class LinearStrategy {
  private inHandlers = false;

  constructor(private readonly run: PlayRun) {}

  private lockstep(hosts: readonly string[]): Array<[string, TaskNode]> {
    const it = this.run.iterator;
    const peeked = new Map<string, { state: HostState; task: TaskNode }>();
    for (const h of hosts) {
      const { state, task } = it.next(h, true);
      if (task) peeked.set(h, { state, task });
    }
    if (peeked.size === 0) return [];
    if (this.inHandlers && ![...peeked.values()].some((p) => p.state.runState === 'handlers')) this.inHandlers = false;
    let lowest = 0;
    let cur: TaskNode | undefined;
    if (this.inHandlers) {
      lowest = Math.min(...[...peeked.values()].filter((p) => p.state.runState === 'handlers').map((p) => p.state.curHandler));
    } else {
      const uuids = new Set([...peeked.values()].map((p) => p.task.uuid));
      for (let loops = 0; loops <= 1; ) {
        const t = it.allTasks[it.curTask];
        if (!t) {
          it.curTask = 0;
          loops++;
          continue;
        }
        it.curTask++;
        if (uuids.has(t.uuid)) {
          cur = t;
          break;
        }
      }
      if (!cur) throw new Error('BUG: mismatch between the play iterator and host states');
    }
    const out: Array<[string, TaskNode]> = [];
    for (const [h, p] of peeked) {
      const take = this.inHandlers
        ? p.state.runState === 'handlers' && p.state.curHandler === lowest
        : p.task.uuid === cur!.uuid;
      if (take) {
        it.setState(h, p.state);
        out.push([h, p.task]);
      } else out.push([h, NOOP_TASK]);
    }
    if (!this.inHandlers && cur && cur.action === 'meta' && cur.args['_raw_params'] === 'flush_handlers') this.inHandlers = true;
    return out;
  }

  async execute(): Promise<number> {
    const r = this.run;
    let result: number = RUN.OK;
    for (;;) {
      if (r.signal?.aborted) break;
      const hostsLeft = r.hostsLeft();
      const hostTasks = this.lockstep(hostsLeft);
      if (hostTasks.length === 0) break;
      let anyErrorsFatal = false;
      let startSent = false;
      const queued: Array<[string, TaskNode]> = [];
      const results: Done[] = [];
      const flushing: string[] = [];
      for (const [host, task] of hostTasks) {
        let runOnce = false;
        if (task.action === 'meta') {
          const metaRes = await executeMeta(r, host, task, flushing);
          results.push({ host, task, res: metaRes, meta: true });
          const action = String(task.args['_raw_params']);
          if (!META_NOT_RUN_ONCE.has(action)) runOnce = true;
          if ((r.bool(inherited(task, 'anyErrorsFatal', r.play.anyErrorsFatal), host) || runOnce) && !r.bool(inherited(task, 'ignoreErrors', r.play.ignoreErrors), host)) {
            anyErrorsFatal = true;
          }
        } else {
          runOnce = r.bool(inherited(task, 'runOnce', undefined), host);
          if ((r.bool(inherited(task, 'anyErrorsFatal', r.play.anyErrorsFatal), host) || runOnce) && !r.bool(inherited(task, 'ignoreErrors', r.play.ignoreErrors), host)) {
            anyErrorsFatal = true;
          }
          if (!startSent) {
            r.emitTaskStart(task, host);
            startSent = true;
          }
          queued.push([host, task]);
        }
        if (runOnce) {
          // A run_once handler runs for the first host only; the others given it this round
          // are done with it too (Ansible 2.15+, #81667; 2.14 left them notified).
          if (task.handler) for (const [h, t] of hostTasks) if (t === task && h !== host) r.handlers.consume(task, h);
          break;
        }
      }
      if (flushing.length > 0) r.emitFlush(flushing);
      const done = await this.runQueued(queued);
      results.push(...done);
      await processIncludes(r, done, hostsLeft);

      // any_errors_fatal
      const failedHosts: string[] = [];
      const unreachableHosts: string[] = [];
      for (const d of results) {
        if ((isFailed(d.res) || d.meta) && r.iterator.isFailed(d.host)) failedHosts.push(d.host);
        else if (isUnreachable(d.res)) unreachableHosts.push(d.host);
      }
      if (anyErrorsFatal && (failedHosts.length > 0 || unreachableHosts.length > 0)) {
        for (const h of hostsLeft) {
          const s = r.iterator.activeState(r.iterator.next(h, true).state);
          if (!(s.runState === 'rescue' || s.runState === 'always') || (s.runState === 'rescue' && (s.failState & 4) !== 0)) {
            if (!failedHosts.includes(h)) r.stopped.add(h);
            r.failed.add(h);
            result |= RUN.FAILED_BREAK_PLAY;
          }
        }
      }
      // max_fail_percentage
      const mfp = r.play.maxFailPercentage;
      if (mfp !== undefined && mfp !== null && results.length > 0) {
        const pct = Number(r.templateValue(mfp)) / 100;
        if (r.failed.size / r.batch.length > pct) {
          for (const h of hostsLeft) {
            if (!failedHosts.includes(h)) {
              r.stopped.add(h);
              r.failed.add(h);
              r.markFailed(h);
            }
          }
          r.emitNoHostsRemaining();
          result |= RUN.FAILED_BREAK_PLAY;
        }
      }
      if (result !== RUN.OK && r.failed.size >= hostsLeft.length) {
        r.emitNoHostsRemaining();
        return result;
      }
    }
    // one more non-peek pass to settle every host, then the play's result
    for (const h of r.hostsLeft()) r.iterator.next(h, false);
    if (result !== RUN.OK) return result;
    if (r.unreachable.size > 0) return RUN.UNREACHABLE_HOSTS;
    if (r.iterator.failedHosts().length > 0) return RUN.FAILED_HOSTS;
    return RUN.OK;
  }

  /** Run queued (host, task) pairs, at most `forks` at once, processing results as they arrive. */
  private async runQueued(queued: Array<[string, TaskNode]>): Promise<Done[]> {
    const r = this.run;
    const out: Done[] = [];
    let next = 0;
    // An error while processing a result (a missing handler) ends the run: results still
    // arriving are dropped unprinted, as ansible-playbook stops at that point.
    let fatal: { error: unknown } | undefined;
    const worker = async () => {
      while (next < queued.length && !fatal) {
        const [host, task] = queued[next++]!;
        r.emitRunnerStart(host, task);
        const res = await runTask(r.taskRun(host, task));
        // a canceled run records nothing for the task it interrupted: not a host failure
        if (fatal || r.signal?.aborted) return;
        try {
          this.processResult(host, task, res);
        } catch (error) {
          fatal = { error };
          return;
        }
        out.push({ host, task, res, meta: false });
      }
    };
    await Promise.all(Array.from({ length: Math.min(r.forks, queued.length) }, worker));
    if (fatal) throw fatal.error;
    return out;
  }

  /** Ansible's _process_pending_results for one result: failure state, stats, notifications, register. */
  private processResult(host: string, task: TaskNode, res: Res): void {
    const r = this.run;
    const it = r.iterator;
    if (isFailed(res)) {
      const ignore = r.bool(inherited(task, 'ignoreErrors', r.play.ignoreErrors), host);
      if (!ignore) {
        const before = it.getState(host);
        if (r.bool(inherited(task, 'runOnce', undefined), host)) {
          for (const h of r.batch) if (!r.unreachable.has(h)) r.markFailed(h);
        } else r.markFailed(host);
        const peek = it.next(host, true);
        if (it.isFailed(host) && peek.state.runState === 'complete') r.failed.add(host);
        if (it.isAnyBlockRescuing(before)) {
          r.stats.increment('rescued', host);
          r.removed.delete(host);
          r.vm.setHostFacts(host, {
            ansible_failed_task: { name: task.name ?? '', action: task.action, uuid: task.uuid, args: task.args },
            ansible_failed_result: markUnsafe(stripInternal(res)),
          });
        } else r.stats.increment('failures', host);
      } else {
        r.stats.increment('ok', host);
        r.stats.increment('ignored', host);
        if (res['changed'] === true) r.stats.increment('changed', host);
      }
      r.emitResult('runner_on_failed', host, task, res, ignore);
    } else if (isUnreachable(res)) {
      const ignore = r.bool(inherited(task, 'ignoreUnreachable', r.play.ignoreUnreachable), host);
      if (!ignore) {
        r.unreachable.add(host);
        r.removed.add(host);
        r.stats.increment('dark', host);
      } else {
        r.stats.increment('ok', host);
        r.stats.increment('ignored', host);
      }
      r.emitResult('runner_on_unreachable', host, task, res, ignore);
    } else if (isSkipped(res)) {
      r.stats.increment('skipped', host);
      r.emitResult('runner_on_skipped', host, task, res);
    } else {
      if (isChanged(res)) {
        const items = task.loop !== undefined && Array.isArray(res['results']) ? (res['results'] as Res[]) : [res];
        for (const item of items) {
          const names = item['_ansible_notify'];
          if (Array.isArray(names)) for (const n of names) this.notify(host, task, String(n));
        }
      }
      const facts = res['ansible_facts'];
      if (facts && typeof facts === 'object' && task.action !== 'debug') {
        for (const h of r.taskHosts(host, task)) {
          if (task.action === 'set_fact') r.vm.setHostFacts(h, facts as Record<string, unknown>);
          else r.vm.setFacts(h, facts as Record<string, unknown>);
        }
      }
      if (task.action !== 'include_tasks' && task.action !== 'include_role') {
        r.stats.increment('ok', host);
        if (res['changed'] === true) r.stats.increment('changed', host);
      }
      r.emitResult('runner_on_ok', host, task, res);
    }
    if (task.register) {
      const value = stripInternal(res);
      for (const h of r.taskHosts(host, task)) r.vm.register(h, task.register, value);
    }
    if (task.handler) r.handlers.consume(task, host);
  }

  /** Record a notification for every handler a name reaches; a name reaching none is an error. */
  private notify(host: string, task: TaskNode, name: string): void {
    const r = this.run;
    const targets = r.handlers.resolve(name);
    if (targets.length === 0) {
      throw new DroverError(
        'DRV_ENGINE_HANDLER',
        `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`,
        task.pos,
      );
    }
    for (const t of targets) {
      if (r.handlers.notify(t.handler, host)) r.emitNotify(host, task, t.handler, name, t.viaListen);
    }
  }

}
