/** Ansible's words for SSH failures: ansible-playbook (ssh connection plugin, OpenSSH client) prints
 * "Failed to connect to the host via ssh: " + what `ssh` wrote to stderr. Checked against ansible-core 2.14
 * with OpenSSH 9.2 (the unknown-host "Warning: Permanently added ..." line that ssh also prints is left out). */
import { UnreachableError, type UnreachableReason } from './connection-errors.js';

const PREFIX = 'Failed to connect to the host via ssh: ';

/** Socket errno → OpenSSH's strerror text. */
const SOCKET_ERRORS: Record<string, { reason: UnreachableReason; text: string }> = {
  ECONNREFUSED: { reason: 'refused', text: 'Connection refused' },
  ETIMEDOUT: { reason: 'timeout', text: 'Connection timed out' },
  EHOSTUNREACH: { reason: 'network', text: 'No route to host' },
  ENETUNREACH: { reason: 'network', text: 'Network is unreachable' },
  ECONNRESET: { reason: 'closed', text: 'Connection reset by peer' },
  EADDRNOTAVAIL: { reason: 'network', text: 'Cannot assign requested address' },
};

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The TCP connect failed (or timed out): "ssh: connect to host H port P: Connection refused". */
export function connectFailed(host: string, port: number, err: unknown): UnreachableError {
  const code = errnoCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') {
    const why = code === 'EAI_AGAIN' ? 'Temporary failure in name resolution' : 'Name or service not known';
    return new UnreachableError(host, 'dns', `${PREFIX}ssh: Could not resolve hostname ${host}: ${why}`, { cause: err });
  }
  const known = code ? SOCKET_ERRORS[code] : undefined;
  const text = known?.text ?? (err instanceof Error ? err.message : String(err));
  return new UnreachableError(host, known?.reason ?? 'network', `${PREFIX}ssh: connect to host ${host} port ${port}: ${text}`, {
    cause: err,
  });
}

/** Connected, but the server sent no SSH banner / finished no key exchange in time. */
export function bannerTimeout(host: string, port: number): UnreachableError {
  return new UnreachableError(
    host,
    'timeout',
    `${PREFIX}Connection timed out during banner exchange\r\nConnection to ${host} port ${port} timed out`,
  );
}

/** The connection closed, was reset or broke during the handshake. `beforeBanner`: the server sent
 * nothing yet (OpenSSH then names kex_exchange_identification). */
export function handshakeFailed(host: string, port: number, err: unknown, beforeBanner: boolean): UnreachableError {
  const reset = errnoCode(err) === 'ECONNRESET';
  const last = `Connection ${reset ? 'reset' : 'closed'} by ${host} port ${port}`;
  let first = '';
  if (beforeBanner) {
    first = reset ? 'kex_exchange_identification: read: Connection reset by peer' : 'kex_exchange_identification: Connection closed by remote host';
  } else if (err instanceof Error && !errnoCode(err)) {
    first = err.message; // a protocol failure ssh2 reports, e.g. no matching key exchange method
  }
  return new UnreachableError(host, 'protocol', `${PREFIX}${first ? `${first}\r\n` : ''}${last}`, { cause: err });
}

/** Every auth method failed. `passwordTried`: ansible (through sshpass) then says "Invalid/incorrect password". */
export function authFailed(
  host: string,
  user: string,
  methods: readonly string[],
  passwordTried: boolean,
  warnings: readonly string[],
): UnreachableError {
  const pre = warnings.map((w) => `${w}\r\n`).join('');
  if (passwordTried) {
    return new UnreachableError(host, 'auth', `Invalid/incorrect password: ${pre}Permission denied, please try again.`);
  }
  return new UnreachableError(host, 'auth', `${PREFIX}${pre}${user}@${host}: Permission denied (${methods.join(',')}).`);
}

/** An established connection dropped (sshd killed, network gone, keepalive timeout). */
export function connectionLost(host: string, port: number, err?: unknown): UnreachableError {
  const code = errnoCode(err);
  const text = code === 'ECONNRESET' ? `Connection reset by ${host} port ${port}` : `Connection to ${host} closed.`;
  return new UnreachableError(host, 'closed', `${PREFIX}${text}`, { cause: err });
}
