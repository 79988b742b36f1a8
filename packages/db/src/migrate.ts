/**
 * drover's migrator: applies prisma/migrations/<name>/migration.sql folders the way `prisma migrate deploy`
 * would, without Prisma's native schema engine (which cannot be downloaded here).
 *
 * - Pending migrations are applied in name order, each in its own transaction together with its
 *   `_prisma_migrations` row, so a failing migration leaves neither tables nor a row behind.
 * - Everything happens under Postgres advisory lock 72707369, the key Prisma's schema engine uses: API and
 *   worker processes starting together (or a concurrent `prisma migrate deploy`) apply each migration once.
 * - Rows have Prisma's columns and checksum (sha256 hex of the file), so `prisma migrate status` agrees.
 * - An applied migration whose file changed since (checksum mismatch) stops everything, as does a migration
 *   Prisma recorded as failed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The advisory lock key of Prisma's schema engine (so drover and Prisma also exclude each other). */
export const MIGRATION_LOCK_KEY = 72707369;

/** Prisma's migrations table, exactly as its schema engine creates it on Postgres. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The repository's prisma/migrations, found from this file (src/ or dist/ of packages/db), not the cwd. */
export const defaultMigrationsDir: string = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));

export interface MigrateOptions {
  /** Progress lines ("Applied 20250101000000_init (85 ms)"). Default: silent. */
  log?: (message: string) => void;
  /** Folder of migration folders. Default: the repository's prisma/migrations. */
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  alreadyApplied: string[];
}

export interface LocalMigration {
  name: string;
  path: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrationStatus {
  /** Local migrations recorded as applied. */
  applied: string[];
  /** Local migrations not applied yet. */
  pending: string[];
  /** Applied migrations whose file has changed since (names). */
  modified: string[];
  /** Migrations Prisma recorded as started but never finished (names). */
  failed: string[];
  /** Migrations applied to the database that are not in the migrations folder (from a newer drover?). */
  unknown: string[];
}

/** Base class of the migrator's errors; `code` is stable for callers. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly code: 'NO_MIGRATIONS' | 'CHECKSUM_MISMATCH' | 'FAILED_MIGRATION' | 'MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** sha256 hex of a migration script, Prisma's checksum. */
export function migrationChecksum(sql: string | Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** The migration folders under `dir`, in the order Prisma applies them. */
export function readMigrations(dir: string = defaultMigrationsDir): LocalMigration[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MigrationError('NO_MIGRATIONS', `migrations folder not found: ${dir}`);
  }
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    // Prisma's CLI sorts with localeCompare; timestamps make it the same as a byte order in practice.
    .sort((a, b) => a.localeCompare(b));
  return names.map((name) => {
    const path = join(dir, name, 'migration.sql');
    if (!existsSync(path)) throw new MigrationError('NO_MIGRATIONS', `migration ${name} has no migration.sql (${path})`);
    const bytes = readFileSync(path);
    return { name, path, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
  });
}

/** Compares the folder with the database's `_prisma_migrations` rows. */
function compare(local: LocalMigration[], rows: MigrationRow[]): MigrationStatus & { appliedNames: Set<string> } {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const finished = live.filter((row) => row.finished_at !== null);
  const appliedNames = new Set(finished.map((row) => row.migration_name));
  const localByName = new Map(local.map((m) => [m.name, m]));
  const modified = new Set<string>();
  for (const row of finished) {
    const file = localByName.get(row.migration_name);
    if (file && file.checksum !== row.checksum) modified.add(row.migration_name);
  }
  return {
    appliedNames,
    applied: local.filter((m) => appliedNames.has(m.name)).map((m) => m.name),
    pending: local.filter((m) => !appliedNames.has(m.name)).map((m) => m.name),
    modified: [...modified],
    // A failed row that `prisma migrate resolve --applied` answered with a finished row is settled.
    failed: [
      ...new Set(
        live.filter((row) => row.finished_at === null && !appliedNames.has(row.migration_name)).map((row) => row.migration_name),
      ),
    ],
    unknown: [...new Set(finished.map((row) => row.migration_name).filter((name) => !localByName.has(name)))],
  };
}

async function readRows(client: pg.Client): Promise<MigrationRow[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (exists.rows[0]?.t == null) return [];
  const result = await client.query<MigrationRow>(
    `SELECT id, checksum, finished_at, migration_name, rolled_back_at, started_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

function refuseBrokenState(status: MigrationStatus, dir: string): void {
  if (status.failed.length > 0) {
    throw new MigrationError(
      'FAILED_MIGRATION',
      `migration ${status.failed.join(', ')} was started but never finished (recorded as failed in _prisma_migrations). ` +
        `Repair the database by hand, then mark it with \`prisma migrate resolve --applied|--rolled-back NAME\` ` +
        `or delete its row; drover applies nothing until then.`,
    );
  }
  if (status.modified.length > 0) {
    throw new MigrationError(
      'CHECKSUM_MISMATCH',
      `applied migration ${status.modified.join(', ')} was modified after it was applied ` +
        `(the checksum of its migration.sql in ${dir} differs from the one in _prisma_migrations). ` +
        `Restore the file as it was and put the change in a new migration; drover applies nothing until then.`,
    );
  }
}

async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'drover-migrate' });
  // An error on an idle client (server restart) must not crash the process; the pending query rejects.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Reports applied and pending migrations without changing anything. */
export async function migrationStatus(databaseUrl: string, options: Pick<MigrateOptions, 'migrationsDir'> = {}): Promise<MigrationStatus> {
  const local = readMigrations(options.migrationsDir);
  return withClient(databaseUrl, async (client) => {
    const { appliedNames: _, ...status } = compare(local, await readRows(client));
    return status;
  });
}

/**
 * Applies every pending migration to the database at `databaseUrl`. Safe to call from several processes at
 * once: they queue on the advisory lock and the later ones find nothing to do.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const local = readMigrations(dir);
  return withClient(databaseUrl, async (client) => {
    const got = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (!got.rows[0]?.locked) {
      log('waiting for another process to finish migrating');
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const status = compare(local, await readRows(client));
      refuseBrokenState(status, dir);
      if (status.unknown.length > 0) {
        log(`warning: the database has migrations this drover does not know: ${status.unknown.join(', ')}`);
      }
      const applied: string[] = [];
      for (const migration of local) {
        if (status.appliedNames.has(migration.name)) continue;
        const started = Date.now();
        const id = randomUUID();
        await client.query('BEGIN');
        try {
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, $3, clock_timestamp(), 0)`,
            [id, migration.checksum, migration.name],
          );
          await client.query(migration.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          const detail = error instanceof Error ? error.message : String(error);
          throw new MigrationError(
            'MIGRATION_FAILED',
            `migration ${migration.name} failed and was rolled back (nothing of it is applied): ${detail}`,
            { cause: error },
          );
        }
        applied.push(migration.name);
        log(`Applied ${migration.name} (${Date.now() - started} ms)`);
      }
      return { applied, alreadyApplied: status.applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}
