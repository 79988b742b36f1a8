/** `app.secrets`: the SecretBox keyed from DROVER_SECRET_KEY. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SecretBox } from './secret-box.js';

declare module 'fastify' {
  interface FastifyInstance {
    secrets: SecretBox;
  }
}

async function cryptoPlugin(app: FastifyInstance, opts: { secretKey: string }): Promise<void> {
  app.decorate('secrets', new SecretBox(opts.secretKey));
}

export default fp(cryptoPlugin, { name: 'crypto' });
