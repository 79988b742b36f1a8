/**
 * Serves the web UI's static build (apps/web/dist, or DROVER_WEB_DIR) from the API process: hashed
 * assets with a long cache, index.html (never cached) for every other GET that is not an API or
 * socket.io path, so the UI's client-side routes survive a reload. Without a build it serves nothing
 * and says so once in the log; the API works the same either way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

export interface WebUiOptions {
  /** The directory holding index.html and assets/ (undefined: no UI). */
  dir: string | undefined;
}

async function webUiPlugin(app: FastifyInstance, opts: WebUiOptions): Promise<void> {
  const dir = opts.dir;
  if (!dir || !existsSync(join(dir, 'index.html'))) {
    app.log.info({ dir }, 'web UI not built: serving the API only (npm run build -w @drover/web)');
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(res, path) {
      res.raw.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io/') || path.startsWith('/assets/')) {
      throw new ApiError('DRV_API_NOT_FOUND', `no route ${request.method} ${path}`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}

export const webUi = fp(webUiPlugin, { name: 'web-ui' });
