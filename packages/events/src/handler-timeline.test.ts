import { describe, expect, it } from 'vitest';
import { HandlerTimeline, describeTimelineEntry, type TimelineEventInput } from './handler-timeline.js';

/** A tiny event stream builder: counters 1..n, uuids e1..en, play context on every event. */
function stream() {
  const events: TimelineEventInput[] = [];
  let play = { play: 'web', play_uuid: 'p1' };
  const push = (event: string, parent: string | null, data: Record<string, unknown>): string => {
    const n = events.length + 1;
    events.push({ counter: n, uuid: `e${n}`, parent_uuid: parent, event, event_data: { ...play, ...data }, created: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z` });
    return `e${n}`;
  };
  return {
    events,
    play(name: string, uuid: string): string {
      play = { play: name, play_uuid: uuid };
      return push('playbook_on_play_start', 'e0', { name });
    },
    task(name: string, role?: string): string {
      return push('playbook_on_task_start', null, { task: name, task_uuid: `t-${name}`, ...(role ? { role } : {}) });
    },
    handlerStart(name: string, listen: string[] = []): string {
      return push('playbook_on_handler_task_start', null, { task: name, task_uuid: `h-${name}`, listen });
    },
    notify(parent: string, task: string, host: string, handler: string, as = handler, role?: string): string {
      return push('playbook_on_notify', parent, { task, host, handler, handler_uuid: `h-${handler}`, notified_as: as, via_listen: as !== handler, ...(role ? { role } : {}) });
    },
    result(parent: string, event: string, host: string, res: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
      return push(event, parent, { host, res, ...extra });
    },
    flush(reason: string, pending: Record<string, string[]>): string {
      return push('playbook_on_handlers_flush', null, { reason, hosts: Object.keys(pending), pending });
    },
    drop(host: string, handler: string, reason: string): string {
      return push('playbook_on_handler_dropped', null, { host, handler, handler_uuid: `h-${handler}`, reason });
    },
  };
}

describe('HandlerTimeline', () => {
  it('follows a notification through a flush to the handler run, per host', () => {
    const s = stream();
    s.play('web', 'p1');
    const t = s.task('restart web');
    s.notify(t, 'restart web', 'a', 'restart nginx', 'web restarted');
    s.result(t, 'runner_on_ok', 'a', { changed: true });
    s.notify(t, 'restart web', 'b', 'restart nginx', 'web restarted');
    s.result(t, 'runner_on_ok', 'b', { changed: true });
    const tl = new HandlerTimeline();
    tl.addAll(s.events);
    let a = tl.snapshot().plays[0]!.hosts.find((h) => h.host === 'a')!;
    expect(a.pending.map((p) => p.handler)).toEqual(['restart nginx']);

    s.flush('tasks', { a: ['restart nginx'], b: ['restart nginx'] });
    const h = s.handlerStart('restart nginx', ['web restarted']);
    s.result(h, 'runner_on_ok', 'a', { changed: true, msg: 'done' });
    s.result(h, 'runner_on_failed', 'b', { changed: false, msg: 'boom' }, { ignore_errors: false });
    tl.addAll(s.events);

    const snap = tl.snapshot();
    expect(snap.plays).toHaveLength(1);
    expect(snap.plays[0]!.flushes).toEqual([{ counter: 7, uuid: 'e7', reason: 'tasks', hosts: ['a', 'b'], pending: { a: ['restart nginx'], b: ['restart nginx'] } }]);
    a = snap.plays[0]!.hosts.find((x) => x.host === 'a')!;
    const b = snap.plays[0]!.hosts.find((x) => x.host === 'b')!;
    expect(a.entries.map(describeTimelineEntry)).toEqual([
      "TASK [restart web] notified handler 'restart nginx' via 'web restarted'",
      "Flush (end of tasks): pending 'restart nginx'",
      'RUNNING HANDLER [restart nginx]: changed',
    ]);
    expect(b.entries.map(describeTimelineEntry)[2]).toBe('RUNNING HANDLER [restart nginx]: failed: boom');
    expect(a.pending).toEqual([]);
    expect(b.pending).toEqual([]);
    expect(b.counts).toEqual({ notified: 1, flushes: 1, ran: 1, failed: 1, skipped: 0, dropped: 0 });
    const run = a.entries[2]!;
    expect(run.kind === 'run' && run.listen).toEqual(['web restarted']);
    expect(run.kind === 'run' && run.result).toEqual({ changed: true, msg: 'done' });
  });

  it('records drops with their reason and clears the pending handler', () => {
    const s = stream();
    s.play('p', 'p1');
    const t = s.task('change');
    s.notify(t, 'change', 'a', 'h');
    s.notify(t, 'change', 'b', 'h');
    s.drop('b', 'h', 'host_failed');
    const tl = new HandlerTimeline();
    tl.addAll(s.events);
    const [a, b] = tl.snapshot().plays[0]!.hosts;
    expect(a!.pending.map((p) => p.handler)).toEqual(['h']);
    expect(b!.pending).toEqual([]);
    expect(describeTimelineEntry(b!.entries[1]!)).toBe("Handler 'h' dropped: the host failed");
    expect(b!.counts.dropped).toBe(1);
  });

  it('shows a handler whose when is false as skipped with the reason', () => {
    const s = stream();
    s.play('p', 'p1');
    const h = s.handlerStart('cond');
    s.result(h, 'runner_on_skipped', 'a', { changed: false, skip_reason: 'Conditional result was False' });
    const tl = new HandlerTimeline();
    tl.addAll(s.events);
    const e = tl.snapshot().plays[0]!.hosts[0]!.entries[0]!;
    expect(e.kind === 'run' && e.outcome).toBe('skipped');
    expect(describeTimelineEntry(e)).toBe('RUNNING HANDLER [cond]: skipped (Conditional result was False)');
  });

  it('marks notifications made by a handler, role tasks and ignored handler failures', () => {
    const s = stream();
    s.play('p', 'p1');
    const t = s.task('install', 'nginx');
    s.notify(t, 'install', 'a', 'nginx : restart', 'nginx : restart', 'nginx');
    const h = s.handlerStart('first');
    s.notify(h, 'first', 'a', 'second');
    s.result(h, 'runner_on_failed', 'a', { msg: 'x' }, { ignore_errors: true });
    const tl = new HandlerTimeline();
    tl.addAll(s.events);
    const text = tl.snapshot().plays[0]!.hosts[0]!.entries.map(describeTimelineEntry);
    expect(text).toEqual([
      "TASK [nginx : install] notified handler 'nginx : restart'",
      "HANDLER [first] notified handler 'second'",
      'RUNNING HANDLER [first]: failed (ignored): x',
    ]);
  });

  it('is incremental: ignores replays, keeps the snapshot until something changes, and separates plays', () => {
    const s = stream();
    s.play('one', 'p1');
    const t1 = s.task('x');
    s.notify(t1, 'x', 'a', 'h1');
    const tl = new HandlerTimeline();
    expect(tl.addAll(s.events)).toBe(true);
    const v = tl.version;
    const snap = tl.snapshot();
    expect(tl.addAll(s.events)).toBe(false); // same counters again
    expect(tl.snapshot()).toBe(snap);
    s.result(t1, 'runner_on_ok', 'a', { changed: true }); // not a handler result: no change
    expect(tl.addAll(s.events)).toBe(false);
    expect(tl.version).toBe(v);
    s.drop('a', 'h1', 'play_ended');
    s.play('two', 'p2');
    const t2 = s.task('y');
    s.notify(t2, 'y', 'a', 'h2');
    expect(tl.addAll(s.events)).toBe(true);
    const next = tl.snapshot();
    expect(next).not.toBe(snap);
    expect(next.plays.map((p) => p.name)).toEqual(['one', 'two']);
    expect(next.plays[1]!.hosts[0]!.pending.map((p) => p.handler)).toEqual(['h2']);
    expect(snap.plays[0]!.hosts[0]!.entries).toHaveLength(1); // old snapshots are not mutated
  });

  it('ignores malformed handler events instead of throwing', () => {
    const tl = new HandlerTimeline();
    expect(tl.add({ counter: 1, uuid: 'u', parent_uuid: null, event: 'playbook_on_notify', event_data: { host: 3 } })).toBe(false);
    expect(tl.add({ counter: 2, uuid: 'v', parent_uuid: null, event: 'playbook_on_handlers_flush', event_data: { play_uuid: 'p', reason: 'whenever' } })).toBe(false);
    expect(tl.snapshot().plays.every((p) => p.hosts.length === 0)).toBe(true);
  });
});
