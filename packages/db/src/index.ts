/**
 * @drover/db: drover's database access. Everything generated from prisma/schema.prisma (PrismaClient, the
 * `Prisma` namespace, model types such as `Job` and `JobEvent`, enums such as `JobStatus`), plus
 * `createPrisma(url)` for a client, `migrate(url)` for the schema, and `runMigrateCommand(argv)` for the
 * `drover migrate` command. Test helpers are in `@drover/db/testing`.
 */
export * from './generated/prisma/client.js';
export { createPrisma, type CreatePrismaOptions } from './client.js';
export {
  defaultMigrationsDir,
  migrate,
  migrationChecksum,
  MigrationError,
  migrationStatus,
  MIGRATION_LOCK_KEY,
  readMigrations,
  type LocalMigration,
  type MigrateOptions,
  type MigrateResult,
  type MigrationStatus,
} from './migrate.js';
export { MIGRATE_USAGE, runMigrateCommand, type CommandIo } from './migrate-command.js';
