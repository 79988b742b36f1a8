import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from './git.js';
import { PROJECT_SYNC_LOCK_CLASS, withProjectSyncLock, type LockConnection } from './sync-lock.js';

let db: TestDatabase;
let probe: pg.Client;
const connect = async (): Promise<LockConnection> => {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  return c;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Advisory locks of the class held right now, by mode. */
async function held(projectId: number): Promise<string[]> {
  const r = await probe.query<{ mode: string }>(
    `SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND objid = $2::int::oid AND granted ORDER BY mode`,
    [PROJECT_SYNC_LOCK_CLASS, projectId],
  );
  return r.rows.map((x) => x.mode);
}

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  probe = new pg.Client({ connectionString: db.url });
  await probe.connect();
});
afterAll(async () => {
  await probe?.end();
  await db?.drop();
});

describe('withProjectSyncLock', () => {
  it('runs exclusive holders one after the other, shared ones together, and releases when done or failed', async () => {
    const log: string[] = [];
    const hold = (name: string, mode: 'exclusive' | 'shared', ms: number) =>
      withProjectSyncLock(connect, 7, mode, async () => {
        log.push(`${name}+`);
        await sleep(ms);
        log.push(`${name}-`);
        return name;
      });
    const a = hold('a', 'exclusive', 300);
    await sleep(50);
    expect(await held(7)).toEqual(['ExclusiveLock']);
    const [b, c] = [hold('b', 'shared', 200), hold('c', 'shared', 200)];
    await sleep(50);
    const d = hold('d', 'exclusive', 10);
    expect(await Promise.all([a, b, c, d])).toEqual(['a', 'b', 'c', 'd']);
    // a alone; b and c overlap; d only after both
    expect(log.slice(0, 2)).toEqual(['a+', 'a-']);
    expect(log.slice(2, 4).sort()).toEqual(['b+', 'c+']);
    expect(log.slice(-2)).toEqual(['d+', 'd-']);
    expect(await withProjectSyncLock(connect, 8, 'exclusive', async () => held(7))).toEqual([]); // another project: independent
    await expect(withProjectSyncLock(connect, 7, 'exclusive', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await held(7)).toEqual([]);
  });

  it('gives up after waitMs with a SyncError', async () => {
    let release!: () => void;
    const holding = withProjectSyncLock(connect, 9, 'exclusive', () => new Promise<void>((r) => (release = r)));
    await sleep(100);
    const t0 = Date.now();
    const err = await withProjectSyncLock(connect, 9, 'exclusive', async () => 'never', { waitMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as Error).message).toMatch(/project 9 has been locked by another sync/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    release();
    await holding;
    expect(await held(9)).toEqual([]);
  });
});
