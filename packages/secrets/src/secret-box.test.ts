import { describe, expect, it } from 'vitest';
import { ENCRYPTED_PREFIX, SecretBox, isEncrypted } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('0123456789abcdef0123456789abcdef');

  it('round-trips, with a fresh IV each time', () => {
    const a = box.encrypt('hunter2', 'credential:password');
    const b = box.encrypt('hunter2', 'credential:password');
    expect(a.startsWith(ENCRYPTED_PREFIX)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(isEncrypted(a)).toBe(true);
    expect(box.decrypt(a, 'credential:password')).toBe('hunter2');
  });

  it('refuses another purpose, another key and tampered text', () => {
    const a = box.encrypt('hunter2', 'credential:password');
    expect(() => box.decrypt(a, 'credential:become_password')).toThrow();
    expect(() => new SecretBox('another key entirely, also long').decrypt(a, 'credential:password')).toThrow();
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.decrypt(tampered, 'credential:password')).toThrow();
  });
});
