import { randomUUID } from 'node:crypto';
import type { JobEvent } from '@drover/events';
import type { JobEventMessage } from '@drover/queue';
import { WorkerError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Masker } from '../mask.js';
import type { EventRow, EventStore } from '../store/ports.js';
import { toEventRow } from './event-rows.js';
import { HostSummaryTracker } from './host-summaries.js';
import type { EventPublisher } from './publisher.js';
import { StdoutRenderer } from './stdout.js';

export interface PipelineOptions {
  readonly jobId: number;
  readonly store: EventStore;
  readonly publisher: EventPublisher;
  readonly masker: Masker;
  readonly logger: Logger;
  /** -v count, for the stdout renderer. */
  readonly verbosity: number;
  /** Flush this long after the first buffered event (default 50 ms)... */
  readonly flushIntervalMs?: number;
  /** ...or as soon as this many are buffered (default 500). */
  readonly flushEvents?: number;
  /** Most events in one database statement (default 2000). */
  readonly maxBatch?: number;
  /** A failing write is retried with backoff for this long, then the events are given up (default 60 s). */
  readonly retryForMs?: number;
}

interface Pending {
  readonly event: JobEvent;
  readonly row: EventRow;
}

/**
 * The worker's event path: engine event -> mask -> stdout and line range -> buffer -> batched,
 * idempotent insert (with the host summaries, in the same statement) -> publish to Redis in counter
 * order, only after the batch is committed. `sink` is what the engine calls (synchronously, in counter
 * order); it never throws. `close()` seals the stream and flushes; `complete()` publishes `events_complete`.
 */
export class EventPipeline {
  private readonly renderer: StdoutRenderer;
  private readonly summaries = new HostSummaryTracker();
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private sealed = false;
  private failure: Error | undefined;
  private lastCounter = 0;
  private persisted = 0;
  private dropped = 0;
  private readonly flushIntervalMs: number;
  private readonly flushEvents: number;
  private readonly maxBatch: number;
  private readonly retryForMs: number;

  constructor(private readonly opts: PipelineOptions) {
    this.renderer = new StdoutRenderer(opts.verbosity);
    this.flushIntervalMs = opts.flushIntervalMs ?? 50;
    this.flushEvents = opts.flushEvents ?? 500;
    this.maxBatch = opts.maxBatch ?? 2000;
    this.retryForMs = opts.retryForMs ?? 60_000;
  }

  /** The engine's sink. */
  readonly sink = (event: JobEvent): void => {
    try {
      this.push(event);
    } catch (e) {
      this.opts.logger.error('event dropped: could not prepare it', { counter: event.counter, err: errorMessage(e) });
    }
  };

  /** Highest counter accepted so far. */
  get emitted(): number {
    return this.lastCounter;
  }

  /** Highest counter stored so far. */
  get stored(): number {
    return this.persisted;
  }

  /**
   * Accept the next event. The pipeline numbers the job's events (1..n, no gaps): the engine's own
   * counter is replaced, so events of the worker's (appendLocal) can come before or after the run's.
   */
  push(raw: JobEvent): void {
    if (this.sealed || this.failure) {
      this.dropped++;
      return;
    }
    const { masker } = this.opts;
    const counter = this.lastCounter + 1;
    const event = { ...raw, counter, ...(masker.active ? { event_data: masker.maskDeep(raw.event_data) } : {}) } as JobEvent;
    const out = this.renderer.render(event);
    const row = toEventRow(event, { ...out, stdout: masker.mask(out.stdout) });
    this.lastCounter = counter;
    this.buffer.push({ event, row });
    this.schedule();
  }

  /** Append an event of the worker's own (a warning before the run, the error that stopped a job). */
  appendLocal(event: 'error' | 'warning', message: string): void {
    this.push({ counter: this.lastCounter + 1, uuid: randomUUID(), parent_uuid: null, created: new Date().toISOString(), event, event_data: { message } });
  }

  private schedule(): void {
    if (this.flushing || this.buffer.length === 0) return;
    if (this.buffer.length >= this.flushEvents || this.sealed) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startFlush();
      }, this.flushIntervalMs);
    }
  }

  private startFlush(): void {
    if (this.flushing || this.buffer.length === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = undefined;
      this.schedule();
    });
  }

  private async flushOnce(): Promise<void> {
    const batch = this.buffer.splice(0, this.maxBatch);
    for (const p of batch) this.summaries.apply(p.event);
    const summaries = this.summaries.takeDirty();
    const last = batch[batch.length - 1]!.row.counter;
    const rows = batch.map((p) => p.row);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.store.writeEvents(this.opts.jobId, rows, summaries, Math.max(last, this.persisted));
        break;
      } catch (e) {
        if (Date.now() - started > this.retryForMs) {
          this.failure = new WorkerError('DRV_WORKER_EVENTS_LOST', `could not store job events: ${errorMessage(e)}`, { cause: e });
          this.dropped += batch.length + this.buffer.length;
          this.buffer = [];
          this.opts.logger.error('giving up storing events', { err: errorMessage(e), attempts: attempt });
          return;
        }
        const wait = Math.min(5000, 100 * 2 ** Math.min(attempt - 1, 6));
        this.opts.logger.warn('storing events failed; retrying', { err: errorMessage(e), attempt, waitMs: wait });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    this.persisted = Math.max(this.persisted, last);
    const messages: JobEventMessage[] = batch.map((p) => ({
      type: 'event',
      version: 1,
      jobId: this.opts.jobId,
      event: p.event,
      stdout: p.row.stdout,
      startLine: p.row.startLine,
      endLine: p.row.endLine,
    }));
    try {
      await this.opts.publisher.publishEvents(this.opts.jobId, messages);
    } catch (e) {
      // the database is the source of truth: live clients fill the gap over REST
      this.opts.logger.warn('publishing events failed', { err: errorMessage(e), from: rows[0]!.counter, to: last });
    }
  }

  /** Wait until everything pushed so far is stored and published. */
  async drain(): Promise<void> {
    while (this.flushing || this.buffer.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  /**
   * Seal the stream (later events are counted and dropped) and store and publish what is buffered.
   * Resolves to the last stored counter; rejects with DRV_WORKER_EVENTS_LOST when events could not
   * be stored. Call `complete()` once the job's final status is recorded.
   */
  async close(): Promise<number> {
    this.sealed = true;
    await this.drain();
    if (this.dropped > 0) this.opts.logger.warn('events dropped after the stream was closed', { dropped: this.dropped });
    if (this.failure) throw this.failure;
    return this.persisted;
  }

  /**
   * Publish `events_complete` (the end marker live clients wait for). The runner calls it after the
   * final status is stored, so a client that sees the marker reads the job's end state.
   */
  async complete(): Promise<void> {
    try {
      await this.opts.publisher.publishComplete({ type: 'events_complete', version: 1, jobId: this.opts.jobId, lastCounter: this.persisted });
    } catch (e) {
      this.opts.logger.warn('publishing events_complete failed', { err: errorMessage(e) });
    }
  }
}
