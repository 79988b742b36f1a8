import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ConnectionPool } from '../connection/index.js';
import { DroverError } from '../errors.js';
import { HandlerTable } from '../handlers/handler-table.js';
import type { Inventory } from '../inventory/index.js';
import type { Play, Playbook } from '../playbook/types.js';
import { Templar } from '../template/index.js';
import { loadYamlFile } from '../util/yaml-file.js';
import { LinearStrategy, RUN } from './linear.js';
import { compilePlay } from './play-compile.js';
import { PlayIterator } from './play-iterator.js';
import { PlayRun, type RunShared } from './play-run.js';
import { Reporter, type EventSink } from './reporter.js';
import { Stats } from './stats.js';
import { VariableManager } from './variables.js';

export interface RunOptions {
  readonly playbook: Playbook;
  readonly inventory: Inventory;
  readonly extraVars?: Readonly<Record<string, unknown>>;
  readonly forks?: number;
  readonly forceHandlers?: boolean;
  readonly check?: boolean;
  /** -v count. */
  readonly verbosity?: number;
  /** --tags (default ['all']) and --skip-tags. */
  readonly tags?: readonly string[];
  readonly skipTags?: readonly string[];
  readonly signal?: AbortSignal;
  /** Event sinks (renderers, the --events file, the worker). */
  readonly sinks?: readonly EventSink[];
  readonly templar?: Templar;
}

export interface RunOutcome {
  /** ansible-playbook's exit code: 0 ok, 2 a host failed, 4 a host unreachable. */
  readonly exitCode: number;
  readonly stats: Stats;
}

/** pct_to_int: "30%" of total (at least 1), or the number itself. */
function pctToInt(v: unknown, total: number): number {
  const s = String(v).trim();
  if (s.endsWith('%')) {
    const n = Math.floor((Number(s.slice(0, -1)) / 100) * total);
    return n === 0 ? 1 : n;
  }
  return Math.trunc(Number(s));
}

export function serialBatches(hosts: readonly string[], serial: unknown): string[][] {
  const list = serial === undefined || serial === null ? [] : Array.isArray(serial) ? serial : [serial];
  const all = [...hosts];
  const total = all.length;
  const specs = list.length === 0 ? [-1] : list;
  const out: string[][] = [];
  let i = 0;
  while (all.length > 0) {
    const n = pctToInt(specs[i], total);
    if (!(n > 0)) {
      out.push(all.splice(0));
      break;
    }
    out.push(all.splice(0, n));
    i = Math.min(i + 1, specs.length - 1);
  }
  return out;
}

function orderHosts(hosts: string[], order: string | undefined): string[] {
  switch (order) {
    case 'sorted':
      return [...hosts].sort();
    case 'reverse_sorted':
      return [...hosts].sort().reverse();
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'shuffle':
      return [...hosts].sort(() => Math.random() - 0.5);
    default:
      return hosts;
  }
}

/** Run a parsed playbook: plays in order, serial batches, handlers, recap stats, exit code. */
export async function runPlaybook(opts: RunOptions): Promise<RunOutcome> {
  const templar = opts.templar ?? new Templar();
  const reporter = new Reporter();
  for (const s of opts.sinks ?? []) reporter.addSink(s);
  const vm = new VariableManager(opts.inventory, opts.extraVars ?? {}, templar, opts.playbook.basedir, opts.check ?? false);
  const playbookUuid = randomUUID();
  const start = reporter.emit({
    event: 'playbook_on_start',
    parent_uuid: null,
    uuid: playbookUuid,
    event_data: { playbook: opts.playbook.path, playbook_uuid: playbookUuid, check: opts.check ?? false },
  });
  const shared: RunShared = {
    reporter,
    vm,
    templar,
    inventory: opts.inventory,
    pool: new ConnectionPool(),
    stats: new Stats(),
    forks: Math.max(1, opts.forks ?? 5),
    check: opts.check ?? false,
    verbosity: opts.verbosity ?? 0,
    playbookPath: opts.playbook.path,
    playbookUuid,
    playbookStartUuid: start.uuid,
    unreachable: new Set(),
    failed: new Set(),
    signal: opts.signal,
  };
  let result: number = RUN.OK;
  try {
    for (const play of opts.playbook.plays) {
      const r = await runPlay(shared, play, opts, result);
      result = r.result;
      if (r.stop) break;
    }
  } finally {
    await shared.pool.closeAll();
  }
  const c = shared.stats.counts;
  reporter.emit({
    event: 'playbook_on_stats',
    parent_uuid: start.uuid,
    event_data: {
      playbook: opts.playbook.path,
      playbook_uuid: playbookUuid,
      ok: c.ok,
      changed: c.changed,
      dark: c.dark,
      failures: c.failures,
      skipped: c.skipped,
      rescued: c.rescued,
      ignored: c.ignored,
      processed: shared.stats.processed,
    },
  });
  return { exitCode: result, stats: shared.stats };
}

async function loadVarsFiles(shared: RunShared, play: Play): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const f of play.varsFiles) {
    const candidates = Array.isArray(f) ? f : [f];
    let loaded = false;
    for (const c of candidates) {
      const name = String(shared.templar.template(c, { ...shared.vm.extraVars, ...play.vars }));
      const path = resolve(play.basedir, name);
      try {
        const data = await loadYamlFile(path, 'vars file');
        if (data && typeof data === 'object' && !Array.isArray(data)) Object.assign(out, data);
        loaded = true;
        break;
      } catch (e) {
        if (!(e instanceof DroverError) || e.code !== 'DRV_ENGINE_MISSING_FILE' || candidates.length === 1) throw e;
      }
    }
    if (!loaded) throw new DroverError('DRV_ENGINE_MISSING_FILE', `vars file ${JSON.stringify(f)} was not found`, play.pos);
  }
  return out;
}

async function runPlay(
  shared: RunShared,
  play: Play,
  opts: RunOptions,
  prevResult: number,
): Promise<{ result: number; stop: boolean }> {
  const { vm, templar, inventory } = shared;
  vm.setPlayVarsFiles(play, await loadVarsFiles(shared, play));
  const pattern = play.hosts.includes('{{') ? String(templar.template(play.hosts, { ...play.vars, ...vm.extraVars })) : play.hosts;
  const { hosts: matched, warnings } = inventory.listHosts(pattern);
  for (const w of warnings) shared.reporter.emit({ event: 'warning', parent_uuid: shared.playbookStartUuid, event_data: { message: w } });
  const hosts = orderHosts(matched, play.order);
  const forceHandlers = play.forceHandlers !== undefined && play.forceHandlers !== null
    ? play.forceHandlers === true || ['yes', 'true', 'on', '1'].includes(String(play.forceHandlers).toLowerCase())
    : opts.forceHandlers ?? false;
  const handlerTable = new HandlerTable(play, (raw) => {
    try {
      // play-scope variables only: host-specific variables are not supported in handler names
      return String(templar.template(raw, vm.vars({ play })));
    } catch {
      return undefined;
    }
  });
  for (const w of handlerTable.warnings) shared.reporter.emit({ event: 'warning', parent_uuid: shared.playbookStartUuid, event_data: { message: w } });
  const blocks = compilePlay(play, forceHandlers, { only: opts.tags?.length ? opts.tags : ['all'], skip: opts.skipTags ?? [] });
  const gather = (host: string) => {
    const g = play.gatherFacts;
    if (g === undefined || g === null) return true;
    const v = typeof g === 'string' && g.includes('{{') ? templar.template(g, vm.vars({ host, play })) : g;
    return v === true || ['yes', 'true', 'on', '1'].includes(String(v).toLowerCase());
  };
  let result = prevResult;
  if (hosts.length === 0) {
    const run = new PlayRun(shared, play, new PlayIterator([], handlerTable, [], gather), handlerTable, [], []);
    run.emitPlayStart();
    run.emitNoHostsMatched();
    return { result, stop: false };
  }
  const removed = new Set<string>();
  let previouslyFailed = shared.failed.size;
  let previouslyUnreachable = shared.unreachable.size;
  const batches = serialBatches(hosts, play.serial);
  for (const [i, batch] of batches.entries()) {
    const iterator = new PlayIterator(blocks, handlerTable, batch, gather);
    const run = new PlayRun(shared, play, iterator, handlerTable, batch, hosts, removed);
    run.emitPlayStart(play.serial !== undefined && play.serial !== null ? i + 1 : undefined);
    for (const h of shared.failed) run.markFailed(h);
    shared.failed.clear();
    result = await new LinearStrategy(run).execute();
    for (const h of iterator.failedHosts()) shared.failed.add(h);
    run.emitDropped();
    if (iterator.endPlay) return { result, stop: false };
    if ((result & RUN.FAILED_BREAK_PLAY) !== 0) return { result: RUN.FAILED_HOSTS, stop: true };
    const failedCount = shared.failed.size + shared.unreachable.size - (previouslyFailed + previouslyUnreachable);
    if (batch.length === failedCount) return { result, stop: true };
    previouslyFailed = shared.failed.size;
    previouslyUnreachable = shared.unreachable.size;
  }
  return { result, stop: false };
}
