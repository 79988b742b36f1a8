/**
 * `drover server`: the controller on one box. Applies the migrations, then runs the API and one worker as
 * child processes of this one (their output prefixed with `api | ` / `worker | `). SIGINT/SIGTERM are passed
 * on as SIGTERM (each child stops gracefully: the worker drains its running jobs); a second signal kills
 * them. If either child exits on its own the other is stopped and drover exits non-zero.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcessSpec {
  readonly name: string;
  /** A module specifier resolved at run time (packages never import apps). */
  readonly module: string;
}

export const SERVER_PROCESSES: readonly ServerProcessSpec[] = [
  { name: 'api', module: '@drover/api/main' },
  { name: 'worker', module: '@drover/worker/main' },
];

/** How long a child may take to stop after SIGTERM before it is killed (the worker drains jobs for
 * DROVER_DRAIN_MS, 30 s by default). */
function stopTimeoutMs(env: NodeJS.ProcessEnv): number {
  const drain = Number(env['DROVER_DRAIN_MS'] || 30_000);
  return (Number.isFinite(drain) && drain > 0 ? drain : 30_000) + 15_000;
}

export interface ServerIo {
  write(text: string, stream: 'stdout' | 'stderr'): void;
}

/** Copies a child's stream to ours line by line, each line prefixed. */
function pipePrefixed(from: NodeJS.ReadableStream, prefix: string, stream: 'stdout' | 'stderr', io: ServerIo): Promise<void> {
  let rest = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const text = rest + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      rest = text;
      return;
    }
    rest = text.slice(end + 1);
    io.write(
      text
        .slice(0, end + 1)
        .split(/(?<=\n)/)
        .map((l) => prefix + l)
        .join(''),
      stream,
    );
  });
  return new Promise((resolve) =>
    from.once('close', () => {
      if (rest) io.write(`${prefix}${rest}\n`, stream);
      resolve();
    }),
  );
}

/**
 * Runs the API and the worker (after `migrate()` has returned 0) until a signal or until one of them exits.
 * Resolves to drover's exit code: 0 after a signal when both children stopped cleanly, else non-zero.
 */
export async function runServer(io: ServerIo, migrate: () => Promise<number>, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const scripts = SERVER_PROCESSES.map((p) => ({ ...p, script: fileURLToPath(import.meta.resolve(p.module)) }));
  const migrated = await migrate();
  if (migrated !== 0) {
    io.write(`drover server: the migrations failed (exit ${migrated}); not starting\n`, 'stderr');
    return migrated;
  }
  const width = Math.max(...scripts.map((s) => s.name.length));
  let stopping: 'signal' | 'child' | undefined;
  let firstExit: { name: string; code: number | null; signal: NodeJS.Signals | null } | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const children: Array<{ name: string; child: ChildProcess; done: Promise<void> }> = [];

  const stopAll = (signal: NodeJS.Signals) => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill(signal);
    if (signal !== 'SIGKILL' && !killTimer) {
      killTimer = setTimeout(() => stopAll('SIGKILL'), stopTimeoutMs(env));
      killTimer.unref();
    }
  };
  let signalledAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    // a Ctrl-C reaches the whole process group, and some supervisors signal the group as well as drover:
    // a repeat within a second is the same request
    if (stopping === 'signal' && Date.now() - signalledAt < 1000) return;
    if (stopping) {
      io.write(`drover server: ${sig} again; killing the processes\n`, 'stderr');
      stopAll('SIGKILL');
      return;
    }
    stopping = 'signal';
    signalledAt = Date.now();
    io.write(`drover server: ${sig}; stopping the api and the worker\n`, 'stderr');
    stopAll('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // if this process ends abruptly (an uncaught error), its children must not outlive it
  const onExit = () => stopAll('SIGKILL');
  process.on('exit', onExit);

  const exits: Array<{ name: string; code: number | null; signal: NodeJS.Signals | null }> = [];
  try {
    for (const s of scripts) {
      const child = spawn(process.execPath, [...process.execArgv, s.script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = `${s.name.padEnd(width)} | `;
      const streams = Promise.all([pipePrefixed(child.stdout!, prefix, 'stdout', io), pipePrefixed(child.stderr!, prefix, 'stderr', io)]);
      const done = new Promise<void>((resolve) => {
        child.once('error', (e) => {
          io.write(`drover server: could not start the ${s.name}: ${e.message}\n`, 'stderr');
        });
        child.once('close', (code, signal) => {
          exits.push({ name: s.name, code, signal });
          if (!stopping) {
            stopping = 'child';
            firstExit = { name: s.name, code, signal };
            io.write(`drover server: the ${s.name} exited (${signal ?? `code ${code}`}); stopping the others\n`, 'stderr');
            stopAll('SIGTERM');
          }
          void streams.then(() => resolve());
        });
      });
      children.push({ name: s.name, child, done });
    }
    await Promise.all(children.map((c) => c.done));
  } finally {
    if (killTimer) clearTimeout(killTimer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('exit', onExit);
  }
  if (stopping === 'child') {
    const code = firstExit?.code;
    return typeof code === 'number' && code !== 0 ? code : 1;
  }
  // stopped by a signal: clean if every child exited 0 or by the signal it was sent (a child may also get
  // the signal directly from the terminal or the supervisor, and a repeat ends it at once)
  return exits.every((e) => e.code === 0 || e.signal === 'SIGTERM' || e.signal === 'SIGINT') ? 0 : 1;
}
