/** One connection per host per run. get() opens on first use; concurrent callers share the pending open
 * and later callers reuse the connection. A failed open is not remembered (the next get() tries again)
 * unless the executor calls markUnreachable(), after which get() rejects at once for the rest of the run. */
import { openConnection } from './open-connection.js';
import type { UnreachableError } from './connection-errors.js';
import type { Connection, ConnectionSpec } from './types.js';

export interface ConnectionPoolOptions {
  /** How to open a connection (tests inject one); default openConnection. */
  open?: (spec: ConnectionSpec) => Promise<Connection>;
}

export class ConnectionPool {
  private readonly entries = new Map<string, Promise<Connection>>();
  private readonly unreachable = new Map<string, Error>();
  private readonly open: (spec: ConnectionSpec) => Promise<Connection>;

  constructor(options: ConnectionPoolOptions = {}) {
    this.open = options.open ?? openConnection;
  }

  /** The connection for `key` (the inventory hostname). A connection that dropped is reopened once. */
  async get(key: string, spec: ConnectionSpec): Promise<Connection> {
    for (let attempt = 0; ; attempt++) {
      const failure = this.unreachable.get(key);
      if (failure) throw failure;
      let entry = this.entries.get(key);
      if (!entry) {
        const opening = this.open(spec);
        entry = opening;
        this.entries.set(key, opening);
        opening.catch(() => {
          if (this.entries.get(key) === opening) this.entries.delete(key);
        });
      }
      const conn = await entry;
      if (!conn.closed || attempt > 0) return conn;
      if (this.entries.get(key) === entry) this.entries.delete(key);
    }
  }

  /** Never connect to `key` again in this run: get() rejects with `error` (closes any open connection). */
  markUnreachable(key: string, error: UnreachableError | Error): void {
    this.unreachable.set(key, error);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    entry?.then((c) => c.close(), () => undefined).catch(() => undefined);
  }

  isUnreachable(key: string): boolean {
    return this.unreachable.has(key);
  }

  /** Number of hosts with an open or opening connection. */
  get size(): number {
    return this.entries.size;
  }

  /** Close every connection (waiting for pending opens) and forget everything, unreachable marks included. */
  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    this.unreachable.clear();
    await Promise.all(entries.map((e) => e.then((c) => c.close(), () => undefined)));
  }
}
