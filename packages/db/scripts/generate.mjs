// `npm run generate -w @drover/db`: generates Prisma Client from prisma/schema.prisma into
// packages/db/src/generated/prisma (gitignored), offline. Skips the work when the schema and the Prisma
// version are those of the last generation (a stamp file in the output), so it is cheap to run before
// every build; `--force` regenerates anyway.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configPath, packageDir, prismaVersion, runPrisma, schemaPath } from './prisma-cli.mjs';

const outDir = join(packageDir, 'src', 'generated', 'prisma');
const stampPath = join(outDir, '.generated-from');
const force = process.argv.includes('--force');

const stamp = createHash('sha256')
  .update(`prisma ${prismaVersion()}\n`)
  .update(readFileSync(schemaPath))
  .digest('hex');

if (!force && existsSync(join(outDir, 'client.ts')) && existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === stamp) {
  console.log('@drover/db: Prisma Client is up to date with prisma/schema.prisma');
  process.exit(0);
}

const started = Date.now();
const result = runPrisma(['generate', '--config', configPath, '--schema', schemaPath, '--no-hints']);
if (result.status !== 0) {
  console.error(`@drover/db: prisma generate failed (${result.error?.message ?? `exit ${result.status}`})`);
  process.exit(1);
}
writeFileSync(stampPath, `${stamp}\n`);
console.log(`@drover/db: generated Prisma Client in ${Date.now() - started} ms`);
