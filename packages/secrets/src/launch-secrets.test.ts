import { describe, expect, it } from 'vitest';
import { SecretBox, launchSecretsKey, launchSecretsPurpose, parseLaunchSecrets } from './index.js';

describe('launch secrets', () => {
  it('names the Redis key and round-trips the blob the API writes', () => {
    expect(launchSecretsKey('drover', 7)).toBe('drover:launch-secrets:7');
    const box = new SecretBox('0123456789abcdef0123456789abcdef');
    const blob = box.encrypt(JSON.stringify({ credential_passwords: { ssh_password: 'pw' }, extra_vars: { s: 'x' } }), launchSecretsPurpose(7));
    expect(parseLaunchSecrets(box.decrypt(blob, launchSecretsPurpose(7)))).toEqual({ credential_passwords: { ssh_password: 'pw' }, extra_vars: { s: 'x' } });
    expect(() => box.decrypt(blob, launchSecretsPurpose(8))).toThrow();
  });

  it('defaults missing parts and refuses non-string values', () => {
    expect(parseLaunchSecrets('{}')).toEqual({ credential_passwords: {}, extra_vars: {} });
    expect(() => parseLaunchSecrets('{"extra_vars": {"a": 1}}')).toThrow(/extra_vars.a/);
    expect(() => parseLaunchSecrets('[]')).toThrow();
  });
});
