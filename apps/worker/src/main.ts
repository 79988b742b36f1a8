#!/usr/bin/env node
/** `node apps/worker/dist/src/main.js`: the worker process (settings from the environment). */
import { loadConfig } from './config.js';
import { jsonLogger } from './logger.js';
import { startWorkerProcess, stopOnSignals } from './process.js';
import { databaseJobSources } from './sources.js';

const logger = jsonLogger();
try {
  const proc = await startWorkerProcess(loadConfig(), (prisma, config) => databaseJobSources(prisma, config, logger), logger);
  stopOnSignals(proc, logger);
} catch (e) {
  logger.error('the worker could not start', { err: e instanceof Error ? e.message : String(e) });
  process.exit(1);
}
