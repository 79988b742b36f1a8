/** The database: `app.db`, a Prisma Client (given to buildApp, or created from the config's URL). */
import { createPrisma, type PrismaClient } from '@drover/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
  }
}

export interface PrismaPluginOptions {
  databaseUrl: string;
  /** A client owned by the caller (not disconnected on close). */
  prisma?: PrismaClient;
}

async function prismaPlugin(app: FastifyInstance, opts: PrismaPluginOptions): Promise<void> {
  const owned = !opts.prisma;
  const db = opts.prisma ?? createPrisma(opts.databaseUrl);
  app.decorate('db', db);
  if (owned) app.addHook('onClose', async () => db.$disconnect());
}

export default fp(prismaPlugin, { name: 'prisma' });
