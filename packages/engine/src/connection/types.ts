/** The connection layer's contract: what the executor sees of a host. */

/** What one command returned. stdout/stderr are UTF-8 decoded and otherwise raw (trailing newlines kept). */
export interface ExecResult {
  /** Exit status of `/bin/sh -c command`; 128+N when the shell was killed by signal N. */
  rc: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Sent to the command's standard input, followed by EOF. Without it the command sees EOF at once. */
  stdin?: string | Buffer;
  /** Aborting kills the command (closes its channel / kills the process) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type ConnectionKind = 'ssh' | 'local';

export interface Connection {
  readonly kind: ConnectionKind;
  /** True once close() was called or the transport dropped; every later exec rejects. */
  readonly closed: boolean;
  /** Run a command line through the target's /bin/sh (`sh -c`). Rejects with UnreachableError when the
   * transport fails (host gone, connection dropped); a failing command is a result (rc != 0), not an error. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Write a whole file on the target. With mode, the file is created unreadable to others and then
   * chmod'ed to mode; without it an existing file keeps its mode. Rejects with PutFileError on failure. */
  putFile(remotePath: string, content: string | Buffer, mode?: number): Promise<void>;
  /** Idempotent. Pending execs are rejected. */
  close(): Promise<void>;
}

export interface ConnectionSpec {
  /** Address to connect to (ansible_host, or the inventory name). */
  host: string;
  /** ansible_port, default 22. */
  port?: number;
  /** ansible_user, default: the current user's name. */
  user?: string;
  /** ansible_ssh_private_key_file (a leading ~ is expanded). */
  privateKeyFile?: string;
  /** drover_ssh_private_key_passphrase: unlocks an encrypted private key (what ssh-agent does for Ansible). */
  privateKeyPassphrase?: string;
  /** ansible_password / ansible_ssh_pass. Also answers keyboard-interactive prompts. */
  password?: string;
  /** TCP connect and SSH banner timeout (ansible's timeout / ConnectTimeout), default 10000. */
  connectTimeoutMs?: number;
  /** ansible_connection mapped with connectionKindFromAnsible(); default 'ssh'. */
  kind?: ConnectionKind;
  /** Most channels (concurrent execs) used at once on one SSH connection; more are queued. Default 10
   * (OpenSSH's default MaxSessions); lowered automatically if the server refuses a channel. */
  maxChannels?: number;
  /** ssh: always send `exec /bin/sh -c '<command>'`. By default the connection first checks (in the background)
   * whether the login shell is /bin/sh itself, and then sends command lines unwrapped (~0.5 ms less per exec). */
  alwaysWrapShell?: boolean;
  /** SSH keepalive interval, default 15000 ms; the connection is dropped after 3 unanswered. 0 = off. */
  keepaliveIntervalMs?: number;
}
