import { JobEventSchema } from '@drover/events';
import { z } from 'zod';
import { QueueError } from './errors.js';
import { JobStatusSchema } from './job-status.js';

const jobId = z.number().int().positive();

/** One stored job event, published on `<ns>:job:<id>:events` after it was committed, in counter order.
 * `event` is the event as stored (secrets masked); `stdout` is its console text (ANSI colours kept) and
 * `startLine`/`endLine` its line range in the job's whole output, as in the job_events row. */
export const JobEventMessageSchema = z.object({
  type: z.literal('event'),
  version: z.literal(1),
  jobId,
  event: JobEventSchema,
  stdout: z.string(),
  startLine: z.number().int().nonnegative(),
  endLine: z.number().int().nonnegative(),
});
export type JobEventMessage = z.infer<typeof JobEventMessageSchema>;

/** The last message of a job's event channel: every event up to `lastCounter` is stored and was
 * published (0: the job stored no event). A client that missed some fetches them over REST. */
export const EventsCompleteMessageSchema = z.object({
  type: z.literal('events_complete'),
  version: z.literal(1),
  jobId,
  lastCounter: z.number().int().nonnegative(),
});
export type EventsCompleteMessage = z.infer<typeof EventsCompleteMessageSchema>;

export const JobChannelMessageSchema = z.discriminatedUnion('type', [JobEventMessageSchema, EventsCompleteMessageSchema]);
export type JobChannelMessage = z.infer<typeof JobChannelMessageSchema>;

/** A job status change, published on `<ns>:jobs:status` after it was committed. `at` is ISO-8601. */
export const JobStatusMessageSchema = z.object({
  type: z.literal('status'),
  version: z.literal(1),
  jobId,
  status: JobStatusSchema,
  at: z.string(),
});
export type JobStatusMessage = z.infer<typeof JobStatusMessageSchema>;

/** Requests to workers on `<ns>:jobs:control`. `cancel`: the worker running the job aborts it (the
 * API also sets Job.cancelRequested, which the worker polls, so a lost message only delays it). */
export const JobControlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cancel'), version: z.literal(1), jobId }),
]);
export type JobControlMessage = z.infer<typeof JobControlMessageSchema>;

function parseWith<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new QueueError('DRV_QUEUE_INVALID_MESSAGE', `${what}: not JSON`, { cause: e });
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new QueueError('DRV_QUEUE_INVALID_MESSAGE', `${what}: ${r.error.message}`, { cause: r.error });
  return r.data;
}

export const parseJobChannelMessage = (text: string): JobChannelMessage => parseWith(JobChannelMessageSchema, text, 'job channel message');
export const parseJobStatusMessage = (text: string): JobStatusMessage => parseWith(JobStatusMessageSchema, text, 'job status message');
export const parseJobControlMessage = (text: string): JobControlMessage => parseWith(JobControlMessageSchema, text, 'job control message');
