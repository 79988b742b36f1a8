/**
 * In-process runs for the event-stream tests (events-*.test.ts): load a fixture playbook from
 * packages/engine/test/fixtures/events through the public API, run it against the loopback SSH
 * fleet (infra/fleet.sh, group `fleet` = host1..host3) and collect every JobEvent a sink receives.
 * Also small typed queries over the collected stream.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent, JobEventOf } from '@drover/events';
import { Inventory, loadPlaybook, runPlaybook } from '../index.js';
import { caseInventory } from './harness.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FIXTURES = join(repoRoot, 'packages/engine/test/fixtures/events');

let fleetIni: string | undefined;

/** The fleet's INI inventory text (starts the fleet once per test file; fleet.sh is idempotent and locked). */
export function fleetInventory(): string {
  if (fleetIni !== undefined) return fleetIni;
  let path = process.env.DROVER_CASES_INVENTORY ?? '';
  if (!path) {
    const up = spawnSync('bash', [join(repoRoot, 'infra/fleet.sh'), 'up', '3'], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000 });
    if (up.status !== 0) throw new Error(`bash infra/fleet.sh up 3 failed (status ${up.status}):\n${up.stdout}\n${up.stderr}`);
    path = up.stdout.trim().split('\n').pop()?.trim() ?? '';
  }
  if (!path || !existsSync(path)) throw new Error(`fleet inventory not found: '${path}'`);
  fleetIni = readFileSync(path, 'utf8');
  return fleetIni;
}

export interface RunOpts {
  extraVars?: Record<string, unknown>;
  forceHandlers?: boolean;
  forks?: number;
  /** Extra inventory lines, put in group `others` (e.g. an unreachable host). */
  extraHosts?: string[];
  /** Called with each event as it is emitted (after it is collected). */
  onEvent?: (e: JobEvent) => void;
}

export interface EventRun {
  events: JobEvent[];
  /** Set when runPlaybook resolved. */
  exitCode?: number;
  /** Set when runPlaybook rejected. */
  error?: unknown;
}

/** Run fixtures/events/<file> in-process; never throws for a run error (see EventRun.error). */
export async function runEvents(file: string, opts: RunOpts = {}): Promise<EventRun> {
  const dir = mkdtempSync(join(tmpdir(), 'drover-events-'));
  const inv = join(dir, 'hosts.ini');
  writeFileSync(inv, caseInventory(fleetInventory(), opts.extraHosts ? opts.extraHosts.join('\n') : null));
  const inventory = await Inventory.load([inv]);
  const playbook = await loadPlaybook(join(FIXTURES, file));
  const events: JobEvent[] = [];
  const run: EventRun = { events };
  try {
    const outcome = await runPlaybook({
      playbook,
      inventory,
      extraVars: opts.extraVars,
      forks: opts.forks ?? 10,
      forceHandlers: opts.forceHandlers,
      sinks: [
        (e) => {
          events.push(e);
          opts.onEvent?.(e);
        },
      ],
    });
    run.exitCode = outcome.exitCode;
  } catch (e) {
    run.error = e;
  }
  return run;
}

// ---------------------------------------------------------------- queries

export type EventName = JobEvent['event'];

export function ofType<N extends EventName>(events: readonly JobEvent[], name: N): Array<JobEventOf<N>> {
  return events.filter((e): e is JobEventOf<N> => e.event === name);
}

/** Events whose parent is `parent`. */
export function childrenOf(events: readonly JobEvent[], parent: JobEvent): JobEvent[] {
  return events.filter((e) => e.parent_uuid === parent.uuid);
}

/** The task_start (or handler_task_start) event of the task named `name` (the n-th one, 0-based). */
export function taskStart(events: readonly JobEvent[], name: string, n = 0): JobEventOf<'playbook_on_task_start'> {
  const found = ofType(events, 'playbook_on_task_start').filter((e) => e.event_data.task === name);
  const e = found[n];
  if (!e) throw new Error(`no playbook_on_task_start #${n} for task '${name}' (tasks: ${ofType(events, 'playbook_on_task_start').map((x) => x.event_data.task).join(', ')})`);
  return e;
}

export function handlerStarts(events: readonly JobEvent[]): Array<JobEventOf<'playbook_on_handler_task_start'>> {
  return ofType(events, 'playbook_on_handler_task_start');
}

/** `handler@host` for every notify event, in emission order. */
export function notifies(events: readonly JobEvent[]): string[] {
  return ofType(events, 'playbook_on_notify').map((e) => `${e.event_data.handler}@${e.event_data.host}`);
}

/** The hosts that have a runner result of `event` under this (handler) task start, sorted. */
export function resultHosts(events: readonly JobEvent[], start: JobEvent, event?: EventName): string[] {
  return childrenOf(events, start)
    .filter((e) => e.event.startsWith('runner_on_') && e.event !== 'runner_on_start' && (!event || e.event === event))
    .map((e) => (e.event_data as { host: string }).host)
    .sort();
}

/** The handler names run per host, in run order: host -> [handler, ...] (from runner_on_* under handler starts). */
export function handlerRunsByHost(events: readonly JobEvent[]): Record<string, string[]> {
  const starts = new Map(handlerStarts(events).map((s) => [s.uuid, s.event_data.task]));
  const out: Record<string, string[]> = {};
  for (const e of events) {
    if (!e.event.startsWith('runner_on_') || e.event === 'runner_on_start' || !e.parent_uuid) continue;
    const name = starts.get(e.parent_uuid);
    if (name === undefined) continue;
    const host = (e.event_data as { host: string }).host;
    (out[host] ??= []).push(name);
  }
  return out;
}

/** `reason host handler` for every handler_dropped event, sorted. */
export function drops(events: readonly JobEvent[]): string[] {
  return ofType(events, 'playbook_on_handler_dropped')
    .map((e) => `${e.event_data.reason} ${e.event_data.host} ${e.event_data.handler}`)
    .sort();
}

/** A compact view of flush events: reason + pending (hosts with nothing pending included). */
export function flushes(events: readonly JobEvent[]): Array<{ reason: string; hosts: string[]; pending: Record<string, string[]> }> {
  return ofType(events, 'playbook_on_handlers_flush').map((e) => ({
    reason: e.event_data.reason,
    hosts: [...e.event_data.hosts].sort(),
    pending: e.event_data.pending,
  }));
}

/** Index of an event in the stream (by identity). */
export function indexOf(events: readonly JobEvent[], e: JobEvent): number {
  const i = events.indexOf(e);
  if (i < 0) throw new Error('event not in stream');
  return i;
}

// ---------------------------------------------------------------- a TCP relay that can be cut

/**
 * A TCP relay on 127.0.0.1:<port> to a fleet host's sshd. `cut()` closes the listener and destroys
 * every relayed connection, so the host becomes unreachable in the middle of a run (connection
 * refused from then on).
 */
export class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  cutDone = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.connect(this.target.port, this.target.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this.port;
  }

  cut(): void {
    if (this.cutDone) return;
    this.cutDone = true;
    this.server?.close();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

/** An inventory line for `name` reaching `port` on 127.0.0.1 with the fleet's user and key (for a Relay). */
export function relayHostLine(name: string, port: number): string {
  const line = fleetInventory().split('\n').find((l) => l.startsWith('host2 ')) ?? '';
  const keep = line.split(/\s+/).filter((w) => /^ansible_(user|ssh_private_key_file|password|ssh_pass)=/.test(w));
  return [name, 'ansible_host=127.0.0.1', `ansible_port=${port}`, ...keep].join(' ');
}

// ---------------------------------------------------------------- whole-stream invariants

const RESULT_EVENTS = new Set<EventName>([
  'runner_on_ok', 'runner_on_failed', 'runner_on_skipped', 'runner_on_unreachable',
]);
const ITEM_EVENTS = new Set<EventName>(['runner_item_on_ok', 'runner_item_on_failed', 'runner_item_on_skipped']);
const STAT_KEYS = ['ok', 'changed', 'dark', 'failures', 'skipped', 'rescued', 'ignored'] as const;

/**
 * Every violation of the event model found in one run's stream (empty when all hold):
 * counters 1..n, unique uuids, each parent an earlier event (null only for playbook_on_start),
 * every event valid for parseJobEvent after a JSON round trip, the tree shape (play under
 * playbook, tasks/flush/drop under a play, results/notify/items under the start of their own
 * task), flush `hosts` = keys of `pending`, and, for a complete run, playbook_on_stats last.
 */
export function streamProblems(events: readonly JobEvent[], parse: (v: unknown) => JobEvent, opts: { complete: boolean }): string[] {
  const out: string[] = [];
  const byUuid = new Map<string, JobEvent>();
  const startEvent = events[0];
  if (startEvent?.event !== 'playbook_on_start') out.push(`first event is ${startEvent?.event}, not playbook_on_start`);
  events.forEach((e, i) => {
    const at = `#${i + 1} ${e.event}`;
    if (e.counter !== i + 1) out.push(`${at}: counter ${e.counter}, expected ${i + 1}`);
    if (byUuid.has(e.uuid)) out.push(`${at}: duplicate uuid ${e.uuid}`);
    try {
      parse(JSON.parse(JSON.stringify(e)));
    } catch (err) {
      out.push(`${at}: parseJobEvent rejects it: ${String(err).slice(0, 300)}`);
    }
    if (i > 0 && Date.parse(e.created) < Date.parse(events[i - 1]!.created)) out.push(`${at}: created goes backwards`);
    const parent = e.parent_uuid === null ? undefined : byUuid.get(e.parent_uuid);
    if (e.event === 'playbook_on_start') {
      if (e.parent_uuid !== null) out.push(`${at}: parent_uuid is not null`);
    } else if (e.parent_uuid === null) {
      out.push(`${at}: parent_uuid is null`);
    } else if (!parent) {
      out.push(`${at}: parent_uuid ${e.parent_uuid} is not an earlier event`);
    } else {
      const want: Partial<Record<EventName, EventName[]>> = {
        playbook_on_play_start: ['playbook_on_start'],
        playbook_on_stats: ['playbook_on_start'],
        playbook_on_task_start: ['playbook_on_play_start'],
        playbook_on_handler_task_start: ['playbook_on_play_start'],
        playbook_on_handlers_flush: ['playbook_on_play_start'],
        playbook_on_handler_dropped: ['playbook_on_play_start'],
        playbook_on_no_hosts_matched: ['playbook_on_play_start'],
        playbook_on_no_hosts_remaining: ['playbook_on_play_start'],
        playbook_on_notify: ['playbook_on_task_start', 'playbook_on_handler_task_start'],
        playbook_on_include: ['playbook_on_task_start', 'playbook_on_handler_task_start'],
      };
      for (const n of [...RESULT_EVENTS, ...ITEM_EVENTS, 'runner_on_start' as const]) want[n] = ['playbook_on_task_start', 'playbook_on_handler_task_start'];
      const allowed = want[e.event];
      if (allowed && !allowed.includes(parent.event)) out.push(`${at}: parent is ${parent.event}, expected ${allowed.join(' or ')}`);
      const d = e.event_data as { task_uuid?: string; play_uuid?: string };
      const pd = parent.event_data as { task_uuid?: string; play_uuid?: string };
      if (allowed?.includes('playbook_on_task_start') && d.task_uuid !== pd.task_uuid) {
        out.push(`${at}: task_uuid ${d.task_uuid} differs from its parent's ${pd.task_uuid}`);
      }
      if (d.play_uuid !== undefined && pd.play_uuid !== undefined && d.play_uuid !== pd.play_uuid) out.push(`${at}: play_uuid differs from its parent's`);
    }
    if (e.event === 'playbook_on_handlers_flush') {
      const keys = Object.keys(e.event_data.pending).sort();
      if (JSON.stringify(keys) !== JSON.stringify([...e.event_data.hosts].sort())) out.push(`${at}: pending keys ${keys} != hosts ${e.event_data.hosts}`);
    }
    byUuid.set(e.uuid, e);
  });
  // runner_on_start (when emitted): once per host per task start, followed by that host's result
  const seenStart = new Set<string>();
  for (const [i, e] of events.entries()) {
    if (e.event !== 'runner_on_start') continue;
    const k = `${e.parent_uuid} ${e.event_data.host}`;
    if (seenStart.has(k)) out.push(`#${i + 1} runner_on_start: second one for ${e.event_data.host} under the same task start`);
    seenStart.add(k);
    const result = events.slice(i + 1).some(
      (r) => r.parent_uuid === e.parent_uuid && RESULT_EVENTS.has(r.event) && (r.event_data as { host: string }).host === e.event_data.host,
    );
    if (opts.complete && !result) out.push(`#${i + 1} runner_on_start: no later result for ${e.event_data.host}`);
  }
  const stats = ofType(events, 'playbook_on_stats');
  if (opts.complete) {
    if (stats.length !== 1) out.push(`${stats.length} playbook_on_stats events, expected 1`);
    if (events.at(-1)?.event !== 'playbook_on_stats') out.push(`last event is ${events.at(-1)?.event}, not playbook_on_stats`);
  } else if (stats.length !== 0) out.push('playbook_on_stats in a run that failed with an error');
  return out;
}

/**
 * The recap the runner events imply (D1 of the handler reference): ok (+changed) per ok result,
 * ok+ignored (+changed) per ignored failure or ignored unreachable, skipped per skipped result,
 * dark per unreachable, failures+rescued per unignored failure (the stream cannot tell them apart),
 * ok per host of each playbook_on_include; meta tasks and include results count nothing.
 */
export function statsFromResults(events: readonly JobEvent[]): Record<string, Record<string, number>> {
  const s: Record<string, Record<string, number>> = {};
  const inc = (host: string, k: string) => {
    const h = (s[host] ??= {});
    h[k] = (h[k] ?? 0) + 1;
  };
  for (const e of events) {
    if (e.event === 'playbook_on_include') {
      for (const h of e.event_data.hosts) inc(h, 'ok');
      continue;
    }
    if (!RESULT_EVENTS.has(e.event)) continue;
    const d = e.event_data as { host: string; task_action: string; res: Record<string, unknown>; ignore_errors?: boolean };
    if (d.task_action === 'meta' || d.task_action === 'include_tasks' || d.task_action === 'include_role') continue;
    const changed = d.res['changed'] === true;
    switch (e.event) {
      case 'runner_on_ok':
        inc(d.host, 'ok');
        if (changed) inc(d.host, 'changed');
        break;
      case 'runner_on_failed':
      case 'runner_on_unreachable':
        if (d.ignore_errors) {
          inc(d.host, 'ok');
          inc(d.host, 'ignored');
          if (changed) inc(d.host, 'changed');
        } else inc(d.host, e.event === 'runner_on_failed' ? 'failures+rescued' : 'dark');
        break;
      case 'runner_on_skipped':
        inc(d.host, 'skipped');
        break;
    }
  }
  return s;
}

/** playbook_on_stats folded per host into the shape of statsFromResults (zero counts left out). */
export function statsPerHost(stats: JobEventOf<'playbook_on_stats'>): Record<string, Record<string, number>> {
  const s: Record<string, Record<string, number>> = {};
  for (const k of STAT_KEYS) {
    for (const [host, n] of Object.entries(stats.event_data[k])) {
      if (n === 0) continue;
      const key = k === 'failures' || k === 'rescued' ? 'failures+rescued' : k;
      const h = (s[host] ??= {});
      h[key] = (h[key] ?? 0) + n;
    }
  }
  return s;
}

/**
 * The handler ledger balances: for every (host, handler) with a playbook_on_notify, the number of
 * notify events equals the handler's runs on that host (results under its handler starts) plus
 * its playbook_on_handler_dropped events. Returns the unbalanced pairs.
 */
export function ledgerProblems(events: readonly JobEvent[]): string[] {
  const key = (host: string, uuid: string) => `${host} ${uuid}`;
  const names = new Map<string, string>();
  const notified = new Map<string, number>();
  const ran = new Map<string, number>();
  const dropped = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const starts = new Map(handlerStarts(events).map((s) => [s.uuid, s.event_data.task_uuid]));
  for (const e of events) {
    if (e.event === 'playbook_on_notify') {
      names.set(e.event_data.handler_uuid, e.event_data.handler);
      bump(notified, key(e.event_data.host, e.event_data.handler_uuid));
    } else if (e.event === 'playbook_on_handler_dropped') {
      bump(dropped, key(e.event_data.host, e.event_data.handler_uuid));
    } else if (RESULT_EVENTS.has(e.event) && e.parent_uuid && starts.has(e.parent_uuid)) {
      bump(ran, key((e.event_data as { host: string }).host, starts.get(e.parent_uuid)!));
    }
  }
  const out: string[] = [];
  for (const k of new Set([...notified.keys(), ...dropped.keys()])) {
    const [host, uuid] = k.split(' ') as [string, string];
    const n = notified.get(k) ?? 0;
    const r = ran.get(k) ?? 0;
    const d = dropped.get(k) ?? 0;
    if (n !== r + d) out.push(`${names.get(uuid) ?? uuid}@${host}: notified ${n}, ran ${r}, dropped ${d}`);
  }
  return out;
}
