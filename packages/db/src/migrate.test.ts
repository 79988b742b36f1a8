// drover's migrator against real Postgres: fresh databases (drover_test_<random>), dropped at the end.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, migrationChecksum, MigrationError, migrationStatus, readMigrations } from './migrate.js';
import { runMigrateCommand } from './migrate-command.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the repository's migrations in a temp folder, to tamper with or extend. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drover-migrations-'));
  tempDirs.push(dir);
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

interface Row {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const rowsOf = (url: string) => query<Row>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
const local = readMigrations();

describe('the migrations folder', () => {
  it('is found from the package, holds Prisma-layout folders and a lock file', () => {
    expect(local.length).toBeGreaterThan(0);
    for (const m of local) expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect(readFileSync(join(defaultMigrationsDir, 'migration_lock.toml'), 'utf8')).toMatch(/^provider = "postgresql"$/m);
  });
});

describe('migrate', () => {
  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const db = await emptyDatabase();
    const lines: string[] = [];
    const result = await migrate(db.url, { log: (line) => lines.push(line) });
    expect(result).toEqual({ applied: local.map((m) => m.name), alreadyApplied: [] });
    expect(lines).toEqual(local.map((m) => expect.stringMatching(new RegExp(`^Applied ${m.name} \\(\\d+ ms\\)$`))));

    const rows = await rowsOf(db.url);
    expect(rows).toHaveLength(local.length);
    rows.forEach((row, i) => {
      const file = readFileSync(local[i]!.path);
      expect(row).toMatchObject({
        migration_name: local[i]!.name,
        checksum: migrationChecksum(file),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    });

    // Prisma's own table definition, column by column
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string; character_maximum_length: number | null }>(
      db.url,
      `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable, c.character_maximum_length])).toEqual([
      ['id', 'character varying', 'NO', 36],
      ['checksum', 'character varying', 'NO', 64],
      ['finished_at', 'timestamp with time zone', 'YES', null],
      ['migration_name', 'character varying', 'NO', 255],
      ['logs', 'text', 'YES', null],
      ['rolled_back_at', 'timestamp with time zone', 'YES', null],
      ['started_at', 'timestamp with time zone', 'NO', null],
      ['applied_steps_count', 'integer', 'NO', null],
    ]);
    expect(await migrationStatus(db.url)).toEqual({ applied: local.map((m) => m.name), pending: [], modified: [], failed: [], unknown: [] });
  });

  it('applies nothing the second time', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    const before = await rowsOf(db.url);
    const lines: string[] = [];
    const second = await migrate(db.url, { log: (line) => lines.push(line) });
    expect(second).toEqual({ applied: [], alreadyApplied: local.map((m) => m.name) });
    expect(lines).toEqual([]);
    expect(await rowsOf(db.url)).toEqual(before);
  });

  it('applies each migration exactly once when 5 processes migrate a fresh database at the same time', async () => {
    const db = await emptyDatabase();
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(db.url)));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(local.map((m) => m.name).sort());
    // one of them did the work; the others waited on the lock and found it done
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    const rows = await rowsOf(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('applies only the new migrations, in name order, when the folder grows', async () => {
    const dir = copyOfMigrations();
    const db = await emptyDatabase();
    await migrate(db.url, { migrationsDir: dir });
    for (const [name, sql] of [
      ['29990102000000_second', 'CREATE TABLE "second" (id int);'],
      ['29990101000000_first', 'CREATE TABLE "first" (id int);'],
    ] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'migration.sql'), sql);
    }
    const result = await migrate(db.url, { migrationsDir: dir });
    expect(result.applied).toEqual(['29990101000000_first', '29990102000000_second']);
    expect((await rowsOf(db.url)).map((r) => r.migration_name).slice(-2)).toEqual(result.applied);
  });

  it('refuses to run when an applied migration was modified', async () => {
    const dir = copyOfMigrations();
    const db = await emptyDatabase();
    await migrate(db.url, { migrationsDir: dir });
    const first = join(dir, local[0]!.name, 'migration.sql');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- a harmless-looking edit\n`);
    mkdirSync(join(dir, '29990101000000_next'));
    writeFileSync(join(dir, '29990101000000_next', 'migration.sql'), 'CREATE TABLE "next" (id int);');

    const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining(local[0]!.name) });
    // nothing else was applied
    expect(await query(db.url, `SELECT to_regclass('"next"') AS t`)).toEqual([{ t: null }]);
    expect((await migrationStatus(db.url, { migrationsDir: dir })).modified).toEqual([local[0]!.name]);
  });

  it('rolls a failing migration back whole and records nothing, so a fixed one applies later', async () => {
    const dir = copyOfMigrations();
    const db = await emptyDatabase();
    mkdirSync(join(dir, '29990101000000_broken'));
    const broken = join(dir, '29990101000000_broken', 'migration.sql');
    writeFileSync(broken, 'CREATE TABLE "half" (id int);\nSELECT 1/0;\n');

    const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringMatching(/29990101000000_broken.*division by zero/) });
    expect(await query(db.url, `SELECT to_regclass('"half"') AS t`)).toEqual([{ t: null }]);
    // the migrations before it are applied and recorded
    expect((await rowsOf(db.url)).map((r) => r.migration_name)).toEqual(local.map((m) => m.name));

    writeFileSync(broken, 'CREATE TABLE "half" (id int);\n');
    expect((await migrate(db.url, { migrationsDir: dir })).applied).toEqual(['29990101000000_broken']);
  });

  it('refuses to run over a migration Prisma recorded as failed', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    await query(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL, logs = 'boom'`);
    await expect(migrate(db.url)).rejects.toMatchObject({ code: 'FAILED_MIGRATION' });
  });

  it('says clearly when the migrations folder is missing', async () => {
    await expect(migrate('postgresql://unused@127.0.0.1:1/x', { migrationsDir: '/nonexistent/migrations' })).rejects.toThrow(
      'migrations folder not found: /nonexistent/migrations',
    );
  });
});

describe('runMigrateCommand', () => {
  function io(env: Record<string, string | undefined>) {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env } };
  }

  it('migrates DATABASE_URL, then reports it up to date', async () => {
    const db = await emptyDatabase();
    const first = io({ DATABASE_URL: db.url });
    expect(await runMigrateCommand([], first.io)).toBe(0);
    expect(first.out.join('')).toContain(`database ${db.name} on 127.0.0.1:5432: applied ${local.length} of ${local.length} migrations`);

    const status = io({ DATABASE_URL: db.url });
    expect(await runMigrateCommand(['--status'], status.io)).toBe(0);
    expect(status.out.join('')).toContain('is up to date');
  });

  it('--status exits 1 while migrations are pending', async () => {
    const db = await emptyDatabase();
    const s = io({ DATABASE_URL: db.url });
    expect(await runMigrateCommand(['--status'], s.io)).toBe(1);
    expect(s.out.join('')).toContain(`pending   ${local[0]!.name}`);
  });

  it('needs DATABASE_URL, knows --help, rejects unknown options', async () => {
    const none = io({});
    expect(await runMigrateCommand([], none.io)).toBe(1);
    expect(none.err.join('')).toContain('DATABASE_URL is not set');
    const help = io({});
    expect(await runMigrateCommand(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/^usage: drover migrate/);
    const bad = io({});
    expect(await runMigrateCommand(['--bogus'], bad.io)).toBe(5);
  });

  it('never prints the password of the URL', async () => {
    const s = io({ DATABASE_URL: 'postgresql://drover:s3cret@127.0.0.1:1/drover' });
    expect(await runMigrateCommand([], s.io)).toBe(1);
    expect(s.out.join('') + s.err.join('')).not.toContain('s3cret');
  });
});

describe("Prisma's CLI (offline, WebAssembly schema engine)", () => {
  const require = createRequire(import.meta.url);
  const packageDir = join(defaultMigrationsDir, '..', '..', 'packages', 'db');
  function prisma(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), ...args, '--config', join(packageDir, 'prisma.config.ts')], {
      cwd: packageDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
        PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        ...env,
      },
    });
  }

  it('agrees with drover on what is applied (`prisma migrate status`)', async () => {
    const db = await emptyDatabase();
    const before = prisma(['migrate', 'status'], { DATABASE_URL: db.url });
    expect(before.stdout).toContain('have not yet been applied');
    await migrate(db.url);
    const after = prisma(['migrate', 'status'], { DATABASE_URL: db.url });
    expect(after.stdout).toContain('Database schema is up to date!');
    expect(after.status).toBe(0);
  });

  it('finds no change in prisma/schema.prisma that lacks a migration (else: npm run migration:new -w @drover/db -- NAME)', () => {
    const schema = join(defaultMigrationsDir, '..', 'schema.prisma');
    const snapshot = join(defaultMigrationsDir, 'schema.prisma');
    const diff = prisma(['migrate', 'diff', '--from-schema-datamodel', snapshot, '--to-schema-datamodel', schema, '--script', '--exit-code'], {
      DATABASE_URL: process.env['DROVER_TEST_DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    expect(diff.stdout + diff.stderr).not.toContain('Error');
    expect(diff.status, `schema changes without a migration:\n${diff.stdout}`).toBe(0);
  });
});
