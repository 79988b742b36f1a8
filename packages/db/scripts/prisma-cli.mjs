// Runs Prisma's CLI offline: the native engines it would download are replaced by dummies it never
// runs (generation and `migrate diff` use WebAssembly, see packages/db/README.md).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(packageDir, '..', '..');
export const schemaPath = join(repoDir, 'prisma', 'schema.prisma');
export const migrationsDir = join(repoDir, 'prisma', 'migrations');
export const configPath = join(packageDir, 'prisma.config.ts');

const require = createRequire(import.meta.url);

export function prismaVersion() {
  return require('prisma/package.json').version;
}

/**
 * Runs `prisma ARGS...` with the offline environment; returns spawnSync's result.
 * @param {string[]} args
 * @param {{ capture?: boolean }} [options] capture stdout instead of inheriting it
 */
export function runPrisma(args, options = {}) {
  const cli = require.resolve('prisma/build/index.js');
  return spawnSync(process.execPath, [cli, ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? '/dev/null',
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
}
