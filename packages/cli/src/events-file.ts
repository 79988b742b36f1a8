import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { JobEvent } from '@drover/events';

/**
 * `--events FILE`: the job event stream as JSON lines. Counters are renumbered 1..n over the whole
 * command (the engine numbers each playbook from 1), and an error that ends the command is written
 * as a stamped `error` event, so every line parses with parseJobEvent.
 */
export class EventsFile {
  private readonly fd: number;
  private closed = false;
  private counter = 0;
  /** The current playbook's playbook_on_start, the parent of a closing error event. */
  private playbookStart: string | null = null;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(e: JobEvent): void {
    if (e.event === 'playbook_on_start') this.playbookStart = e.uuid;
    this.line({ ...e, counter: ++this.counter });
  }

  error(message: string): void {
    this.line({
      counter: ++this.counter,
      uuid: randomUUID(),
      parent_uuid: this.playbookStart,
      created: new Date().toISOString(),
      event: 'error',
      event_data: { message },
    });
  }

  /** Idempotent: Ctrl-C closes the file early, the normal path closes it again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private line(e: JobEvent): void {
    if (!this.closed) writeSync(this.fd, JSON.stringify(e) + '\n');
  }
}
