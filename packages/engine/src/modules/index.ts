import { commandModule, rawModule } from './command.js';
import { gatherFactsModule } from './facts.js';
import { assertModule, debugModule, failModule, pingModule, setFactModule } from './local.js';
import type { ModuleFn } from './types.js';

export { MODULES, resolveModule, type ModuleName } from './names.js';
export type { ModuleContext, ModuleFn } from './types.js';

/** Module implementations run by the task executor (meta and include_tasks are the strategy's). */
export const MODULE_IMPLS: Readonly<Record<string, ModuleFn>> = {
  command: (c) => commandModule(c, false),
  shell: (c) => commandModule(c, true),
  raw: rawModule,
  debug: debugModule,
  set_fact: setFactModule,
  assert: assertModule,
  fail: failModule,
  ping: pingModule,
  gather_facts: gatherFactsModule,
  setup: gatherFactsModule,
};

/** Modules that never touch the target (Ansible runs them as controller-side actions). */
export const CONTROLLER_ONLY = new Set(['debug', 'set_fact', 'assert', 'fail', 'meta']);
