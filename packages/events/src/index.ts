export { EVENT_NAMES, EVENT_LEVEL, type EventName } from './event-names.js';
export {
  JobEventSchema,
  ResultSchema,
  FlushReasonSchema,
  DropReasonSchema,
  parseJobEvent,
  type JobEvent,
  type JobEventOf,
  type EventData,
  type EventInput,
  type Result,
  type FlushReason,
  type DropReason,
} from './schema.js';
export { isFailedEvent, isChangedEvent, eventHost } from './derived.js';
export { DefaultRenderer, type RenderOptions, type Writer, type Stream } from './render/default-callback.js';
export { pyJsonDumps } from './render/py-json.js';
export { stringc, COLOR, type ColorName } from './render/colors.js';
export type {
  LiveJobEvent,
  LiveError,
  SubscribeAck,
  Ack,
  ServerToClientEvents,
  ClientToServerEvents,
} from './live-protocol.js';
export * from './handler-timeline.js';
