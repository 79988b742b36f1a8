import type { FlushReason } from '@drover/events';
import { DroverError } from '../errors.js';
import type { TaskNode } from '../playbook/types.js';
import type { PlayRun } from './play-run.js';
import type { Res } from './result.js';
import { conditionsOf } from './task-executor.js';

/** Meta tasks run in the strategy, per host (Ansible's _execute_meta). */
export async function executeMeta(r: PlayRun, host: string, task: TaskNode, flushing: string[]): Promise<Res> {
  const it = r.iterator;
  const action = String(task.args['_raw_params'] ?? '');
  if (!task.implicit) r.emitTaskStart(task, host);
  const cond = () => {
    const vars = r.varsFor(host, task);
    return conditionsOf(task).every((c) => r.templar.evaluateConditional(c, vars));
  };
  let skipped = false;
  let msg = action;
  let skipReason = `${action} conditional evaluated to False`;
  switch (action) {
    case 'noop':
      msg = 'noop';
      break;
    case 'flush_handlers':
      if (cond()) {
        const state = it.liveState(host);
        if (state.runState === 'handlers') {
          throw new DroverError('DRV_ENGINE_HANDLER', 'flush_handlers cannot be used as a handler', task.pos);
        }
        if (!r.unreachable.has(host)) {
          state.preFlushRunState = state.runState;
          state.runState = 'handlers';
          r.setFlushReason((task.args['_flush_reason'] as FlushReason | undefined) ?? 'meta');
          flushing.push(host);
        }
        msg = `triggered running handlers for ${host}`;
      } else {
        skipped = true;
        skipReason += `, not running handlers for ${host}`;
      }
      break;
    case 'end_play':
    case 'end_batch':
      if (cond()) {
        for (const h of r.batch) {
          if (!r.unreachable.has(h)) {
            it.liveState(h).runState = 'complete';
            if (action === 'end_play') it.endPlay = true;
          }
        }
        msg = action === 'end_play' ? 'ending play' : 'ending batch';
      } else {
        skipped = true;
        skipReason += action === 'end_play' ? ', continuing play' : ', continuing current batch';
      }
      break;
    case 'end_host':
      if (cond()) {
        it.liveState(host).runState = 'complete';
        r.endedHosts.add(host);
        r.removed.add(host);
        msg = `ending play for ${host}`;
      } else {
        skipped = true;
        skipReason += `, continuing execution for ${host}`;
      }
      break;
    case 'clear_host_errors':
      if (cond()) {
        for (const h of r.batch) {
          r.failed.delete(h);
          r.unreachable.delete(h);
          it.clearErrors(h);
        }
        msg = 'cleared host errors';
      } else {
        skipped = true;
        skipReason += `, not clearing host error state for ${host}`;
      }
      break;
    case 'clear_facts':
    case 'refresh_inventory':
    case 'reset_connection':
    case 'role_complete':
      if (action === 'reset_connection') await r.resetConnection(host);
      break;
    default:
      throw new DroverError('DRV_ENGINE_PARSE', `invalid meta action requested: ${action}`, task.pos);
  }
  const res: Res = skipped ? { msg, skipped: true, skip_reason: skipReason } : { msg, changed: false };
  if (task.handler) r.handlers.consume(task, host);
  if (skipped) r.emitResult('runner_on_skipped', host, task, res);
  return res;
}
