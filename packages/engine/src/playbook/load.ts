import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DroverError, type SourcePos } from '../errors.js';
import { keyPosOf, loadYamlFile, posOf } from '../util/yaml-file.js';
import { PLAY_KEYWORDS } from './keywords.js';
import {
  asList, asTags, asVars, implicitBlock, isDict, loadTaskFile, parseError,
  type Ctx, type Dict, type LoadOptions,
} from './parse-context.js';
import { compileRole, loadRole } from './roles.js';
import { handlerBlock, parseItems } from './tasks.js';
import type { BlockNode, Play, Playbook, RawVars, Role, TaskNode } from './types.js';

export type { LoadOptions } from './parse-context.js';
export { findTaskFile } from './parse-context.js';
export { loadIncludedRole } from './roles.js';

async function parsePlay(d: Dict, pos: SourcePos, file: string, basedir: string, opts: LoadOptions): Promise<Play> {
  for (const k of Object.keys(d)) {
    if (!PLAY_KEYWORDS.has(k)) throw parseError(`'${k}' is not a valid attribute for a Play`, keyPosOf(d, k, pos));
  }
  const hostsRaw = d['hosts'];
  if (hostsRaw === undefined || hostsRaw === null || hostsRaw === '') {
    throw parseError(`the field 'hosts' is required but was not set`, pos);
  }
  const hosts = Array.isArray(hostsRaw) ? hostsRaw.map(String).join(',') : String(hostsRaw);
  const ctx: Ctx = { file, basedir, handler: false, opts, roleCache: new Map(), importedRoles: [] };
  const sectionBlocks = async (key: string): Promise<BlockNode[]> => {
    const kp = keyPosOf(d, key, pos);
    const items = await parseItems(d[key], ctx, key, kp);
    // Ansible groups consecutive plain tasks into implicit blocks; one block per item is equivalent.
    return items.map((it) =>
      it.kind === 'block'
        ? it
        : { ...implicitBlock(it.pos, undefined, undefined), block: [it] },
    );
  };
  const roles: Role[] = [];
  const roleBlocks: BlockNode[] = [];
  const seen = new Set<Role>();
  const roleList = d['roles'];
  if (roleList !== undefined && roleList !== null && !Array.isArray(roleList)) throw parseError(`'roles' must be a list`, keyPosOf(d, 'roles', pos));
  for (const entry of asList(roleList)) {
    const ep = posOf(entry, keyPosOf(d, 'roles', pos));
    const { role, entry: ed } = await loadRole(entry, ctx, ep);
    if (!roles.includes(role)) roles.push(role);
    roleBlocks.push(...(await compileRole(role, ed, ctx, ep, seen)));
  }
  const handlersPos = keyPosOf(d, 'handlers', pos);
  const playHandlers = await handlerBlock(d['handlers'], { ...ctx, handler: true }, handlersPos);
  const preTasks = await sectionBlocks('pre_tasks');
  const tasks = [...roleBlocks, ...(await sectionBlocks('tasks'))];
  const postTasks = await sectionBlocks('post_tasks');
  const importedHandlers: BlockNode[] = [];
  const addImported = (r: Role) => {
    for (const dep of r.dependencies) addImported(dep);
    if (r.handlers && !importedHandlers.includes(r.handlers)) importedHandlers.push(r.handlers);
  };
  ctx.importedRoles.forEach(addImported);
  const name = d['name'] !== undefined && d['name'] !== null ? String(d['name']) : hosts;
  return {
    uuid: randomUUID(),
    pos,
    name,
    hosts,
    vars: asVars(d['vars'], 'vars', keyPosOf(d, 'vars', pos)),
    varsFiles: asList(d['vars_files']),
    gatherFacts: d['gather_facts'],
    serial: d['serial'],
    anyErrorsFatal: d['any_errors_fatal'],
    forceHandlers: d['force_handlers'],
    maxFailPercentage: d['max_fail_percentage'],
    ignoreErrors: d['ignore_errors'],
    ignoreUnreachable: d['ignore_unreachable'],
    order: typeof d['order'] === 'string' ? d['order'] : undefined,
    strategy: typeof d['strategy'] === 'string' ? d['strategy'] : undefined,
    roles,
    preTasks,
    tasks,
    postTasks,
    handlers: [playHandlers, ...importedHandlers],
    tags: asTags(d['tags']),
    basedir,
  };
}

/** Load and validate a playbook file (and what it imports). Throws DroverError naming file:line. */
export async function loadPlaybook(path: string, opts: LoadOptions = {}): Promise<Playbook> {
  const abs = resolve(path);
  const basedir = dirname(abs);
  const plays: Play[] = [];
  await loadInto(abs, basedir, opts, plays, new Set());
  return { path: abs, basedir, plays };
}

async function loadInto(file: string, basedir: string, opts: LoadOptions, plays: Play[], stack: Set<string>): Promise<void> {
  if (stack.has(file)) throw parseError(`import_playbook loop: ${file}`, { file });
  const data = await loadYamlFile(file, 'playbook');
  const top: SourcePos = { file, line: 1, column: 1 };
  if (data === null) return;
  if (!Array.isArray(data)) throw parseError('A playbook must be a list of plays', posOf(data, top));
  for (const entry of data) {
    const pos = posOf(entry, top);
    if (!isDict(entry)) throw parseError(`A play must be a dictionary, got: ${JSON.stringify(entry)}`, pos);
    const imp = entry['import_playbook'] ?? entry['ansible.builtin.import_playbook'];
    if (imp !== undefined) {
      if (typeof imp !== 'string') throw parseError('import_playbook needs a file name', pos);
      const target = resolve(dirname(file), imp);
      if (!existsSync(target)) throw new DroverError('DRV_ENGINE_MISSING_FILE', `Could not find or access playbook '${imp}'`, pos);
      await loadInto(target, dirname(target), opts, plays, new Set([...stack, file]));
      continue;
    }
    plays.push(await parsePlay(entry, pos, file, basedir, opts));
  }
}

/** Parse the task entries of an include_tasks file at run time. */
export async function loadIncludedTasks(
  path: string,
  parent: TaskNode,
  basedir: string,
  vars: RawVars = {},
  opts: LoadOptions = {},
): Promise<BlockNode> {
  const entries = await loadTaskFile(path, parent.pos);
  const block = implicitBlock(parent.pos, parent.parent, parent.role);
  block.vars = { ...parent.vars, ...vars };
  block.tags = parent.tags;
  const ctx: Ctx = {
    file: path,
    basedir,
    role: parent.role,
    parent: block,
    handler: parent.handler !== undefined,
    opts,
    roleCache: new Map(),
    importedRoles: [],
  };
  block.block = await parseItems(entries, ctx, 'include_tasks', { file: path, line: 1 });
  return block;
}
