import type { ChannelNames, EventsCompleteMessage, JobEventMessage, JobStatusMessage } from '@drover/queue';
import type { Redis } from 'ioredis';

/** Where stored events and status changes are announced (Redis pub/sub in production). */
export interface EventPublisher {
  /** Publish in the given (counter) order. */
  publishEvents(jobId: number, messages: readonly JobEventMessage[]): Promise<void>;
  publishComplete(message: EventsCompleteMessage): Promise<void>;
  publishStatus(message: JobStatusMessage): Promise<void>;
}

/** Publishes over one ioredis connection; a batch goes out as one pipeline, so order is kept. */
export class RedisPublisher implements EventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly channels: ChannelNames,
  ) {}

  async publishEvents(jobId: number, messages: readonly JobEventMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const channel = this.channels.jobEvents(jobId);
    const p = this.redis.pipeline();
    for (const m of messages) p.publish(channel, JSON.stringify(m));
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async publishComplete(message: EventsCompleteMessage): Promise<void> {
    await this.redis.publish(this.channels.jobEvents(message.jobId), JSON.stringify(message));
  }

  async publishStatus(message: JobStatusMessage): Promise<void> {
    await this.redis.publish(this.channels.jobStatus, JSON.stringify(message));
  }
}

/** For tests and tools that do not publish. */
export const nullPublisher: EventPublisher = {
  publishEvents: async () => {},
  publishComplete: async () => {},
  publishStatus: async () => {},
};
