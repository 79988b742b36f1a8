/** Connection-layer benchmark against the loopback fleet (starts it: needs root).
 *   cd /work/main && npx tsc -b && node packages/engine/dist/connection/bench.js [--openssh]
 * Prints: time to open a connection, exec/s of `true` over one connection (sequential, 10 concurrent,
 * 50 concurrent), the local connection for reference, and with --openssh the OpenSSH client reusing a
 * ControlMaster connection (what ansible-playbook does per command) on the same host. */
import { spawn, spawnSync } from 'node:child_process';
import { LocalConnection } from './local-connection.js';
import { openSshConnection } from './ssh-connection.js';
import { startTestFleet } from './test-fleet.js';
import type { Connection } from './types.js';

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
}

async function execRate(conn: Connection, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const r = await conn.exec('true');
        if (r.rc !== 0) throw new Error(`true returned ${r.rc}`);
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

function opensshRate(host: string, user: string, key: string, total: number): number {
  const ctl = `/tmp/drover-bench-ctl-${process.pid}`;
  const base = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-i', key, '-o', `ControlPath=${ctl}`];
  const master = spawn('ssh', [...base, '-o', 'ControlMaster=yes', '-N', `${user}@${host}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && spawnSync('ssh', [...base, '-O', 'check', host], { stdio: 'ignore' }).status !== 0; i++) {
    spawnSync('sleep', ['0.05']);
  }
  const t0 = performance.now();
  for (let i = 0; i < total; i++) spawnSync('ssh', [...base, `${user}@${host}`, '/bin/sh -c true'], { stdio: 'ignore' });
  const rate = total / ((performance.now() - t0) / 1000);
  spawnSync('ssh', [...base, '-O', 'exit', host], { stdio: 'ignore' });
  master.kill('SIGKILL');
  return rate;
}

async function main(): Promise<void> {
  const fleet = startTestFleet(1);
  const spec = fleet.keySpec(0);
  for (let i = 0; i < 3; i++) await (await openSshConnection(spec)).close(); // warm up

  const opens: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const c = await openSshConnection(spec);
    opens.push(performance.now() - t0);
    await c.close();
  }
  const pwOpens: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const c = await openSshConnection(fleet.passwordSpec(0));
    pwOpens.push(performance.now() - t0);
    await c.close();
  }
  console.log(`open ssh connection (key auth):      ${stats(opens)}`);
  console.log(`open ssh connection (password auth): ${stats(pwOpens)}`);

  const conn = await openSshConnection(spec);
  await execRate(conn, 100, 10); // warm up
  console.log(`ssh exec 'true', sequential:         ${(await execRate(conn, 1000, 1)).toFixed(0)} exec/s`);
  console.log(`ssh exec 'true', 10 concurrent:      ${(await execRate(conn, 2000, 10)).toFixed(0)} exec/s`);
  await conn.close();
  const wide = await openSshConnection({ ...spec, maxChannels: 50 });
  console.log(`ssh exec 'true', 50 concurrent:      ${(await execRate(wide, 2000, 50)).toFixed(0)} exec/s (maxChannels 50)`);
  await wide.close();

  const local = new LocalConnection();
  console.log(`local exec 'true', sequential:       ${(await execRate(local, 500, 1)).toFixed(0)} exec/s`);
  console.log(`local exec 'true', 10 concurrent:    ${(await execRate(local, 1000, 10)).toFixed(0)} exec/s`);
  await local.close();

  if (process.argv.includes('--openssh')) {
    console.log(`openssh client + ControlMaster, sequential: ${opensshRate(fleet.addresses[0], fleet.user, fleet.keyFile, 200).toFixed(0)} exec/s`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
