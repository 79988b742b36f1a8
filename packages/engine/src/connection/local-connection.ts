/** ansible_connection=local: every exec spawns /bin/sh -c on the controller itself. */
import { spawn } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { PutFileError, UnreachableError } from './connection-errors.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

export class LocalConnection implements Connection {
  readonly kind = 'local' as const;
  private isClosed = false;
  private readonly running = new Set<() => void>();

  constructor(private readonly host: string = 'localhost') {}

  get closed(): boolean {
    return this.isClosed;
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    if (this.isClosed) return Promise.reject(this.closedError());
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ExecResult>((resolve, reject) => {
      // its own process group, so an abort kills the command's children too (as sshd's killpg does)
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const kill = () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL'); // group already gone
        }
      };
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        this.running.delete(onClose);
        fn();
      };
      const onAbort = () => {
        kill();
        settle(() => reject(signal?.reason));
      };
      const onClose = () => {
        kill();
        settle(() => reject(this.closedError()));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.running.add(onClose);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => errOut.push(b));
      child.stdin.on('error', () => {}); // EPIPE: the command did not read all of its stdin
      child.once('error', (err) => settle(() => reject(err)));
      child.once('close', (code, sig) => {
        const rc = code ?? 128 + (sig ? constants.signals[sig] : 0);
        settle(() => resolve({ rc, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') }));
      });
      if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
      else child.stdin.end();
    });
  }

  async putFile(remotePath: string, content: string | Buffer, mode?: number): Promise<void> {
    if (this.isClosed) throw this.closedError();
    try {
      await writeFile(remotePath, content, mode === undefined ? {} : { mode: 0o600 });
      if (mode !== undefined) await chmod(remotePath, mode & 0o7777);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new PutFileError(remotePath, 1, `${e.code ?? 'error'}: ${e.message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const kill of [...this.running]) kill();
  }

  private closedError(): UnreachableError {
    return new UnreachableError(this.host, 'closed', `local connection to ${this.host} is closed`);
  }
}
