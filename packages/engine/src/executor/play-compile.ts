import { randomUUID } from 'node:crypto';
import type { FlushReason } from '@drover/events';
import type { BlockNode, Item, Play, TaskNode } from '../playbook/types.js';
import { filterTagged, NO_TAG_FILTER, type TagFilter } from './tags.js';

const emptyInherit = { when: [], vars: {}, tags: [] };

function implicitMeta(action: 'flush_handlers' | 'noop', reason?: FlushReason): TaskNode {
  return {
    kind: 'task',
    uuid: randomUUID(),
    pos: { file: '' },
    action: 'meta',
    actionAsWritten: 'meta',
    args: reason ? { _raw_params: action, _flush_reason: reason } : { _raw_params: action },
    notify: [],
    implicit: true,
    ...emptyInherit,
  };
}

function block(items: Item[], always: Item[] = []): BlockNode {
  return { kind: 'block', uuid: randomUUID(), pos: { file: '' }, block: items, rescue: [], always, implicit: true, ...emptyInherit };
}

/** The play's block list with its implicit flush points (Ansible's Play.compile): pre_tasks,
 * FLUSH, roles + tasks, FLUSH, post_tasks, FLUSH; with force_handlers each section is a block
 * whose `always` is the flush, so a failed host still flushes. */
export function compilePlay(play: Play, forceHandlers: boolean, tags: TagFilter = NO_TAG_FILTER): BlockNode[] {
  const pick = (blocks: readonly BlockNode[]) => filterTagged(blocks, tags, play.tags);
  const flush = (reason: FlushReason) => block([implicitMeta('flush_handlers', reason)]);
  if (forceHandlers) {
    const section = (blocks: readonly BlockNode[], reason: FlushReason) =>
      block(blocks.length ? [...blocks] : [implicitMeta('noop')], [flush(reason)]);
    return [section(pick(play.preTasks), 'pre_tasks'), section(pick(play.tasks), 'tasks'), section(pick(play.postTasks), 'post_tasks')];
  }
  return [...pick(play.preTasks), flush('pre_tasks'), ...pick(play.tasks), flush('tasks'), ...pick(play.postTasks), flush('post_tasks')];
}

export const NOOP_TASK: TaskNode = implicitMeta('noop');
