import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the web app's component tests (*.test.tsx) use React's automatic JSX runtime and jsdom
  // (each such file starts with `// @vitest-environment jsdom`)
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/src/**/*.test.tsx', 'apps/web/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['apps/web/src/test-setup.ts'],
  },
});
