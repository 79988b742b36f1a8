/**
 * The job event model over whole runs: every fixture in packages/engine/test/fixtures/events is
 * run in-process against the loopback SSH fleet and its event stream is checked for the model's
 * invariants (numbering, uuids, the parent tree, schema validity, stats last), for a recap that
 * matches the runner events, and for a balanced handler ledger. model.yml is also checked against
 * the recap real ansible-playbook 2.14 printed for it.
 *
 *   npx tsc -b && npx vitest run packages/engine/src/tests/events-model.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJobEvent } from '@drover/events';
import {
  childrenOf,
  fleetInventory,
  indexOf,
  ledgerProblems,
  ofType,
  runEvents,
  statsFromResults,
  statsPerHost,
  streamProblems,
  taskStart,
  type EventRun,
  type RunOpts,
} from './events-run.js';

const GHOST = 'ghost ansible_host=127.0.0.99';

/** Fixtures that run to the end (a recap), with the options they need. */
const COMPLETE: Array<[string, RunOpts?]> = [
  ['notify-basics.yml'],
  ['notify-loop.yml'],
  ['chains.yml'],
  ['force.yml'],
  ['force-handler-fails.yml'],
  ['drops.yml'],
  ['serial.yml'],
  ['fatal.yml'],
  ['handler-fails.yml'],
  ['roles.yml'],
  ['duplicates.yml'],
  ['blocks.yml'],
  ['blocks.yml', { forceHandlers: true }],
  ['include-handler.yml'],
  ['names.yml'],
  ['role-shadow.yml'],
  ['include-role.yml'],
  ['model.yml', { extraHosts: [GHOST] }],
];
/** Fixtures whose run rejects with an error (no recap). */
const ERRORS = ['missing.yml', 'flush-as-handler.yml'];

beforeAll(() => {
  fleetInventory();
}, 180_000);

describe('event stream invariants, every fixture', () => {
  for (const [file, opts] of COMPLETE) {
    const label = `${file}${opts?.forceHandlers ? ' (forceHandlers)' : ''}`;
    it(`${label}: numbered, unique, well-parented, valid, stats last; recap and handler ledger agree with the events`, async () => {
      const run = await runEvents(file, opts);
      expect(run.error).toBeUndefined();
      expect(streamProblems(run.events, parseJobEvent, { complete: true })).toEqual([]);
      const stats = ofType(run.events, 'playbook_on_stats')[0]!;
      expect(statsPerHost(stats)).toEqual(statsFromResults(run.events));
      // processed = every host with a counted result
      expect(Object.keys(stats.event_data.processed).sort()).toEqual(Object.keys(statsFromResults(run.events)).sort());
      expect(ledgerProblems(run.events)).toEqual([]);
    });
  }
  for (const file of ERRORS) {
    it(`${file}: a run that stops with an error still has a valid stream, and no stats`, async () => {
      const run = await runEvents(file);
      expect(run.error).toBeDefined();
      expect(streamProblems(run.events, parseJobEvent, { complete: false })).toEqual([]);
    });
  }
});

describe('model.yml: one run with every recap counter', () => {
  let run: EventRun;
  beforeAll(async () => {
    run = await runEvents('model.yml', { extraHosts: [GHOST] });
  });

  it('playbook_on_stats matches the recap ansible-playbook 2.14 printed (exit 4)', () => {
    // PLAY RECAP of ansible-playbook 2.14.18 for the same playbook and inventory:
    // ghost ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0
    // host1 ok=5 changed=1 unreachable=0 failed=1 skipped=2 rescued=0 ignored=0
    // host2 ok=7 changed=1 unreachable=0 failed=0 skipped=2 rescued=0 ignored=1
    // host3 ok=8 changed=1 unreachable=0 failed=0 skipped=1 rescued=1 ignored=0
    expect(run.exitCode).toBe(4);
    const d = ofType(run.events, 'playbook_on_stats')[0]!.event_data;
    const nz = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== 0));
    expect(nz(d.ok)).toEqual({ host1: 5, host2: 7, host3: 8 });
    expect(nz(d.changed)).toEqual({ host1: 1, host2: 1, host3: 1 });
    expect(nz(d.dark)).toEqual({ ghost: 1 });
    expect(nz(d.failures)).toEqual({ host1: 1 });
    expect(nz(d.skipped)).toEqual({ host1: 2, host2: 2, host3: 1 });
    expect(nz(d.rescued)).toEqual({ host3: 1 });
    expect(nz(d.ignored)).toEqual({ host2: 1 });
    expect(Object.keys(d.processed).sort()).toEqual(['ghost', 'host1', 'host2', 'host3']);
  });

  it('the playbook and play events carry their context', () => {
    const [start] = run.events;
    expect(start?.event).toBe('playbook_on_start');
    const sd = (start as Extract<typeof start, { event: 'playbook_on_start' }>).event_data;
    expect(sd.playbook).toMatch(/fixtures\/events\/model\.yml$/);
    expect(sd.playbook_uuid).toBe(start!.uuid);
    expect(sd.check).toBe(false);
    const plays = ofType(run.events, 'playbook_on_play_start');
    expect(plays).toHaveLength(1);
    expect(plays[0]!.event_data).toMatchObject({ name: 'all', play: 'all', play_pattern: 'all', playbook_uuid: sd.playbook_uuid });
    for (const e of run.events.slice(1)) expect((e.event_data as { playbook_uuid?: string }).playbook_uuid ?? sd.playbook_uuid).toBe(sd.playbook_uuid);
  });

  it('task starts are not conditional and carry action and path', () => {
    const t = taskStart(run.events, 'change');
    expect(t.event_data).toMatchObject({ task: 'change', task_action: 'command', is_conditional: false });
    expect(t.event_data.task_path).toMatch(/model\.yml:\d+$/);
  });

  it('an unreachable host gets runner_on_unreachable and nothing after it', () => {
    const unr = ofType(run.events, 'runner_on_unreachable');
    expect(unr.map((e) => e.event_data.host)).toEqual(['ghost']);
    expect(unr[0]!.parent_uuid).toBe(taskStart(run.events, 'change').uuid);
    const after = run.events.slice(indexOf(run.events, unr[0]!) + 1);
    expect(after.filter((e) => (e.event_data as { host?: string }).host === 'ghost')).toEqual([]);
  });

  it('loop items: runner_item_on_* under the task start with item_label (loop_control.label), before the host summary', () => {
    const items = taskStart(run.events, 'items');
    const kids = childrenOf(run.events, items);
    const itemEvents = ofType(kids, 'runner_item_on_ok');
    expect(itemEvents.map((e) => `${e.event_data.host} ${e.event_data.item_label}`).sort()).toEqual([
      'host1 n=1', 'host1 n=2', 'host2 n=1', 'host2 n=2', 'host3 n=1', 'host3 n=2',
    ]);
    for (const host of ['host1', 'host2', 'host3']) {
      const summary = ofType(kids, 'runner_on_ok').filter((e) => e.event_data.host === host);
      expect(summary).toHaveLength(1);
      const last = Math.max(...itemEvents.filter((e) => e.event_data.host === host).map((e) => indexOf(run.events, e)));
      expect(last).toBeLessThan(indexOf(run.events, summary[0]!));
    }
  });

  it('loop items: ok, skipped and failed items; the failed item makes the task failed (ignored)', () => {
    const kids = childrenOf(run.events, taskStart(run.events, 'plain items'));
    const items = kids
      .filter((e) => e.event.startsWith('runner_item_on_'))
      .map((e) => `${(e.event_data as { host: string }).host} ${e.event.replace('runner_item_on_', '')} ${(e.event_data as { item_label: string }).item_label}`)
      .sort();
    expect(items).toEqual([
      'host1 ok true', 'host1 skipped false',
      'host2 failed false', 'host2 ok true',
      'host3 ok true', 'host3 skipped false',
    ]);
    const failed = ofType(kids, 'runner_on_failed');
    expect(failed.map((e) => [e.event_data.host, e.event_data.ignore_errors])).toEqual([['host2', true]]);
  });

  it('playbook_on_include hangs under the include task and lists the hosts; its tasks follow', () => {
    const inc = ofType(run.events, 'playbook_on_include');
    expect(inc).toHaveLength(1);
    expect(inc[0]!.parent_uuid).toBe(taskStart(run.events, 'include_tasks').uuid);
    expect(inc[0]!.event_data.included_file).toMatch(/included\.yml$/);
    expect([...inc[0]!.event_data.hosts].sort()).toEqual(['host1', 'host2', 'host3']);
    expect(indexOf(run.events, taskStart(run.events, 'included task'))).toBeGreaterThan(indexOf(run.events, inc[0]!));
  });

  it('the rescued failure is followed by the rescue task; the unrescued one drops the host\'s handler', () => {
    const fail = ofType(childrenOf(run.events, taskStart(run.events, 'fails in block')), 'runner_on_failed');
    expect(fail.map((e) => e.event_data.host)).toEqual(['host3']);
    expect(ofType(childrenOf(run.events, taskStart(run.events, 'rescuing')), 'runner_on_ok').map((e) => e.event_data.host)).toEqual(['host3']);
    const dropped = ofType(run.events, 'playbook_on_handler_dropped');
    expect(dropped.map((e) => [e.event_data.host, e.event_data.handler, e.event_data.reason])).toEqual([['host1', 'h', 'host_failed']]);
  });
});

describe('include_role of a missing role', () => {
  // ansible-playbook 2.14 prints `ERROR! the role 'no_such_role' was not found ...`, runs nothing
  // more for the host, lists no host in the recap and exits 2.
  it('fails the host: exit 2, nothing after it, no counted result', async () => {
    const run = await runEvents('include-role-missing.yml');
    expect(run.error).toBeUndefined();
    expect(run.exitCode).toBe(2);
    expect(ofType(run.events, 'playbook_on_task_start').map((e) => e.event_data.task)).toEqual(['include a missing role']);
    const err = ofType(run.events, 'error');
    expect(err).toHaveLength(1);
    expect(err[0]!.event_data.message).toMatch(/the role 'no_such_role' was not found/);
    expect(Object.keys(ofType(run.events, 'playbook_on_stats')[0]!.event_data.processed)).toEqual([]);
  });

  // The `error` event for an included role that cannot be loaded hangs under the include_role task.
  it('its error event is parented like every other event', async () => {
    const run = await runEvents('include-role-missing.yml');
    expect(streamProblems(run.events, parseJobEvent, { complete: true })).toEqual([]);
  });
});

describe('the checkers themselves', () => {
  it('report broken numbering, parents, schema, stats and ledger', async () => {
    const run = await runEvents('handler-fails.yml');
    const clone = () => JSON.parse(JSON.stringify(run.events)) as typeof run.events;
    expect(streamProblems(run.events, parseJobEvent, { complete: true })).toEqual([]);

    const gap = clone();
    gap.splice(5, 1);
    expect(streamProblems(gap, parseJobEvent, { complete: true }).join('\n')).toMatch(/counter/);

    const orphan = clone();
    orphan[6]!.parent_uuid = 'nope';
    expect(streamProblems(orphan, parseJobEvent, { complete: true }).join('\n')).toMatch(/not an earlier event/);

    const forward = clone();
    forward[3]!.parent_uuid = forward[10]!.uuid;
    expect(streamProblems(forward, parseJobEvent, { complete: true }).join('\n')).toMatch(/not an earlier event/);

    const invalid = clone();
    (invalid[4]!.event_data as Record<string, unknown>)['host'] = 42;
    expect(streamProblems(invalid, parseJobEvent, { complete: true }).join('\n')).toMatch(/parseJobEvent rejects/);

    const noStats = clone().slice(0, -1);
    expect(streamProblems(noStats, parseJobEvent, { complete: true }).join('\n')).toMatch(/playbook_on_stats/);

    const lostDrop = clone().filter((e) => e.event !== 'playbook_on_handler_dropped').map((e, i) => ({ ...e, counter: i + 1 }));
    expect(ledgerProblems(lostDrop)).toEqual(['second@host2: notified 1, ran 0, dropped 0', 'third@host2: notified 1, ran 0, dropped 0']);

    const stats = ofType(clone(), 'playbook_on_stats')[0]!;
    stats.event_data.ok['host1'] = 99;
    expect(statsPerHost(stats)).not.toEqual(statsFromResults(run.events));
  });
});
