import { z } from 'zod';

/** Module result as the module returned it (after changed_when/failed_when). */
export const ResultSchema = z.record(z.string(), z.unknown());
export type Result = z.infer<typeof ResultSchema>;

const Base = {
  /** Emission sequence number, 1..n within one run (job). */
  counter: z.number().int().positive(),
  uuid: z.string(),
  parent_uuid: z.string().nullable(),
  /** ISO-8601 UTC timestamp of emission. */
  created: z.string(),
};

/** Context copied onto every event below the playbook (AWX keeps these as columns). */
const PlaybookCtx = { playbook: z.string(), playbook_uuid: z.string() };
const PlayCtx = { ...PlaybookCtx, play: z.string(), play_uuid: z.string(), play_pattern: z.string() };
const TaskCtx = {
  ...PlayCtx,
  task: z.string(),
  task_uuid: z.string(),
  task_action: z.string(),
  task_path: z.string(),
  role: z.string().optional(),
  /** AWX marks handler task starts with is_conditional=true. */
  is_conditional: z.boolean(),
};
const HostCtx = { ...TaskCtx, host: z.string(), remote_addr: z.string().optional() };
const ResultData = {
  ...HostCtx,
  res: ResultSchema,
  start: z.string().optional(),
  end: z.string().optional(),
  duration: z.number().optional(),
  ignore_errors: z.boolean().optional(),
};
const ItemData = { ...ResultData, item_label: z.string() };

const counts = z.record(z.string(), z.number().int());

/** Why a flush happened: the end of a section, an explicit meta, or a forced always-flush. */
export const FlushReasonSchema = z.enum(['pre_tasks', 'tasks', 'post_tasks', 'meta', 'forced']);
export type FlushReason = z.infer<typeof FlushReasonSchema>;

/** Why a host's pending notification was not run. */
export const DropReasonSchema = z.enum(['host_failed', 'host_unreachable', 'play_ended', 'host_ended', 'play_stopped']);
export type DropReason = z.infer<typeof DropReasonSchema>;

function ev<N extends string, D extends z.ZodRawShape>(name: N, data: D) {
  return z.object({ ...Base, event: z.literal(name), event_data: z.object(data) });
}

export const JobEventSchema = z.discriminatedUnion('event', [
  ev('playbook_on_start', { ...PlaybookCtx, check: z.boolean().optional() }),
  ev('playbook_on_play_start', { ...PlayCtx, name: z.string(), batch: z.number().int().optional() }),
  ev('playbook_on_task_start', TaskCtx),
  ev('playbook_on_handler_task_start', { ...TaskCtx, listen: z.array(z.string()) }),
  ev('playbook_on_notify', {
    ...HostCtx,
    /** The handler's display name (`role : name` for role handlers). */
    handler: z.string(),
    handler_uuid: z.string(),
    /** The name or topic the task notified (differs from `handler` when reached through `listen`). */
    notified_as: z.string(),
    via_listen: z.boolean(),
  }),
  ev('playbook_on_include', { ...TaskCtx, included_file: z.string(), hosts: z.array(z.string()) }),
  ev('playbook_on_no_hosts_matched', PlayCtx),
  ev('playbook_on_no_hosts_remaining', PlayCtx),
  ev('playbook_on_handlers_flush', {
    ...PlayCtx,
    reason: FlushReasonSchema,
    hosts: z.array(z.string()),
    /** Per host, the handler display names pending at the start of the flush, in run order. */
    pending: z.record(z.string(), z.array(z.string())),
  }),
  ev('playbook_on_handler_dropped', {
    ...PlayCtx,
    host: z.string(),
    handler: z.string(),
    handler_uuid: z.string(),
    reason: DropReasonSchema,
  }),
  ev('playbook_on_stats', {
    ...PlaybookCtx,
    ok: counts,
    changed: counts,
    dark: counts,
    failures: counts,
    skipped: counts,
    rescued: counts,
    ignored: counts,
    processed: counts,
  }),
  ev('runner_on_start', HostCtx),
  ev('runner_on_ok', ResultData),
  ev('runner_on_failed', ResultData),
  ev('runner_on_skipped', ResultData),
  ev('runner_on_unreachable', ResultData),
  ev('runner_item_on_ok', ItemData),
  ev('runner_item_on_failed', ItemData),
  ev('runner_item_on_skipped', ItemData),
  ev('warning', { message: z.string() }),
  ev('verbose', { message: z.string(), verbosity: z.number().int() }),
  ev('error', { message: z.string() }),
]);

export type JobEvent = z.infer<typeof JobEventSchema>;
export type JobEventOf<N extends JobEvent['event']> = Extract<JobEvent, { event: N }>;
export type EventData<N extends JobEvent['event']> = JobEventOf<N>['event_data'];

/** An event before the emitter numbers and stamps it. */
export type EventInput = {
  [N in JobEvent['event']]: { event: N; event_data: EventData<N>; uuid?: string; parent_uuid: string | null };
}[JobEvent['event']];

/** Parse one event (e.g. a JSON line from `drover playbook --events FILE`). Throws a ZodError on bad input. */
export function parseJobEvent(value: unknown): JobEvent {
  return JobEventSchema.parse(value);
}
