/** The ssh connection: one ssh2 Client (one TCP connection, one handshake) per host, every exec a new
 * session channel on it. Pure-JS ssh2; host keys are not checked (like StrictHostKeyChecking=no). */
import { connect as tcpConnect, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { DroverError } from '../errors.js';
import { ChannelLimiter } from './channel-limiter.js';
import { PutFileError, UnreachableError } from './connection-errors.js';
import { loadCredentials, makeAuthHandler, type AuthState, type Credentials } from './ssh-auth.js';
import { authFailed, bannerTimeout, connectFailed, connectionLost, handshakeFailed } from './ssh-messages.js';
import { putFileCommand, shellQuote } from './shell-quote.js';
import type { Connection, ConnectionSpec, ExecOptions, ExecResult } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CHANNELS = 10;
const DEFAULT_KEEPALIVE_MS = 15_000;

interface Target {
  host: string;
  port: number;
  user: string;
  timeoutMs: number;
}

function target(spec: ConnectionSpec): Target {
  const port = spec.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DroverError('DRV_ENGINE_INVENTORY', `invalid ansible_port for ${spec.host}: ${String(spec.port)}`);
  }
  if (!spec.host) throw new DroverError('DRV_ENGINE_INVENTORY', 'a host needs an address to connect to');
  return { host: spec.host, port, user: spec.user ?? userInfo().username, timeoutMs: spec.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS };
}

/** TCP connect with ansible's ConnectTimeout. */
function openSocket(t: Target): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ host: t.host, port: t.port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(connectFailed(t.host, t.port, Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    }, t.timeoutMs);
    const onError = (err: Error) => {
      clearTimeout(timer);
      // reset right after the accept: the server dropped us before its banner
      const reset = (err as NodeJS.ErrnoException).code === 'ECONNRESET';
      reject(reset ? handshakeFailed(t.host, t.port, err, true) : connectFailed(t.host, t.port, err));
    };
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeListener('error', onError);
      sock.on('error', () => {}); // ssh2 reports socket errors from here on
      sock.setNoDelay(true);
      resolve(sock);
    });
    sock.once('error', onError);
  });
}

/** Connect and authenticate. Rejects with UnreachableError (message in ansible's words). */
export async function openSshConnection(spec: ConnectionSpec): Promise<SshConnection> {
  const t = target(spec);
  const creds = await loadCredentials(spec.privateKeyFile, spec.password, spec.privateKeyPassphrase);
  const sock = await openSocket(t);
  const conn = await handshake(sock, t, creds, spec);
  // in the background: execs sent before it answers are wrapped, which is always right
  if (!spec.alwaysWrapShell) void conn.loginShellProbe();
  return conn;
}

/** SSH over a connected socket: banner, key exchange, authentication. ConnectTimeout bounds the banner and
 * key exchange (as in OpenSSH), and again the authentication. */
function handshake(sock: Socket, t: Target, creds: Credentials, spec: ConnectionSpec): Promise<SshConnection> {
  const client = new ssh2.Client();
  const auth: AuthState = { methods: [], passwordTried: false };
  return new Promise<SshConnection>((resolve, reject) => {
    let phase: 'banner' | 'kex' | 'auth' = 'banner';
    const arm = () =>
      setTimeout(
        () => fail(phase === 'auth' ? handshakeFailed(t.host, t.port, new Error('authentication timed out'), false) : bannerTimeout(t.host, t.port)),
        t.timeoutMs,
      );
    let timer = arm();
    const onData = () => {
      if (phase === 'banner') phase = 'kex';
    };
    const onHandshake = () => {
      phase = 'auth';
      clearTimeout(timer);
      timer = arm();
    };
    const onError = (err: Error & { level?: string }) => {
      if (err.level === 'client-authentication') fail(authFailed(t.host, t.user, auth.methods, auth.passwordTried, creds.warnings));
      else fail(handshakeFailed(t.host, t.port, err, phase === 'banner'));
    };
    const onClose = () => fail(handshakeFailed(t.host, t.port, undefined, phase === 'banner'));
    const onReady = () => {
      detach();
      resolve(new SshConnection(client, t, spec.maxChannels ?? DEFAULT_MAX_CHANNELS)); // attaches its own listeners now
    };
    const detach = () => {
      clearTimeout(timer);
      sock.removeListener('data', onData);
      client.removeListener('handshake', onHandshake).removeListener('ready', onReady);
      client.removeListener('error', onError).removeListener('close', onClose);
    };
    const fail = (err: UnreachableError) => {
      detach();
      client.on('error', () => {}); // late errors of a dead client
      client.end();
      sock.destroy();
      reject(err);
    };
    client.once('handshake', onHandshake).once('ready', onReady).on('error', onError).once('close', onClose);
    client.connect({
      sock,
      username: t.user,
      hostVerifier: () => true,
      readyTimeout: 0,
      keepaliveInterval: spec.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: 3,
      authHandler: makeAuthHandler(t.user, creds, auth),
    });
    sock.on('data', onData); // after connect(): ssh2 has paused the socket, so this does not start the flow early
  });
}

/** ssh2 reports a refused channel as an Error with a numeric `reason` (1 = administratively prohibited). */
function isChannelRefusal(err: Error): boolean {
  return typeof (err as { reason?: unknown }).reason === 'number';
}

export class SshConnection implements Connection {
  readonly kind = 'ssh' as const;
  private lost: UnreachableError | undefined;
  /** The login shell is /bin/sh itself: send command lines as they are, saving one exec per command. */
  private loginShellIsSh = false;
  private probe: Promise<boolean> | undefined;
  private readonly limiter: ChannelLimiter;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly client: InstanceType<typeof ssh2.Client>,
    private readonly t: Target,
    maxChannels: number,
  ) {
    this.limiter = new ChannelLimiter(maxChannels);
    this.closedPromise = new Promise((resolve) => client.once('close', () => resolve()));
    const drop = (err?: unknown) => this.markLost(connectionLost(t.host, t.port, err));
    client.on('error', drop);
    client.once('end', () => drop());
    client.once('close', () => drop());
  }

  get closed(): boolean {
    return this.lost !== undefined;
  }

  /** Channels allowed at once (lowered if the server refused one). */
  get maxChannels(): number {
    return this.limiter.limit;
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    for (;;) {
      if (this.lost) throw this.lost;
      await this.limiter.acquire(opts.signal);
      const active = this.limiter.inUse;
      try {
        if (this.lost) throw this.lost;
        return await this.runOnChannel(command, opts);
      } catch (err) {
        // sshd's MaxSessions: use fewer channels and queue this exec again
        if (err instanceof ChannelRefused && active > 1 && !this.lost) {
          this.limiter.lowerTo(active - 1);
          continue;
        }
        throw err instanceof ChannelRefused ? err.cause : err;
      } finally {
        this.limiter.release();
      }
    }
  }

  /** sshd runs every command line through the user's login shell. When that is the same binary as /bin/sh,
   * wrapping the line in `exec /bin/sh -c '...'` only costs an execve (~0.5 ms of a ~2 ms exec). */
  loginShellProbe(): Promise<boolean> {
    this.probe ??= this.exec('readlink -f "$SHELL"; readlink -f /bin/sh').then(
      (r) => {
        const [login, sh] = r.stdout.split('\n');
        this.loginShellIsSh = r.rc === 0 && !!login && login === sh;
        return this.loginShellIsSh;
      },
      () => false, // connection gone: every exec fails anyway
    );
    return this.probe;
  }

  /** True when commands are sent without the `exec /bin/sh -c` wrapper (see loginShellProbe). */
  get sendsCommandsRaw(): boolean {
    return this.loginShellIsSh;
  }

  async putFile(remotePath: string, content: string | Buffer, mode?: number): Promise<void> {
    const r = await this.exec(putFileCommand(remotePath, mode), { stdin: content });
    if (r.rc !== 0) throw new PutFileError(remotePath, r.rc, r.stderr);
  }

  async close(): Promise<void> {
    if (!this.lost) this.markLost(connectionLost(this.t.host, this.t.port));
    this.client.end();
    const timer = setTimeout(() => this.client.destroy(), 2000);
    await this.closedPromise;
    clearTimeout(timer);
  }

  private markLost(err: UnreachableError): void {
    if (this.lost) return;
    this.lost = err;
    this.limiter.failAll(err);
  }

  private runOnChannel(command: string, opts: ExecOptions): Promise<ExecResult> {
    const { signal } = opts;
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | undefined;
      const onAbort = () => {
        if (channel) {
          killRemote(channel);
          channel.close();
        }
        settle(() => reject(signal?.reason));
      };
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }
      const onChannel = (err: Error | undefined, ch: ClientChannel) => {
        if (err) {
          settle(() => reject(this.lost ?? (isChannelRefusal(err) ? new ChannelRefused(err) : err)));
          return;
        }
        channel = ch;
        if (settled) {
          ch.close(); // aborted while the channel was opening
          return;
        }
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let rc: number | undefined;
        ch.on('data', (b: Buffer) => out.push(b));
        ch.stderr.on('data', (b: Buffer) => errOut.push(b));
        ch.on('exit', (code: number | null, sig?: string) => {
          rc = code ?? 128 + signalNumber(sig);
        });
        ch.on('error', () => {}); // write after the remote closed: the outcome comes with 'close'
        ch.on('close', () => {
          settle(() => {
            if (rc === undefined) {
              reject(this.lost ?? connectionLost(this.t.host, this.t.port));
              return;
            }
            resolve({ rc, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') });
          });
        });
        if (opts.stdin !== undefined) ch.end(opts.stdin);
        else ch.end();
      };
      try {
        // The login shell runs the line it gets. Unless it is /bin/sh, it is replaced by /bin/sh (still one
        // process per exec), so the command gets POSIX sh semantics, as with ansible's `/bin/sh -c`.
        this.client.exec(this.loginShellIsSh ? command : `exec /bin/sh -c ${shellQuote(command)}`, onChannel);
      } catch (err) {
        // ssh2 throws "Not connected" synchronously once the socket is gone
        settle(() => reject(this.lost ?? connectionLost(this.t.host, this.t.port, err)));
      }
    });
  }
}

/** The parts of ssh2 1.x's Channel that ClientChannel.signal() checks. */
interface ChannelInternals {
  outgoing?: { id?: number; state?: string };
  _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
}

/** Send a KILL "signal" request (sshd killpg()s the command's process group). ssh2's own signal() drops the
 * request once stdin is at EOF, which is always the case here, so it is sent through the protocol object
 * under the same checks it would do; with another ssh2 version it falls back to signal(). */
function killRemote(ch: ClientChannel): void {
  const c = ch as unknown as ChannelInternals;
  const id = c.outgoing?.id;
  const proto = c._client?._protocol;
  if (typeof id === 'number' && typeof proto?.signal === 'function') {
    if (c.outgoing?.state === 'open' || c.outgoing?.state === 'eof') proto.signal(id, 'KILL');
  } else ch.signal('KILL');
}

class ChannelRefused extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, ILL: 4, ABRT: 6, FPE: 8, KILL: 9, SEGV: 11, PIPE: 13, ALRM: 14, TERM: 15, USR1: 10, USR2: 12 };
function signalNumber(name: string | undefined): number {
  return (name && SIGNALS[name.replace(/^SIG/, '')]) || 0;
}
