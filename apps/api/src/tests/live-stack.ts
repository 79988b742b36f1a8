/** A listening API with a real @drover/worker on the same database, queue and channels (end-to-end tests). */
import type { AddressInfo } from 'node:net';
import { databaseJobSources, loadConfig, silentLogger, startWorkerProcess } from '@drover/worker';
import { buildTestApp, type TestContext } from './helper.js';

export interface LiveStack {
  t: TestContext;
  /** http://127.0.0.1:<port> of the API. */
  url: string;
  close(): Promise<void>;
}

export async function startLiveStack(workerEnv: Record<string, string> = {}): Promise<LiveStack> {
  const t = await buildTestApp();
  const worker = await startWorkerProcess(
    loadConfig({
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      DROVER_QUEUE_PREFIX: t.config.queuePrefix,
      DROVER_CHANNEL_NAMESPACE: t.config.channelNamespace,
      DROVER_PROJECTS_DIR: t.config.projectsDir,
      DROVER_SECRET_KEY: t.config.secretKey,
      ...workerEnv,
    }),
    (prisma, config) => databaseJobSources(prisma, config),
    silentLogger,
  );
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    t,
    url: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    close: async () => {
      await worker.stop();
      await t.close();
    },
  };
}
