import { describe, expect, it } from 'vitest';
import { ChannelLimiter } from './channel-limiter.js';

describe('ChannelLimiter', () => {
  it('lets `max` through and queues the rest in FIFO order', async () => {
    const l = new ChannelLimiter(2);
    const order: number[] = [];
    await l.acquire();
    await l.acquire();
    const waiting = [1, 2, 3].map((i) => l.acquire().then(() => order.push(i)));
    expect(l.queued).toBe(3);
    l.release();
    l.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([1, 2]);
    l.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(l.inUse).toBe(2);
  });

  it('a waiter that is aborted leaves the queue', async () => {
    const l = new ChannelLimiter(1);
    await l.acquire();
    const ac = new AbortController();
    const p = l.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(l.queued).toBe(0);
    l.release();
    expect(l.inUse).toBe(0);
  });

  it('lowerTo shrinks the limit, never below 1', async () => {
    const l = new ChannelLimiter(10);
    l.lowerTo(3);
    expect(l.limit).toBe(3);
    l.lowerTo(0);
    expect(l.limit).toBe(1);
  });

  it('failAll rejects every waiter', async () => {
    const l = new ChannelLimiter(1);
    await l.acquire();
    const ps = [l.acquire(), l.acquire()];
    l.failAll(new Error('closed'));
    for (const p of ps) await expect(p).rejects.toThrow('closed');
  });

  it('rejects a bad limit', () => {
    expect(() => new ChannelLimiter(0)).toThrow(RangeError);
  });
});
