/** Stable error codes of the engine. A user error (bad playbook, inventory, arguments) carries a
 * message that names the file, line and key; it is printed without a stack trace. */
export type EngineErrorCode =
  | 'DRV_ENGINE_PARSE' // malformed YAML, unknown keyword, bad value in a playbook or role file
  | 'DRV_ENGINE_INVENTORY' // bad inventory file or line
  | 'DRV_ENGINE_MISSING_FILE' // missing playbook, role, vars file or task file
  | 'DRV_ENGINE_UNKNOWN_MODULE'
  | 'DRV_ENGINE_TEMPLATE' // template syntax error
  | 'DRV_ENGINE_HANDLER' // missing handler, flush_handlers used as a handler
  | 'DRV_ENGINE_OPTION'; // bad command line option

/** Where in a user's file a problem is. line and column are 1-based. */
export interface SourcePos {
  file: string;
  line?: number;
  column?: number;
}

export class DroverError extends Error {
  readonly code: EngineErrorCode;
  readonly pos?: SourcePos;
  constructor(code: EngineErrorCode, message: string, pos?: SourcePos, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DroverError';
    this.code = code;
    this.pos = pos;
  }
}

/** "file:line:col" (as much as is known). */
export function formatPos(pos: SourcePos | undefined): string {
  if (!pos) return '';
  let s = pos.file;
  if (pos.line !== undefined) s += `:${pos.line}`;
  if (pos.line !== undefined && pos.column !== undefined) s += `:${pos.column}`;
  return s;
}
