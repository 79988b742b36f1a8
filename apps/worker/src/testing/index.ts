/** `@drover/worker/testing`: TEST ONLY helpers (never used by the production worker). */
import { fileURLToPath } from 'node:url';

export { TEST_INVENTORY_VAR, TEST_PLAYBOOK_VAR, testHookSources } from './test-sources.js';

/** The compiled test worker process (worker-child.ts). */
export const WORKER_CHILD_SCRIPT: string = fileURLToPath(new URL('./worker-child.js', import.meta.url));
