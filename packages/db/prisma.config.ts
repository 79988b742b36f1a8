// Prisma CLI configuration for offline use (see packages/db/README.md): the schema engine runs as
// WebAssembly through a driver adapter, so `prisma migrate diff` needs no downloaded engine. Only the
// schema-to-schema diff is used; the adapter's database is never touched by it.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      allowExitOnIdle: true, // the CLI exits at once instead of waiting for the pool's idle timeout
    }),
});
