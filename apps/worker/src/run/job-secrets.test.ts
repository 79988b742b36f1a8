import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENCRYPTED_PLACEHOLDER, SecretBox, credentialSecretPurpose, launchSecretsPurpose } from '@drover/secrets';
import { MASK, Masker } from '../mask.js';
import { maskedLogger, type Logger } from '../logger.js';
import type { CredentialSource, JobRecord } from '../store/ports.js';
import { applySecrets, takeLaunchSecrets, type JobSecretsSource } from './job-secrets.js';

const box = new SecretBox('unit-test-secret-key-0123456789');
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function source(cred: CredentialSource | null, blob: string | null = null): JobSecretsSource & { taken: number } {
  const s = {
    box,
    taken: 0,
    getCredential: async () => cred,
    takeLaunchSecrets: async () => {
      s.taken++;
      const b = blob;
      blob = null;
      return b;
    },
  };
  return s;
}
const job = (over: Partial<JobRecord> = {}) => ({ id: 7, credentialId: 1, extraVars: {}, ...over }) as JobRecord;
const enc = (inputs: Record<string, string>) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v === 'ASK' || k === 'username' ? v : box.encrypt(v, credentialSecretPurpose(k))]));

describe('applySecrets', () => {
  it('writes the key 0600 in the job dir, and gives the credential as extra vars under the job\'s own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-secrets-'));
    dirs.push(dir);
    const masker = new Masker();
    const cred = { id: 1, name: 'c', kind: 'machine' as const, inputs: enc({ username: 'drover', ssh_key_data: KEY, password: 'pass-word', become_password: 'become-pw' }) };
    const out = await applySecrets(source(cred), job(), { ansible_become_password: 'from-the-job', x: 1 }, null, dir, masker);
    const keyPath = out.extraVars['ansible_ssh_private_key_file'] as string;
    expect(keyPath.startsWith(dir)).toBe(true);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath, 'utf8')).toBe(`${KEY}\n`);
    expect(out.extraVars).toMatchObject({ ansible_user: 'drover', ansible_password: 'pass-word', ansible_become_password: 'from-the-job', x: 1 });
    expect(masker.mask('pass-word become-pw b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ')).toBe(`${MASK} ${MASK} ${MASK}`);
  });

  it('takes the launch secrets once, fills ASK inputs and survey placeholders, and masks them', async () => {
    const blob = box.encrypt(JSON.stringify({ credential_passwords: { ssh_password: 'asked-pw' }, extra_vars: { s: 'survey-answer' } }), launchSecretsPurpose(7));
    const src = source({ id: 1, name: 'c', kind: 'machine', inputs: { username: 'u', password: 'ASK' } }, blob);
    const masker = new Masker();
    const launch = await takeLaunchSecrets(src, job(), masker);
    expect(await takeLaunchSecrets(src, job(), masker)).toBeNull();
    const out = await applySecrets(src, job(), { s: ENCRYPTED_PLACEHOLDER }, launch, '/nonexistent', masker);
    expect(out.extraVars).toEqual({ ansible_user: 'u', ansible_password: 'asked-pw', s: 'survey-answer' });
    expect(masker.mask('asked-pw survey-answer')).toBe(`${MASK} ${MASK}`);
  });

  it('keeps a passphrase-protected key encrypted on disk and hands the engine its passphrase, masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-secrets-'));
    dirs.push(dir);
    const m = new Masker();
    const out = await applySecrets(source({ id: 1, name: 'c', kind: 'machine', inputs: enc({ ssh_key_data: KEY, ssh_key_unlock: 'unlock-me' }) }), job(), {}, null, dir, m);
    expect(readFileSync(out.extraVars['ansible_ssh_private_key_file'] as string, 'utf8')).toBe(`${KEY}\n`);
    expect(out.extraVars['drover_ssh_private_key_passphrase']).toBe('unlock-me');
    expect(m.mask('unlock-me')).toBe(MASK);
  });

  it('refuses a blob of another job, an ASK without answer, a source_control credential', async () => {
    const other = box.encrypt('{}', launchSecretsPurpose(8));
    await expect(takeLaunchSecrets(source(null, other), job(), new Masker())).rejects.toThrow(/could not be decrypted/);
    const m = new Masker();
    await expect(applySecrets(source({ id: 1, name: 'c', kind: 'machine', inputs: { become_password: 'ASK' } }), job(), {}, null, '/x', m)).rejects.toThrow(/asks for become_password/);
    await expect(applySecrets(source({ id: 1, name: 'c', kind: 'source_control', inputs: {} }), job(), {}, null, '/x', m)).rejects.toThrow(/not a machine credential/);
  });
});

describe('maskedLogger', () => {
  it('masks messages and fields', () => {
    const lines: unknown[] = [];
    const base: Logger = { info: (m, f) => lines.push([m, f]), warn() {}, error() {}, child: () => base };
    const masker = new Masker(['topsecret']);
    maskedLogger(base, masker).info('say topsecret', { nested: { v: 'a topsecret b' }, err: new Error('topsecret') });
    expect(JSON.stringify(lines)).not.toContain('topsecret');
  });
});
