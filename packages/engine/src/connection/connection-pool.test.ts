import { afterAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from './connection-pool.js';
import { UnreachableError } from './connection-errors.js';
import { openConnection } from './open-connection.js';
import { startTestFleet } from './test-fleet.js';
import type { Connection, ConnectionSpec, ExecResult } from './types.js';

/** A Connection that runs nothing: enough to watch the pool. */
class FakeConnection implements Connection {
  readonly kind = 'local' as const;
  closed = false;
  closeCalls = 0;
  constructor(readonly host: string) {}
  async exec(): Promise<ExecResult> {
    return { rc: 0, stdout: this.host, stderr: '' };
  }
  async putFile(): Promise<void> {}
  async close(): Promise<void> {
    this.closeCalls++;
    this.closed = true;
  }
}

function fakeOpener(fail: (spec: ConnectionSpec, n: number) => Error | undefined = () => undefined) {
  const opened: FakeConnection[] = [];
  let calls = 0;
  const open = async (spec: ConnectionSpec): Promise<Connection> => {
    const n = ++calls;
    await new Promise((r) => setTimeout(r, 20));
    const err = fail(spec, n);
    if (err) throw err;
    const c = new FakeConnection(spec.host);
    opened.push(c);
    return c;
  };
  return { open, opened, calls: () => calls };
}

const unreachable = (host: string) => new UnreachableError(host, 'refused', `Failed to connect to the host via ssh: ssh: connect to host ${host} port 22: Connection refused`);

describe('ConnectionPool', () => {
  it('opens once per key: concurrent callers share the pending open, later callers reuse it', async () => {
    const f = fakeOpener();
    const pool = new ConnectionPool({ open: f.open });
    const [a, b, c] = await Promise.all([pool.get('h1', { host: 'a' }), pool.get('h1', { host: 'a' }), pool.get('h2', { host: 'b' })]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(await pool.get('h1', { host: 'a' })).toBe(a);
    expect(f.calls()).toBe(2);
    expect(pool.size).toBe(2);
  });

  it('a failed open rejects every waiting caller; the next get() tries again', async () => {
    const f = fakeOpener((spec, n) => (n === 1 ? unreachable(spec.host) : undefined));
    const pool = new ConnectionPool({ open: f.open });
    const rs = await Promise.allSettled([pool.get('h', { host: 'x' }), pool.get('h', { host: 'x' })]);
    expect(rs.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(f.calls()).toBe(1);
    expect(await pool.get('h', { host: 'x' })).toBeInstanceOf(FakeConnection);
    expect(f.calls()).toBe(2);
  });

  it('markUnreachable: get() rejects with that error and never opens again in this run', async () => {
    const f = fakeOpener((spec) => unreachable(spec.host));
    const pool = new ConnectionPool({ open: f.open });
    const err = await pool.get('h', { host: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    pool.markUnreachable('h', err as UnreachableError);
    expect(pool.isUnreachable('h')).toBe(true);
    await expect(pool.get('h', { host: 'x' })).rejects.toBe(err);
    expect(f.calls()).toBe(1);
  });

  it('markUnreachable on an open connection closes it', async () => {
    const f = fakeOpener();
    const pool = new ConnectionPool({ open: f.open });
    await pool.get('h', { host: 'x' });
    pool.markUnreachable('h', new Error('task said so'));
    await new Promise((r) => setTimeout(r, 0));
    expect(f.opened[0].closeCalls).toBe(1);
    await expect(pool.get('h', { host: 'x' })).rejects.toThrow('task said so');
  });

  it('reopens a connection that dropped', async () => {
    const f = fakeOpener();
    const pool = new ConnectionPool({ open: f.open });
    const a = await pool.get('h', { host: 'x' });
    await a.close();
    const b = await pool.get('h', { host: 'x' });
    expect(b).not.toBe(a);
    expect(b.closed).toBe(false);
    expect(f.calls()).toBe(2);
  });

  it('closeAll closes open and pending connections and forgets them (and the unreachable marks)', async () => {
    const f = fakeOpener();
    const pool = new ConnectionPool({ open: f.open });
    await pool.get('a', { host: 'a' });
    const pending = pool.get('b', { host: 'b' });
    pool.markUnreachable('c', new Error('x'));
    await pool.closeAll();
    await pending;
    expect(f.opened.map((c) => c.closeCalls)).toEqual([1, 1]);
    expect(pool.size).toBe(0);
    expect(pool.isUnreachable('c')).toBe(false);
  });
});

describe('ConnectionPool over the ssh fleet', () => {
  const fleet = startTestFleet(3);
  let opens = 0;
  const pool = new ConnectionPool({
    open: (spec) => {
      opens++;
      return openConnection(spec);
    },
  });
  afterAll(() => pool.closeAll());

  it('opens one connection per host however many tasks ask, and execs over it', async () => {
    const hosts = fleet.addresses.map((_, i) => ({ key: `host${i + 1}`, spec: fleet.keySpec(i) }));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => hosts).flat().map(async ({ key, spec }) => {
        const conn = await pool.get(key, spec);
        return (await conn.exec('echo $SSH_CONNECTION')).stdout.split(' ')[2];
      }),
    );
    expect(opens).toBe(3);
    expect(new Set(results)).toEqual(new Set(fleet.addresses));
    const again = await pool.get('host1', fleet.keySpec(0));
    expect((await again.exec('true')).rc).toBe(0);
    expect(opens).toBe(3);
  }, 30_000);

  it('an unreachable host keeps failing fast once marked', async () => {
    const spec = { host: '127.0.0.199', user: 'drover' };
    const err = await pool.get('down', spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    pool.markUnreachable('down', err as UnreachableError);
    const before = opens;
    await expect(pool.get('down', spec)).rejects.toBe(err);
    expect(opens).toBe(before);
  });
});
