import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export interface CreatePrismaOptions {
  /** Most connections the pool opens (pg's default is 10). */
  poolSize?: number;
  /** Prisma's log levels to print ('query', 'info', 'warn', 'error'). */
  log?: Prisma.LogLevel[];
}

/**
 * A Prisma Client for the database at `databaseUrl` (`postgresql://user:pass@host:port/db`), running through
 * `@prisma/adapter-pg` and Prisma's TypeScript query compiler: no native engine. Call `$disconnect()` when done.
 */
export function createPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    ...(options.poolSize !== undefined ? { max: options.poolSize } : {}),
  });
  return new PrismaClient({ adapter, ...(options.log ? { log: options.log } : {}) });
}
