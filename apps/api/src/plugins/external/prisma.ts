/**
 * The database: `app.db`, a Prisma Client (given to buildApp, or created from the config's URL), and
 * `app.sql`, a small pg pool for the few hot paths that run on every request or launch (see
 * plugins/app/hot-sql.ts): Prisma's runtime costs ~0.25 ms of CPU per query, pg ~0.04 ms.
 */
import { createPrisma, type PrismaClient } from '@drover/db';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
    sql: pg.Pool;
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
  const sql = new pg.Pool({ connectionString: opts.databaseUrl, max: 5 });
  sql.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'idle database connection failed'));
  app.decorate('sql', sql);
  app.addHook('onClose', async () => sql.end());
}

export default fp(prismaPlugin, { name: 'prisma' });
