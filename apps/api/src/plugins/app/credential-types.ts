/**
 * The credential kinds drover knows (AWX's managed "Machine" and "Source Control" types): their input
 * fields, which are secret, which may be asked at launch ("ASK"), and the checks on their values.
 */
import type { CredentialType } from '@drover/db';

export interface InputField {
  secret: boolean;
  /** May be "ASK": the value is then given at launch (never stored). */
  askable?: boolean;
  /** Allowed values. */
  choices?: readonly string[];
  /** Must be a PEM/OpenSSH private key. */
  privateKey?: boolean;
  /** Name of the launch-time password this field asks for (AWX's passwords_needed_to_start). */
  launchPassword?: string;
  help: string;
}

export const BECOME_METHODS = ['', 'sudo', 'su', 'pbrun', 'pfexec', 'doas', 'dzdo', 'ksu', 'runas', 'machinectl'] as const;

export const CREDENTIAL_KINDS: Readonly<Record<CredentialType, Readonly<Record<string, InputField>>>> = {
  machine: {
    username: { secret: false, help: 'SSH user' },
    password: { secret: true, askable: true, launchPassword: 'ssh_password', help: 'SSH password, or "ASK"' },
    ssh_key_data: { secret: true, privateKey: true, help: 'SSH private key (PEM or OpenSSH)' },
    ssh_key_unlock: { secret: true, askable: true, launchPassword: 'ssh_key_unlock', help: 'passphrase of the private key, or "ASK"' },
    become_method: { secret: false, choices: BECOME_METHODS, help: 'privilege escalation method' },
    become_username: { secret: false, help: 'privilege escalation user' },
    become_password: { secret: true, askable: true, launchPassword: 'become_password', help: 'privilege escalation password, or "ASK"' },
  },
  source_control: {
    username: { secret: false, help: 'user for HTTPS' },
    password: { secret: true, help: 'password for HTTPS' },
    token: { secret: true, help: 'access token for HTTPS (sent as the password)' },
    ssh_key_data: { secret: true, privateKey: true, help: 'SSH private key (PEM or OpenSSH)' },
    ssh_key_unlock: { secret: true, help: 'passphrase of the private key' },
  },
};

export const ASK = 'ASK';

const PRIVATE_KEY = /^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----\r?\n[\s\S]+?\r?\n-----END \1PRIVATE KEY-----\s*$/;

/** What is wrong with one input value, or undefined. */
export function checkInputValue(field: InputField, value: string): string | undefined {
  if (value.length > 100_000) return 'is too long';
  if (value === ASK) return field.askable ? undefined : 'cannot be asked at launch';
  if (field.choices && !field.choices.includes(value)) return `must be one of ${field.choices.filter(Boolean).join(', ')} (or empty)`;
  if (field.privateKey && value !== '' && !PRIVATE_KEY.test(value.trim() + '\n')) return 'is not a PEM or OpenSSH private key';
  return undefined;
}

/** Whether a PEM/OpenSSH private key is passphrase-protected. */
export function isEncryptedKey(key: string): boolean {
  if (/Proc-Type: 4,ENCRYPTED/.test(key) || /BEGIN ENCRYPTED PRIVATE KEY/.test(key)) return true;
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]+?)-----END OPENSSH PRIVATE KEY-----/.exec(key);
  if (!m) return false;
  const raw = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  // "openssh-key-v1\0", then string ciphername: "none" when unencrypted
  const off = 15;
  if (raw.length < off + 4) return false;
  const len = raw.readUInt32BE(off);
  return raw.subarray(off + 4, off + 4 + len).toString() !== 'none';
}
