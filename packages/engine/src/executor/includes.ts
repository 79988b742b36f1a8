import { dirname, resolve as resolvePath } from 'node:path';
import { findTaskFile, loadIncludedRole, loadIncludedTasks } from '../playbook/load.js';
import type { BlockNode, TaskNode } from '../playbook/types.js';
import { pyStr } from '../template/index.js';
import { flattenBlock } from './play-iterator.js';
import type { PlayRun } from './play-run.js';
import { isFailed, isSkipped, isUnreachable, type Res } from './result.js';

/** A task's result for a host within one strategy round. */
export interface Done {
  host: string;
  task: TaskNode;
  res: Res;
  meta: boolean;
}

/** include_tasks results: load each file once per distinct (file, vars) and insert its tasks
 * for the hosts that included it (Ansible's IncludedFile processing). */
export async function processIncludes(r: PlayRun, done: readonly Done[], hostsLeft: readonly string[]): Promise<void> {
  interface Inc { file: string; task: TaskNode; vars: Record<string, unknown>; hosts: string[]; label?: unknown }
  const incs: Inc[] = [];
  for (const d of done) {
    if (d.task.action !== 'include_tasks' || isFailed(d.res) || isSkipped(d.res) || isUnreachable(d.res)) continue;
    const parts = d.task.loop !== undefined && Array.isArray(d.res['results']) ? (d.res['results'] as Res[]) : [d.res];
    for (const p of parts) {
      if (p['skipped'] === true || p['failed'] === true || p['include'] === undefined) continue;
      const name = pyStr(p['include']);
      const file = findTaskFile(name, d.task.pos.file, r.play.basedir, d.task.role) ?? resolvePath(dirname(d.task.pos.file), name);
      const vars: Record<string, unknown> = { ...((p['include_args'] as Record<string, unknown>) ?? {}) };
      const loopVar = p['ansible_loop_var'];
      if (typeof loopVar === 'string') vars[loopVar] = p[loopVar];
      const idx = p['ansible_index_var'];
      if (typeof idx === 'string') vars[idx] = p[idx];
      const key = JSON.stringify([file, vars]);
      const found = incs.find((i) => i.task === d.task && JSON.stringify([i.file, i.vars]) === key);
      if (found) found.hosts.push(d.host);
      else incs.push({ file, task: d.task, vars, hosts: [d.host], label: typeof loopVar === 'string' ? (p['_ansible_item_label'] ?? p[loopVar]) : undefined });
    }
  }
  const roleIncs: Array<{ task: TaskNode; args: Record<string, unknown>; hosts: string[] }> = [];
  for (const d of done) {
    if (d.task.action !== 'include_role' || isFailed(d.res) || isSkipped(d.res) || isUnreachable(d.res)) continue;
    const args = (d.res['include_role'] ?? {}) as Record<string, unknown>;
    const key = JSON.stringify(args);
    const found = roleIncs.find((i) => i.task === d.task && JSON.stringify(i.args) === key);
    if (found) found.hosts.push(d.host);
    else roleIncs.push({ task: d.task, args, hosts: [d.host] });
  }
  if (incs.length === 0 && roleIncs.length === 0) return;
  const perHost = new Map<string, BlockNode[]>(hostsLeft.map((h) => [h, []]));
  const newTasks: TaskNode[] = [];
  for (const inc of roleIncs) {
    let loaded: { blocks: BlockNode[]; handlers: BlockNode[] };
    try {
      loaded = await loadIncludedRole(inc.task, inc.args, r.play.basedir);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      r.emitError(inc.task, msg);
      for (const h of inc.hosts) {
        r.failed.add(h);
        r.markFailed(h);
      }
      continue;
    }
    r.handlers.addBlocks(loaded.handlers);
    for (const b of loaded.blocks) newTasks.push(...flattenBlock(b));
    for (const h of inc.hosts) perHost.get(h)?.push(...loaded.blocks);
  }
  for (const inc of incs) {
    r.emitInclude(inc.task, inc.file, inc.hosts, inc.label);
    let block: BlockNode;
    try {
      block = await loadIncludedTasks(inc.file, inc.task, r.play.basedir, inc.vars);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      for (const h of inc.hosts) {
        r.failed.add(h);
        r.markFailed(h);
        r.stats.increment('failures', h);
        r.emitResult('runner_on_failed', h, inc.task, { failed: true, reason: msg });
      }
      continue;
    }
    for (const h of inc.hosts) r.stats.increment('ok', h);
    if (inc.task.handler) {
      const tasks = flattenBlock(block);
      r.handlers.notifyIncluded(tasks, inc.hosts);
      // drover's ledger: the include handler notified its loaded tasks (Ansible sends no callback)
      const as = r.taskName(inc.task);
      for (const h of inc.hosts) for (const t of tasks) r.emitNotify(h, inc.task, t, as, false);
    } else newTasks.push(...flattenBlock(block));
    for (const h of inc.hosts) perHost.get(h)?.push(block);
  }
  for (const [h, blocks] of perHost) r.iterator.addTasks(h, blocks);
  r.iterator.allTasks.splice(r.iterator.curTask, 0, ...newTasks);
}
