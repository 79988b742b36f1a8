#!/usr/bin/env node
/** `node apps/worker/dist/src/main.js`: the worker process (settings from the environment). */
import { loadConfig } from './config.js';
import { jsonLogger } from './logger.js';
import { DbJobSources } from './run/db-sources.js';
import { PrismaSourceStore } from './store/prisma/prisma-source-store.js';
import { startWorkerProcess, stopOnSignals } from './process.js';

const logger = jsonLogger();
try {
  const proc = await startWorkerProcess(loadConfig(), (prisma) => new DbJobSources(new PrismaSourceStore(prisma)), logger);
  stopOnSignals(proc, logger);
} catch (e) {
  logger.error('the worker could not start', { err: e instanceof Error ? e.message : String(e) });
  process.exit(1);
}
