/**
 * End-to-end harness: the real `drover server` (API + worker, serving the UI's build from
 * apps/web/dist) on a fresh database and a private queue namespace on the local Redis, loopback sshd
 * hosts from infra/fleet.sh, and Debian's Chromium driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serverEnv, startDroverServer, tempDir, type DroverServer } from '../../api/src/faults/harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM = process.env['DROVER_CHROMIUM'] ?? '/usr/bin/chromium';
export const ADMIN = { username: 'admin', password: 'fault-tests-password' };

export interface Fleet {
  /** The inventory infra/fleet.sh wrote (INI text: hostN ansible_host=... ansible_port=... ansible_user=... ansible_ssh_private_key_file=...). */
  ini: string;
  hosts: string[];
  /** The fleet's private key (what a machine credential would hold). */
  privateKey: string;
  user: string;
}

export function fleet(n: number): Fleet {
  const out = execFileSync('bash', [join(ROOT, 'infra/fleet.sh'), 'up', String(n)], { encoding: 'utf8' });
  const ini = readFileSync(out.trim().split('\n').pop()!, 'utf8');
  const lines = ini.split('\n').filter((l) => /^host\d+ /.test(l));
  const vars = Object.fromEntries(lines[0]!.trim().split(/\s+/).slice(1).map((p) => p.split('=', 2) as [string, string]));
  return {
    ini,
    hosts: lines.map((l) => l.split(/\s+/)[0]!),
    privateKey: readFileSync(vars['ansible_ssh_private_key_file']!, 'utf8'),
    user: vars['ansible_user'] ?? 'drover',
  };
}

export interface Stack {
  server: DroverServer;
  baseUrl: string;
  /** The server's database (for seeding big fixtures directly). */
  databaseUrl: string;
  projectsDir: string;
  /** Writes files into <projectsDir>/<name>/ and returns that directory (a "local" project's path). */
  project(name: string, files: Record<string, string>): string;
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is not built: npm run build -w @drover/web');
  const db: TestDatabase = await createTestDatabase({ migrate: false, prefix: 'drover_e2e' });
  const projects = tempDir('drover-e2e-projects-');
  let server: DroverServer | undefined;
  let browser: Browser | undefined;
  try {
    // the session cookie is not Secure over plain http (DROVER_COOKIE_SECURE unset: auto)
    server = await startDroverServer(serverEnv(db.url, process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', projects.path));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (e) {
    await server?.stop(3000);
    await db.drop();
    projects.remove();
    throw e;
  }
  const b = browser;
  const s = server;
  return {
    server: s,
    baseUrl: s.baseUrl,
    databaseUrl: db.url,
    projectsDir: projects.path,
    project(name, files) {
      const dir = join(projects.path, name);
      mkdirSync(dir, { recursive: true });
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
      return dir;
    },
    browser: b,
    async newPage() {
      const context = await b.newContext({ baseURL: s.baseUrl, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      await b.close().catch(() => undefined);
      await s.stop(5000).catch(() => undefined);
      await db.drop().catch(() => undefined);
      projects.remove();
    },
  };
}

/** Logs in through the login form and waits for the dashboard. */
export async function logIn(page: Page, user = ADMIN): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
