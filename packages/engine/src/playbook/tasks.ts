import { randomUUID } from 'node:crypto';
import { DroverError, type SourcePos } from '../errors.js';
import { FREE_FORM, RAW_KV_OPTIONS, resolveModule } from '../modules/names.js';
import { keyPosOf, posOf } from '../util/yaml-file.js';
import { BLOCK_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import { parseKv } from './kv.js';
import {
  asList, findTaskFile, implicitBlock, inheritable, isDict, loadTaskFile, parseError,
  type Ctx, type Dict, type Mutable,
} from './parse-context.js';
import { expandImportRole } from './roles.js';
import type { BlockNode, Item, Raw, TaskNode } from './types.js';

// Task lists: tasks, blocks, import_tasks, handler lists.

/** Modules that accept free-form text (Ansible's RAW_PARAM_MODULES, those drover has). */
const RAW_PARAMS_ALLOWED = new Set(['command', 'shell', 'raw', 'meta', 'set_fact', 'include_tasks', 'import_tasks', 'include_role', 'import_role']);

/** Parse a list of task entries (tasks:, block:, a role's tasks/main.yml, handlers...). */
export async function parseItems(list: unknown, ctx: Ctx, where: string, listPos: SourcePos): Promise<Item[]> {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw parseError(`'${where}' must be a list of tasks`, listPos);
  const out: Item[] = [];
  for (const entry of list) {
    const pos = posOf(entry, listPos);
    if (!isDict(entry)) throw parseError(`A task in '${where}' must be a dictionary, got: ${JSON.stringify(entry)}`, pos);
    for (const item of await parseEntry(entry, ctx, pos)) out.push(item);
  }
  return out;
}

async function parseEntry(d: Dict, ctx: Ctx, pos: SourcePos): Promise<Item[]> {
  if ('block' in d) {
    if (ctx.handler) throw parseError('Using a block as a handler is not supported.', pos);
    for (const k of Object.keys(d)) {
      if (!BLOCK_KEYWORDS.has(k)) throw parseError(`'${k}' is not a valid attribute for a Block`, keyPosOf(d, k, pos));
    }
    const block: Mutable<BlockNode> = {
      kind: 'block',
      uuid: randomUUID(),
      pos,
      name: typeof d['name'] === 'string' ? d['name'] : undefined,
      block: [],
      rescue: [],
      always: [],
      role: ctx.role,
      parent: ctx.parent,
      ...inheritable(d, pos),
    };
    const child: Ctx = { ...ctx, parent: block };
    block.block = await parseItems(d['block'], child, 'block', keyPosOf(d, 'block', pos));
    block.rescue = await parseItems(d['rescue'], child, 'rescue', keyPosOf(d, 'rescue', pos));
    block.always = await parseItems(d['always'], child, 'always', keyPosOf(d, 'always', pos));
    return [block];
  }
  const task = parseTask(d, ctx, pos);
  if (task.action === 'import_tasks') return [await expandImport(task, ctx)];
  if (task.action === 'import_role') return [await expandImportRole(task, ctx)];
  if (task.action === 'include_role' && ctx.handler) throw parseError("Using 'include_role' as a handler is not supported.", pos);
  return [task];
}

/** import_tasks: read the file now; its tasks form an implicit block carrying the import's keywords. */
async function expandImport(task: TaskNode, ctx: Ctx): Promise<BlockNode> {
  const name = task.args['_raw_params'] ?? task.args['file'];
  if (typeof name !== 'string' || name === '') throw parseError('import_tasks needs a file name', task.pos);
  if (name.includes('{{')) {
    throw parseError(`import_tasks with a templated file name is not supported (use include_tasks): ${name}`, task.pos);
  }
  const path = findTaskFile(name, ctx.file, ctx.basedir, ctx.role);
  if (!path) throw new DroverError('DRV_ENGINE_MISSING_FILE', `Could not find or access '${name}' (import_tasks)`, task.pos);
  const block = implicitBlock(task.pos, ctx.parent, ctx.role, task);
  const entries = await loadTaskFile(path, task.pos);
  block.block = await parseItems(entries, { ...ctx, file: path, parent: block }, 'import_tasks', { file: path, line: 1 });
  return block;
}

function parseTask(d: Dict, ctx: Ctx, pos: SourcePos): TaskNode {
  let actionKey: string | undefined;
  let argsValue: unknown;
  const loopKeys: string[] = [];
  for (const k of Object.keys(d)) {
    if (TASK_KEYWORDS.has(k)) continue;
    if (k === 'listen' && ctx.handler) continue;
    if (k.startsWith('with_')) {
      loopKeys.push(k);
      continue;
    }
    if (resolveModule(k) !== undefined) {
      if (actionKey !== undefined) {
        throw parseError(`conflicting action statements: ${actionKey}, ${k}`, keyPosOf(d, k, pos));
      }
      actionKey = k;
      argsValue = d[k];
      continue;
    }
    const kp = keyPosOf(d, k, pos);
    if (actionKey === undefined && !Object.keys(d).some((o) => o !== k && !TASK_KEYWORDS.has(o) && resolveModule(o))) {
      throw new DroverError(
        'DRV_ENGINE_UNKNOWN_MODULE',
        `couldn't resolve module/action '${k}'. This often indicates a misspelling, missing collection, or incorrect module path.`,
        kp,
      );
    }
    throw parseError(`'${k}' is not a valid attribute for a ${ctx.handler ? 'Handler' : 'Task'}`, kp);
  }
  if (actionKey === undefined && ('action' in d || 'local_action' in d)) {
    const key = 'action' in d ? 'action' : 'local_action';
    const v = d[key];
    if (typeof v === 'string') {
      const [mod, ...rest] = v.trim().split(/\s+/);
      actionKey = mod;
      argsValue = rest.join(' ');
    } else if (isDict(v) && typeof v['module'] === 'string') {
      actionKey = v['module'];
      const { module: _m, ...rest } = v;
      void _m;
      argsValue = rest;
    }
    if (actionKey === undefined || resolveModule(actionKey) === undefined) {
      throw new DroverError('DRV_ENGINE_UNKNOWN_MODULE', `couldn't resolve module/action '${actionKey ?? ''}'`, keyPosOf(d, key, pos));
    }
  }
  if (actionKey === undefined) {
    throw parseError('no module/action detected in task.', pos);
  }
  if (loopKeys.length > 1 || (loopKeys.length === 1 && 'loop' in d)) {
    throw parseError(`a task can have only one loop: ${['loop', ...loopKeys].filter((k) => k in d).join(', ')}`, pos);
  }
  const action = resolveModule(actionKey)!;
  let args: Record<string, Raw>;
  try {
    args = moduleArgs(action, argsValue, keyPosOf(d, actionKey, pos));
  } catch (e) {
    if (e instanceof DroverError) throw e;
    throw parseError((e as Error).message, keyPosOf(d, actionKey, pos));
  }
  if ('_raw_params' in args && !RAW_PARAMS_ALLOWED.has(action)) {
    throw parseError(
      `this task '${actionKey}' has extra params, which is only allowed in the following modules: ${[...RAW_PARAMS_ALLOWED].join(', ')}`,
      keyPosOf(d, actionKey, pos),
    );
  }
  if (isDict(d['args'])) Object.assign(args, d['args']);
  else if (d['args'] !== undefined && d['args'] !== null) throw parseError(`'args' must be a dictionary`, keyPosOf(d, 'args', pos));
  if (ctx.handler && (action === 'import_tasks')) {
    // handled by caller (flattened)
  }
  const loopWith = loopKeys[0]?.slice('with_'.length);
  const register = d['register'];
  if (register !== undefined && (typeof register !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(register))) {
    throw parseError(`Invalid variable name in 'register' specified: '${String(register)}'`, keyPosOf(d, 'register', pos));
  }
  const lc = d['loop_control'];
  if (lc !== undefined && lc !== null && !isDict(lc)) throw parseError(`'loop_control' must be a dictionary`, keyPosOf(d, 'loop_control', pos));
  const task: TaskNode = {
    kind: 'task',
    uuid: randomUUID(),
    pos,
    name: d['name'] === undefined || d['name'] === null ? undefined : String(d['name']),
    action,
    actionAsWritten: actionKey,
    args,
    loop: loopKeys.length ? d[loopKeys[0]!] : d['loop'],
    loopWith,
    loopControl: isDict(lc) ? lc : undefined,
    register: register as string | undefined,
    changedWhen: 'changed_when' in d ? asList(d['changed_when']) : undefined,
    failedWhen: 'failed_when' in d ? asList(d['failed_when']) : undefined,
    until: 'until' in d ? asList(d['until']) : undefined,
    retries: d['retries'],
    delay: d['delay'],
    notify: asList(d['notify']),
    noLog: d['no_log'],
    role: ctx.role,
    parent: ctx.parent,
    handler: ctx.handler ? { listen: asList(d['listen']).map(String) } : undefined,
    ...inheritable(d, pos),
  };
  return task;
}

function moduleArgs(action: string, v: unknown, pos: SourcePos): Record<string, Raw> {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string') {
    if (action === 'meta' || action === 'include_tasks' || action === 'import_tasks') return { _raw_params: v.trim() };
    return parseKv(v, FREE_FORM.has(action), RAW_KV_OPTIONS);
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    if (FREE_FORM.has(action)) return { _raw_params: String(v) };
  }
  if (isDict(v)) return { ...v };
  throw parseError(`the arguments of '${action}' must be a dictionary or a string`, pos);
}

/** A handlers list as one block: plain handler tasks; import_tasks flattened in place. */
export async function handlerBlock(list: unknown, ctx: Ctx, listPos: SourcePos): Promise<BlockNode> {
  const block = implicitBlock(listPos, undefined, ctx.role);
  const items = await parseItems(list, { ...ctx, handler: true, parent: block }, 'handlers', listPos);
  const flat: TaskNode[] = [];
  const walk = (it: Item) => {
    if (it.kind === 'task') flat.push(it);
    else for (const c of it.block) walk(c);
  };
  items.forEach(walk);
  block.block = flat;
  return block;
}
