/**
 * The app factory: `buildApp(opts)` returns a ready Fastify instance (not listening). Plugins load in
 * three layers, as in fastify/demo: plugins/external (infrastructure), plugins/app (services), then
 * routes/ (one folder per resource, all under /api/v1 behind the auth hook, except login).
 */
import cookie from '@fastify/cookie';
import type { PrismaClient } from '@drover/db';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiConfig } from './config.js';
import { LOG_REDACT_PATHS } from './logger.js';
import activity from './plugins/app/activity.service.js';
import auth from './plugins/app/auth.service.js';
import crypto from './plugins/app/crypto.plugin.js';
import jobs from './plugins/app/jobs.service.js';
import live from './plugins/app/live.service.js';
import metrics from './plugins/app/metrics.service.js';
import rbac from './plugins/app/rbac.service.js';
import errorHandler from './plugins/external/error-handler.js';
import inputGuard from './plugins/external/input-guard.js';
import prisma from './plugins/external/prisma.js';
import redis from './plugins/external/redis.js';
import swagger from './plugins/external/swagger.js';
import { webUi } from './plugins/external/web-ui.js';
import apiRoutes from './routes/index.js';

export interface BuildAppOptions {
  config: ApiConfig;
  /** A Prisma client owned by the caller; by default one is created from config.databaseUrl. */
  prisma?: PrismaClient;
  /** Fastify's logger option (default: pino at info, with secrets redacted). */
  logger?: FastifyServerOptions['logger'];
  /** Attach socket.io for live job events (default true). */
  live?: boolean;
}

export type App = FastifyInstance;

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const logger = opts.logger === undefined ? { level: 'info', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } } : opts.logger;
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('config', config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // plugins/external
  await app.register(errorHandler);
  await app.register(inputGuard);
  await app.register(swagger);
  await app.register(cookie);
  await app.register(prisma, { databaseUrl: config.databaseUrl, ...(opts.prisma ? { prisma: opts.prisma } : {}) });
  await app.register(redis, { redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, channelNamespace: config.channelNamespace });

  // plugins/app
  await app.register(crypto, { secretKey: config.secretKey });
  await app.register(auth, { sessionTtlSeconds: config.sessionTtlSeconds });
  await app.register(rbac);
  await app.register(activity);
  await app.register(jobs);
  await app.register(metrics);
  if (opts.live !== false) await app.register(live);

  // routes
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(webUi, { dir: config.webDir });
  await app.ready();
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiConfig;
  }
}
