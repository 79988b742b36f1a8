import { migrate, MigrationError, migrationStatus } from './migrate.js';

export const MIGRATE_USAGE = `usage: drover migrate [--status]

Applies the pending database migrations (prisma/migrations) to the database named by DATABASE_URL
(postgresql://user:password@host:port/database). Safe to run while other drover processes start: they
take turns on a Postgres advisory lock.

options:
  --status     list applied and pending migrations, change nothing (exit 1 if any is pending)
  -h, --help   show this help

exit codes: 0 done (or up to date), 1 error or pending (--status), 5 bad options
`;

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** "database drover on 127.0.0.1:5432", never the password. */
function describe(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `database ${decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)'} on ${url.host || 'localhost'}`;
  } catch {
    return 'the database';
  }
}

/**
 * `drover migrate [--status]`: what the drover CLI runs for its `migrate` command. `argv` is what follows
 * the command name. Returns the exit code.
 */
export async function runMigrateCommand(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  const { stdout, stderr, env } = { ...defaultIo, ...io };
  let status = false;
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') {
      stdout(MIGRATE_USAGE);
      return 0;
    } else if (arg === '--status') {
      status = true;
    } else {
      stderr(`drover migrate: unknown argument ${JSON.stringify(arg)}\n\n${MIGRATE_USAGE}`);
      return 5;
    }
  }
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl) {
    stderr('drover migrate: DATABASE_URL is not set (postgresql://user:password@host:port/database)\n');
    return 1;
  }
  const where = describe(databaseUrl);
  try {
    if (status) {
      const s = await migrationStatus(databaseUrl);
      for (const name of s.applied) stdout(`applied   ${name}${s.modified.includes(name) ? '  (modified since!)' : ''}\n`);
      for (const name of s.failed) stdout(`FAILED    ${name}\n`);
      for (const name of s.pending) stdout(`pending   ${name}\n`);
      for (const name of s.unknown) stdout(`unknown   ${name}  (applied, but not in this drover's migrations)\n`);
      const ok = s.pending.length === 0 && s.failed.length === 0 && s.modified.length === 0;
      stdout(ok ? `${where} is up to date\n` : `${where} is not up to date\n`);
      return ok ? 0 : 1;
    }
    const result = await migrate(databaseUrl, { log: (line) => stdout(`${line}\n`) });
    const total = result.applied.length + result.alreadyApplied.length;
    stdout(
      result.applied.length === 0
        ? `${where} is up to date (${total} migration${total === 1 ? '' : 's'} applied)\n`
        : `${where}: applied ${result.applied.length} of ${total} migrations\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof MigrationError || error instanceof Error ? error.message : String(error);
    stderr(`drover migrate: ${message}\n`);
    return 1;
  }
}
