/** For tests and bench: start the loopback sshd fleet (infra/fleet.sh up N --password; needs root) and
 * describe it. Idempotent and safe to call from parallel test files (fleet.sh takes a lock). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectionSpec } from './types.js';

export const FLEET_SCRIPT = fileURLToPath(new URL('../../../../infra/fleet.sh', import.meta.url));

export interface TestFleet {
  dir: string;
  user: string;
  password: string;
  keyFile: string;
  /** 127.0.0.101, 127.0.0.102, ... */
  addresses: string[];
  /** A key-auth spec for host i (0-based). */
  keySpec(i?: number): ConnectionSpec;
  /** A password-only spec for host i (0-based). */
  passwordSpec(i?: number): ConnectionSpec;
}

export function startTestFleet(n = 3): TestFleet {
  const dir = process.env.DROVER_FLEET_DIR ?? '/tmp/drover-infra-fleet';
  const password = process.env.DROVER_FLEET_PASSWORD ?? 'drover-test';
  const out = execFileSync('bash', [FLEET_SCRIPT, 'up', String(n), '--password'], {
    encoding: 'utf8',
    env: { ...process.env, DROVER_FLEET_DIR: dir, DROVER_FLEET_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const inventory = out.trim().split('\n').pop() ?? '';
  if (!inventory.endsWith('hosts.ini')) throw new Error(`fleet.sh up printed no inventory path: ${out}`);
  const addresses = Array.from({ length: n }, (_, i) => `127.0.0.${101 + i}`);
  const keyFile = `${dir}/id_ed25519`;
  const user = 'drover';
  return {
    dir,
    user,
    password,
    keyFile,
    addresses,
    keySpec: (i = 0) => ({ host: addresses[i], user, privateKeyFile: keyFile }),
    passwordSpec: (i = 0) => ({ host: addresses[i], user, password }),
  };
}
