/** The production job sources of a worker process: projects (git ones synced and exported through
 * the project sync lock) and inventories from the database. */
import type { PrismaClient } from '@drover/db';
import { SecretBox } from '@drover/secrets';
import type { WorkerConfig } from './config.js';
import type { Logger } from './logger.js';
import { DbJobSources } from './run/db-sources.js';
import { GitCheckout } from './run/git-checkout.js';
import { PgProjectLock } from './store/pg/pg-project-lock.js';
import { PrismaProjectSyncStore } from './store/prisma/prisma-project-sync-store.js';
import { PrismaSourceStore } from './store/prisma/prisma-source-store.js';

export function databaseJobSources(prisma: PrismaClient, config: Pick<WorkerConfig, 'databaseUrl' | 'projectsDir' | 'secretKey'>, logger?: Logger): DbJobSources {
  const store = new PrismaSourceStore(prisma);
  const git = new GitCheckout({
    projectsDir: config.projectsDir,
    lock: new PgProjectLock(config.databaseUrl, { onConnectionError: (err) => logger?.warn('the project sync lock connection failed', { err: err.message }) }),
    syncs: new PrismaProjectSyncStore(prisma),
    credentials: store,
    box: config.secretKey ? new SecretBox(config.secretKey) : undefined,
  });
  return new DbJobSources(store, git);
}
