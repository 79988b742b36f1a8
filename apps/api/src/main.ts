/**
 * Starts the API server: reads the environment (PORT, HOST, DATABASE_URL, REDIS_URL, DROVER_SECRET_KEY,
 * DROVER_PROJECTS_DIR, ...), applies pending database migrations, creates the first admin if there is
 * no user yet, and listens. Without DROVER_SECRET_KEY it refuses to start unless NODE_ENV=development.
 */
import { migrate } from '@drover/db';
import { buildApp } from './app.js';
import { ensureAdmin } from './bootstrap.js';
import { ConfigError, configFromEnv } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`drover-api: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const migrated = await migrate(config.databaseUrl);
  const app = await buildApp({ config });
  for (const name of migrated.applied) app.log.info({ migration: name }, 'applied migration');
  const admin = await ensureAdmin(app.db, process.env);
  if (admin?.generatedPassword) {
    // Printed once to the terminal, never to the log.
    process.stdout.write(
      `\n  drover: created the first user "${admin.username}" with the generated password:\n\n      ${admin.generatedPassword}\n\n  Log in and change it (PATCH /api/v1/users/${admin.id}).\n\n`,
    );
  } else if (admin) {
    app.log.info({ username: admin.username }, 'created the first user from DROVER_ADMIN_USER');
  }
  const port = Number(process.env['PORT'] || 8080);
  const host = process.env['HOST'] || '0.0.0.0';
  const close = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await app.listen({ port, host });
}

main().catch((err: unknown) => {
  process.stderr.write(`drover-api: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
