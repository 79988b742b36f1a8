/**
 * `@drover/db/testing`: fresh, migrated Postgres databases for tests.
 *
 *   const db = await createTestDatabase();          // drover_test_<random>, migrated
 *   const prisma = createPrisma(db.url);
 *   ...
 *   await prisma.$disconnect(); await db.drop();
 *
 * The server is DROVER_TEST_DATABASE_URL (a URL to any database the user may CREATE DATABASE from),
 * by default postgresql://postgres@127.0.0.1:5432/postgres.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, type MigrateOptions } from './migrate.js';

export const DEFAULT_TEST_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Its name (drover_test_...). */
  name: string;
  /** Drops the database, closing whatever connections are still open on it. Idempotent. */
  drop: () => Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** URL of an existing database on the server, used to create and drop. Default: see the module doc. */
  adminUrl?: string;
  /** Name prefix; default `drover_test`. Lowercase letters, digits and `_`. */
  prefix?: string;
  /** Apply the migrations (default true); false leaves the database empty. */
  migrate?: boolean;
  /** Passed to `migrate` (e.g. another migrations folder). */
  migrateOptions?: MigrateOptions;
}

export function testAdminUrl(): string {
  return process.env['DROVER_TEST_DATABASE_URL'] || DEFAULT_TEST_ADMIN_URL;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'drover-test-admin' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a database with a random name (and migrates it, unless told not to). */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? testAdminUrl();
  const prefix = options.prefix ?? 'drover_test';
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`bad test database prefix: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const db: TestDatabase = {
    url: url.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      dropped = true;
    },
  };
  if (options.migrate !== false) {
    try {
      await migrate(db.url, options.migrateOptions);
    } catch (error) {
      await db.drop().catch(() => {});
      throw error;
    }
  }
  return db;
}
