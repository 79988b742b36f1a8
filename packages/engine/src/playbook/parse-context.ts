import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DroverError, type SourcePos } from '../errors.js';
import { keyPosOf, loadYamlFile, posOf } from '../util/yaml-file.js';
import type { BlockNode, Role, RawVars, TaskNode } from './types.js';

// Shared by the playbook loader's parts: the parse context and small value helpers.

export type Dict = Record<string, unknown>;
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface LoadOptions {
  /** Extra role search directories (ANSIBLE_ROLES_PATH). */
  rolesPath?: readonly string[];
}

export interface Ctx {
  readonly file: string;
  readonly basedir: string;
  readonly role?: Role;
  readonly parent?: BlockNode;
  readonly handler: boolean;
  readonly opts: LoadOptions;
  /** Roles loaded in this play, by name + params, so a repeated role is one object. */
  readonly roleCache: Map<string, Role>;
  /** Roles brought in by import_role, in parse order (their handlers follow the play's). */
  readonly importedRoles: Role[];
}

export const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseError(msg: string, pos: SourcePos): DroverError {
  return new DroverError('DRV_ENGINE_PARSE', msg, pos);
}

export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function asVars(v: unknown, where: string, pos: SourcePos): RawVars {
  if (v === undefined || v === null) return {};
  if (Array.isArray(v)) {
    // Ansible accepts a list of dicts for vars
    const out: Dict = {};
    for (const d of v) {
      if (!isDict(d)) throw parseError(`${where} must be a dictionary or a list of dictionaries`, pos);
      Object.assign(out, d);
    }
    return out;
  }
  if (!isDict(v)) throw parseError(`${where} must be a dictionary`, pos);
  return v;
}

export function asTags(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((t) => t.trim()).filter(Boolean);
  return asList(v).map(String);
}

export function inheritable(d: Dict, pos: SourcePos) {
  return {
    when: asList(d['when']),
    vars: asVars(d['vars'], 'vars', keyPosOf(d, 'vars', pos)),
    ignoreErrors: d['ignore_errors'],
    ignoreUnreachable: d['ignore_unreachable'],
    anyErrorsFatal: d['any_errors_fatal'],
    runOnce: d['run_once'],
    tags: asTags(d['tags']),
  };
}

/** An implicit block (import_tasks, a role, an include) carrying an item's inheritable keywords. */
export function implicitBlock(pos: SourcePos, parent: BlockNode | undefined, role: Role | undefined, from?: TaskNode): Mutable<BlockNode> {
  return {
    kind: 'block',
    uuid: randomUUID(),
    pos,
    block: [],
    rescue: [],
    always: [],
    role,
    parent,
    implicit: true,
    when: from?.when ?? [],
    vars: from?.vars ?? {},
    tags: from?.tags ?? [],
    ignoreErrors: from?.ignoreErrors,
    ignoreUnreachable: from?.ignoreUnreachable,
    anyErrorsFatal: from?.anyErrorsFatal,
    runOnce: from?.runOnce,
  };
}

/** Find a task file for import_tasks/include_tasks the way Ansible searches. */
export function findTaskFile(name: string, fromFile: string, basedir: string, role?: Role): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  const candidates: string[] = [];
  if (role) candidates.push(join(role.path, 'tasks', name), join(role.path, name));
  candidates.push(join(dirname(fromFile), name), join(basedir, name));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

export async function loadTaskFile(path: string, pos: SourcePos): Promise<unknown[]> {
  const data = await loadYamlFile(path, 'task file');
  if (data === null) return [];
  if (!Array.isArray(data)) throw parseError(`A task file must contain a list of tasks`, posOf(data, { file: path, line: 1 }));
  void pos;
  return data;
}
