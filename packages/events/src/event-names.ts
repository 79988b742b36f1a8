/** AWX's job event names, plus drover's handler-ledger extensions (prefixed the same way). */
export const EVENT_NAMES = [
  'playbook_on_start',
  'playbook_on_play_start',
  'playbook_on_task_start',
  'playbook_on_handler_task_start',
  'playbook_on_notify',
  'playbook_on_include',
  'playbook_on_no_hosts_matched',
  'playbook_on_no_hosts_remaining',
  'playbook_on_stats',
  'runner_on_start',
  'runner_on_ok',
  'runner_on_failed',
  'runner_on_skipped',
  'runner_on_unreachable',
  'runner_item_on_ok',
  'runner_item_on_failed',
  'runner_item_on_skipped',
  // drover: handler ledger (no AWX equivalent)
  'playbook_on_handlers_flush',
  'playbook_on_handler_dropped',
  // stdout-only events
  'warning',
  'verbose',
  'error',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** AWX's event levels: 0 playbook, 1 play, 2 task, 3 host result. */
export const EVENT_LEVEL: Readonly<Record<EventName, 0 | 1 | 2 | 3>> = {
  playbook_on_start: 0,
  warning: 0,
  verbose: 0,
  error: 0,
  playbook_on_play_start: 1,
  playbook_on_stats: 1,
  playbook_on_task_start: 2,
  playbook_on_handler_task_start: 2,
  playbook_on_notify: 2,
  playbook_on_include: 2,
  playbook_on_no_hosts_matched: 2,
  playbook_on_no_hosts_remaining: 2,
  playbook_on_handlers_flush: 2,
  playbook_on_handler_dropped: 2,
  runner_on_start: 3,
  runner_on_ok: 3,
  runner_on_failed: 3,
  runner_on_skipped: 3,
  runner_on_unreachable: 3,
  runner_item_on_ok: 3,
  runner_item_on_failed: 3,
  runner_item_on_skipped: 3,
};
