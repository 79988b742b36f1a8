import { withProjectSyncLock, type LockConnection, type ProjectLockOptions } from '@drover/scm';
import pg from 'pg';
import type { ProjectLock } from '../ports.js';

/** ProjectLock over Postgres advisory locks, each hold on a connection of its own (closed after). */
export class PgProjectLock implements ProjectLock {
  constructor(
    private readonly databaseUrl: string,
    private readonly opts: ProjectLockOptions & { readonly onConnectionError?: (err: Error) => void } = {},
  ) {}

  withLock<T>(projectId: number, mode: 'exclusive' | 'shared', fn: () => Promise<T>): Promise<T> {
    return withProjectSyncLock(() => this.connect(), projectId, mode, fn, this.opts);
  }

  private async connect(): Promise<LockConnection> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    // a dropped connection releases the lock; it must not crash the process
    client.on('error', (err) => this.opts.onConnectionError?.(err));
    await client.connect();
    return client;
  }
}
