/**
 * Redis pub/sub channel names. `namespace` defaults to `drover`; tests (which share one Redis and
 * each have their own database, so job ids repeat) use a fresh one each.
 *
 * - `<ns>:job:<id>:events`: the job's events as they are stored, in counter order, then one
 *   `events_complete` (JobChannelMessage).
 * - `<ns>:jobs:status`: every job status change (JobStatusMessage).
 * - `<ns>:jobs:control`: requests to the workers (JobControlMessage), e.g. cancel.
 */
export interface ChannelNames {
  readonly namespace: string;
  jobEvents(jobId: number): string;
  readonly jobStatus: string;
  readonly jobControl: string;
}

export function channelNames(namespace = 'drover'): ChannelNames {
  if (!namespace || /\s/.test(namespace)) throw new Error(`bad channel namespace ${JSON.stringify(namespace)}`);
  return {
    namespace,
    jobEvents: (jobId: number) => `${namespace}:job:${jobId}:events`,
    jobStatus: `${namespace}:jobs:status`,
    jobControl: `${namespace}:jobs:control`,
  };
}

/** The default channel names (`drover:job:<id>:events`, `drover:jobs:status`, `drover:jobs:control`). */
export const CHANNELS: ChannelNames = channelNames();
