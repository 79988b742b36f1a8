/**
 * @drover/events' HandlerTimeline fed with REAL engine event streams: each playbook below runs
 * in-process against the loopback SSH fleet (host1..host3) and the timeline built from its events
 * must tell, per host, who notified what (and through which listen topic), the flushes and what was
 * pending, the handler runs with their result, and the drops with their reason.
 *
 *   npx tsc -b && npx vitest run packages/engine/src/tests/handler-timeline.test.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HandlerTimeline, describeTimelineEntry, type JobEvent, type PlayTimeline, type TimelineSnapshot } from '@drover/events';
import { Inventory, loadPlaybook, runPlaybook } from '../index.js';
import { fleetInventory } from './events-run.js';
import { caseInventory } from './harness.js';

let dir = '';

beforeAll(() => {
  fleetInventory();
  dir = mkdtempSync(join(tmpdir(), 'drover-timeline-'));
}, 180_000);

interface Run {
  events: JobEvent[];
  /** The timeline fed one event at a time, as the UI gets them live. */
  live: TimelineSnapshot[];
  timeline: HandlerTimeline;
}

async function run(name: string, yaml: string, opts: { forceHandlers?: boolean } = {}): Promise<Run> {
  const inv = join(dir, 'hosts.ini');
  writeFileSync(inv, caseInventory(fleetInventory(), null));
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, yaml);
  const events: JobEvent[] = [];
  const timeline = new HandlerTimeline();
  const live: TimelineSnapshot[] = [];
  await runPlaybook({
    playbook: await loadPlaybook(file),
    inventory: await Inventory.load([inv]),
    forks: 10,
    forceHandlers: opts.forceHandlers,
    sinks: [
      (e) => {
        events.push(e);
        if (timeline.add(e)) live.push(timeline.snapshot());
      },
    ],
  });
  return { events, live, timeline };
}

/** The readable lines of one host in one play. */
function lines(play: PlayTimeline | undefined, host: string): string[] {
  const h = play?.hosts.find((x) => x.host === host);
  if (!h) throw new Error(`no host ${host} in play ${play?.name}`);
  return h.entries.map(describeTimelineEntry);
}

/** Drop the empty flushes (the pre_tasks flush every host passes, ...) to keep expectations short. */
function busy(xs: string[]): string[] {
  return xs.filter((x) => !x.endsWith('nothing pending'));
}

describe('HandlerTimeline on engine event streams', () => {
  it('notify by name and by listen topic, meta flush_handlers, a handler whose when is false', async () => {
    const r = await run(
      'listen',
      `
- hosts: fleet
  gather_facts: false
  tasks:
    - name: restart web
      command: "true"
      notify: web restarted
    - name: direct
      command: "true"
      notify: cond handler
    - meta: flush_handlers
    - name: again
      command: "true"
      notify: restart nginx
      when: inventory_hostname != 'host3'
  handlers:
    - name: restart nginx
      command: "true"
      listen: web restarted
    - name: cond handler
      debug: { msg: cond }
      when: inventory_hostname == 'host1'
`,
    );
    const play = r.timeline.snapshot().plays[0];
    expect(play?.name).toBe('fleet');
    expect(busy(lines(play, 'host1'))).toEqual([
      "TASK [restart web] notified handler 'restart nginx' via 'web restarted'",
      "TASK [direct] notified handler 'cond handler'",
      "Flush (meta: flush_handlers): pending 'restart nginx', 'cond handler'",
      'RUNNING HANDLER [restart nginx]: changed',
      'RUNNING HANDLER [cond handler]: ok',
      "TASK [again] notified handler 'restart nginx'",
      "Flush (end of tasks): pending 'restart nginx'",
      'RUNNING HANDLER [restart nginx]: changed',
    ]);
    expect(busy(lines(play, 'host3'))).toEqual([
      "TASK [restart web] notified handler 'restart nginx' via 'web restarted'",
      "TASK [direct] notified handler 'cond handler'",
      "Flush (meta: flush_handlers): pending 'restart nginx', 'cond handler'",
      'RUNNING HANDLER [restart nginx]: changed',
      'RUNNING HANDLER [cond handler]: skipped (Conditional result was False)',
    ]);
    expect(play?.flushes.map((f) => f.reason)).toEqual(['pre_tasks', 'meta', 'tasks', 'post_tasks']);
    for (const h of play?.hosts ?? []) expect(h.pending, h.host).toEqual([]);
    // live: the timeline showed host1's pending handlers before the flush ran them
    const beforeFlush = r.live.find((s) => s.plays[0]?.hosts.find((h) => h.host === 'host1')?.pending.length === 2);
    expect(beforeFlush?.plays[0]?.hosts.find((h) => h.host === 'host1')?.pending.map((p) => p.handler)).toEqual(['restart nginx', 'cond handler']);
    // the result of a handler run is the module's result
    const run1 = play?.hosts.find((h) => h.host === 'host1')?.entries.find((e) => e.kind === 'run');
    expect(run1?.kind === 'run' && run1.result['rc']).toBe(0);
  });

  it('a failing host drops its pending handlers; end_host and end_play drop theirs', async () => {
    const r = await run(
      'drops',
      `
- hosts: fleet
  gather_facts: false
  tasks:
    - name: change
      command: "true"
      notify: h
    - name: end host2
      meta: end_host
      when: inventory_hostname == 'host2'
    - name: host3 fails
      command: "false"
      when: inventory_hostname == 'host3'
  handlers:
    - name: h
      debug: { msg: h }
- hosts: host1
  gather_facts: false
  tasks:
    - name: change 2
      command: "true"
      notify: h2
    - name: end the play
      meta: end_play
  handlers:
    - name: h2
      debug: { msg: h2 }
`,
    );
    const [p1, p2] = r.timeline.snapshot().plays;
    expect(busy(lines(p1, 'host1'))).toEqual([
      "TASK [change] notified handler 'h'",
      "Flush (end of tasks): pending 'h'",
      'RUNNING HANDLER [h]: ok',
    ]);
    expect(busy(lines(p1, 'host2'))).toEqual(["TASK [change] notified handler 'h'", "Handler 'h' dropped: the host ended (meta: end_host)"]);
    expect(busy(lines(p1, 'host3'))).toEqual(["TASK [change] notified handler 'h'", "Handler 'h' dropped: the host failed"]);
    expect(busy(lines(p2, 'host1'))).toEqual(["TASK [change 2] notified handler 'h2'", "Handler 'h2' dropped: the play ended (meta: end_play)"]);
    expect(p1?.hosts.find((h) => h.host === 'host3')?.counts).toMatchObject({ notified: 1, ran: 0, dropped: 1 });
  });

  it('force_handlers: the failing host flushes (forced) and then stops', async () => {
    const r = await run(
      'force',
      `
- hosts: fleet
  gather_facts: false
  force_handlers: true
  tasks:
    - name: main change
      command: "true"
      notify: main handler
    - name: host1 fails
      fail: { msg: boom }
      when: inventory_hostname == 'host1'
    - name: after
      command: "true"
      notify: after handler
  handlers:
    - name: main handler
      debug: { msg: main }
    - name: after handler
      debug: { msg: after }
`,
    );
    const play = r.timeline.snapshot().plays[0];
    expect(busy(lines(play, 'host1'))).toEqual([
      "TASK [main change] notified handler 'main handler'",
      "Flush (forced (force_handlers)): pending 'main handler'",
      'RUNNING HANDLER [main handler]: ok',
    ]);
    expect(busy(lines(play, 'host2'))).toEqual([
      "TASK [main change] notified handler 'main handler'",
      "TASK [after] notified handler 'after handler'",
      "Flush (end of tasks): pending 'main handler', 'after handler'",
      'RUNNING HANDLER [main handler]: ok',
      'RUNNING HANDLER [after handler]: ok',
    ]);
  });

  it('a failing handler drops the rest; a handler notifies another (chain)', async () => {
    const r = await run(
      'handler-fails',
      `
- hosts: fleet
  gather_facts: false
  tasks:
    - name: change
      command: "true"
      notify: [first, broken, last]
  handlers:
    - name: first
      command: "true"
      notify: chained
    - name: broken
      command: "false"
      when: inventory_hostname == 'host2'
    - name: chained
      debug: { msg: chained }
    - name: last
      debug: { msg: last }
`,
    );
    const play = r.timeline.snapshot().plays[0];
    const host2 = busy(lines(play, 'host2'));
    expect(host2.slice(0, 6)).toEqual([
      "TASK [change] notified handler 'first'",
      "TASK [change] notified handler 'broken'",
      "TASK [change] notified handler 'last'",
      "Flush (end of tasks): pending 'first', 'broken', 'last'",
      "HANDLER [first] notified handler 'chained'", // the notify event precedes its result
      'RUNNING HANDLER [first]: changed',
    ]);
    expect(host2[6]).toMatch(/^RUNNING HANDLER \[broken\]: failed/);
    expect(host2.slice(7).sort()).toEqual(["Handler 'chained' dropped: the host failed", "Handler 'last' dropped: the host failed"]);
    expect(busy(lines(play, 'host1')).slice(-5)).toEqual([
      "HANDLER [first] notified handler 'chained'",
      'RUNNING HANDLER [first]: changed',
      'RUNNING HANDLER [broken]: skipped (Conditional result was False)',
      'RUNNING HANDLER [chained]: ok',
      'RUNNING HANDLER [last]: ok',
    ]);
    for (const h of play?.hosts ?? []) expect(h.pending, h.host).toEqual([]);
  });
});
