import type { AnyAuthMethod, AuthenticationType, ParsedKey } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { makeAuthHandler, type AuthState } from './ssh-auth.js';

/** Drive the handler as ssh2 would: first call with null, then with the server's remaining methods. */
function drive(handler: ReturnType<typeof makeAuthHandler>, serverMethods: AuthenticationType[]): Array<AnyAuthMethod | false> {
  const tried: Array<AnyAuthMethod | false> = [];
  let left: AuthenticationType[] | null = null;
  for (let i = 0; i < 10; i++) {
    let next: AnyAuthMethod | false | undefined;
    handler(left as AuthenticationType[], false, (m) => {
      next = m as AnyAuthMethod | false;
    });
    tried.push(next as AnyAuthMethod | false);
    if (next === false) break;
    left = serverMethods;
  }
  return tried;
}

const fakeKey = { type: 'ssh-ed25519' } as unknown as ParsedKey;

describe('auth handler', () => {
  it('tries the key, then password, then keyboard-interactive, only where the server allows them', () => {
    const state: AuthState = { methods: [], passwordTried: false };
    const h = makeAuthHandler('u', { keys: [fakeKey], password: 'pw', warnings: [] }, state);
    const tried = drive(h, ['publickey', 'password']);
    expect(tried.map((t) => (t === false ? false : t.type))).toEqual(['publickey', 'password', false]);
    expect(state).toEqual({ methods: ['publickey', 'password'], passwordTried: true });
  });

  it('answers every keyboard-interactive prompt with the password', () => {
    const state: AuthState = { methods: [], passwordTried: false };
    const h = makeAuthHandler('u', { keys: [], password: 'pw', warnings: [] }, state);
    const tried = drive(h, ['keyboard-interactive']);
    const kbd = tried.find((t) => t !== false && t.type === 'keyboard-interactive');
    expect(kbd).toBeTruthy();
    let answers: string[] = [];
    if (kbd && kbd.type === 'keyboard-interactive') kbd.prompt('', '', '', [{ prompt: 'Password: ', echo: false }], (a) => (answers = a));
    expect(answers).toEqual(['pw']);
  });

  it('with no credentials, asks with "none" to learn the methods, then gives up', () => {
    const state: AuthState = { methods: [], passwordTried: false };
    const tried = drive(makeAuthHandler('u', { keys: [], warnings: [] }, state), ['publickey']);
    expect(tried.map((t) => (t === false ? false : t.type))).toEqual(['none', false]);
    expect(state.methods).toEqual(['publickey']);
    expect(state.passwordTried).toBe(false);
  });
});
