import type { Connection } from '../connection/index.js';
import type { Templar, Vars } from '../template/index.js';
import type { TaskNode } from '../playbook/types.js';
import type { Res } from '../executor/result.js';

/** What a module gets to run one task on one host. Modules return failure as data. */
export interface ModuleContext {
  readonly host: string;
  readonly task: TaskNode;
  /** Templated arguments (omit removed). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly vars: Vars;
  readonly templar: Templar;
  readonly check: boolean;
  readonly verbosity: number;
  /** Aborts the command running on the target. */
  readonly signal?: AbortSignal;
  /** The host's connection, opened on first use (throws UnreachableError). */
  connection(): Promise<Connection>;
}

export type ModuleFn = (ctx: ModuleContext) => Promise<Res>;
