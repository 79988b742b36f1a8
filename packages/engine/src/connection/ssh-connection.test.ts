/** ssh-only behaviour against the loopback fleet (infra/fleet.sh): auth, ansible-worded failures,
 * channel limits, dropped connections. The shared exec behaviour is in connection.contract.test.ts. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DroverError } from '../errors.js';
import { UnreachableError } from './connection-errors.js';
import { openSshConnection } from './ssh-connection.js';
import { startTestFleet } from './test-fleet.js';

const fleet = startTestFleet(3);
const scratch = mkdtempSync(join(tmpdir(), 'drover-ssh-test-'));

/** Resolves with the UnreachableError an open failed with (fails the test if it opened). */
async function openFailure(spec: Parameters<typeof openSshConnection>[0]): Promise<UnreachableError> {
  const r = await openSshConnection(spec).then(
    async (c) => {
      await c.close();
      return new Error('connected');
    },
    (e: unknown) => e,
  );
  expect(r).toBeInstanceOf(UnreachableError);
  return r as UnreachableError;
}

function newKey(name: string): string {
  const path = join(scratch, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return path;
}

describe('ssh auth', () => {
  it('key auth', async () => {
    const c = await openSshConnection(fleet.keySpec(1));
    expect(c.kind).toBe('ssh');
    expect((await c.exec('id -un')).stdout).toBe('drover\n');
    await c.close();
  });

  it('key auth with ~ in the key path', async () => {
    const home = userInfo().homedir;
    if (!fleet.keyFile.startsWith(`${home}/`)) {
      // the fleet's key is outside $HOME here: check expansion on a relative copy instead
      const rel = `~/${'../'.repeat(home.split('/').length - 1)}${fleet.keyFile.slice(1)}`;
      const c = await openSshConnection({ ...fleet.keySpec(1), privateKeyFile: rel });
      expect((await c.exec('echo ok')).stdout).toBe('ok\n');
      await c.close();
    }
  });

  it('password auth (no key)', async () => {
    const c = await openSshConnection(fleet.passwordSpec(2));
    expect((await c.exec('id -un')).stdout).toBe('drover\n');
    await c.close();
  });

  it('a key the host does not accept → UnreachableError in ansible words', async () => {
    const e = await openFailure({ ...fleet.keySpec(0), privateKeyFile: newKey('wrong') });
    expect(e.reason).toBe('auth');
    expect(e.message).toBe('Failed to connect to the host via ssh: drover@127.0.0.101: Permission denied (publickey,password).');
  });

  it('a wrong password → "Invalid/incorrect password" as ansible (sshpass) says', async () => {
    const e = await openFailure({ ...fleet.passwordSpec(0), password: 'not-the-password' });
    expect(e.message).toBe('Invalid/incorrect password: Permission denied, please try again.');
  });

  it('a missing key file is a warning in front of the auth failure, like ssh prints it', async () => {
    const e = await openFailure({ ...fleet.keySpec(0), privateKeyFile: join(scratch, 'nope') });
    expect(e.message).toBe(
      `Failed to connect to the host via ssh: Warning: Identity file ${join(scratch, 'nope')} not accessible: No such file or directory.\r\n` +
        'drover@127.0.0.101: Permission denied (publickey,password).',
    );
  });

  it('a file that is not a key', async () => {
    const bad = join(scratch, 'garbage');
    writeFileSync(bad, 'not a key\n');
    const e = await openFailure({ ...fleet.keySpec(0), privateKeyFile: bad });
    expect(e.message).toBe(
      `Failed to connect to the host via ssh: Load key "${bad}": invalid format\r\ndrover@127.0.0.101: Permission denied (publickey,password).`,
    );
  });
});

describe('ssh connect failures', () => {
  let silent: Server;
  let silentPort = 0;
  beforeAll(async () => {
    // accepts TCP connections and never sends the SSH banner
    silent = createServer((s) => s.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => silent.close(() => r())));

  it('refused port → UnreachableError', async () => {
    const e = await openFailure({ host: '127.0.0.199', port: 22, user: 'drover' });
    expect(e.reason).toBe('refused');
    expect(e.message).toBe('Failed to connect to the host via ssh: ssh: connect to host 127.0.0.199 port 22: Connection refused');
    const e2 = await openFailure({ ...fleet.keySpec(0), port: 2 });
    expect(e2.message).toBe('Failed to connect to the host via ssh: ssh: connect to host 127.0.0.101 port 2: Connection refused');
  });

  it('no SSH banner within the timeout → banner-exchange timeout', async () => {
    const t0 = Date.now();
    const e = await openFailure({ host: '127.0.0.1', port: silentPort, user: 'drover', connectTimeoutMs: 700 });
    const took = Date.now() - t0;
    expect(e.reason).toBe('timeout');
    expect(e.message).toBe(
      `Failed to connect to the host via ssh: Connection timed out during banner exchange\r\nConnection to 127.0.0.1 port ${silentPort} timed out`,
    );
    expect(took).toBeGreaterThanOrEqual(650);
    expect(took).toBeLessThan(3000);
  });

  it('server closes or resets before / after its banner → the words OpenSSH uses', async () => {
    const cases: Array<[(s: Socket) => void, (port: number) => string]> = [
      [(s) => s.destroy(), (p) => `kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 127.0.0.1 port ${p}`],
      [(s) => s.resetAndDestroy(), (p) => `kex_exchange_identification: read: Connection reset by peer\r\nConnection reset by 127.0.0.1 port ${p}`],
      [(s) => (s.resume(), s.write('SSH-2.0-fake\r\n'), setTimeout(() => s.destroy(), 100)), (p) => `Connection closed by 127.0.0.1 port ${p}`],
    ];
    for (const [behave, expected] of cases) {
      const srv = createServer(behave);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as { port: number }).port;
      const e = await openFailure({ host: '127.0.0.1', port, user: 'drover', connectTimeoutMs: 2000 });
      expect(e.message).toBe(`Failed to connect to the host via ssh: ${expected(port)}`);
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it('TCP connect that never completes → "Connection timed out"', async () => {
    // a listener with a full accept queue drops further SYNs, so connect() hangs
    const py = spawnSync('python3', ['-c', 'print(1)']);
    if (py.status !== 0) return; // no python3: cannot build the stuck listener
    const child: ChildProcess = spawn('python3', ['-c', STUCK_LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve) => {
        let buf = '';
        child.stdout?.on('data', (b: Buffer) => {
          buf += b.toString();
          if (buf.includes('ready')) resolve(Number(buf.split('\n')[0]));
        });
      });
      const e = await openFailure({ host: '127.0.0.222', port, user: 'drover', connectTimeoutMs: 500 });
      expect(e.reason).toBe('timeout');
      expect(e.message).toBe(`Failed to connect to the host via ssh: ssh: connect to host 127.0.0.222 port ${port}: Connection timed out`);
    } finally {
      child.kill();
    }
  });

  it('unknown host name', async () => {
    const e = await openFailure({ host: 'no-such-host.invalid', user: 'drover', connectTimeoutMs: 5000 });
    expect(e.reason).toBe('dns');
    expect(e.message).toMatch(/^Failed to connect to the host via ssh: ssh: Could not resolve hostname no-such-host\.invalid: /);
  });

  it('an impossible port is a DroverError, not an unreachable host', async () => {
    await expect(openSshConnection({ host: '127.0.0.101', port: 70000 })).rejects.toBeInstanceOf(DroverError);
  });
});

describe('ssh channels', () => {
  it('queues execs past maxChannels instead of failing', async () => {
    const c = await openSshConnection({ ...fleet.keySpec(0), maxChannels: 3 });
    const t0 = Date.now();
    const rs = await Promise.all(Array.from({ length: 9 }, (_, i) => c.exec(`sleep 0.3; echo ${i}`)));
    expect(rs.map((r) => r.stdout)).toEqual(Array.from({ length: 9 }, (_, i) => `${i}\n`));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // 3 waves of 3
    await c.close();
  });

  it('200 concurrent execs on one connection with the default limit', async () => {
    const c = await openSshConnection(fleet.keySpec(0));
    const rs = await Promise.all(Array.from({ length: 200 }, (_, i) => c.exec(`echo ${i}`)));
    expect(rs.every((r, i) => r.rc === 0 && r.stdout === `${i}\n`)).toBe(true);
    await c.close();
  }, 30_000);

  describe('against an sshd with MaxSessions 2', () => {
    let sshd: ChildProcess | undefined;
    beforeAll(async () => {
      const conf = join(scratch, 'sshd-max2.conf');
      writeFileSync(
        conf,
        [
          'ListenAddress 127.0.0.220',
          'Port 22',
          `HostKey ${fleet.dir}/ssh_host_ed25519_key`,
          'PasswordAuthentication no',
          'UsePAM no',
          'AllowUsers drover',
          `PidFile ${scratch}/sshd-max2.pid`,
          'MaxSessions 2',
          'LogLevel ERROR',
          '',
        ].join('\n'),
      );
      sshd = spawn('/usr/sbin/sshd', ['-D', '-f', conf], { stdio: 'ignore' });
      let exited = false;
      sshd.once('exit', () => (exited = true)); // e.g. the address is taken by something else
      for (let i = 0; i < 100 && !exited; i++) {
        const up = await openSshConnection({ ...fleet.keySpec(0), host: '127.0.0.220' }).then(
          async (c) => (await c.close(), true),
          () => false,
        );
        if (up && !exited) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('test sshd on 127.0.0.220 did not start');
    }, 30_000);
    afterAll(() => {
      sshd?.kill();
    });

    it('lowers its channel limit when the server refuses a channel, and loses no exec', async () => {
      const c = await openSshConnection({ ...fleet.keySpec(0), host: '127.0.0.220', maxChannels: 10 });
      const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`sleep 0.05; echo ${i}`)));
      expect(rs.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
      expect(c.maxChannels).toBeLessThanOrEqual(2);
      await c.close();
    }, 30_000);
  });
});

describe('ssh connection lost', () => {
  it('a dropped connection rejects running and later execs with UnreachableError', async () => {
    const c = await openSshConnection(fleet.keySpec(0));
    const running = c.exec('sleep 20; echo never').then(() => 'resolved', (e: unknown) => e);
    // the command's parent is this connection's sshd process: killing it drops the connection
    const killer = await c.exec('kill -9 $PPID').then(() => 'resolved', (e: unknown) => e);
    expect(killer).toBeInstanceOf(UnreachableError);
    const err = await running;
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).reason).toBe('closed');
    expect((err as UnreachableError).message).toMatch(
      /^Failed to connect to the host via ssh: Connection (to 127\.0\.0\.101 closed\.|reset by 127\.0\.0\.101 port 22)$/,
    );
    expect(c.closed).toBe(true);
    await expect(c.exec('true')).rejects.toBeInstanceOf(UnreachableError);
    await c.close();
  });
});

const STUCK_LISTENER = `
import socket, time
s = socket.socket(); s.bind(('127.0.0.222', 0)); s.listen(0)
fill = []
for i in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(s.getsockname())
    except BlockingIOError: pass
    fill.append(c)
time.sleep(0.3)
print(s.getsockname()[1]); print('ready', flush=True)
time.sleep(60)
`;
