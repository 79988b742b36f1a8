/** Why a host could not be used. 'closed' means an established connection dropped. */
export type UnreachableReason = 'refused' | 'timeout' | 'dns' | 'network' | 'auth' | 'closed' | 'protocol';

/** The host cannot be reached or authenticated. The message is the one ansible-playbook prints in
 * `fatal: [h]: UNREACHABLE! => {"msg": ...}`, e.g. "Failed to connect to the host via ssh: ssh: connect to
 * host 127.0.0.99 port 22: Connection refused". The executor turns it into an 'unreachable' TaskResult. */
export class UnreachableError extends Error {
  readonly code = 'DRV_ENGINE_UNREACHABLE';
  readonly host: string;
  readonly reason: UnreachableReason;
  constructor(host: string, reason: UnreachableReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreachableError';
    this.host = host;
    this.reason = reason;
  }
}

/** putFile failed on a reachable host (no such directory, permission denied, ...). */
export class PutFileError extends Error {
  readonly code = 'DRV_ENGINE_PUT_FILE';
  readonly path: string;
  readonly rc: number;
  readonly stderr: string;
  constructor(path: string, rc: number, stderr: string, options?: { cause?: unknown }) {
    super(`failed to write ${path} (rc=${rc}): ${stderr.trim()}`, options);
    this.name = 'PutFileError';
    this.path = path;
    this.rc = rc;
    this.stderr = stderr;
  }
}
