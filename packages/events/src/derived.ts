import type { JobEvent } from './schema.js';

/** AWX: failed for unreachable/failed results unless ignore_errors (item failures always count). */
export function isFailedEvent(e: JobEvent): boolean {
  switch (e.event) {
    case 'runner_on_failed':
      return !e.event_data.ignore_errors;
    case 'runner_item_on_failed':
    case 'runner_on_unreachable':
    case 'error':
      return true;
    default:
      return false;
  }
}

/** AWX: changed when the result says so. */
export function isChangedEvent(e: JobEvent): boolean {
  if ('res' in e.event_data) return e.event_data.res['changed'] === true;
  return false;
}

/** The host an event is about, if any. */
export function eventHost(e: JobEvent): string | undefined {
  return 'host' in e.event_data ? e.event_data.host : undefined;
}
