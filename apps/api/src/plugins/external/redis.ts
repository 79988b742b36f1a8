/**
 * Redis: `app.redis` (a publisher/command client), `app.jobsQueue` (BullMQ, for launches) and
 * `app.channels` (pub/sub channel names). Subscribers are created by the live service.
 */
import { channelNames, createJobsQueue, createRedis, redisConnectionOptions, type ChannelNames } from '@drover/queue';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
    jobsQueue: Queue;
    channels: ChannelNames;
    /** A new Redis client (e.g. a subscriber), closed with the app. */
    newRedis(): Redis;
  }
}

export interface RedisPluginOptions {
  redisUrl: string;
  queuePrefix: string;
  channelNamespace: string;
}

async function redisPlugin(app: FastifyInstance, opts: RedisPluginOptions): Promise<void> {
  const clients: Redis[] = [];
  const newRedis = (): Redis => {
    const client = createRedis(opts.redisUrl);
    client.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'redis error'));
    clients.push(client);
    return client;
  };
  app.decorate('newRedis', newRedis);
  app.decorate('redis', newRedis());
  app.decorate('channels', channelNames(opts.channelNamespace));
  const queue = createJobsQueue({ connection: redisConnectionOptions(opts.redisUrl), prefix: opts.queuePrefix });
  queue.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'queue error'));
  app.decorate('jobsQueue', queue);
  app.addHook('onClose', async () => {
    await queue.close().catch(() => {});
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  });
}

export default fp(redisPlugin, { name: 'redis' });
