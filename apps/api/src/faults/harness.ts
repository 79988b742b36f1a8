/**
 * TEST ONLY (the fault tests beside it). Private Redis servers and Postgres clusters on free ports, so a
 * test may stop and restart them without touching the machine's shared services, and `drover server`
 * as a child process. Every process started here is killed when the test process exits, whatever happens.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DROVER_BIN = fileURLToPath(new URL('../../../../packages/cli/bin/drover.js', import.meta.url));

/** Processes to kill if the test process ends before a test's cleanup ran. */
const live = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
function cleanUpEverything(): void {
  for (const p of live) killGroup(p, 'SIGKILL');
  live.clear();
  for (const c of cleanups) c();
  cleanups.clear();
}
process.once('exit', cleanUpEverything);
// vitest ends its fork with SIGTERM (then SIGKILL) when a run is cut short: clean up, then go
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(sig, () => {
    cleanUpEverything();
    process.exit(128 + (sig === 'SIGTERM' ? 15 : sig === 'SIGINT' ? 2 : 1));
  });
}

function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  if (p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
  try {
    process.kill(-p.pid, signal); // detached: the child leads its own process group
  } catch {
    p.kill(signal);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Waits for a child to exit; SIGKILLs its group after `ms`. */
async function stopChild(p: ChildProcess, signal: NodeJS.Signals, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
    else p.once('exit', (code, sig) => resolve({ code, signal: sig }));
  });
  killGroup(p, signal);
  const timer = setTimeout(() => killGroup(p, 'SIGKILL'), ms);
  const r = await exited;
  clearTimeout(timer);
  live.delete(p);
  return r;
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM: with persistence on, the append-only file is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port (and data directory). */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  close(): Promise<void>;
}

/** A private redis-server; `persist` turns the append-only file on (in a temp directory). */
export async function startRedis(opts: { persist?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'drover-fault-redis-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  cleanups.add(cleanup);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--maxmemory-policy', 'noeviction'];
  args.push(...(opts.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let proc: ChildProcess | undefined;
  const redis: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      let out = '';
      const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      live.add(p);
      proc = p;
      p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(`redis-server on ${port}`, async () => {
        if (p.exitCode !== null) throw new Error(`redis-server exited (${p.exitCode}): ${out}`);
        return out.includes('Ready to accept connections') && (await portOpen(port));
      }, 15_000, 50);
    },
    async stop() {
      if (proc) await stopChild(proc, 'SIGTERM', 10_000);
      proc = undefined;
    },
    async close() {
      await redis.stop();
      cleanup();
      cleanups.delete(cleanup);
    },
  };
  await redis.start();
  return redis;
}

export interface PrivatePostgres {
  readonly port: number;
  /** URL of the cluster's `postgres` database (user postgres, trust authentication). */
  readonly url: string;
  /** `pg_ctl restart -m fast`: every connection is closed, the server is back when this returns. */
  restart(): void;
  /** `pg_ctl stop -m fast` / `pg_ctl start`: an outage as long as the caller likes. */
  stop(): void;
  start(): void;
  /** Stops the cluster and removes it. */
  close(): void;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  return join(root, versions[0], 'bin');
}

/** A private PostgreSQL cluster in a temp directory (run as the `postgres` user when we are root). */
export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = pgBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'drover-fault-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const run = (cmd: string, args: string[], timeoutMs = 60_000) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: timeoutMs });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  };
  const ctl = (action: string, extra: string[] = []) =>
    run('pg_ctl', [action, '-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), ...extra, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(stop);
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    ctl('start');
  } catch (e) {
    stop();
    cleanups.delete(stop);
    throw e;
  }
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('restart', ['-m', 'fast']),
    stop: () => run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30']),
    start: () => ctl('start'),
    close: () => {
      stop();
      cleanups.delete(stop);
    },
  };
}

export interface DroverServer {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  /** Everything it printed (prefixed lines of the api and the worker). */
  output(): string;
  /** Whether it is still running. */
  running(): boolean;
  /** SIGTERM, then SIGKILL of its whole process group after `ms`. */
  stop(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `drover server` as a child process, with `env` over the test's environment; resolves once the API listens. */
export async function startDroverServer(env: Record<string, string>): Promise<DroverServer> {
  const port = await freePort();
  let out = '';
  const p = spawn(process.execPath, [DROVER_BIN, 'server'], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DROVER_DRAIN_MS: '3000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(p);
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const server: DroverServer = {
    process: p,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    running: () => p.exitCode === null && p.signalCode === null,
    stop: (ms = 15_000) => stopChild(p, 'SIGTERM', ms),
  };
  try {
    await waitFor('drover server to listen', () => {
      if (!server.running()) throw new Error(`drover server exited (${p.exitCode ?? p.signalCode}):\n${out}`);
      return out.includes('Server listening') && out.includes('worker started');
    }, 30_000, 50);
  } catch (e) {
    await server.stop(2000);
    throw e;
  }
  return server;
}

/** A small HTTP client for the API with a Bearer token. */
export class Api {
  constructor(
    readonly baseUrl: string,
    private token = '',
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }

  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.request(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Logs in as the first admin (DROVER_ADMIN_USER/PASSWORD) and switches to an API token. */
  static async login(baseUrl: string, username: string, password: string): Promise<Api> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const t = await fetch(`${baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'faults' }) });
    if (t.status !== 201) throw new Error(`token: ${t.status} ${await t.text()}`);
    return new Api(baseUrl, ((await t.json()) as { token: string }).token);
  }
}

/** Settings for `drover server` against `databaseUrl` / `redisUrl`, with a known admin and a projects dir. */
export function serverEnv(databaseUrl: string, redisUrl: string, projectsDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DROVER_SECRET_KEY: randomBytes(32).toString('base64'),
    DROVER_PROJECTS_DIR: projectsDir,
    DROVER_ADMIN_USER: 'admin',
    DROVER_ADMIN_PASSWORD: 'fault-tests-password',
    DROVER_QUEUE_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
    DROVER_CHANNEL_NAMESPACE: `faults-${randomBytes(4).toString('hex')}`,
  };
}

/** A temp projects directory (removed when the process exits at the latest). */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(path, { recursive: true, force: true });
  cleanups.add(remove);
  return {
    path,
    remove: () => {
      remove();
      cleanups.delete(remove);
    },
  };
}

/** An organization, a local project holding `playbooks`, an inventory with localhost (local connection)
 * and a template running `playbook`; returns the template id. */
export async function localTemplate(api: Api, projectsDir: string, playbooks: Record<string, string>, playbook: string): Promise<number> {
  mkdirSync(join(projectsDir, 'faults'), { recursive: true });
  for (const [name, text] of Object.entries(playbooks)) writeFileSync(join(projectsDir, 'faults', name), text);
  const org = (await api.ok('POST', '/api/v1/organizations', { name: 'faults' })).id;
  const project = (await api.ok('POST', '/api/v1/projects', { name: 'faults', organization: org, scm_type: 'local', local_path: 'faults' })).id;
  const inv = (await api.ok('POST', '/api/v1/inventories', { name: 'local', organization: org })).id;
  await api.ok('POST', `/api/v1/inventories/${inv}/hosts`, { name: 'localhost', variables: { ansible_connection: 'local' } });
  return (await api.ok('POST', '/api/v1/job_templates', { name: 'faults', project, playbook, inventory: inv })).id;
}
