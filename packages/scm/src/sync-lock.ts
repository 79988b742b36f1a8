/**
 * The project sync lock, across processes: a Postgres advisory lock keyed on (PROJECT_SYNC_LOCK_CLASS,
 * project id), held on a connection of its own for as long as git works in the project's cache
 * (closing that connection releases it, so a crashed holder never leaves it taken). A sync takes it
 * `exclusive`; reading the cache (checking for a commit, exporting one) takes it `shared`, so exports
 * run side by side but never while a sync moves the cache.
 */
import { SyncError } from './git.js';

/** First key of drover's project sync advisory locks ('drps'); the second is the project id. */
export const PROJECT_SYNC_LOCK_CLASS = 0x64727073;

/** A dedicated database session (pg.Client fits). */
export interface LockConnection {
  query(text: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
}

export type LockMode = 'exclusive' | 'shared';

export interface ProjectLockOptions {
  /** How long to wait for the lock before giving up (SyncError); default 15 minutes. */
  readonly waitMs?: number;
}

const DEFAULT_WAIT_MS = 15 * 60_000;

/** Runs `fn` holding project `projectId`'s sync lock in `mode`, on a connection from `connect`
 * (closed afterwards). */
export async function withProjectSyncLock<T>(
  connect: () => Promise<LockConnection>,
  projectId: number,
  mode: LockMode,
  fn: () => Promise<T>,
  opts: ProjectLockOptions = {},
): Promise<T> {
  if (!Number.isInteger(projectId) || projectId < -0x80000000 || projectId > 0x7fffffff) throw new RangeError(`bad project id ${projectId}`);
  const waitMs = opts.waitMs ?? DEFAULT_WAIT_MS;
  const conn = await connect();
  try {
    await conn.query(`SELECT set_config('lock_timeout', $1, false)`, [`${waitMs}ms`]);
    const fnName = mode === 'shared' ? 'pg_advisory_lock_shared' : 'pg_advisory_lock';
    try {
      await conn.query(`SELECT ${fnName}($1::int, $2::int)`, [PROJECT_SYNC_LOCK_CLASS, projectId]);
    } catch (e) {
      if ((e as { code?: unknown }).code === '55P03') {
        throw new SyncError(`project ${projectId} has been locked by another sync for more than ${Math.round(waitMs / 1000)} s`);
      }
      throw e;
    }
    try {
      return await fn();
    } finally {
      const unlock = mode === 'shared' ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock';
      await conn.query(`SELECT ${unlock}($1::int, $2::int)`, [PROJECT_SYNC_LOCK_CLASS, projectId]).catch(() => {});
    }
  } finally {
    await conn.end().catch(() => {});
  }
}
