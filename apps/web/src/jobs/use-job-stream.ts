/**
 * One job's event stream for the job page: the stored events first (REST keyset paging), then the live
 * ones from the socket (watchJob from the last stored counter: no gap, no duplicate). Incoming events
 * are queued and applied once per animation frame, in bulk, to the output store and the handler
 * timeline; React sees one `version` bump per frame, never one render per event.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { HandlerTimeline, type LiveJobEvent } from '@drover/events';
import { watchJob } from '../api/live';
import { loadStoredEvents } from './job-api';
import { laterStatus } from './job-types';
import { OutputStore } from './output-store';

export interface JobStream {
  store: OutputStore;
  timeline: HandlerTimeline;
  /** Bumped once per applied batch. */
  version: number;
  /** The stream has ended (job:events_complete). */
  complete: boolean;
  /** The live status reported by the socket, if any. */
  liveStatus: string | undefined;
  error: string | undefined;
}

type Schedule = (fn: () => void) => () => void;

const frame: Schedule = (fn) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => fn());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
};

/** A queue of events flushed into the store and the timeline at most once per frame. */
export class EventBatcher {
  private queue: LiveJobEvent[] = [];
  private cancel: (() => void) | undefined;

  constructor(
    private readonly apply: (events: LiveJobEvent[]) => void,
    private readonly schedule: Schedule = frame,
  ) {}

  push(events: LiveJobEvent | readonly LiveJobEvent[]): void {
    if (Array.isArray(events)) for (const e of events as readonly LiveJobEvent[]) this.queue.push(e);
    else this.queue.push(events as LiveJobEvent);
    this.cancel ??= this.schedule(() => this.flush());
  }

  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.apply(batch);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.queue = [];
  }
}

export function useJobStream(jobId: number): JobStream {
  const [state, setState] = useState<{ version: number; complete: boolean; liveStatus?: string; error?: string }>({ version: 0, complete: false });
  // a new store and timeline per job
  const { store, timeline } = useMemo(() => ({ store: new OutputStore(), timeline: new HandlerTimeline(), jobId }), [jobId]);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    const ctl = new AbortController();
    const batcher = new EventBatcher((batch) => {
      store.append(batch);
      for (const e of batch) timeline.add(e);
      if (alive.current) setState((s) => ({ ...s, version: s.version + 1 }));
    });
    let unwatch: (() => void) | undefined;
    void (async () => {
      let last = 0;
      try {
        last = await loadStoredEvents(jobId, 0, (page) => batcher.push(page), ctl.signal);
      } catch (e) {
        if (ctl.signal.aborted) return;
        setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
      }
      if (ctl.signal.aborted) return;
      unwatch = watchJob(jobId, last, {
        onEvent: (e) => batcher.push(e),
        onComplete: () => {
          batcher.flush();
          setState((s) => ({ ...s, complete: true }));
        },
        onStatus: (status) => setState((s) => (laterStatus(s.liveStatus, status) === s.liveStatus ? s : { ...s, liveStatus: status })),
        onError: (message) => setState((s) => ({ ...s, error: message })),
      });
    })();
    return () => {
      alive.current = false;
      ctl.abort();
      unwatch?.();
      batcher.dispose();
    };
  }, [jobId, store, timeline]);

  return { store, timeline, version: state.version, complete: state.complete, liveStatus: state.liveStatus, error: state.error };
}
