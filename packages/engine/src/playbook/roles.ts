import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DroverError, type SourcePos } from '../errors.js';
import { keyPosOf, loadYamlFile, posOf } from '../util/yaml-file.js';
import { ROLE_ENTRY_KEYWORDS } from './keywords.js';
import {
  asList, asVars, implicitBlock, inheritable, isDict, loadTaskFile, parseError,
  type Ctx, type Dict, type LoadOptions, type Mutable,
} from './parse-context.js';
import { handlerBlock, parseItems } from './tasks.js';
import type { BlockNode, Role, TaskNode } from './types.js';

// Roles: finding, loading (defaults, vars, meta dependencies, handlers) and compiling their tasks.

/** import_role: the role's tasks, now, as an implicit block carrying the import's keywords. */
export async function expandImportRole(task: TaskNode, ctx: Ctx): Promise<BlockNode> {
  const entry = roleEntryFromArgs(task);
  const { role } = await loadRole(entry, ctx, task.pos);
  if (!ctx.importedRoles.includes(role)) ctx.importedRoles.push(role);
  const wrapper = implicitBlock(task.pos, ctx.parent, ctx.role, task);
  wrapper.block = await compileRole(role, {}, { ...ctx, parent: wrapper }, task.pos, new Set(), wrapper);
  return wrapper;
}

/** The `roles:`-style entry an include_role/import_role task describes. */
function roleEntryFromArgs(task: TaskNode): Dict {
  const name = task.args['name'] ?? task.args['_raw_params'];
  if (typeof name !== 'string' || name === '') throw parseError(`${task.action} needs a role name ('name')`, task.pos);
  const entry: Dict = { role: name };
  if (isDict(task.args['vars'])) entry['vars'] = task.args['vars'];
  return entry;
}

function rolePaths(basedir: string, opts: LoadOptions): string[] {
  const env = process.env['ANSIBLE_ROLES_PATH']?.split(':').filter(Boolean) ?? [];
  return [
    join(basedir, 'roles'),
    ...(opts.rolesPath ?? []),
    ...env,
    join(homedir(), '.ansible', 'roles'),
    '/usr/share/ansible/roles',
    '/etc/ansible/roles',
    basedir,
  ];
}

async function loadOptionalYaml(dir: string, name: string): Promise<unknown> {
  for (const f of [`${name}.yml`, `${name}.yaml`, name, `${name}.json`]) {
    const p = join(dir, f);
    if (existsSync(p) && statSync(p).isFile()) return loadYamlFile(p);
  }
  return undefined;
}

export async function loadRole(entry: unknown, ctx: Ctx, pos: SourcePos): Promise<{ role: Role; entry: Dict }> {
  let name: string;
  let d: Dict;
  if (typeof entry === 'string') {
    name = entry;
    d = {};
  } else if (isDict(entry)) {
    const n = entry['role'] ?? entry['name'];
    if (typeof n !== 'string') throw parseError(`role definitions must contain a role name`, pos);
    name = n;
    d = entry;
  } else {
    throw parseError(`invalid role definition: ${JSON.stringify(entry)}`, pos);
  }
  const params: Dict = {};
  const entryVars = asVars(d['vars'], 'vars', keyPosOf(d, 'vars', pos));
  for (const [k, v] of Object.entries(d)) {
    if (k !== 'vars' && !ROLE_ENTRY_KEYWORDS.has(k)) params[k] = v;
  }
  const cacheKey = `${name}\u0000${JSON.stringify(params)}\u0000${JSON.stringify(entryVars)}`;
  const cached = ctx.roleCache.get(cacheKey);
  if (cached) return { role: cached, entry: d };

  const path = isAbsolute(name) || name.includes('/')
    ? resolve(ctx.basedir, name)
    : rolePaths(ctx.basedir, ctx.opts).map((p) => join(p, name)).find((p) => existsSync(p) && statSync(p).isDirectory());
  if (!path || !existsSync(path)) {
    throw new DroverError(
      'DRV_ENGINE_MISSING_FILE',
      `the role '${name}' was not found in ${rolePaths(ctx.basedir, ctx.opts).join(':')}`,
      pos,
    );
  }
  const roleName = name.includes('/') ? name.split('/').pop()! : name;
  const meta = await loadOptionalYaml(join(path, 'meta'), 'main');
  const defaults = await loadOptionalYaml(join(path, 'defaults'), 'main');
  const vars = await loadOptionalYaml(join(path, 'vars'), 'main');
  const depsRaw = isDict(meta) ? asList(meta['dependencies']) : [];
  const dependencies: Role[] = [];
  for (const dep of depsRaw) {
    dependencies.push((await loadRole(dep, ctx, posOf(dep, { file: join(path, 'meta', 'main.yml') }))).role);
  }
  const role: Mutable<Role> = {
    uuid: randomUUID(),
    name: roleName,
    path,
    defaults: asVars(defaults, 'defaults', { file: join(path, 'defaults', 'main.yml') }),
    vars: asVars(vars, 'vars', { file: join(path, 'vars', 'main.yml') }),
    params,
    entryVars,
    dependencies,
    allowDuplicates: isDict(meta) && isDict(meta['galaxy_info']) ? false : isDict(meta) && meta['allow_duplicates'] === true,
    handlers: undefined,
  };
  if (isDict(meta) && meta['allow_duplicates'] === true) role.allowDuplicates = true;
  ctx.roleCache.set(cacheKey, role);
  const hfile = ['main.yml', 'main.yaml', 'main'].map((f) => join(path, 'handlers', f)).find((p) => existsSync(p));
  if (hfile) {
    const hctx: Ctx = { ...ctx, file: hfile, role, parent: undefined, handler: true };
    role.handlers = await handlerBlock(await loadTaskFile(hfile, pos), hctx, { file: hfile, line: 1 });
  }
  return { role, entry: d };
}

/** The blocks a role contributes to `roles:`: its dependencies' blocks first, then its own tasks. */
export async function compileRole(
  role: Role,
  entry: Dict,
  ctx: Ctx,
  pos: SourcePos,
  seen: Set<Role>,
  parent?: BlockNode,
): Promise<BlockNode[]> {
  const out: BlockNode[] = [];
  for (const dep of role.dependencies) {
    if (seen.has(dep) && !dep.allowDuplicates) continue;
    out.push(...(await compileRole(dep, {}, ctx, pos, seen, parent)));
  }
  if (seen.has(role) && !role.allowDuplicates) return out;
  seen.add(role);
  const tfile = ['main.yml', 'main.yaml', 'main'].map((f) => join(role.path, 'tasks', f)).find((p) => existsSync(p));
  const block: Mutable<BlockNode> = { ...implicitBlock(pos, parent, role), ...inheritable({ ...entry, vars: undefined }, pos) };
  if (tfile) {
    block.block = await parseItems(await loadTaskFile(tfile, pos), { ...ctx, file: tfile, role, parent: block }, 'tasks', { file: tfile, line: 1 });
  }
  out.push(block);
  return out;
}

/** include_role at run time: the role's blocks (to insert) and its handler blocks (to append). */
export async function loadIncludedRole(
  task: TaskNode,
  args: Readonly<Record<string, unknown>>,
  basedir: string,
  opts: LoadOptions = {},
): Promise<{ blocks: BlockNode[]; handlers: BlockNode[] }> {
  const ctx: Ctx = {
    file: task.pos.file,
    basedir,
    role: task.role,
    parent: task.parent,
    handler: false,
    opts,
    roleCache: new Map(),
    importedRoles: [],
  };
  const entry: Dict = { role: args['name'] ?? args['_raw_params'] };
  if (typeof entry['role'] !== 'string') throw parseError('include_role needs a role name', task.pos);
  if (isDict(args['vars'])) entry['vars'] = args['vars'];
  const { role } = await loadRole(entry, ctx, task.pos);
  const wrapper = implicitBlock(task.pos, task.parent, undefined);
  wrapper.vars = task.vars;
  wrapper.tags = task.tags;
  wrapper.block = await compileRole(role, {}, { ...ctx, parent: wrapper }, task.pos, new Set(), wrapper);
  const handlers: BlockNode[] = [];
  const add = (r: Role) => {
    for (const d of r.dependencies) add(d);
    if (r.handlers && !handlers.includes(r.handlers)) handlers.push(r.handlers);
  };
  add(role);
  return { blocks: [wrapper], handlers };
}
