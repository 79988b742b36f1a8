export { QueueError, type QueueErrorCode } from './errors.js';
export { JOB_STATUSES, JobStatusSchema, type JobStatus } from './job-status.js';
export { TRANSITIONS, assertTransition, canTransition, isActive, isRunnable, isTerminal } from './transitions.js';
export { DEFAULT_REDIS_URL, createRedis, redisConnectionOptions, redisUrl } from './connection.js';
export {
  JOB_CATALOG,
  QUEUE_NAMES,
  RunJobPayloadSchema,
  createJobsQueue,
  enqueueRunJob,
  isJobName,
  parsePayload,
  queuePrefix,
  type JobName,
  type PayloadOf,
  type QueueConnection,
  type QueueName,
  type RunJobPayload,
} from './catalog.js';
export { CHANNELS, channelNames, type ChannelNames } from './channels.js';
export {
  EventsCompleteMessageSchema,
  JobChannelMessageSchema,
  JobControlMessageSchema,
  JobEventMessageSchema,
  JobStatusMessageSchema,
  parseJobChannelMessage,
  parseJobControlMessage,
  parseJobStatusMessage,
  type EventsCompleteMessage,
  type JobChannelMessage,
  type JobControlMessage,
  type JobEventMessage,
  type JobStatusMessage,
} from './messages.js';
