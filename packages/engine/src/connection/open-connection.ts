import { DroverError } from '../errors.js';
import { LocalConnection } from './local-connection.js';
import { openSshConnection } from './ssh-connection.js';
import type { Connection, ConnectionKind, ConnectionSpec } from './types.js';

/** Open a connection of spec.kind (default ssh). Rejects with UnreachableError when the host cannot be
 * reached or authenticated, with DroverError for a spec that cannot be right (bad port). */
export async function openConnection(spec: ConnectionSpec): Promise<Connection> {
  if (spec.kind === 'local') return new LocalConnection(spec.host);
  return openSshConnection(spec);
}

/** ansible_connection → kind: ssh, paramiko, smart (and unset) → 'ssh'; local → 'local'. */
export function connectionKindFromAnsible(value: string | undefined): ConnectionKind {
  switch (value ?? 'ssh') {
    case 'ssh':
    case 'paramiko':
    case 'paramiko_ssh':
    case 'smart':
    case 'ansible.builtin.ssh':
    case 'ansible.builtin.paramiko_ssh':
      return 'ssh';
    case 'local':
    case 'ansible.builtin.local':
      return 'local';
    default:
      throw new DroverError('DRV_ENGINE_INVENTORY', `the connection plugin '${value}' was not found`);
  }
}
