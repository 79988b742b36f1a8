/** One behavioural contract, run against every Connection implementation (ssh over the loopback fleet,
 * and local). A difference between them is a bug in one of them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from './local-connection.js';
import { openSshConnection } from './ssh-connection.js';
import { PutFileError, UnreachableError } from './connection-errors.js';
import { startTestFleet } from './test-fleet.js';
import type { Connection } from './types.js';

function defineConnectionContract(name: string, open: () => Promise<Connection>): void {
  describe(`Connection contract: ${name}`, () => {
    let conn: Connection;
    let tmp: string;
    beforeAll(async () => {
      conn = await open();
      tmp = (await conn.exec('mktemp -d')).stdout.trim();
    }, 120_000);
    afterAll(async () => {
      if (conn && !conn.closed) {
        await conn.exec(`rm -rf '${tmp}'`);
        await conn.close();
      }
    });

    it('returns stdout, stderr and rc of a command', async () => {
      expect(await conn.exec('echo out; echo err >&2; exit 3')).toEqual({ rc: 3, stdout: 'out\n', stderr: 'err\n' });
    });

    it('keeps output raw: no trailing newline added or removed', async () => {
      expect((await conn.exec("printf 'a\\n\\n\\n'")).stdout).toBe('a\n\n\n');
      expect((await conn.exec("printf 'no newline'")).stdout).toBe('no newline');
      expect((await conn.exec('true')).stdout).toBe('');
    });

    it('passes exit codes through', async () => {
      for (const rc of [0, 1, 2, 42, 127, 255]) expect((await conn.exec(`exit ${rc}`)).rc).toBe(rc);
      expect((await conn.exec('no-such-command-xyz')).rc).toBe(127);
    });

    it('reports death by signal N as rc 128+N', async () => {
      expect((await conn.exec('kill -9 $$')).rc).toBe(137);
    });

    it('runs the command line through POSIX /bin/sh', async () => {
      const r = await conn.exec('x=1; [ "$x" = 1 ] && echo "$0" && for i in a b; do printf %s "$i"; done; echo');
      expect(r.rc).toBe(0);
      expect(r.stdout).toMatch(/^(\/bin\/)?sh\nab\n$/);
      expect((await conn.exec(`echo 'single' "double \\"q\\"" $((2+3))`)).stdout).toBe('single double "q" 5\n');
    });

    it('keeps UTF-8 intact', async () => {
      expect((await conn.exec("printf 'héllo wörld ✓ 日本\\n'")).stdout).toBe('héllo wörld ✓ 日本\n');
    });

    it('feeds stdin (string and Buffer) followed by EOF', async () => {
      expect((await conn.exec('cat', { stdin: 'line1\nline2\n' })).stdout).toBe('line1\nline2\n');
      expect((await conn.exec('wc -c', { stdin: Buffer.from([0, 1, 2, 255]) })).stdout.trim()).toBe('4');
      const big = 'x'.repeat(3 * 1024 * 1024);
      expect((await conn.exec('wc -c', { stdin: big })).stdout.trim()).toBe(String(big.length));
    });

    it('gives EOF on stdin when none is passed', async () => {
      expect(await conn.exec('cat; echo done')).toEqual({ rc: 0, stdout: 'done\n', stderr: '' });
    });

    it('tolerates a command that ignores its stdin', async () => {
      expect((await conn.exec('echo ignored', { stdin: 'y'.repeat(1024 * 1024) })).stdout).toBe('ignored\n');
    });

    it('returns several MB of stdout and stderr', async () => {
      const r = await conn.exec("head -c 6000000 /dev/zero | tr '\\0' a; head -c 2000000 /dev/zero | tr '\\0' b >&2");
      expect(r.rc).toBe(0);
      expect(r.stdout.length).toBe(6_000_000);
      expect(r.stdout.replace(/a/g, '')).toBe('');
      expect(r.stderr.length).toBe(2_000_000);
    }, 30_000);

    it('runs 50 execs in parallel on one connection', async () => {
      const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => conn.exec(`echo ${i}; echo e${i} >&2; exit ${i % 7}`)));
      rs.forEach((r, i) => expect(r).toEqual({ rc: i % 7, stdout: `${i}\n`, stderr: `e${i}\n` }));
    }, 30_000);

    it('a failing command leaves the connection usable', async () => {
      expect((await conn.exec('exit 1')).rc).toBe(1);
      expect((await conn.exec('echo still')).stdout).toBe('still\n');
    });

    it('aborts a running command through the AbortSignal', async () => {
      const ac = new AbortController();
      const t0 = Date.now();
      const p = conn.exec('sleep 30', { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('task timeout')), 200);
      await expect(p).rejects.toThrow('task timeout');
      expect(Date.now() - t0).toBeLessThan(5000);
      await expect(conn.exec('true', { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
      expect((await conn.exec('echo after')).stdout).toBe('after\n');
    });

    it('an abort kills the remote command and its children', async () => {
      const tag = `${100 + Math.floor(Math.random() * 800)}.${Date.now() % 1000}`;
      const ac = new AbortController();
      const p = conn.exec(`sleep ${tag}; echo never`, { signal: ac.signal }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      const probe = `pgrep -f 'slee[p] ${tag}' >/dev/null && echo alive || echo gone`;
      expect((await conn.exec(probe)).stdout).toBe('alive\n');
      ac.abort(new Error('stop'));
      expect(await p).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 300));
      expect((await conn.exec(probe)).stdout).toBe('gone\n');
    });

    it('putFile writes text and binary files, with and without a mode', async () => {
      await conn.putFile(`${tmp}/a.txt`, 'hello\nworld\n', 0o640);
      expect((await conn.exec(`cat ${tmp}/a.txt; stat -c %a ${tmp}/a.txt`)).stdout).toBe('hello\nworld\n640\n');
      const bin = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await conn.putFile(`${tmp}/b.bin`, bin);
      expect((await conn.exec(`od -An -tx1 -v ${tmp}/b.bin | tr -d ' \\n'`)).stdout).toBe(bin.toString('hex'));
      await conn.putFile(`${tmp}/a.txt`, 'again', 0o600);
      expect((await conn.exec(`cat ${tmp}/a.txt; stat -c %a ${tmp}/a.txt`)).stdout).toBe('again600\n');
      await conn.putFile(`${tmp}/with space's.txt`, 'q');
      expect((await conn.exec(`cat "${tmp}/with space's.txt"`)).stdout).toBe('q');
    });

    it('putFile into a missing directory rejects with PutFileError', async () => {
      await expect(conn.putFile(`${tmp}/missing/dir/f`, 'x')).rejects.toBeInstanceOf(PutFileError);
    });

    it('after close(), exec rejects with UnreachableError; close() is idempotent', async () => {
      const c = await open();
      expect((await c.exec('echo x')).stdout).toBe('x\n');
      const running = c.exec('sleep 20').then(() => 'resolved', (e: unknown) => e);
      await c.close();
      await c.close();
      expect(c.closed).toBe(true);
      expect(await running).toBeInstanceOf(UnreachableError);
      await expect(c.exec('true')).rejects.toBeInstanceOf(UnreachableError);
    });
  });
}

const fleet = startTestFleet(3);
defineConnectionContract('ssh (login shell is sh: command lines sent as they are)', async () => {
  const c = await openSshConnection(fleet.keySpec(0));
  if (!(await c.loginShellProbe())) throw new Error('the fleet user\'s login shell should be /bin/sh');
  return c;
});
defineConnectionContract('ssh (always wrapped in /bin/sh -c)', async () => {
  const c = await openSshConnection({ ...fleet.keySpec(1), alwaysWrapShell: true });
  if (c.sendsCommandsRaw) throw new Error('should wrap');
  return c;
});
defineConnectionContract('local', async () => new LocalConnection('localhost'));
