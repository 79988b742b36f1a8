#!/usr/bin/env node
/**
 * TEST ONLY. A worker process wired with the test job sources (test-sources.ts), for tests that
 * must kill a worker (`node apps/worker/dist/src/testing/worker-child.js`, settings from the
 * environment as for main.js).
 */
import { loadConfig } from '../config.js';
import { jsonLogger } from '../logger.js';
import { startWorkerProcess, stopOnSignals } from '../process.js';
import { testHookSources } from './test-sources.js';

const logger = jsonLogger();
const proc = await startWorkerProcess(loadConfig(), testHookSources, logger);
stopOnSignals(proc, logger);
process.stdout.write('worker-ready\n');
