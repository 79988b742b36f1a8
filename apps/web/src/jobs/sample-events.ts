/**
 * Job events shaped like the API's (LiveJobEvent), with stdout as the CLI prints it (ANSI colours):
 * for the job screens' tests and for trying the page without a worker.
 */
import type { LiveJobEvent } from '@drover/events';

const C = { ok: '0;32', changed: '0;33', failed: '0;31', skipped: '0;36', unreachable: '1;31' } as const;
const color = (code: string, text: string) => `\x1b[${code}m${text}\x1b[0m`;

/** Builds a stream: counters, uuids and line numbers follow on. */
export class SampleJob {
  readonly events: LiveJobEvent[] = [];
  private line = 0;
  private play = '';
  private playUuid = '';
  private playEvent: string | null = null;
  constructor(readonly job = 1) {}

  private push(event: string, parent: string | null, data: Record<string, unknown>, opts: Partial<LiveJobEvent> = {}): LiveJobEvent {
    const counter = this.events.length + 1;
    const stdout = opts.stdout ?? '';
    const lines = stdout === '' ? 0 : stdout.split('\n').length - (stdout.endsWith('\n') ? 1 : 0);
    const e: LiveJobEvent = {
      job: this.job,
      counter,
      uuid: `ev-${counter}`,
      parent_uuid: parent,
      event,
      event_data: { play: this.play, play_uuid: this.playUuid, ...data },
      host_name: null,
      play: this.play,
      task: typeof data['task'] === 'string' ? data['task'] : '',
      role: '',
      changed: false,
      failed: false,
      stdout,
      start_line: this.line,
      end_line: this.line + lines,
      created: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, counter)).toISOString(),
      ...opts,
    };
    this.line += lines;
    this.events.push(e);
    return e;
  }

  start(): LiveJobEvent {
    return this.push('playbook_on_start', null, {}, {});
  }

  playStart(name: string): LiveJobEvent {
    this.play = name;
    this.playUuid = `play-${name}`;
    const e = this.push('playbook_on_play_start', this.events[0]?.uuid ?? null, { name }, { stdout: `\nPLAY [${name}] ${'*'.repeat(Math.max(3, 70 - name.length))}\n` });
    this.playEvent = e.uuid;
    return e;
  }

  taskStart(name: string, handler = false): LiveJobEvent {
    const banner = `\n${handler ? 'RUNNING HANDLER' : 'TASK'} [${name}] ${'*'.repeat(Math.max(3, 60 - name.length))}\n`;
    return this.push(handler ? 'playbook_on_handler_task_start' : 'playbook_on_task_start', this.playEvent, { task: name, task_uuid: `task-${name}`, listen: [] }, { stdout: banner });
  }

  result(task: LiveJobEvent, host: string, status: keyof typeof C, res: Record<string, unknown> = {}): LiveJobEvent {
    const event = status === 'changed' ? 'runner_on_ok' : `runner_on_${status === 'ok' ? 'ok' : status}`;
    const full = { changed: status === 'changed', ...res };
    const json = JSON.stringify(full);
    const label =
      status === 'failed' ? `fatal: [${host}]: FAILED! => ${json}`
      : status === 'unreachable' ? `fatal: [${host}]: UNREACHABLE! => ${json}`
      : status === 'skipped' ? `skipping: [${host}]`
      : `${status}: [${host}]${'msg' in res ? ` => ${json}` : ''}`;
    return this.push(event, task.uuid, { task: task.event_data['task'], host, res: full }, {
      host_name: host,
      changed: status === 'changed',
      failed: status === 'failed' || status === 'unreachable',
      stdout: `${color(C[status], label)}\n`,
    });
  }

  notify(task: LiveJobEvent, host: string, handler: string, notifiedAs = handler): LiveJobEvent {
    return this.push('playbook_on_notify', task.uuid, { task: task.event_data['task'], host, handler, handler_uuid: `task-${handler}`, notified_as: notifiedAs, via_listen: notifiedAs !== handler }, { host_name: host });
  }

  flush(reason: string, pending: Record<string, string[]>): LiveJobEvent {
    return this.push('playbook_on_handlers_flush', this.playEvent, { reason, hosts: Object.keys(pending), pending });
  }

  drop(host: string, handler: string, reason: string): LiveJobEvent {
    return this.push('playbook_on_handler_dropped', this.playEvent, { host, handler, handler_uuid: `task-${handler}`, reason }, { host_name: host });
  }

  /** A plain multi-line chunk (e.g. verbose output) of `n` lines. */
  text(lines: string[]): LiveJobEvent {
    return this.push('verbose', null, { message: lines.join('\n') }, { stdout: `${lines.join('\n')}\n` });
  }
}

/** `n` result events of 2 lines each (banner + result alternate every 10 hosts), for volume tests. */
export function bulkEvents(job: SampleJob, tasks: number, hostsPerTask: number): LiveJobEvent[] {
  const from = job.events.length;
  for (let t = 0; t < tasks; t++) {
    const task = job.taskStart(`task ${t}`);
    for (let h = 0; h < hostsPerTask; h++) job.result(task, `host${h}`, h % 7 === 0 ? 'changed' : 'ok', { msg: `item ${t}.${h}` });
  }
  return job.events.slice(from);
}
