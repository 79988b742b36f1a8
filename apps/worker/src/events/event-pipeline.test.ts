import { describe, expect, it } from 'vitest';
import type { EventsCompleteMessage, JobEventMessage } from '@drover/queue';
import { silentLogger } from '../logger.js';
import { MASK, Masker } from '../mask.js';
import type { EventRow, EventStore, HostSummaryRow } from '../store/ports.js';
import { EventPipeline, type PipelineOptions } from './event-pipeline.js';
import type { EventPublisher } from './publisher.js';
import { result, syntheticRun, taskStart } from './synthetic-events.js';

/** An in-memory EventStore with the database's semantics: (jobId, counter) unique, summaries upserted. */
class MemoryStore implements EventStore {
  readonly rows = new Map<number, EventRow>();
  readonly summaries = new Map<string, HostSummaryRow>();
  readonly batches: number[] = [];
  eventsEmitted = 0;
  /** Fail the next N writes after committing them (a lost acknowledgement). */
  failAfterCommit = 0;
  /** Fail the next N writes before committing. */
  failBefore = 0;

  async writeEvents(_jobId: number, events: readonly EventRow[], summaries: readonly HostSummaryRow[], emitted: number): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.failBefore > 0) {
      this.failBefore--;
      throw new Error('connection refused');
    }
    this.batches.push(events.length);
    for (const e of events) if (!this.rows.has(e.counter)) this.rows.set(e.counter, e);
    for (const s of summaries) this.summaries.set(s.hostName, s);
    this.eventsEmitted = Math.max(this.eventsEmitted, emitted);
    if (this.failAfterCommit > 0) {
      this.failAfterCommit--;
      throw new Error('connection reset after commit');
    }
  }
}

class MemoryPublisher implements EventPublisher {
  readonly events: JobEventMessage[] = [];
  readonly complete: EventsCompleteMessage[] = [];
  async publishEvents(_jobId: number, messages: readonly JobEventMessage[]) {
    this.events.push(...messages);
  }
  async publishComplete(m: EventsCompleteMessage) {
    this.complete.push(m);
  }
  async publishStatus() {}
}

function pipeline(store: EventStore, publisher: EventPublisher, extra: Partial<PipelineOptions> = {}) {
  return new EventPipeline({ jobId: 7, store, publisher, masker: new Masker(), logger: silentLogger, verbosity: 0, ...extra });
}

describe('EventPipeline', () => {
  it('stores and publishes every event once, in order, numbered 1..n, then events_complete', async () => {
    const store = new MemoryStore();
    const pub = new MemoryPublisher();
    const p = pipeline(store, pub, { flushEvents: 100 });
    for (const e of syntheticRun(1234)) p.sink(e);
    expect(await p.close()).toBe(1234);
    expect(pub.complete).toEqual([]);
    await p.complete();
    expect([...store.rows.keys()]).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(pub.events.map((m) => m.event.counter)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(pub.complete).toEqual([{ type: 'events_complete', version: 1, jobId: 7, lastCounter: 1234 }]);
    expect(store.eventsEmitted).toBe(1234);
    expect(Math.max(...store.batches)).toBeLessThanOrEqual(2000);
    // lines are contiguous across the whole job
    const rows = [...store.rows.values()];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.startLine).toBe(rows[i - 1]!.endLine);
    expect(store.summaries.size).toBe(10);
  });

  it('flushes a partial batch after the interval, without waiting for close', async () => {
    const store = new MemoryStore();
    const p = pipeline(store, new MemoryPublisher(), { flushIntervalMs: 20 });
    p.sink(taskStart('t'));
    p.sink(result('runner_on_ok', 'h', {}));
    await new Promise((r) => setTimeout(r, 80));
    expect(store.rows.size).toBe(2);
    expect(p.stored).toBe(2);
    await p.close();
  });

  it('writes a batch again when its outcome is unknown, without duplicating or republishing', async () => {
    const store = new MemoryStore();
    store.failAfterCommit = 2;
    store.failBefore = 1;
    const pub = new MemoryPublisher();
    const p = pipeline(store, pub, { flushEvents: 50 });
    for (const e of syntheticRun(300)) p.sink(e);
    await p.close();
    expect(store.rows.size).toBe(300);
    expect(pub.events.map((m) => m.event.counter)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('gives up after retryForMs: close rejects with DRV_WORKER_EVENTS_LOST and later events are dropped', async () => {
    const store = new MemoryStore();
    store.failBefore = 1000;
    const pub = new MemoryPublisher();
    const p = pipeline(store, pub, { retryForMs: 150 });
    p.sink(taskStart('t'));
    await expect(p.close()).rejects.toMatchObject({ code: 'DRV_WORKER_EVENTS_LOST' });
    expect(pub.events).toEqual([]);
    await p.complete();
    expect(pub.complete).toEqual([{ type: 'events_complete', version: 1, jobId: 7, lastCounter: 0 }]);
  });

  it('renumbers, so events of its own can come before and after the engine\'s', async () => {
    const store = new MemoryStore();
    const p = pipeline(store, new MemoryPublisher());
    p.appendLocal('warning', 'inventory warning');
    const run = [...syntheticRun(5)];
    expect(run[0]!.counter).not.toBe(2);
    for (const e of run) p.sink(e);
    p.appendLocal('error', 'it broke');
    await p.close();
    expect([...store.rows.values()].map((r) => [r.counter, r.event])).toEqual([
      [1, 'warning'], [2, 'playbook_on_start'], [3, 'playbook_on_task_start'], [4, 'runner_on_ok'], [5, 'runner_on_ok'], [6, 'runner_on_ok'], [7, 'error'],
    ]);
    expect(store.rows.get(7)!.stdout).toBe('\x1b[0;31mERROR! it broke\x1b[0m\n');
    expect(store.rows.get(7)!.failed).toBe(true);
  });

  it('masks secrets in stored and published event data and stdout', async () => {
    const store = new MemoryStore();
    const pub = new MemoryPublisher();
    const p = pipeline(store, pub, { masker: new Masker(['hunter2']), verbosity: 1 });
    p.sink(taskStart('login'));
    p.sink(result('runner_on_ok', 'h', { changed: false, stdout: 'password is hunter2', cmd: 'echo hunter2' }));
    await p.close();
    const rows = [...store.rows.values()];
    const all = JSON.stringify(rows) + JSON.stringify(pub.events);
    expect(all).not.toContain('hunter2');
    expect(JSON.stringify(rows[1]!.eventData)).toContain(`password is ${MASK}`);
    expect(rows[1]!.stdout).toContain(MASK);
  });
});
