/**
 * Ansible's handler rules (/work/shared/docs/ansible-handlers.md), asserted on drover's job event
 * stream: playbook_on_notify, playbook_on_handler_task_start, and the handler ledger events
 * playbook_on_handlers_flush and playbook_on_handler_dropped. Each fixture in
 * packages/engine/test/fixtures/events runs in-process against the loopback SSH fleet; what each
 * one does under real ansible-playbook 2.14 is described at its top (and was checked with it).
 *
 *   npx tsc -b && npx vitest run packages/engine/src/tests/events-handlers.test.ts
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseJobEvent, type JobEvent } from '@drover/events';
import { DroverError } from '../index.js';
import {
  childrenOf,
  drops,
  fleetInventory,
  flushes,
  handlerRunsByHost,
  handlerStarts,
  indexOf,
  ledgerProblems,
  notifies,
  ofType,
  Relay,
  relayHostLine,
  resultHosts,
  runEvents,
  streamProblems,
  taskStart,
  type EventRun,
} from './events-run.js';

beforeAll(() => {
  fleetInventory();
}, 180_000);

const sorted = (xs: readonly string[]) => [...xs].sort();

/** Notify events under the start event of task `name`, as handler@host, sorted. */
function notifiesUnder(events: readonly JobEvent[], start: JobEvent): string[] {
  return sorted(notifies(childrenOf(events, start)));
}

/** A runner result (runner_on_ok/failed/skipped/unreachable; not runner_on_start). */
function isResult(e: JobEvent): boolean {
  return e.event.startsWith('runner_on_') && e.event !== 'runner_on_start';
}

/** Handler start names in emission order. */
function startNames(events: readonly JobEvent[]): string[] {
  return handlerStarts(events).map((e) => e.event_data.task);
}

describe('playbook_on_notify', () => {
  let run: EventRun;
  beforeAll(async () => {
    run = await runEvents('notify-basics.yml');
  });

  it('is emitted under the notifying task, once per host per handler, even when notified twice', () => {
    const t = taskStart(run.events, 'changed'); // notify: [h1, h1]
    const n = ofType(childrenOf(run.events, t), 'playbook_on_notify');
    expect(sorted(n.map((e) => `${e.event_data.handler}@${e.event_data.host}`))).toEqual(['h1@host1', 'h1@host2', 'h1@host3']);
    for (const e of n) {
      expect(e.parent_uuid).toBe(t.uuid);
      expect(e.event_data).toMatchObject({ task: 'changed', task_uuid: t.event_data.task_uuid, handler: 'h1', notified_as: 'h1', via_listen: false });
    }
    // notifying an already-pending handler again emits nothing
    expect(notifiesUnder(run.events, taskStart(run.events, 'changed again'))).toEqual([]);
  });

  it('precedes the runner result of the same host', () => {
    for (const n of ofType(run.events, 'playbook_on_notify')) {
      const res = childrenOf(run.events, run.events.find((e) => e.uuid === n.parent_uuid)!).find(
        (e) => isResult(e) && (e.event_data as { host: string }).host === n.event_data.host,
      );
      expect(res, `result for ${n.event_data.host}`).toBeDefined();
      expect(indexOf(run.events, n)).toBeLessThan(indexOf(run.events, res!));
    }
  });

  it('is not emitted for unchanged, skipped, failed or ignored-failed results', () => {
    for (const name of ['unchanged', 'skipped', 'failed ignored', 'host3 fails']) {
      expect(notifiesUnder(run.events, taskStart(run.events, name)), name).toEqual([]);
    }
    const all = notifies(run.events).map((s) => s.split('@')[0]);
    for (const h of ['never1', 'never2', 'never3', 'never4']) expect(all).not.toContain(h);
    for (const h of ['never1', 'never2', 'never3', 'never4']) expect(startNames(run.events)).not.toContain(h);
  });

  it('is emitted for a failure that failed_when: false turned into a changed ok result', () => {
    expect(notifiesUnder(run.events, taskStart(run.events, 'failed_when false'))).toEqual(['fw@host2']);
  });

  it('reaches every listener of a topic (via_listen, notified_as = topic) and the handler of that name', () => {
    const n = ofType(childrenOf(run.events, taskStart(run.events, 'topic')), 'playbook_on_notify');
    const got = n.map((e) => [e.event_data.host, e.event_data.handler, e.event_data.notified_as, e.event_data.via_listen]);
    expect(got.sort()).toEqual([
      ['host1', 'l1', 'restart stack', true],
      ['host1', 'l2', 'restart stack', true],
      ['host1', 'restart stack', 'restart stack', false],
    ]);
  });

  it('handler_uuid is the task_uuid of that handler\'s playbook_on_handler_task_start', () => {
    const byName = new Map(handlerStarts(run.events).map((s) => [s.event_data.task, s.event_data.task_uuid]));
    const n = ofType(run.events, 'playbook_on_notify');
    expect(n.length).toBeGreaterThan(0);
    for (const e of n) expect(e.event_data.handler_uuid).toBe(byName.get(e.event_data.handler));
  });

  it('loop items notify (templated per item); unchanged items of a changed loop too; skipped items and failed loops do not', async () => {
    const r = await runEvents('notify-loop.yml');
    const loop = taskStart(r.events, 'loop');
    expect(notifiesUnder(r.events, loop)).toEqual([
      'restart a@host1', 'restart a@host2', 'restart a@host3',
      'restart b@host1', 'restart b@host2', 'restart b@host3',
      'restart c@host1',
    ]);
    for (const e of ofType(childrenOf(r.events, loop), 'playbook_on_notify')) {
      expect(e.event_data.notified_as).toBe(e.event_data.handler);
      expect(e.event_data.via_listen).toBe(false);
    }
    expect(notifiesUnder(r.events, taskStart(r.events, 'loop all unchanged'))).toEqual([]);
    expect(notifiesUnder(r.events, taskStart(r.events, 'loop item fails'))).toEqual([]);
    expect(handlerRunsByHost(r.events)).toEqual({
      host1: ['restart c', 'restart b', 'restart a'],
      host2: ['restart b', 'restart a'],
      host3: ['restart b', 'restart a'],
    });
  });

  it('handler -> handler: notifications made by a handler hang under its handler start', async () => {
    const r = await runEvents('chains.yml');
    const starts = handlerStarts(r.events);
    const middle = starts.filter((s) => s.event_data.task === 'middle');
    const late = starts.filter((s) => s.event_data.task === 'late');
    // meta flush (host1, host2): late already pending, so only `early` is new
    expect(notifiesUnder(r.events, middle[0]!)).toEqual(['early@host1', 'early@host2']);
    expect(notifiesUnder(r.events, late[0]!)).toEqual(['last@host1', 'last@host2']);
    // end of tasks (host3, which skipped the meta flush)
    expect(notifiesUnder(r.events, middle[1]!)).toEqual(['early@host3']);
    expect(notifiesUnder(r.events, late[1]!)).toEqual(['last@host3']);
    // post_tasks: late was consumed, so it is notified anew on every host
    expect(notifiesUnder(r.events, middle[2]!)).toEqual([
      'early@host1', 'early@host2', 'early@host3', 'late@host1', 'late@host2', 'late@host3',
    ]);
    for (const n of ofType(r.events, 'playbook_on_notify')) {
      const parent = r.events.find((e) => e.uuid === n.parent_uuid)!;
      expect(n.event_data.task_uuid).toBe((parent.event_data as { task_uuid: string }).task_uuid);
      if (parent.event === 'playbook_on_handler_task_start') expect(n.event_data.task).toBe(parent.event_data.task);
    }
  });

  it('a templated handler name is notified and shown rendered; a handler notifying itself runs once', async () => {
    const r = await runEvents('names.yml');
    expect(notifiesUnder(r.events, taskStart(r.events, 'change'))).toEqual([
      'restart nginx@host1', 'restart nginx@host2', 'restart nginx@host3',
      'selfish@host1', 'selfish@host2', 'selfish@host3',
    ]);
    expect(startNames(r.events)).toEqual(['restart nginx', 'selfish']);
    const selfish = handlerStarts(r.events)[1]!;
    expect(resultHosts(r.events, selfish, 'runner_on_ok')).toEqual(['host1', 'host2', 'host3']);
    // the self-notification is not recorded (the host is still notified while it runs), so no event
    expect(notifiesUnder(r.events, selfish)).toEqual([]);
    expect(drops(r.events)).toEqual([]);
  });

  it('role handlers: shown as `role : name`, reached by plain name, prefixed name and (unprefixed) topic', async () => {
    const r = await runEvents('roles.yml');
    const got = (task: string) =>
      ofType(childrenOf(r.events, taskStart(r.events, task)), 'playbook_on_notify').map((e) => [
        e.event_data.host, e.event_data.handler, e.event_data.notified_as, e.event_data.via_listen,
      ]);
    expect(got('web : configure web').sort()).toEqual([
      ['host1', 'web : restart web', 'restart web', false],
      ['host2', 'web : restart web', 'restart web', false],
      ['host3', 'web : restart web', 'restart web', false],
    ]);
    expect(got('prefixed')).toEqual([['host2', 'web : reload web', 'web : reload web', false]]);
    expect(got('topic')).toEqual([['host3', 'web : reload web', 'web changed', true]]);
    expect(got('play handler')).toEqual([['host1', 'play handler', 'play handler', false]]);
    // role handlers run before the play's own
    expect(startNames(r.events)).toEqual(['web : restart web', 'web : reload web', 'play handler']);
    const reload = handlerStarts(r.events).find((s) => s.event_data.task === 'web : reload web')!;
    expect(reload.event_data).toMatchObject({ role: 'web', listen: ['web changed'], is_conditional: true });
    expect(reload.event_data.task_path).toMatch(/roles\/web\/handlers\/main\.yml:\d+$/);
  });

  it('a play handler shadows a role handler of the same plain name; the prefixed name reaches the role\'s', async () => {
    const r = await runEvents('role-shadow.yml');
    const got = (task: string) =>
      ofType(childrenOf(r.events, taskStart(r.events, task)), 'playbook_on_notify').map((e) => `${e.event_data.host} ${e.event_data.handler} <- ${e.event_data.notified_as}`);
    // the role's own task notifies `restart web`: the play's handler (the later block) gets it
    expect(sorted(got('web : configure web'))).toEqual([
      'host1 restart web <- restart web', 'host2 restart web <- restart web', 'host3 restart web <- restart web',
    ]);
    expect(got('prefixed')).toEqual(['host2 web : restart web <- web : restart web']);
    expect(handlerRunsByHost(r.events)).toEqual({
      host1: ['restart web'],
      host2: ['web : restart web', 'restart web'],
      host3: ['restart web'],
    });
    const msgs = ofType(r.events, 'runner_on_ok').filter((e) => e.event_data.is_conditional).map((e) => `${e.event_data.task}=${String(e.event_data.res['msg'])}`);
    expect(new Set(msgs)).toEqual(new Set(['web : restart web=role handler', 'restart web=play handler']));
  });

  it('include_role: the role\'s handlers join at run time, after the play\'s own, and are ledgered like the rest', async () => {
    const r = await runEvents('include-role.yml');
    expect(notifiesUnder(r.events, taskStart(r.events, 'web : configure web'))).toEqual([
      'web : restart web@host1', 'web : restart web@host2', 'web : restart web@host3',
    ]);
    expect(flushes(r.events).find((f) => f.reason === 'tasks')!.pending).toEqual({
      host1: ['play handler', 'web : restart web'],
      host2: ['play handler', 'web : restart web'],
    });
    expect(startNames(r.events)).toEqual(['play handler', 'web : restart web']);
    expect(drops(r.events)).toEqual(['host_failed host3 play handler', 'host_failed host3 web : restart web']);
  });
});

describe('playbook_on_handler_task_start', () => {
  it('marks handler runs (is_conditional, listen topics) under the play; task starts are not conditional', async () => {
    const r = await runEvents('notify-basics.yml');
    const play = ofType(r.events, 'playbook_on_play_start')[0]!;
    for (const s of handlerStarts(r.events)) {
      expect(s.parent_uuid).toBe(play.uuid);
      expect(s.event_data.is_conditional).toBe(true);
      expect(s.event_data.task_action).toBe('debug');
    }
    const listen = Object.fromEntries(handlerStarts(r.events).map((s) => [s.event_data.task, s.event_data.listen]));
    expect(listen).toEqual({ l2: ['restart stack'], h1: [], l1: ['other', 'restart stack'], 'restart stack': [], fw: [] });
    for (const t of ofType(r.events, 'playbook_on_task_start')) expect(t.event_data.is_conditional).toBe(false);
  });

  it('starts handlers in definition order, whatever the notification order; results hang under the start', async () => {
    const r = await runEvents('notify-basics.yml');
    // definition order: never1, l2, h1, never2..4, l1, restart stack, fw
    expect(startNames(r.events)).toEqual(['l2', 'h1', 'l1', 'restart stack', 'fw']);
    const h1 = handlerStarts(r.events).find((s) => s.event_data.task === 'h1')!;
    expect(resultHosts(r.events, h1, 'runner_on_ok')).toEqual(['host1', 'host2']);
    const res = ofType(childrenOf(r.events, h1), 'runner_on_ok');
    for (const e of res) expect(e.event_data).toMatchObject({ task: 'h1', task_uuid: h1.event_data.task_uuid, is_conditional: true });

    const c = await runEvents('chains.yml'); // kick off notifies [late, middle]
    expect(startNames(c.events)).toEqual([
      'middle', 'late', 'last', // meta flush: host1, host2
      'early', 'middle', 'late', 'last', // end of tasks: early for host1/2, the chain for host3
      'early', 'middle', 'late', 'last', // post_tasks
    ]);
    expect(handlerRunsByHost(c.events)).toEqual({
      host1: ['middle', 'late', 'last', 'early', 'middle', 'late', 'last'],
      host2: ['middle', 'late', 'last', 'early', 'middle', 'late', 'last'],
      host3: ['middle', 'late', 'last', 'early', 'middle', 'late', 'last'],
    });
  });

  it('a handler skipped by `when` reports runner_on_skipped under its start and is consumed', async () => {
    const r = await runEvents('handler-fails.yml');
    const third = handlerStarts(r.events).find((s) => s.event_data.task === 'third')!;
    expect(resultHosts(r.events, third, 'runner_on_skipped')).toEqual(['host1', 'host3']);
    expect(drops(r.events)).not.toContain('host_failed host1 third');
  });

  it('include_tasks as a handler: the included tasks start as handlers in the same flush, before later handlers', async () => {
    const r = await runEvents('include-handler.yml');
    expect(startNames(r.events)).toEqual(['run included handlers', 'step one', 'step two', 'after include']);
    const inc = ofType(r.events, 'playbook_on_include')[0]!;
    expect(inc.parent_uuid).toBe(handlerStarts(r.events)[0]!.uuid);
    expect(sorted(inc.event_data.hosts)).toEqual(['host1', 'host2', 'host3']);
    expect(handlerRunsByHost(r.events)).toEqual({
      host1: ['run included handlers', 'step one', 'step two', 'after include'],
      host2: ['run included handlers', 'step one'],
      host3: ['run included handlers', 'step one', 'step two', 'after include'],
    });
  });

  it('serial: each batch runs its own flush, so a handler starts once per batch', async () => {
    const r = await runEvents('serial.yml');
    const plays = ofType(r.events, 'playbook_on_play_start');
    expect(plays).toHaveLength(2);
    const starts = handlerStarts(r.events);
    expect(starts).toHaveLength(2);
    expect(starts.map((s) => s.parent_uuid)).toEqual(plays.map((p) => p.uuid));
    expect(resultHosts(r.events, starts[0]!)).toEqual(['host1', 'host2']);
    expect(resultHosts(r.events, starts[1]!)).toEqual(['host3']);
    expect(indexOf(r.events, starts[0]!)).toBeLessThan(indexOf(r.events, plays[1]!));
    expect(flushes(r.events).map((f) => `${f.reason} ${f.hosts.join(',')}`)).toEqual([
      'pre_tasks host1,host2', 'tasks host1,host2', 'post_tasks host1,host2',
      'pre_tasks host3', 'tasks host3', 'post_tasks host3',
    ]);
  });

  it('any_errors_fatal: after the failure no handler starts, no task starts, no later play', async () => {
    const r = await runEvents('fatal.yml');
    expect(r.exitCode).toBe(2);
    const fail = ofType(r.events, 'runner_on_failed');
    expect(fail.map((e) => e.event_data.host)).toEqual(['host3']);
    const after = r.events.slice(indexOf(r.events, fail[0]!) + 1);
    expect(after.filter((e) => e.event.endsWith('task_start') || e.event === 'playbook_on_play_start')).toEqual([]);
    expect(after.some((e) => e.event === 'playbook_on_no_hosts_remaining')).toBe(true);
    expect(after.some((e) => e.event === 'playbook_on_handlers_flush')).toBe(false);
    // the handler ran once, at the explicit flush before the failure; the second notification is lost on every host
    expect(startNames(r.events)).toEqual(['lost handler']);
    const lost = ofType(r.events, 'playbook_on_handler_dropped');
    expect(sorted(lost.map((e) => `${e.event_data.host} ${e.event_data.handler}`))).toEqual([
      'host1 lost handler', 'host2 lost handler', 'host3 lost handler',
    ]);
    expect(lost.find((e) => e.event_data.host === 'host3')!.event_data.reason).toBe('host_failed');
    // host1 and host2 did not fail themselves: the play was stopped for them
    for (const e of lost) expect(['host_failed', 'play_stopped']).toContain(e.event_data.reason);
  });
});

describe('playbook_on_handlers_flush', () => {
  it('marks the implicit flush points (pre_tasks, tasks, post_tasks) with what each host had pending', async () => {
    const r = await runEvents('notify-basics.yml');
    const play = ofType(r.events, 'playbook_on_play_start')[0]!;
    for (const f of ofType(r.events, 'playbook_on_handlers_flush')) expect(f.parent_uuid).toBe(play.uuid);
    expect(flushes(r.events)).toEqual([
      { reason: 'pre_tasks', hosts: ['host1', 'host2', 'host3'], pending: { host1: [], host2: [], host3: [] } },
      // host3 failed: it never reaches the flush
      { reason: 'tasks', hosts: ['host1', 'host2'], pending: { host1: ['l2', 'h1', 'l1', 'restart stack'], host2: ['h1', 'fw'] } },
      { reason: 'post_tasks', hosts: ['host1', 'host2'], pending: { host1: [], host2: [] } },
    ]);
    // the flush comes after the last task and before the first handler start
    const tasksFlush = ofType(r.events, 'playbook_on_handlers_flush')[1]!;
    expect(indexOf(r.events, tasksFlush)).toBeGreaterThan(indexOf(r.events, taskStart(r.events, 'topic')));
    expect(indexOf(r.events, tasksFlush)).toBeLessThan(indexOf(r.events, handlerStarts(r.events)[0]!));
  });

  it('meta: flush_handlers flushes (reason meta) only the hosts that run it; a host skipping it keeps its notifications', async () => {
    const r = await runEvents('chains.yml');
    expect(flushes(r.events)).toEqual([
      { reason: 'pre_tasks', hosts: ['host1', 'host2', 'host3'], pending: { host1: [], host2: [], host3: [] } },
      { reason: 'meta', hosts: ['host1', 'host2'], pending: { host1: ['middle', 'late'], host2: ['middle', 'late'] } },
      { reason: 'tasks', hosts: ['host1', 'host2', 'host3'], pending: { host1: ['early'], host2: ['early'], host3: ['middle', 'late'] } },
      { reason: 'post_tasks', hosts: ['host1', 'host2', 'host3'], pending: { host1: ['middle'], host2: ['middle'], host3: ['early', 'middle'] } },
    ]);
    // host3's meta: one task start per host, a skipped result for host3
    const metaStarts = ofType(r.events, 'playbook_on_task_start').filter((e) => e.event_data.task === 'flush');
    expect(metaStarts).toHaveLength(3);
    const skipped = ofType(r.events, 'runner_on_skipped').filter((e) => e.event_data.task === 'flush');
    expect(skipped.map((e) => e.event_data.host)).toEqual(['host3']);
  });

  it('force_handlers: a failed host flushes with reason forced (same round as the others), then stops', async () => {
    const r = await runEvents('force.yml');
    expect(flushes(r.events)).toEqual([
      { reason: 'pre_tasks', hosts: ['host1', 'host2', 'host3'], pending: { host1: ['pre handler'], host2: ['pre handler'], host3: ['pre handler'] } },
      { reason: 'forced', hosts: ['host1'], pending: { host1: ['main handler'] } },
      { reason: 'tasks', hosts: ['host2', 'host3'], pending: { host2: ['main handler', 'after handler'], host3: ['main handler', 'after handler'] } },
      { reason: 'post_tasks', hosts: ['host2', 'host3'], pending: { host2: [], host3: [] } },
    ]);
    expect(handlerRunsByHost(r.events)).toEqual({
      host1: ['pre handler', 'main handler'],
      host2: ['pre handler', 'main handler', 'after handler'],
      host3: ['pre handler', 'main handler', 'after handler'],
    });
    expect(startNames(r.events)).toEqual(['pre handler', 'main handler', 'after handler']);
    expect(resultHosts(r.events, taskStart(r.events, 'post'))).toEqual(['host2', 'host3']);
    expect(drops(r.events)).toEqual([]);
    expect(r.exitCode).toBe(2);
  });

  it('force_handlers: a handler failing on a host drops that host\'s later handlers; no second flush for it', async () => {
    const r = await runEvents('force-handler-fails.yml');
    expect(flushes(r.events).map((f) => `${f.reason} ${f.hosts.join(',')}`)).toEqual([
      'pre_tasks host1,host2,host3', 'tasks host1,host2,host3', 'post_tasks host1,host3',
    ]);
    expect(handlerRunsByHost(r.events)).toEqual({ host1: ['first', 'second'], host2: ['first'], host3: ['first', 'second'] });
    expect(drops(r.events)).toEqual(['host_failed host2 second']);
    expect(resultHosts(r.events, taskStart(r.events, 'post'))).toEqual(['host1', 'host3']);
  });

  it('the forceHandlers run option (--force-handlers) works like the keyword', async () => {
    const plain = await runEvents('blocks.yml');
    expect(drops(plain.events)).toEqual(['host_failed host1 from always']);
    const forced = await runEvents('blocks.yml', { forceHandlers: true });
    expect(flushes(forced.events).filter((f) => f.reason === 'forced')).toEqual([
      { reason: 'forced', hosts: ['host1'], pending: { host1: ['from always'] } },
    ]);
    expect(handlerRunsByHost(forced.events)).toEqual({
      host1: ['from always'],
      host2: ['from rescue', 'from always'],
      host3: ['from always'],
    });
    expect(drops(forced.events)).toEqual([]);
  });
});

describe('playbook_on_handler_dropped', () => {
  const relays: Relay[] = [];
  afterEach(() => {
    for (const r of relays.splice(0)) r.cut();
  });

  /** Run `file` with an extra host `flaky` (reached through a relay to host2's sshd) that is cut when `when` sees the trigger. */
  async function withFlakyHost(file: string, cutOn: (e: JobEvent) => boolean): Promise<EventRun> {
    const relay = new Relay({ host: '127.0.0.102', port: 22 });
    relays.push(relay);
    const port = await relay.start();
    return runEvents(file, { extraHosts: [relayHostLine('flaky', port)], onEvent: (e) => cutOn(e) && relay.cut() });
  }

  it('host_failed: a failed host\'s pending handlers, including after a failing handler', async () => {
    const r = await runEvents('handler-fails.yml');
    expect(drops(r.events)).toEqual(['host_failed host2 second', 'host_failed host2 third']);
    const play = ofType(r.events, 'playbook_on_play_start')[0]!;
    for (const d of ofType(r.events, 'playbook_on_handler_dropped')) {
      expect(d.parent_uuid).toBe(play.uuid);
      const n = ofType(r.events, 'playbook_on_notify').find((e) => e.event_data.host === 'host2' && e.event_data.handler === d.event_data.handler)!;
      expect(d.event_data.handler_uuid).toBe(n.event_data.handler_uuid);
    }
    const b = await runEvents('blocks.yml'); // always-notification of a host failed unrescued
    expect(drops(b.events)).toEqual(['host_failed host1 from always']);
    expect(handlerRunsByHost(b.events)).toEqual({ host2: ['from rescue', 'from always'], host3: ['from always'] });
  });

  it('host_ended and play_ended: meta end_host, meta end_play', async () => {
    const r = await runEvents('drops.yml');
    expect(drops(r.events)).toEqual([
      'host_ended host2 h',
      'host_failed host3 h',
      'play_ended host1 h2',
      'play_ended host2 h2',
    ]);
    const plays = ofType(r.events, 'playbook_on_play_start');
    for (const d of ofType(r.events, 'playbook_on_handler_dropped')) {
      const play = d.event_data.handler === 'h' ? plays[0]! : plays[1]!;
      expect(d.parent_uuid).toBe(play.uuid);
      expect(d.event_data.play_uuid).toBe(play.event_data.play_uuid);
    }
    expect(handlerRunsByHost(r.events)).toEqual({ host1: ['h'] });
    // end_play: nothing after it in that play
    expect(ofType(r.events, 'playbook_on_task_start').map((e) => e.event_data.task)).not.toContain('not reached');
  });

  it('play_ended: a notification made after the host\'s last flush', async () => {
    const r = await runEvents('chains.yml');
    expect(drops(r.events)).toEqual(['play_ended host1 early', 'play_ended host2 early', 'play_ended host3 early']);
    const lastFlush = ofType(r.events, 'playbook_on_handlers_flush').at(-1)!;
    for (const d of ofType(r.events, 'playbook_on_handler_dropped')) expect(indexOf(r.events, d)).toBeGreaterThan(indexOf(r.events, lastFlush));
  });

  it('host_unreachable: notified, then unreachable; no handler even with force_handlers', async () => {
    const r = await withFlakyHost('unreachable.yml', (e) => e.event === 'playbook_on_notify' && e.event_data.host === 'flaky');
    expect(r.exitCode).toBe(4);
    expect(ofType(r.events, 'runner_on_unreachable').map((e) => [e.event_data.host, e.event_data.task])).toEqual([['flaky', 'next']]);
    expect(drops(r.events)).toEqual(['host_unreachable flaky h']);
    expect(handlerRunsByHost(r.events)).toEqual({ host1: ['h'], host2: ['h'], host3: ['h'] });
    for (const f of ofType(r.events, 'playbook_on_handlers_flush').slice(1)) expect(f.event_data.hosts).not.toContain('flaky');
    expect(streamProblems(r.events, parseJobEvent, { complete: true })).toEqual([]);
    expect(ledgerProblems(r.events)).toEqual([]);
  });

  it('host_unreachable: unreachable while running one handler drops the rest', async () => {
    const r = await withFlakyHost('unreachable-flush.yml', (e) => e.event === 'playbook_on_handler_task_start' && e.event_data.task === 'a');
    expect(flushes(r.events).find((f) => f.reason === 'tasks')!.pending).toEqual({ flaky: ['a', 'b'] });
    const a = handlerStarts(r.events).find((s) => s.event_data.task === 'a')!;
    expect(resultHosts(r.events, a, 'runner_on_unreachable')).toEqual(['flaky']);
    expect(startNames(r.events)).toEqual(['a']);
    expect(drops(r.events)).toEqual(['host_unreachable flaky b']);
    expect(streamProblems(r.events, parseJobEvent, { complete: true })).toEqual([]);
    expect(ledgerProblems(r.events)).toEqual([]);
  });

  // Tasks loaded by an include_tasks handler are notified for every host that ran the include
  // (ansible 2.14 strategy/linear.py: `task.notified_hosts = included_file._hosts[:]`). host2 fails
  // in `step one`, so its `step two` notification never runs and is reported dropped.
  it('host_failed: an include_tasks handler\'s remaining included tasks are dropped too', async () => {
    const r = await runEvents('include-handler.yml');
    expect(drops(r.events)).toEqual(['host_failed host2 after include', 'host_failed host2 step two']);
  });
});

describe('duplicate and missing handlers', () => {
  it('duplicate names in one handlers list: the LAST definition runs, and a warning names both places', async () => {
    const r = await runEvents('duplicates.yml');
    const warnings = ofType(r.events, 'warning').map((e) => e.event_data.message);
    const dup = warnings.filter((m) => m.includes("'dup'"));
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatch(/duplicates\.yml:9\b/);
    expect(dup[0]).toMatch(/duplicates\.yml:13\b/);
    const starts = handlerStarts(r.events);
    expect(starts.map((s) => s.event_data.task)).toEqual(['dup']);
    expect(starts[0]!.event_data.task_path).toMatch(/duplicates\.yml:13$/);
    const res = ofType(childrenOf(r.events, starts[0]!), 'runner_on_ok');
    expect(res.map((e) => e.event_data.res['msg'])).toEqual(['last definition']);
    expect(ofType(r.events, 'playbook_on_notify')[0]!.event_data.handler_uuid).toBe(starts[0]!.event_data.task_uuid);
  });

  it('a missing handler rejects the run with DRV_ENGINE_HANDLER naming it, at the first changed result', async () => {
    const r = await runEvents('missing.yml');
    expect(r.error).toBeInstanceOf(DroverError);
    const err = r.error as DroverError;
    expect(err.code).toBe('DRV_ENGINE_HANDLER');
    expect(err.message).toContain("'no such handler'");
    expect(err.pos?.file).toMatch(/missing\.yml$/);
    // the unchanged task naming it was harmless
    expect(resultHosts(r.events, taskStart(r.events, 'unchanged'), 'runner_on_ok')).toEqual(['host1', 'host2', 'host3']);
    // the changed result naming it is not reported (the error comes first), and nothing runs after it
    const changed = taskStart(r.events, 'changed');
    expect(childrenOf(r.events, changed).filter(isResult)).toEqual([]);
    const after = r.events.slice(indexOf(r.events, changed) + 1);
    expect(after.filter((e) => e.event !== 'playbook_on_notify' && e.event !== 'runner_on_start')).toEqual([]);
    expect(ofType(r.events, 'playbook_on_stats')).toEqual([]);
  });

  it('meta: flush_handlers used as a handler rejects the run with DRV_ENGINE_HANDLER', async () => {
    const r = await runEvents('flush-as-handler.yml');
    expect(r.error).toBeInstanceOf(DroverError);
    expect((r.error as DroverError).code).toBe('DRV_ENGINE_HANDLER');
    expect((r.error as DroverError).message).toBe('flush_handlers cannot be used as a handler');
    expect(startNames(r.events)).toEqual(['flush inside']);
    expect(ofType(r.events, 'playbook_on_stats')).toEqual([]);
  });
});
