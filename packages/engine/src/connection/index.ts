/** The connection layer: how the executor runs commands on a host (ssh2 over one connection per host,
 * or local). See README.md beside this file. */
export type { Connection, ConnectionKind, ConnectionSpec, ExecOptions, ExecResult } from './types.js';
export { UnreachableError, PutFileError, type UnreachableReason } from './connection-errors.js';
export { openConnection, connectionKindFromAnsible } from './open-connection.js';
export { ConnectionPool, type ConnectionPoolOptions } from './connection-pool.js';
export { SshConnection, openSshConnection } from './ssh-connection.js';
export { LocalConnection } from './local-connection.js';
export { shellQuote } from './shell-quote.js';
