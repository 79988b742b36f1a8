/** Synthetic engine events (for unit tests and the benchmark). */
import { randomUUID } from 'node:crypto';
import type { JobEvent } from '@drover/events';

const PB = { playbook: '/p/site.yml', playbook_uuid: 'pb' };
const PLAY = { ...PB, play: 'a play', play_uuid: 'play', play_pattern: 'all' };

function task(name: string, uuid: string) {
  return { ...PLAY, task: name, task_uuid: uuid, task_action: 'shell', task_path: '/p/site.yml:3', is_conditional: false };
}

let n = 0;
const stamp = () => ({ counter: ++n, uuid: randomUUID(), created: new Date().toISOString() });

export function playbookStart(): JobEvent {
  return { ...stamp(), parent_uuid: null, event: 'playbook_on_start', event_data: { ...PB } };
}

export function taskStart(name: string, uuid = randomUUID()): JobEvent {
  return { ...stamp(), uuid, parent_uuid: 'play', event: 'playbook_on_task_start', event_data: task(name, uuid) };
}

export function result(
  event: 'runner_on_ok' | 'runner_on_failed' | 'runner_on_skipped' | 'runner_on_unreachable',
  host: string,
  res: Record<string, unknown>,
  opts: { task?: string; taskUuid?: string; ignore?: boolean } = {},
): JobEvent {
  const t = task(opts.task ?? 'a task', opts.taskUuid ?? 'task');
  return { ...stamp(), parent_uuid: t.task_uuid, event, event_data: { ...t, host, res, ...(opts.ignore ? { ignore_errors: true } : {}) } } as JobEvent;
}

export function stats(counts: Partial<Record<'ok' | 'changed' | 'dark' | 'failures' | 'skipped' | 'rescued' | 'ignored', Record<string, number>>>): JobEvent {
  const m = (k: keyof typeof counts) => counts[k] ?? {};
  const processed = Object.fromEntries(Object.values(counts).flatMap((c) => Object.keys(c ?? {})).map((h) => [h, 1]));
  return {
    ...stamp(),
    parent_uuid: null,
    event: 'playbook_on_stats',
    event_data: { ...PB, ok: m('ok'), changed: m('changed'), dark: m('dark'), failures: m('failures'), skipped: m('skipped'), rescued: m('rescued'), ignored: m('ignored'), processed },
  };
}

/** A realistic stream: per task, a task start then runner_on_start + runner_on_ok for each host. */
export function* syntheticRun(total: number, hosts = 10): Generator<JobEvent> {
  let emitted = 0;
  yield playbookStart();
  emitted++;
  for (let t = 0; emitted < total; t++) {
    const uuid = randomUUID();
    const name = `task ${t}`;
    yield taskStart(name, uuid);
    emitted++;
    for (let h = 0; h < hosts && emitted < total; h++) {
      const host = `host${h}`;
      const ok = result('runner_on_ok', host, { changed: h % 3 === 0, rc: 0, stdout: `output of ${name} on ${host}`, stderr: '', cmd: 'echo hi' }, { task: name, taskUuid: uuid });
      yield ok;
      emitted++;
    }
  }
}
