import type { BlockNode, Item, TaskNode } from '../playbook/types.js';
import type { HandlerTable } from '../handlers/handler-table.js';

/** Where a host is in its play (Ansible's IteratingStates). */
export type RunState = 'setup' | 'tasks' | 'rescue' | 'always' | 'handlers' | 'complete';

/** Failure bits (Ansible's FailedStates). */
export const FAIL = { NONE: 0, SETUP: 1, TASKS: 2, RESCUE: 4, ALWAYS: 8, HANDLERS: 16 } as const;

/** One host's progress through a list of blocks; nested blocks get child states. */
export class HostState {
  blocks: BlockNode[];
  curBlock = 0;
  curRegular = 0;
  curRescue = 0;
  curAlways = 0;
  curHandler = 0;
  runState: RunState = 'setup';
  preFlushRunState: RunState = 'tasks';
  failState = 0;
  pendingSetup = false;
  didRescue = false;
  updateHandlers = true;
  /** The handlers list this host walks during a flush (copied at each flush start). */
  handlers: TaskNode[] = [];
  tasksChild: HostState | null = null;
  rescueChild: HostState | null = null;
  alwaysChild: HostState | null = null;

  constructor(blocks: BlockNode[]) {
    this.blocks = blocks;
  }

  copy(): HostState {
    const s = new HostState(this.blocks.slice());
    Object.assign(s, this, { blocks: this.blocks.slice(), handlers: this.handlers.slice() });
    s.tasksChild = this.tasksChild?.copy() ?? null;
    s.rescueChild = this.rescueChild?.copy() ?? null;
    s.alwaysChild = this.alwaysChild?.copy() ?? null;
    return s;
  }

  currentBlock(): BlockNode | undefined {
    return this.blocks[this.curBlock];
  }
}

const childOf = (b: BlockNode): HostState => {
  const s = new HostState([b]);
  s.runState = 'tasks';
  return s;
};

/** What runs next on each host of a play (batch). Pure state transitions; no I/O. */
export class PlayIterator {
  private readonly states = new Map<string, HostState>();
  /** Flat list of every task, used by the linear strategy's lockstep. */
  readonly allTasks: TaskNode[];
  curTask = 0;
  endPlay = false;

  constructor(
    readonly blocks: BlockNode[],
    readonly handlers: HandlerTable,
    hosts: readonly string[],
    private readonly gather: (host: string) => boolean,
  ) {
    this.allTasks = [SETUP_TASK, ...blocks.flatMap(flattenBlock)];
    for (const h of hosts) this.states.set(h, new HostState(blocks));
  }

  /** A copy of the host's state (a stub for a host not in this batch). */
  getState(host: string): HostState {
    let s = this.states.get(host);
    if (!s) {
      s = new HostState([]);
      this.states.set(host, s);
    }
    return s.copy();
  }

  setState(host: string, s: HostState): void {
    this.states.set(host, s);
  }

  /** The live state object (mutated in place by meta tasks). */
  liveState(host: string): HostState {
    this.getState(host);
    return this.states.get(host)!;
  }

  hostNames(): string[] {
    return [...this.states.keys()];
  }

  next(host: string, peek: boolean): { state: HostState; task: TaskNode | null } {
    const s = this.getState(host);
    if (s.runState === 'complete') return { state: s, task: null };
    const task = this.nextFromState(s, host);
    if (!peek) this.states.set(host, s);
    return { state: s, task };
  }

  private nextFromState(state: HostState, host: string): TaskNode | null {
    for (;;) {
      const block = state.blocks[state.curBlock];
      if (!block) {
        state.runState = 'complete';
        return null;
      }
      let task: TaskNode | null = null;
      switch (state.runState) {
        case 'setup':
          if (!state.pendingSetup) {
            state.pendingSetup = true;
            if (this.gather(host)) task = SETUP_TASK;
          } else {
            state.pendingSetup = false;
            state.runState = 'tasks';
          }
          break;
        case 'tasks':
          state.pendingSetup = false;
          if (state.tasksChild) {
            task = this.nextFromState(state.tasksChild, host);
            if (this.isFailedState(state.tasksChild)) {
              state.tasksChild = null;
              this.setFailed(state);
            } else if (task === null || state.tasksChild.runState === 'complete') {
              state.tasksChild = null;
              continue;
            }
          } else if (this.isFailedState(state)) {
            state.runState = 'rescue';
          } else if (state.curRegular >= block.block.length) {
            state.runState = 'always';
          } else {
            const item: Item = block.block[state.curRegular]!;
            state.curRegular++;
            if (item.kind === 'block') state.tasksChild = childOf(item);
            else task = item;
          }
          break;
        case 'rescue':
          if (state.rescueChild) {
            task = this.nextFromState(state.rescueChild, host);
            if (this.isFailedState(state.rescueChild)) {
              state.rescueChild = null;
              this.setFailed(state);
            } else if (task === null || state.rescueChild.runState === 'complete') {
              state.rescueChild = null;
              continue;
            }
          } else if ((state.failState & FAIL.RESCUE) !== 0) {
            state.runState = 'always';
          } else if (state.curRescue >= block.rescue.length) {
            if (block.rescue.length > 0) state.failState = FAIL.NONE;
            state.runState = 'always';
            state.didRescue = true;
          } else {
            const item: Item = block.rescue[state.curRescue]!;
            state.curRescue++;
            if (item.kind === 'block') state.rescueChild = childOf(item);
            else task = item;
          }
          break;
        case 'always':
          if (state.alwaysChild) {
            task = this.nextFromState(state.alwaysChild, host);
            if (this.isFailedState(state.alwaysChild)) {
              state.alwaysChild = null;
              this.setFailed(state);
            } else if (task === null || state.alwaysChild.runState === 'complete') {
              state.alwaysChild = null;
              continue;
            }
          } else if (state.curAlways >= block.always.length) {
            if (state.failState !== FAIL.NONE) {
              state.runState = 'complete';
            } else {
              state.curBlock++;
              state.curRegular = state.curRescue = state.curAlways = 0;
              state.runState = 'tasks';
              state.tasksChild = state.rescueChild = state.alwaysChild = null;
              state.didRescue = false;
            }
          } else {
            const item: Item = block.always[state.curAlways]!;
            state.curAlways++;
            if (item.kind === 'block') state.alwaysChild = childOf(item);
            else task = item;
          }
          break;
        case 'handlers':
          if (state.updateHandlers) {
            state.handlers = this.handlers.list.slice();
            state.updateHandlers = false;
            state.curHandler = 0;
          }
          if ((state.failState & FAIL.HANDLERS) !== 0) {
            state.updateHandlers = true;
            state.runState = 'complete';
          } else {
            for (;;) {
              const h = state.handlers[state.curHandler];
              if (!h) {
                task = null;
                state.runState = state.preFlushRunState;
                state.updateHandlers = true;
                break;
              }
              state.curHandler++;
              if (this.handlers.isNotified(h, host)) {
                task = h;
                break;
              }
            }
          }
          break;
        case 'complete':
          return null;
      }
      if (task) return task;
    }
  }

  private setFailed(state: HostState): void {
    const block = state.blocks[state.curBlock];
    switch (state.runState) {
      case 'setup':
        state.failState |= FAIL.SETUP;
        state.runState = 'complete';
        break;
      case 'tasks':
        if (state.tasksChild) this.setFailed(state.tasksChild);
        else {
          state.failState |= FAIL.TASKS;
          state.runState = block?.rescue.length ? 'rescue' : block?.always.length ? 'always' : 'complete';
        }
        break;
      case 'rescue':
        if (state.rescueChild) this.setFailed(state.rescueChild);
        else {
          state.failState |= FAIL.RESCUE;
          state.runState = block?.always.length ? 'always' : 'complete';
        }
        break;
      case 'always':
        if (state.alwaysChild) this.setFailed(state.alwaysChild);
        else {
          state.failState |= FAIL.ALWAYS;
          state.runState = 'complete';
        }
        break;
      case 'handlers':
        state.failState |= FAIL.HANDLERS;
        state.updateHandlers = true;
        state.runState = block?.rescue.length ? 'rescue' : block?.always.length ? 'always' : 'complete';
        break;
      case 'complete':
        break;
    }
  }

  markFailed(host: string): void {
    const s = this.getState(host);
    this.setFailed(s);
    this.states.set(host, s);
  }

  isFailed(host: string): boolean {
    return this.isFailedState(this.getState(host));
  }

  failedHosts(): string[] {
    return [...this.states].filter(([, s]) => this.isFailedState(s)).map(([h]) => h);
  }

  isFailedState(state: HostState | null): boolean {
    if (!state) return false;
    if (state.runState === 'rescue' && this.isFailedState(state.rescueChild)) return true;
    if (state.runState === 'always' && this.isFailedState(state.alwaysChild)) return true;
    if (state.runState === 'handlers' && (state.failState & FAIL.HANDLERS) !== 0) return true;
    if (state.failState !== FAIL.NONE) {
      if (state.runState === 'rescue' && (state.failState & FAIL.RESCUE) === 0) return false;
      if (state.runState === 'always' && (state.failState & FAIL.ALWAYS) === 0) return false;
      return !(state.didRescue && (state.failState & FAIL.ALWAYS) === 0);
    }
    if (state.runState === 'tasks' && this.isFailedState(state.tasksChild)) {
      const b = state.blocks[state.curBlock];
      return !(b && b.rescue.length > 0 && (state.failState & FAIL.RESCUE) === 0);
    }
    return false;
  }

  clearErrors(host: string): void {
    let s: HostState | null = this.liveState(host);
    while (s) {
      s.failState = FAIL.NONE;
      s = s.tasksChild ?? s.rescueChild ?? s.alwaysChild;
    }
  }

  /** The innermost active state (Ansible's get_active_state). */
  activeState(state: HostState): HostState {
    if (state.runState === 'tasks' && state.tasksChild) return this.activeState(state.tasksChild);
    if (state.runState === 'rescue' && state.rescueChild) return this.activeState(state.rescueChild);
    if (state.runState === 'always' && state.alwaysChild) return this.activeState(state.alwaysChild);
    return state;
  }

  /** Is the current block, or a nested one, able to rescue a failure now? */
  isAnyBlockRescuing(state: HostState): boolean {
    if (state.runState === 'tasks' && (state.currentBlock()?.rescue.length ?? 0) > 0) return true;
    if (state.tasksChild) return this.isAnyBlockRescuing(state.tasksChild);
    if (state.rescueChild) return this.isAnyBlockRescuing(state.rescueChild);
    if (state.alwaysChild) return this.isAnyBlockRescuing(state.alwaysChild);
    return false;
  }

  /** Insert dynamically included blocks at the host's current position. */
  addTasks(host: string, blocks: BlockNode[]): void {
    const s = this.getState(host);
    this.insertInto(s, blocks);
    this.states.set(host, s);
  }

  private insertInto(state: HostState, blocks: BlockNode[]): void {
    if ((state.failState !== FAIL.NONE && state.runState === 'tasks') || blocks.length === 0) return;
    const cur = state.blocks[state.curBlock];
    const splice = (list: readonly Item[], at: number): Item[] => [...list.slice(0, at), ...blocks, ...list.slice(at)];
    switch (state.runState) {
      case 'tasks':
        if (state.tasksChild) this.insertInto(state.tasksChild, blocks);
        else if (cur) state.blocks[state.curBlock] = { ...cur, block: splice(cur.block, state.curRegular) };
        break;
      case 'rescue':
        if (state.rescueChild) this.insertInto(state.rescueChild, blocks);
        else if (cur) state.blocks[state.curBlock] = { ...cur, rescue: splice(cur.rescue, state.curRescue) };
        break;
      case 'always':
        if (state.alwaysChild) this.insertInto(state.alwaysChild, blocks);
        else if (cur) state.blocks[state.curBlock] = { ...cur, always: splice(cur.always, state.curAlways) };
        break;
      case 'handlers':
        state.handlers.splice(state.curHandler, 0, ...blocks.flatMap((b) => b.block.filter((t): t is TaskNode => t.kind === 'task')));
        break;
      default:
        break;
    }
  }
}

/** Every task of a block, in block, rescue, always order (Ansible's Block.get_tasks). */
export function flattenBlock(b: BlockNode): TaskNode[] {
  const out: TaskNode[] = [];
  const walk = (items: readonly Item[]) => {
    for (const it of items) {
      if (it.kind === 'task') out.push(it);
      else {
        walk(it.block);
        walk(it.rescue);
        walk(it.always);
      }
    }
  };
  walk([b]);
  return out;
}

/** The implicit fact-gathering task. */
export const SETUP_TASK: TaskNode = {
  kind: 'task',
  uuid: 'gather-facts',
  pos: { file: '' },
  name: 'Gathering Facts',
  action: 'gather_facts',
  actionAsWritten: 'gather_facts',
  args: {},
  notify: [],
  when: [],
  vars: {},
  tags: ['always'],
};
