import { describe, expect, it } from 'vitest';
import { DroverError } from '../errors.js';
import { LocalConnection } from './local-connection.js';
import { connectionKindFromAnsible, openConnection } from './open-connection.js';
import { putFileCommand, shellQuote } from './shell-quote.js';

describe('connectionKindFromAnsible', () => {
  it('maps ansible_connection values', () => {
    for (const v of [undefined, 'ssh', 'paramiko', 'smart', 'ansible.builtin.ssh']) expect(connectionKindFromAnsible(v)).toBe('ssh');
    for (const v of ['local', 'ansible.builtin.local']) expect(connectionKindFromAnsible(v)).toBe('local');
  });
  it('rejects an unknown plugin with ansible\'s words', () => {
    expect(() => connectionKindFromAnsible('winrm')).toThrow(DroverError);
    expect(() => connectionKindFromAnsible('winrm')).toThrow("the connection plugin 'winrm' was not found");
  });
});

describe('openConnection', () => {
  it('kind local opens a LocalConnection', async () => {
    const c = await openConnection({ host: 'localhost', kind: 'local' });
    expect(c).toBeInstanceOf(LocalConnection);
    expect(c.kind).toBe('local');
    expect((await c.exec('echo $0')).stdout).toBe('/bin/sh\n');
    await c.close();
  });
});

describe('shellQuote', () => {
  it('quotes any string into one word that sh gives back unchanged', async () => {
    const c = new LocalConnection();
    const samples = ['plain', '', "it's", 'a b', '$HOME `id` $(id) "q" \\ ;|&<>*?[]{}~#!', 'line1\nline2', 'tab\there', 'ümlaut ✓'];
    for (const s of samples) expect((await c.exec(`printf %s ${shellQuote(s)}`)).stdout).toBe(s);
    await c.close();
  });
  it('putFileCommand sets the mode in octal', () => {
    expect(putFileCommand('/tmp/a b', 0o640)).toBe("umask 077 && cat > '/tmp/a b' && chmod 0640 '/tmp/a b'");
    expect(putFileCommand('/tmp/x', undefined)).toBe('cat > /tmp/x');
  });
});
