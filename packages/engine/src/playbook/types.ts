import type { SourcePos } from '../errors.js';

/** Raw values straight from YAML (templated later, per host). */
export type Raw = unknown;
export type RawVars = Readonly<Record<string, Raw>>;

/** A role as loaded from roles/<name>/. */
export interface Role {
  readonly uuid: string;
  readonly name: string;
  readonly path: string;
  /** roles/x/defaults/main.yml: lowest precedence. */
  readonly defaults: RawVars;
  /** roles/x/vars/main.yml: above play vars. */
  readonly vars: RawVars;
  /** Inline parameters where the role is listed (`- role: x`, `port: 80`): seen by the role's tasks. */
  readonly params: RawVars;
  /** `vars:` where the role is listed: role vars, exported play-wide below vars/main.yml. */
  readonly entryVars: RawVars;
  /** Roles this one depends on (meta/main.yml), in order. */
  readonly dependencies: readonly Role[];
  readonly allowDuplicates: boolean;
  /** handlers/main.yml of the role, as one handler block. */
  handlers: Block | undefined;
}

/** Keywords every task-like item (task, block, include) may carry and children inherit. */
export interface Inheritable {
  /** Conditions of this item only; parents' conditions are checked by walking `parent`. */
  readonly when: readonly Raw[];
  readonly vars: RawVars;
  readonly ignoreErrors?: Raw;
  readonly ignoreUnreachable?: Raw;
  readonly anyErrorsFatal?: Raw;
  readonly runOnce?: Raw;
  readonly tags: readonly string[];
}

export interface TaskNode extends Inheritable {
  readonly kind: 'task';
  readonly uuid: string;
  readonly pos: SourcePos;
  /** The name as written (may hold a template); undefined when absent. */
  readonly name?: string;
  /** Canonical short module name: 'command', 'debug', 'meta', 'include_tasks', ... */
  readonly action: string;
  /** The module key exactly as written ('ansible.builtin.command'), shown for unnamed tasks. */
  readonly actionAsWritten: string;
  /** Module arguments; free-form text goes to `_raw_params`. */
  readonly args: Readonly<Record<string, Raw>>;
  readonly loop?: Raw;
  /** 'items' for with_items, etc.; undefined for loop:. */
  readonly loopWith?: string;
  readonly loopControl?: Readonly<Record<string, Raw>>;
  readonly register?: string;
  readonly changedWhen?: readonly Raw[];
  readonly failedWhen?: readonly Raw[];
  readonly until?: readonly Raw[];
  readonly retries?: Raw;
  readonly delay?: Raw;
  readonly notify: readonly Raw[];
  readonly noLog?: Raw;
  readonly role?: Role;
  readonly parent?: BlockNode;
  /** Set for handlers. */
  readonly handler?: HandlerInfo;
  /** Implicit tasks (flush_handlers between sections, role_complete) print nothing. */
  readonly implicit?: boolean;
}

export interface HandlerInfo {
  readonly listen: readonly string[];
}

export interface BlockNode extends Inheritable {
  readonly kind: 'block';
  readonly uuid: string;
  readonly pos: SourcePos;
  readonly name?: string;
  readonly block: readonly Item[];
  readonly rescue: readonly Item[];
  readonly always: readonly Item[];
  readonly role?: Role;
  readonly parent?: BlockNode;
  /** Blocks made by import_tasks / roles / the play: not user blocks. */
  readonly implicit?: boolean;
}

export type Item = TaskNode | BlockNode;
export type Block = BlockNode;

export interface Play {
  readonly uuid: string;
  readonly pos: SourcePos;
  readonly name: string;
  /** `hosts:` as written (string or list joined by ','). */
  readonly hosts: string;
  readonly vars: RawVars;
  readonly varsFiles: readonly Raw[];
  readonly gatherFacts: Raw;
  readonly serial?: Raw;
  readonly anyErrorsFatal?: Raw;
  readonly forceHandlers?: Raw;
  readonly maxFailPercentage?: Raw;
  readonly ignoreErrors?: Raw;
  readonly ignoreUnreachable?: Raw;
  readonly order?: string;
  readonly strategy?: string;
  readonly roles: readonly Role[];
  readonly preTasks: readonly Block[];
  readonly tasks: readonly Block[];
  readonly postTasks: readonly Block[];
  /** The play's own handlers (one block), then the handler blocks of import_role tasks. */
  readonly handlers: readonly Block[];
  readonly tags: readonly string[];
  /** Directory of the playbook file: relative paths resolve against it. */
  readonly basedir: string;
}

export interface Playbook {
  readonly path: string;
  readonly basedir: string;
  readonly plays: readonly Play[];
}
