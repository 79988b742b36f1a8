/** Stable error codes of @drover/queue. */
export type QueueErrorCode =
  | 'DRV_INVALID_TRANSITION' // a job status change the state machine does not allow
  | 'DRV_QUEUE_INVALID_PAYLOAD' // a BullMQ job's data does not match its catalog schema
  | 'DRV_QUEUE_INVALID_MESSAGE'; // a Redis pub/sub message does not match its schema

export class QueueError extends Error {
  readonly code: QueueErrorCode;
  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
    this.code = code;
  }
}
