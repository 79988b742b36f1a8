import { isChangedEvent, isFailedEvent, eventHost, type JobEvent } from '@drover/events';
import type { EventRow } from '../store/ports.js';

const MAX_NAME = 1024;

function field(data: Record<string, unknown>, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v.trim().slice(0, MAX_NAME) : '';
}

function total(m: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(m)) n += v;
  return n;
}

/** AWX's derived flags; for the recap: failed when any host failed or was unreachable, changed
 * when any host changed. */
export function eventFlags(e: JobEvent): { changed: boolean; failed: boolean } {
  if (e.event === 'playbook_on_stats') {
    const d = e.event_data;
    return { changed: total(d.changed) > 0, failed: total(d.failures) + total(d.dark) > 0 };
  }
  return { changed: isChangedEvent(e), failed: isFailedEvent(e) };
}

/** The job_events row of an event (stdout and its line range already rendered). */
export function toEventRow(e: JobEvent, out: { stdout: string; startLine: number; endLine: number }): EventRow {
  const data = e.event_data as Record<string, unknown>;
  const { changed, failed } = eventFlags(e);
  return {
    counter: e.counter,
    uuid: e.uuid,
    parentUuid: e.parent_uuid,
    event: e.event,
    eventData: e.event_data,
    host: eventHost(e) ?? null,
    play: field(data, 'play'),
    task: field(data, 'task'),
    role: field(data, 'role'),
    changed,
    failed,
    stdout: out.stdout,
    startLine: out.startLine,
    endLine: out.endLine,
    created: e.created,
  };
}
