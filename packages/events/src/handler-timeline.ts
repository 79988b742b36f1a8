/**
 * The handler timeline: an incremental model of what happened to handlers in one job, built from its
 * job events alone (playbook_on_notify, playbook_on_handlers_flush, playbook_on_handler_task_start,
 * the runner results under a handler start, playbook_on_handler_dropped). Pure TS: the UI, the API or
 * the CLI can feed it stored events or live ones, in counter order.
 *
 *   const t = new HandlerTimeline();
 *   for (const e of events) t.add(e);
 *   t.snapshot().plays[0].hosts[0].entries  // notify / flush / run / drop, in event order
 *
 * It accepts parsed JobEvents and the API's event rows (LiveJobEvent: event_data is a plain record);
 * fields are read defensively, so an unexpected shape is ignored rather than thrown on.
 */
import type { DropReason, FlushReason } from './schema.js';

/** The least an event must carry (JobEvent and LiveJobEvent both fit). */
export interface TimelineEventInput {
  counter: number;
  uuid: string;
  parent_uuid: string | null;
  event: string;
  event_data: object;
  created?: string;
}

/** A handler result as the runner reported it (`changed` is an ok result with res.changed). */
export type HandlerOutcome = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

interface EntryBase {
  counter: number;
  /** The event's uuid (open its details). */
  uuid: string;
  host: string;
  created: string;
}

/** A task (or a handler) notified a handler for this host. */
export interface NotifyEntry extends EntryBase {
  kind: 'notify';
  /** The notifying task's name (a handler's name when one handler notifies another). */
  task: string;
  /** True when the notifying task was itself a handler. */
  fromHandler: boolean;
  role: string | undefined;
  /** The handler's display name (`role : name` for role handlers). */
  handler: string;
  handlerUuid: string;
  /** The name or listen topic the task notified. */
  notifiedAs: string;
  viaListen: boolean;
}

/** The host flushed its handlers; `pending` is what was pending, in run order. */
export interface FlushEntry extends EntryBase {
  kind: 'flush';
  reason: FlushReason;
  pending: string[];
}

/** A handler ran on the host (a `when` that was false shows as outcome 'skipped'). */
export interface RunEntry extends EntryBase {
  kind: 'run';
  handler: string;
  handlerUuid: string;
  listen: string[];
  outcome: HandlerOutcome;
  /** A failure kept with ignore_errors. */
  ignored: boolean;
  /** For a skipped handler: why (e.g. "Conditional result was False"). */
  skipReason: string | undefined;
  /** The module result as reported. */
  result: Record<string, unknown>;
}

/** A pending notification that will not run for this host, and why. */
export interface DropEntry extends EntryBase {
  kind: 'drop';
  handler: string;
  handlerUuid: string;
  reason: DropReason;
}

export type TimelineEntry = NotifyEntry | FlushEntry | RunEntry | DropEntry;

export interface PendingHandler {
  handler: string;
  handlerUuid: string;
  /** Counter of the notification that made it pending. */
  since: number;
}

export interface HostTimeline {
  host: string;
  entries: TimelineEntry[];
  /** Handlers notified and not yet run or dropped, in notification order. */
  pending: PendingHandler[];
  counts: { notified: number; flushes: number; ran: number; failed: number; skipped: number; dropped: number };
}

export interface FlushPoint {
  counter: number;
  uuid: string;
  reason: FlushReason;
  hosts: string[];
  pending: Record<string, string[]>;
}

export interface PlayTimeline {
  uuid: string;
  name: string;
  /** Hosts in the order they first appear in handler events (or flushes). */
  hosts: HostTimeline[];
  flushes: FlushPoint[];
}

export interface TimelineSnapshot {
  /** Increases every time an event changes the timeline. */
  version: number;
  /** Counter of the last event added (any event). */
  lastCounter: number;
  plays: PlayTimeline[];
}

// ------------------------------------------------------------------------------- reading event_data

type Data = Record<string, unknown>;

function str(d: Data, key: string): string | undefined {
  const v = d[key];
  return typeof v === 'string' ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function record(v: unknown): Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : {};
}

const FLUSH_REASONS: readonly string[] = ['pre_tasks', 'tasks', 'post_tasks', 'meta', 'forced'];
const DROP_REASONS: readonly string[] = ['host_failed', 'host_unreachable', 'play_ended', 'host_ended', 'play_stopped'];

function isFlushReason(v: string | undefined): v is FlushReason {
  return v !== undefined && FLUSH_REASONS.includes(v);
}
function isDropReason(v: string | undefined): v is DropReason {
  return v !== undefined && DROP_REASONS.includes(v);
}

const RESULT_OUTCOME: Readonly<Record<string, HandlerOutcome>> = {
  runner_on_ok: 'ok',
  runner_on_failed: 'failed',
  runner_on_skipped: 'skipped',
  runner_on_unreachable: 'unreachable',
};

// ------------------------------------------------------------------------------- the model

interface HandlerStart {
  name: string;
  handlerUuid: string;
  listen: string[];
  play: MutablePlay;
}

interface MutableHost {
  host: string;
  entries: TimelineEntry[];
  pending: Map<string, PendingHandler>;
  counts: HostTimeline['counts'];
}

interface MutablePlay {
  uuid: string;
  name: string;
  hosts: Map<string, MutableHost>;
  flushes: FlushPoint[];
}

export class HandlerTimeline {
  private readonly plays: MutablePlay[] = [];
  private readonly playsByUuid = new Map<string, MutablePlay>();
  /** handler_task_start uuid -> the handler it starts. */
  private readonly handlerStarts = new Map<string, HandlerStart>();
  private ver = 0;
  private last = 0;
  private cached: TimelineSnapshot | undefined;

  /** Add one event (counter order). Returns true when the timeline changed. Events seen twice are ignored. */
  add(e: TimelineEventInput): boolean {
    if (e.counter <= this.last) return false;
    this.last = e.counter;
    const changed = this.apply(e);
    if (changed) {
      this.ver++;
      this.cached = undefined;
    }
    return changed;
  }

  /** Add many events; returns true when any of them changed the timeline. */
  addAll(events: Iterable<TimelineEventInput>): boolean {
    let changed = false;
    for (const e of events) if (this.add(e)) changed = true;
    return changed;
  }

  get version(): number {
    return this.ver;
  }

  get lastCounter(): number {
    return this.last;
  }

  /** An immutable copy of the timeline (the same object until the next change). */
  snapshot(): TimelineSnapshot {
    this.cached ??= {
      version: this.ver,
      lastCounter: this.last,
      plays: this.plays.map((p) => ({
        uuid: p.uuid,
        name: p.name,
        flushes: p.flushes.map((f) => ({ ...f, hosts: [...f.hosts], pending: { ...f.pending } })),
        hosts: [...p.hosts.values()].map((h) => ({
          host: h.host,
          entries: [...h.entries],
          pending: [...h.pending.values()],
          counts: { ...h.counts },
        })),
      })),
    };
    return this.cached;
  }

  private apply(e: TimelineEventInput): boolean {
    const d = record(e.event_data);
    switch (e.event) {
      case 'playbook_on_play_start':
        return this.playStart(e, d);
      case 'playbook_on_handler_task_start': {
        const play = this.playOf(d);
        if (!play) return false;
        this.handlerStarts.set(e.uuid, { name: str(d, 'task') ?? '', handlerUuid: str(d, 'task_uuid') ?? '', listen: strings(d['listen']), play });
        return false;
      }
      case 'playbook_on_notify':
        return this.notify(e, d);
      case 'playbook_on_handlers_flush':
        return this.flush(e, d);
      case 'playbook_on_handler_dropped':
        return this.drop(e, d);
      default:
        if (e.event in RESULT_OUTCOME) return this.result(e, d);
        return false;
    }
  }

  private playStart(e: TimelineEventInput, d: Data): boolean {
    const uuid = str(d, 'play_uuid') ?? e.uuid;
    if (this.playsByUuid.has(uuid)) return false; // serial batches share the play
    const play: MutablePlay = { uuid, name: str(d, 'name') ?? str(d, 'play') ?? '', hosts: new Map(), flushes: [] };
    this.plays.push(play);
    this.playsByUuid.set(uuid, play);
    return true;
  }

  /** The play an event belongs to (created on the fly if its play_start was not seen). */
  private playOf(d: Data): MutablePlay | undefined {
    const uuid = str(d, 'play_uuid');
    if (uuid === undefined) return undefined;
    let play = this.playsByUuid.get(uuid);
    if (!play) {
      play = { uuid, name: str(d, 'play') ?? '', hosts: new Map(), flushes: [] };
      this.plays.push(play);
      this.playsByUuid.set(uuid, play);
    }
    return play;
  }

  private hostOf(play: MutablePlay, host: string): MutableHost {
    let h = play.hosts.get(host);
    if (!h) {
      h = { host, entries: [], pending: new Map(), counts: { notified: 0, flushes: 0, ran: 0, failed: 0, skipped: 0, dropped: 0 } };
      play.hosts.set(host, h);
    }
    return h;
  }

  private notify(e: TimelineEventInput, d: Data): boolean {
    const play = this.playOf(d);
    const host = str(d, 'host');
    const handler = str(d, 'handler');
    if (!play || host === undefined || handler === undefined) return false;
    const h = this.hostOf(play, host);
    const handlerUuid = str(d, 'handler_uuid') ?? handler;
    const entry: NotifyEntry = {
      kind: 'notify',
      counter: e.counter,
      uuid: e.uuid,
      host,
      created: e.created ?? '',
      task: str(d, 'task') ?? '',
      fromHandler: e.parent_uuid !== null && this.handlerStarts.has(e.parent_uuid),
      role: str(d, 'role') || undefined,
      handler,
      handlerUuid,
      notifiedAs: str(d, 'notified_as') ?? handler,
      viaListen: d['via_listen'] === true,
    };
    h.entries.push(entry);
    h.counts.notified++;
    if (!h.pending.has(handlerUuid)) h.pending.set(handlerUuid, { handler, handlerUuid, since: e.counter });
    return true;
  }

  private flush(e: TimelineEventInput, d: Data): boolean {
    const play = this.playOf(d);
    const reason = str(d, 'reason');
    if (!play || !isFlushReason(reason)) return false;
    const pendingIn = record(d['pending']);
    const hosts = strings(d['hosts']);
    for (const k of Object.keys(pendingIn)) if (!hosts.includes(k)) hosts.push(k);
    const pending: Record<string, string[]> = {};
    for (const host of hosts) pending[host] = strings(pendingIn[host]);
    play.flushes.push({ counter: e.counter, uuid: e.uuid, reason, hosts, pending });
    for (const host of hosts) {
      const h = this.hostOf(play, host);
      h.entries.push({ kind: 'flush', counter: e.counter, uuid: e.uuid, host, created: e.created ?? '', reason, pending: pending[host] ?? [] });
      h.counts.flushes++;
    }
    return true;
  }

  private result(e: TimelineEventInput, d: Data): boolean {
    if (e.parent_uuid === null) return false;
    const start = this.handlerStarts.get(e.parent_uuid);
    const host = str(d, 'host');
    if (!start || host === undefined) return false;
    const res = record(d['res']);
    let outcome = RESULT_OUTCOME[e.event] ?? 'ok';
    if (outcome === 'ok' && res['changed'] === true) outcome = 'changed';
    const h = this.hostOf(start.play, host);
    const skipReason = outcome === 'skipped' ? (str(res, 'skip_reason') ?? (str(res, 'false_condition') !== undefined ? 'Conditional result was False' : undefined)) : undefined;
    h.entries.push({
      kind: 'run',
      counter: e.counter,
      uuid: e.uuid,
      host,
      created: e.created ?? '',
      handler: start.name,
      handlerUuid: start.handlerUuid,
      listen: start.listen,
      outcome,
      ignored: outcome === 'failed' && d['ignore_errors'] === true,
      skipReason,
      result: res,
    });
    h.counts.ran++;
    if (outcome === 'failed' || outcome === 'unreachable') h.counts.failed++;
    if (outcome === 'skipped') h.counts.skipped++;
    h.pending.delete(start.handlerUuid);
    return true;
  }

  private drop(e: TimelineEventInput, d: Data): boolean {
    const play = this.playOf(d);
    const host = str(d, 'host');
    const handler = str(d, 'handler');
    const reason = str(d, 'reason');
    if (!play || host === undefined || handler === undefined || !isDropReason(reason)) return false;
    const h = this.hostOf(play, host);
    const handlerUuid = str(d, 'handler_uuid') ?? handler;
    h.entries.push({ kind: 'drop', counter: e.counter, uuid: e.uuid, host, created: e.created ?? '', handler, handlerUuid, reason });
    h.counts.dropped++;
    h.pending.delete(handlerUuid);
    return true;
  }
}

// ------------------------------------------------------------------------------- readable text

export const FLUSH_REASON_TEXT: Readonly<Record<FlushReason, string>> = {
  pre_tasks: 'end of pre_tasks',
  tasks: 'end of tasks',
  post_tasks: 'end of post_tasks',
  meta: 'meta: flush_handlers',
  forced: 'forced (force_handlers)',
};

export const DROP_REASON_TEXT: Readonly<Record<DropReason, string>> = {
  host_failed: 'the host failed',
  host_unreachable: 'the host was unreachable',
  host_ended: 'the host ended (meta: end_host)',
  play_stopped: 'the play stopped (no hosts left / any_errors_fatal)',
  play_ended: 'the play ended (meta: end_play)',
};

/** One line of plain text for an entry, e.g. "TASK [restart web] notified handler 'restart nginx' via 'web restarted'". */
export function describeTimelineEntry(e: TimelineEntry): string {
  switch (e.kind) {
    case 'notify': {
      const who = `${e.fromHandler ? 'HANDLER' : 'TASK'} [${e.role && !e.task.includes(' : ') ? `${e.role} : ` : ''}${e.task}]`;
      return `${who} notified handler '${e.handler}'${e.viaListen ? ` via '${e.notifiedAs}'` : ''}`;
    }
    case 'flush':
      return `Flush (${FLUSH_REASON_TEXT[e.reason]}): ${e.pending.length ? `pending ${e.pending.map((p) => `'${p}'`).join(', ')}` : 'nothing pending'}`;
    case 'run': {
      const base = `RUNNING HANDLER [${e.handler}]: ${e.outcome}`;
      if (e.outcome === 'skipped') return `${base}${e.skipReason ? ` (${e.skipReason})` : ''}`;
      if (e.outcome === 'failed') {
        const msg = typeof e.result['msg'] === 'string' && e.result['msg'] ? `: ${e.result['msg']}` : '';
        return `${base}${e.ignored ? ' (ignored)' : ''}${msg}`;
      }
      return base;
    }
    case 'drop':
      return `Handler '${e.handler}' dropped: ${DROP_REASON_TEXT[e.reason]}`;
  }
}
