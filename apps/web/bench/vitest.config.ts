import { defineConfig } from 'vitest/config';

/** `npm run bench:web`: the UI benchmark (not part of the test suite). */
export default defineConfig({
  test: { include: ['apps/web/bench/*.bench.ts'], testTimeout: 600_000, hookTimeout: 600_000, pool: 'forks' },
});
